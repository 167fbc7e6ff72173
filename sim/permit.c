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
 * Work per month grows with the events: applications and tips are drawn by geometric
 * skips over the zone list (each slot visited with probability p), expiries and
 * repairs sit in a calendar of month buckets, the three queues are rings. Nothing is
 * allocated in the step. Random numbers come only from the permit's own stream. */
#include "world_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What a zone slot is doing. */
enum {
    S_NONE,   /* no permit, nothing pending */
    S_QUEUED, /* in one of the queues (with its permit, if a renewal) */
    S_REPAIR, /* repairing after a violation; permit once done */
    S_PERMIT  /* holds a permit; its expiry is in the calendar */
};

/* The queues, in the order inspections serve them. */
enum { Q_APPLICATION, Q_RENEWAL, Q_ENFORCEMENT, NQUEUE };

/* Calendar events. */
enum { EV_NONE, EV_EXPIRY, EV_REPAIRED };

typedef struct {
    int32_t *slot; /* ring of nzone slots: a slot is in at most one queue at a time */
    long head, len;
} ring;

struct ws_permit_state {
    long nzone;          /* dwellings (any tenure and lifecycle) in zone neighbourhoods */
    uint32_t *dwelling;  /* slot -> stock index, in stock order (stock < 2^32) */
    uint8_t *state;      /* S_* */
    uint8_t *event;      /* EV_* pending in the calendar */
    uint32_t *landlord;  /* landlord the slot's application, repair or permit is for */
    int32_t *due;        /* month index of the pending event */
    int32_t *next, *prev; /* calendar bucket links, -1 at the ends */
    int32_t *bucket;     /* nmonths heads */
    int nmonths;
    ring queue[NQUEUE];
    int validity;        /* months a permit is valid (>= 1) */
    int repair;          /* months a repair takes (>= 0) */
    double target;       /* condition a repair restores (0..1) */
};

/* ---------------------------------------------------------------- set-up */

int ws_permit_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    const ws_permit *p = &sc->permit;
    ws_stock *st = w->st;
    ws_permit_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->pm = s;
    /* The zone flag never changes (a dwelling keeps its neighbourhood); it is set before
     * the world first counts its totals, so no accounting is needed here. */
    for (long i = 0; i < st->n; i++) {
        if (p->zone_nbh[st->nbh[i]]) {
            st->flags[i] |= WS_F_ZONE;
            s->nzone++;
        }
    }
    if (!p->enabled || s->nzone == 0)
        return WS_OK; /* the step does nothing; no state needed */
    size_t n = (size_t)s->nzone;
    s->nmonths = ws_scenario_months(sc);
    s->dwelling = malloc(n * sizeof *s->dwelling);
    s->state = calloc(n, sizeof *s->state);
    s->event = calloc(n, sizeof *s->event);
    s->landlord = calloc(n, sizeof *s->landlord);
    s->due = malloc(n * sizeof *s->due);
    s->next = malloc(n * sizeof *s->next);
    s->prev = malloc(n * sizeof *s->prev);
    s->bucket = malloc((size_t)s->nmonths * sizeof *s->bucket);
    int32_t *rings = malloc(NQUEUE * n * sizeof *rings);
    if (!s->dwelling || !s->state || !s->event || !s->landlord || !s->due || !s->next ||
        !s->prev || !s->bucket || !rings) {
        free(rings);
        return WS_ENOMEM;
    }
    for (int q = 0; q < NQUEUE; q++)
        s->queue[q].slot = rings + (size_t)q * n; /* one block, freed through queue 0 */
    long z = 0;
    for (long i = 0; i < st->n; i++)
        if (st->flags[i] & WS_F_ZONE)
            s->dwelling[z++] = (uint32_t)i;
    for (int m = 0; m < s->nmonths; m++)
        s->bucket[m] = -1;
    long v = lround(p->validity_years * 12);
    s->validity = v < 1 ? 1 : v > 1200 ? 1200 : (int)v;
    long r = lround(p->repair_months);
    s->repair = r < 0 ? 0 : r > 1200 ? 1200 : (int)r;
    /* A repair is an overhaul, not a patch: back to the tenure's mean condition, and at
     * least far enough above the threshold to stay there for a permit's validity under
     * the yearly decay (else a repaired dwelling fails its own renewal). */
    const ws_quality *qu = &sc->quality;
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
    free(s->dwelling);
    free(s->state);
    free(s->event);
    free(s->landlord);
    free(s->due);
    free(s->next);
    free(s->prev);
    free(s->bucket);
    free(s->queue[0].slot);
    free(s);
    w->pm = NULL;
}

/* ---------------------------------------------------------------- calendar and queues */

