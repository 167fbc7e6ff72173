/* Process 2: the landlord permit (verhuurdersvergunning) under the Wet goed
 * verhuurderschap, as set out in sim/MODEL.md ("Landlord permit").
 *
 * Every dwelling of a zone neighbourhood gets WS_F_ZONE when the world is created
 * (also with the regime switched off, so that private_in_zone can be compared between
 * variants). With the regime on, from the start month:
 *   - each unpermitted private dwelling's landlord applies with the monthly application
 *     rate (fee paid) and the dwelling joins the application queue;
 *   - a permit expires after validity-years; the landlord files for renewal (fee paid),
 *     and the permit stays valid until the renewal inspection decides;
 *   - from start + grace-months, an occupied private dwelling let without permit (and
 *     not applied for) is reported with the monthly tip rate and queued for enforcement;
 *   - at most inspections-per-month inspections a month, applications first, then
 *     renewals, then enforcement. A substandard dwelling is detected with probability
 *     detection; a detected defect or a let without permit is a violation (the latter
 *     also fined). After a violation the landlord sells (private -> owner) with
 *     probability min(1, sell-base + sell-per-10k x repair cost / 10,000), otherwise
 *     repairs in repair-months (condition restored) and then holds the permit; a
 *     dwelling that passes the inspection gets (or keeps) its permit at once.
 *
 * Work per month grows with the events. The zone's dwellings are numbered as slots
 * (sim/permit_zones.c keeps their bookkeeping). The slots that can apply or be reported
 * (standing private rent, nothing pending) form a candidate list in slot order;
 * applications and tips draw each candidate with probability p by geometric skips
 * along it. Expiries and repairs sit in a calendar of month buckets, beside the three
 * queues. Dwellings that become private rent outside this process (a buy-to-let, a
 * completion) are reported by the market and the woondeal (ws_permit_let) and join the
 * list in place. Nothing is allocated in the step. Random numbers come only from the
 * permit's own stream. */
#include "ledger.h"
#include "permit.h"
#include "permit_zones.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef WS_CHECK_INVARIANTS
#include <stdio.h>
#endif

struct ws_permit_state {
    ws_zones zones;      /* the slots, calendar, queues and candidate list */
    int stale;           /* the candidate list must be rebuilt before the next draws */
    int validity;        /* months a permit is valid (>= 1) */
    int repair;          /* months a repair takes (>= 0) */
    double target;       /* condition a repair restores (0..1) */
};

/* ---------------------------------------------------------------- set-up */

int ws_permit_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    const ws_permit_params *p = &sc->permit;
    ws_permit_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->pm = s;
    int rc = ws_zones_init(&s->zones, w->st, p->enabled ? ws_scenario_months(sc) : -1);
    if (rc != WS_OK || !p->enabled || s->zones.nzone == 0)
        return rc; /* without the regime or a zone the step does nothing */
    s->stale = 1; /* built in the first month */
    long v = lround(p->validity_years * 12);
    s->validity = v < 1 ? 1 : v > 1200 ? 1200 : (int)v;
    long rm = lround(p->repair_months);
    s->repair = rm < 0 ? 0 : rm > 1200 ? 1200 : (int)rm;
    /* A repair is an overhaul, not a patch: back to the tenure's mean condition, and at
     * least far enough above the threshold to stay there for a permit's validity under
     * the yearly decay (else a repaired dwelling fails its own renewal). */
    const ws_quality_params *qu = &sc->quality;
    double t = qu->threshold + qu->decay_per_year * s->validity / 12.0;
    if (qu->mean[WS_TENURE_PRIVATE] > t)
        t = qu->mean[WS_TENURE_PRIVATE];
    s->target = t > 1 ? 1 : t;
    return WS_OK;
}

void ws_permit_free(ws_world *w)
{
    ws_permit_state *s = w->pm;
    if (!s)
        return;
    ws_zones_clear(&s->zones);
    free(s);
    w->pm = NULL;
}

/* ---------------------------------------------------------------- queues */

/* Appends slot z (in neither the calendar nor the candidate list) to queue q. */
static void enqueue(ws_world *w, int32_t z, long i, int q)
{
    ws_zones_enqueue(&w->pm->zones, z, q);
    ws_ledger_count(w, ws_w_district(w, i), WS_I_PERMIT_QUEUE, 1);
}

/* Takes the first slot of queue q; *i (OUT) is its dwelling. */
static int32_t dequeue(ws_world *w, int q, long *i)
{
    ws_zones *zs = &w->pm->zones;
    int32_t z = ws_zones_dequeue(zs, q);
    *i = ws_zones_dwelling(zs, z);
    ws_ledger_count(w, ws_w_district(w, *i), WS_I_PERMIT_QUEUE, -1);
    return z;
}

/* ---------------------------------------------------------------- dwelling changes */

/* Slot z of dwelling i has nothing pending any more. If the dwelling is let privately
 * (by a landlord other than the one the slot was for) it can apply from now on, so the
 * candidate list is rebuilt before the next draws; no process makes this happen today,
 * so the pass over the zone that costs is never made for it. */