static void cal_remove(ws_permit_state *s, int32_t z)
{
    if (s->event[z] == EV_NONE)
        return;
    if (s->prev[z] >= 0)
        s->next[s->prev[z]] = s->next[z];
    else
        s->bucket[s->due[z]] = s->next[z];
    if (s->next[z] >= 0)
        s->prev[s->next[z]] = s->prev[z];
    s->event[z] = EV_NONE;
}

/* Schedules event ev of slot z in month index m, replacing any pending one. An event
 * after the last month never happens and is not stored. */
static void cal_insert(ws_permit_state *s, int32_t z, int m, int ev)
{
    cal_remove(s, z);
    if (m >= s->nmonths)
        return;
    s->event[z] = (uint8_t)ev;
    s->due[z] = m;
    s->prev[z] = -1;
    s->next[z] = s->bucket[m];
    if (s->next[z] >= 0)
        s->prev[s->next[z]] = z;
    s->bucket[m] = z;
}

static void enqueue(ws_world *w, int32_t z, int q)
{
    ws_permit_state *s = w->pm;
    ring *r = &s->queue[q];
    r->slot[(r->head + r->len) % s->nzone] = z;
    r->len++;
    s->state[z] = S_QUEUED;
    ws_w_count(w, ws_w_district(w, s->dwelling[z]), WS_I_PERMIT_QUEUE, 1);
}

static int32_t dequeue(ws_world *w, int q)
{
    ws_permit_state *s = w->pm;
    ring *r = &s->queue[q];
    int32_t z = r->slot[r->head];
    r->head = (r->head + 1) % s->nzone;
    r->len--;
    ws_w_count(w, ws_w_district(w, s->dwelling[z]), WS_I_PERMIT_QUEUE, -1);
    return z;
}

/* ---------------------------------------------------------------- dwelling changes */

/* Standing private rent: the only dwellings the regime concerns. */
static int let_privately(const ws_stock *st, long i)
{
    return st->life[i] == WS_LIFE_STANDING && st->tenure[i] == WS_TENURE_PRIVATE;
}

static void set_permit_flag(ws_world *w, long i, int on)
{
    ws_stock *st = w->st;
    uint8_t f = on ? (uint8_t)(st->flags[i] | WS_F_PERMIT)
                   : (uint8_t)(st->flags[i] & ~WS_F_PERMIT);
    if (f == st->flags[i])
        return;
    ws_w_account(w, i, -1);
    st->flags[i] = f;
    ws_w_account(w, i, +1);
}

/* A permit held by a landlord who no longer lets the dwelling (sold, demolished, or a new
 * landlord) is void: the slot starts again from nothing. */
static void settle(ws_world *w, int32_t z)
{
    ws_permit_state *s = w->pm;
    long i = s->dwelling[z];
    if (s->state[z] != S_PERMIT)
        return;
    if (let_privately(w->st, i) && w->st->landlord[i] == s->landlord[z] &&
        (w->st->flags[i] & WS_F_PERMIT))
        return;
    cal_remove(s, z);
    set_permit_flag(w, i, 0);
    s->state[z] = S_NONE;
}

static void grant(ws_world *w, int32_t z, int m)
{
    ws_permit_state *s = w->pm;
    long i = s->dwelling[z];
    set_permit_flag(w, i, 1);
    s->landlord[z] = w->st->landlord[i];
    s->state[z] = S_PERMIT;
    cal_insert(s, z, m + s->validity, EV_EXPIRY);
}

static void restore_condition(ws_world *w, long i)
{
    /* Rounded up so that the stored condition is not below the target. */
    int c = (int)ceil(255 * w->pm->target - 1e-9);
    if (c > ws_stock_condition_units(w->st, i))
        ws_w_set_condition(w, i, c);
}

/* The landlord sells to an owner-occupier: the dwelling leaves private rent with its
 * condition as it is (the owner's maintenance is the market's business). */
static void landlord_exit(ws_world *w, int32_t z)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    long i = s->dwelling[z];
    ws_w_account(w, i, -1);
    st->tenure[i] = WS_TENURE_OWNER;
    st->landlord[i] = 0;
    st->flags[i] &= (uint8_t)~WS_F_PERMIT;
    /* The tenant moves out and the buyer's household moves in; a vacant dwelling stays
     * vacant until the market re-lets it. */
    if (st->flags[i] & WS_F_OCCUPIED)
        ws_stock_draw_household(st, w->sc, i, w->rng[WS_RNG_PERMIT]);
    ws_w_account(w, i, +1);
    ws_w_count(w, ws_w_district(w, i), WS_I_LANDLORD_EXITS, 1);
    cal_remove(s, z);
    s->state[z] = S_NONE;
}

static void pay_fee(ws_world *w, long i)
{
    ws_w_count(w, ws_w_district(w, i), WS_I_FEES_EUR, w->sc->permit.fee_eur);
}