static void lapse(ws_world *w, int32_t z, long i)
{
    ws_zones_set_state(&w->pm->zones, z, WS_SLOT_NONE);
    if (ws_zones_let_privately(w->st, i))
        w->pm->stale = 1;
}

/* A permit held by a landlord who no longer lets the dwelling (sold, demolished, or a new
 * landlord) is void: the slot starts again from nothing. */
static void settle(ws_world *w, int32_t z, long i)
{
    ws_permit_state *s = w->pm;
    if (ws_zones_state(&s->zones, z) != WS_SLOT_PERMIT)
        return;
    if (ws_zones_let_privately(w->st, i) && w->st->landlord[i] == s->zones.landlord[z] &&
        (w->st->flags[i] & WS_F_PERMIT))
        return;
    ws_zones_cal_remove(&s->zones, z);
    ws_ledger_set_permit(w, i, 0);
    lapse(w, z, i);
}

static void grant(ws_world *w, int32_t z, long i, int m)
{
    ws_permit_state *s = w->pm;
    ws_ledger_set_permit(w, i, 1);
    s->zones.landlord[z] = w->st->landlord[i];
    ws_zones_set_state(&s->zones, z, WS_SLOT_PERMIT);
    ws_zones_cal_insert(&s->zones, z, m + s->validity);
}

static void restore_condition(ws_world *w, long i)
{
    /* Rounded up so that the stored condition is not below the target. */
    int c = (int)ceil(255 * w->pm->target - 1e-9);
    if (c > ws_stock_condition_units(w->st, i))
        ws_ledger_set_condition(w, ws_w_district(w, i), i, c);
}

/* The landlord sells to an owner-occupier: the dwelling leaves private rent with its
 * condition as it is (the owner's maintenance is the market's business). */
static void landlord_exit(ws_world *w, int32_t z, long i)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    ws_ledger_account(w, i, -1);
    ws_stock_set_tenure(st, i, WS_TENURE_OWNER);
    st->landlord[i] = 0;
    st->flags[i] &= (uint8_t)~WS_F_PERMIT;
    /* The tenant moves out and the buyer's household moves in; a vacant dwelling stays
     * vacant until the market re-lets it. */
    if (st->flags[i] & WS_F_OCCUPIED)
        ws_stock_draw_household(st, w->sc, i, w->rng[WS_RNG_PERMIT]);
    ws_ledger_account(w, i, +1);
    ws_ledger_count(w, ws_w_district(w, i), WS_I_LANDLORD_EXITS, 1);
    ws_zones_cal_remove(&s->zones, z);
    ws_zones_set_state(&s->zones, z, WS_SLOT_NONE);
}

static void pay_fee(ws_world *w, long i)
{
    ws_ledger_count(w, ws_w_district(w, i), WS_I_FEES_EUR, w->sc->permit.fee_eur);
}

/* ---------------------------------------------------------------- candidates */

/* ws_zones_rebuild's settle: a permit whose landlord no longer lets the dwelling. */
static void settle_slot(void *w, int32_t z, long i)
{
    settle(w, z, i);
}

/* Links, in slot order, every standing private slot with nothing pending (after letting
 * lapse the permits whose flag is gone) into the candidate list, one pass over the zone. */
static void candidates_rebuild(ws_world *w)
{
    ws_zones_rebuild(&w->pm->zones, w->st, settle_slot, w);
    w->pm->stale = 0;
}

void ws_permit_let(ws_world *w, long i)
{
    ws_permit_state *s = w->pm;
    ws_zones *zs = &s->zones;
    if (!w->sc->permit.enabled || zs->nzone == 0 || !(w->st->flags[i] & WS_F_ZONE) ||
        s->stale || !ws_zones_let_privately(w->st, i))
        return; /* off, outside the zones, or the list is rebuilt before the next draws */
    int32_t z = ws_zones_slot(zs, i);
    if (zs->state[z] & WS_SLOT_CAND)
        return;
    if (ws_zones_state(zs, z) != WS_SLOT_NONE) {
        s->stale = 1; /* something pending for another landlord: settled by a rebuild */
        return;
    }
    ws_zones_cand_insert(zs, z);
}

/* Draws each candidate independently with probability p, in list (slot) order: the
 * gaps between draws are geometric, so the random numbers drawn are about p x the
 * list's length. A drawn candidate that is no longer standing private rent leaves the
 * list; one that is vacant cannot be reported (enforcement) and stays. The others apply
 * (fee paid) or are reported and move to their queue; the list is walked once, and a
 * removal leaves the walk at the next candidate, so no slot is drawn twice. */