/* ---------------------------------------------------------------- the month */

/* Expiries (the landlord files for renewal) and finished repairs of month index m. */
static void timed_events(ws_world *w, int m)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    int32_t z;
    while ((z = s->bucket[m]) >= 0) {
        int ev = s->event[z];
        cal_remove(s, z);
        long i = s->dwelling[z];
        int same = let_privately(st, i) && st->landlord[i] == s->landlord[z];
        if (ev == EV_EXPIRY) {
            settle(w, z);
            if (s->state[z] == S_PERMIT && same) {
                pay_fee(w, i);
                enqueue(w, z, Q_RENEWAL);
            }
        } else if (same) {
            restore_condition(w, i);
            grant(w, z, m);
        } else {
            s->state[z] = S_NONE;
        }
    }
}

/* Visits each zone slot independently with probability p, in slot order, by drawing the
 * gaps between visits (geometric), so the cost is about p x zone size. */
static void sample_slots(ws_world *w, double p, int enforcement)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_PERMIT];
    if (p <= 0)
        return;
    double lq = p < 1 ? log1p(-p) : -INFINITY;
    double pos = -1;
    for (;;) {
        /* Failures before the next success; exactly 0 when p = 1. */
        pos += 1 + (p < 1 ? floor(log(gsl_rng_uniform_pos(rng)) / lq) : 0);
        if (pos >= (double)s->nzone)
            break;
        int32_t z = (int32_t)pos;
        long i = s->dwelling[z];
        if (!let_privately(st, i))
            continue;
        settle(w, z);
        if (s->state[z] != S_NONE)
            continue;
        /* Only a dwelling actually let can be let without a permit. */
        if (enforcement && !(st->flags[i] & WS_F_OCCUPIED))
            continue;
        s->landlord[z] = st->landlord[i];
        if (!enforcement)
            pay_fee(w, i);
        enqueue(w, z, enforcement ? Q_ENFORCEMENT : Q_APPLICATION);
    }
}

static void inspect(ws_world *w, int32_t z, int q, int m)
{
    const ws_permit *p = &w->sc->permit;
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_PERMIT];
    long i = s->dwelling[z];
    int d = ws_w_district(w, i);
    ws_w_count(w, d, WS_I_INSPECTIONS, 1);
    ws_w_count(w, d, WS_I_INSPECTION_HOURS, p->hours_per_inspection);
    int defect = ws_w_substandard(w, i) && gsl_rng_uniform(rng) < p->detection;
    int unpermitted = q == Q_ENFORCEMENT;
    if (!defect && !unpermitted) {
        grant(w, z, m); /* a new permit, or the renewal */
        return;
    }
    ws_w_count(w, d, WS_I_VIOLATIONS_FOUND, 1);
    if (unpermitted)
        ws_w_count(w, d, WS_I_FINES_EUR, p->fine_eur);
    double gap = s->target - ws_stock_condition(st, i);
    double cost = defect ? gap * st->floor_area[i] * w->sc->permit.repair_eur_per_m2 : 0;
    double sell = p->sell_base + p->sell_per_10k * cost / 10000.0;
    if (gsl_rng_uniform(rng) < sell) {
        landlord_exit(w, z);
        return;
    }
    /* The landlord stays: a fined one now applies (and pays the fee). */
    if (unpermitted)
        pay_fee(w, i);
    if (!defect) {
        grant(w, z, m);
        return;
    }
    /* A refused renewal withdraws the permit until the repair is done. */
    set_permit_flag(w, i, 0);
    s->state[z] = S_REPAIR;
    if (s->repair == 0) {
        restore_condition(w, i);
        grant(w, z, m);
    } else {
        cal_insert(s, z, m + s->repair, EV_REPAIRED);
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
    for (int q = 0; q < NQUEUE && budget > 0; q++) {
        while (budget > 0 && s->queue[q].len > 0) {
            int32_t z = dequeue(w, q);
            long i = s->dwelling[z];
            if (!let_privately(st, i) || st->landlord[i] != s->landlord[z]) {
                set_permit_flag(w, i, 0);
                s->state[z] = S_NONE;
                continue;
            }
            inspect(w, z, q, m);
            budget--;
        }
    }
}

int ws_permit_step(ws_world *w)
{
    const ws_permit *p = &w->sc->permit;
    ws_permit_state *s = w->pm;
    if (!p->enabled || s->nzone == 0 || w->month < p->start)
        return WS_OK;
    int m = w->month - w->sc->start;
    timed_events(w, m);
    sample_slots(w, p->application_rate, 0);
    if (w->month >= p->start + p->grace_months)
        sample_slots(w, p->tip_rate, 1);
    inspections(w, m);
    return WS_OK;
}