static void draw_candidates(ws_world *w, double p, int enforcement)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_PERMIT];
    if (p <= 0)
        return;
    double per_jump = p < 1 ? -1 / log1p(-p) : 0;
    int32_t *link = &s->zones.cand;
    for (;;) {
        if (per_jump > 0) {
            /* Failures before the next success (an exponential over the rate
             * -log(1 - p), floored); none when p = 1. */
            double jump = floor(ws_rng_exponential(rng) * per_jump);
            for (; jump > 0 && *link >= 0; jump--)
                link = &s->zones.next[*link];
        }
        int32_t z = *link;
        if (z < 0)
            break;
        long i = ws_zones_dwelling(&s->zones, z);
        if (enforcement && ws_zones_let_privately(st, i) && !(st->flags[i] & WS_F_OCCUPIED)) {
            link = &s->zones.next[z];
            continue;
        }
        *link = s->zones.next[z];
        s->zones.state[z] &= (uint8_t)~WS_SLOT_CAND;
        if (!ws_zones_let_privately(st, i))
            continue;
        s->zones.landlord[z] = st->landlord[i];
        if (!enforcement)
            pay_fee(w, i);
        enqueue(w, z, i, enforcement ? WS_QUEUE_ENFORCEMENT : WS_QUEUE_APPLICATION);
    }
}

/* ---------------------------------------------------------------- the month */

/* Expiries (the landlord files for renewal) and finished repairs of month index m. */
static void timed_events(ws_world *w, int m)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    int32_t z;
    while ((z = s->zones.bucket[m]) >= 0) {
        int expiry = ws_zones_state(&s->zones, z) == WS_SLOT_PERMIT;
        ws_zones_cal_remove(&s->zones, z);
        long i = ws_zones_dwelling(&s->zones, z);
        if (expiry) {
            settle(w, z, i);
            if (ws_zones_state(&s->zones, z) == WS_SLOT_PERMIT) {
                pay_fee(w, i);
                enqueue(w, z, i, WS_QUEUE_RENEWAL);
            }
        } else if (ws_zones_let_privately(st, i) && st->landlord[i] == s->zones.landlord[z]) {
            restore_condition(w, i);
            grant(w, z, i, m);
        } else {
            lapse(w, z, i);
        }
    }
}

static void inspect(ws_world *w, int32_t z, long i, int q, int m)
{
    const ws_permit_params *p = &w->sc->permit;
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_PERMIT];
    int d = ws_w_district(w, i);
    ws_ledger_count(w, d, WS_I_INSPECTIONS, 1);
    ws_ledger_count(w, d, WS_I_INSPECTION_HOURS, p->hours_per_inspection);
    int defect = ws_ledger_substandard(w, i) && ws_rng_uniform(rng) < p->detection;
    int unpermitted = q == WS_QUEUE_ENFORCEMENT;
    if (!defect && !unpermitted) {
        grant(w, z, i, m); /* a new permit, or the renewal */
        return;
    }
    ws_ledger_count(w, d, WS_I_VIOLATIONS_FOUND, 1);
    if (unpermitted)
        ws_ledger_count(w, d, WS_I_FINES_EUR, p->fine_eur);
    double gap = s->target - ws_stock_condition(st, i);
    double cost = defect ? gap * st->floor_area[i] * w->sc->permit.repair_eur_per_m2 : 0;
    double sell = p->sell_base + p->sell_per_10k * cost / 10000.0;
    if (ws_rng_uniform(rng) < sell) {
        landlord_exit(w, z, i);
        return;
    }
    /* The landlord stays: a fined one now applies (and pays the fee). */
    if (unpermitted)
        pay_fee(w, i);
    if (!defect) {
        grant(w, z, i, m);
        return;
    }
    /* A refused renewal withdraws the permit until the repair is done. */
    ws_ledger_set_permit(w, i, 0);
    ws_zones_set_state(&s->zones, z, WS_SLOT_REPAIR);
    if (s->repair == 0) {
        restore_condition(w, i);
        grant(w, z, i, m);
    } else {
        ws_zones_cal_insert(&s->zones, z, m + s->repair);
    }
}

/* Serves the queues in order within the month's capacity. An entry whose dwelling is no
 * longer let by the same landlord (sold, demolished) leaves the queue without an
 * inspection. */
static void inspections(ws_world *w, int m)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    long budget = w->sc->permit.inspections_per_month;
    for (int q = 0; q < WS_NQUEUE && budget > 0; q++) {
        while (budget > 0 && s->zones.queue[q].len > 0) {
            long i;
            int32_t z = dequeue(w, q, &i);
            if (!ws_zones_let_privately(st, i) || st->landlord[i] != s->zones.landlord[z]) {
                ws_ledger_set_permit(w, i, 0);
                lapse(w, z, i);
                continue;
            }
            inspect(w, z, i, q, m);
            budget--;
        }
    }
}

int ws_permit_step(ws_world *w)
{
    const ws_permit_params *p = &w->sc->permit;
    ws_permit_state *s = w->pm;
    if (!p->enabled || s->zones.nzone == 0 || w->month < p->start)
        return WS_OK;
    int m = w->month - w->sc->start;
    timed_events(w, m);
    if (s->stale)
        candidates_rebuild(w);
#ifdef WS_CHECK_INVARIANTS
    char msg[160];
    if (ws_zones_check(&s->zones, w->st, msg, sizeof msg)) {
        fprintf(stderr, "woonsim: landlord permit: %s\n", msg);
        return WS_ERUNTIME;
    }
#endif
    draw_candidates(w, p->application_rate, 0);
    if (w->month >= p->start + p->grace_months)
        draw_candidates(w, p->tip_rate, 1);
    inspections(w, m);
    return WS_OK;
}
