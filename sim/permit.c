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
 * (runs of consecutive stock indices, so no per-slot dwelling index is stored). The
 * slots that can apply or be reported (standing private rent, nothing pending) form a
 * candidate list in slot order; applications and tips draw each candidate with
 * probability p by geometric skips along it. Expiries and repairs sit in a calendar of
 * month buckets, the three queues are linked lists through the same links. Dwellings
 * that become private rent outside this process (a buy-to-let, a completion) are
 * reported by the market and the woondeal (ws_permit_let) and join the list in place.
 * Nothing is allocated in the step. Random numbers come only from the permit's own
 * stream. */
#include "ledger.h"
#include "permit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef WS_CHECK_INVARIANTS
#include <stdio.h>
#endif

/* What a zone slot is doing: the low two bits of its state byte. */
enum {
    S_NONE,   /* no permit, nothing pending */
    S_QUEUED, /* in one of the queues (with its permit, if a renewal) */
    S_REPAIR, /* repairing after a violation; permit once done */
    S_PERMIT  /* holds a permit; its expiry is in the calendar */
};
#define S_MASK 0x03u
#define S_CAL 0x40u  /* has an event in the calendar (expiry if S_PERMIT, else repair) */
#define S_CAND 0x80u /* in the candidate list (the high bit: see scan_group) */

/* The queues, in the order inspections serve them. */
enum { Q_APPLICATION, Q_RENEWAL, Q_ENFORCEMENT, NQUEUE };

typedef struct {
    int32_t head, tail; /* first come, first served; linked through next */
    long len;
} fifo;

/* Each slot is in at most one of: the candidate list (S_NONE), a queue (S_QUEUED), the
 * calendar (S_PERMIT, S_REPAIR), so one pair of links serves all three; prev is used by
 * the calendar only (a lapsed permit leaves it from the middle), and the first slot of
 * month m's bucket has prev -2 - m. About 13 bytes per zone slot. */
struct ws_permit_state {
    long nzone;          /* dwellings (any tenure and lifecycle) in zone neighbourhoods */
    long nrange;         /* runs of consecutive zone dwellings in the stock */
    long *range_slot;    /* nrange + 1: first slot of each run; nzone at the end */
    long *range_first;   /* nrange: stock index of each run's first slot */
    uint8_t *state;      /* S_* | S_CAL | S_CAND */
    uint32_t *landlord;  /* landlord the slot's application, repair or permit is for */
    int32_t *next, *prev;
    int32_t *bucket;     /* nmonths heads */
    int nmonths;
    fifo queue[NQUEUE];
    int32_t cand;        /* first candidate, -1 if none */
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
    ws_stock *st = w->st;
    ws_permit_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->pm = s;
    /* The zone flags are set with the initial stock (sim/world.c, world_initial). */
    for (long i = 0; i < st->n; i++) {
        if (st->flags[i] & WS_F_ZONE) {
            s->nzone++;
            s->nrange += i == 0 || !(st->flags[i - 1] & WS_F_ZONE);
        }
    }
    if (!p->enabled || s->nzone == 0)
        return WS_OK; /* the step does nothing; no state needed */
    if (s->nzone >= INT32_MAX)
        return WS_ENOMEM; /* slots are int32 */
    size_t n = (size_t)s->nzone;
    s->nmonths = ws_scenario_months(sc);
    s->range_slot = malloc(((size_t)s->nrange + 1) * sizeof *s->range_slot);
    s->range_first = malloc((size_t)s->nrange * sizeof *s->range_first);
    s->state = calloc(n, sizeof *s->state);
    s->landlord = calloc(n, sizeof *s->landlord);
    s->next = malloc(n * sizeof *s->next);
    s->prev = malloc(n * sizeof *s->prev);
    s->bucket = malloc((size_t)s->nmonths * sizeof *s->bucket);
    if (!s->range_slot || !s->range_first || !s->state || !s->landlord || !s->next ||
        !s->prev || !s->bucket)
        return WS_ENOMEM;
    long z = 0;
    long r = 0;
    for (long i = 0; i < st->n; i++) {
        if (!(st->flags[i] & WS_F_ZONE))
            continue;
        if (i == 0 || !(st->flags[i - 1] & WS_F_ZONE)) {
            s->range_slot[r] = z;
            s->range_first[r++] = i;
        }
        z++;
    }
    s->range_slot[r] = z;
    for (int m = 0; m < s->nmonths; m++)
        s->bucket[m] = -1;
    for (int q = 0; q < NQUEUE; q++)
        s->queue[q].head = s->queue[q].tail = -1;
    s->cand = -1;
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
    free(s->range_slot);
    free(s->range_first);
    free(s->state);
    free(s->landlord);
    free(s->next);
    free(s->prev);
    free(s->bucket);
    free(s);
    w->pm = NULL;
}

/* ---------------------------------------------------------------- slots */

/* The run holding x: the last of the n increasing starts that is <= x (a binary search
 * over a handful: the zone's neighbourhoods are generated one after the other, the
 * woondeal's dwellings after them, project by project). */
static long run_of(const long *start, long n, long x)
{
    long lo = 0, hi = n - 1;
    while (lo < hi) {
        long mid = (lo + hi + 1) / 2;
        if (start[mid] <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Stock index of slot z. */
static long dwelling(const ws_permit_state *s, int32_t z)
{
    long r = run_of(s->range_slot, s->nrange, z);
    return s->range_first[r] + (z - s->range_slot[r]);
}

/* The slot of zone dwelling i. */
static int32_t slot_of(const ws_permit_state *s, long i)
{
    long r = run_of(s->range_first, s->nrange, i);
    return (int32_t)(s->range_slot[r] + (i - s->range_first[r]));
}

static unsigned state_of(const ws_permit_state *s, int32_t z) { return s->state[z] & S_MASK; }

static void set_state(ws_permit_state *s, int32_t z, unsigned v)
{
    s->state[z] = (uint8_t)((s->state[z] & ~S_MASK) | v);
}

/* ---------------------------------------------------------------- calendar and queues */

static void cal_remove(ws_permit_state *s, int32_t z)
{
    if (!(s->state[z] & S_CAL))
        return;
    int32_t nx = s->next[z], pv = s->prev[z];
    if (pv >= 0)
        s->next[pv] = nx;
    else
        s->bucket[-2 - pv] = nx;
    if (nx >= 0)
        s->prev[nx] = pv;
    s->state[z] &= (uint8_t)~S_CAL;
}

/* Schedules slot z's event (expiry if it holds a permit, else the end of its repair) in
 * month index m, replacing any pending one. An event after the last month never
 * happens and is not stored. */
static void cal_insert(ws_permit_state *s, int32_t z, int m)
{
    cal_remove(s, z);
    if (m >= s->nmonths)
        return;
    s->state[z] |= S_CAL;
    s->prev[z] = -2 - m;
    s->next[z] = s->bucket[m];
    if (s->next[z] >= 0)
        s->prev[s->next[z]] = z;
    s->bucket[m] = z;
}

/* Appends slot z (in neither the calendar nor the candidate list) to queue q. */
static void enqueue(ws_world *w, int32_t z, long i, int q)
{
    ws_permit_state *s = w->pm;
    fifo *f = &s->queue[q];
    s->next[z] = -1;
    if (f->len > 0)
        s->next[f->tail] = z;
    else
        f->head = z;
    f->tail = z;
    f->len++;
    set_state(s, z, S_QUEUED);
    ws_ledger_count(w, ws_w_district(w, i), WS_I_PERMIT_QUEUE, 1);
}

/* Takes the first slot of queue q; *i (OUT) is its dwelling. */
static int32_t dequeue(ws_world *w, int q, long *i)
{
    ws_permit_state *s = w->pm;
    fifo *f = &s->queue[q];
    int32_t z = f->head;
    f->head = s->next[z];
    f->len--;
    *i = dwelling(s, z);
    ws_ledger_count(w, ws_w_district(w, *i), WS_I_PERMIT_QUEUE, -1);
    return z;
}

/* ---------------------------------------------------------------- dwelling changes */

/* Standing private rent: the only dwellings the regime concerns. */
static int let_privately(const ws_stock *st, long i)
{
    return ws_stock_life(st, i) == WS_LIFE_STANDING && ws_stock_tenure(st, i) == WS_TENURE_PRIVATE;
}

/* Slot z of dwelling i has nothing pending any more. If the dwelling is let privately
 * (by a landlord other than the one the slot was for) it can apply from now on, so the
 * candidate list is rebuilt before the next draws; no process makes this happen today,
 * so the pass over the zone that costs is never made for it. */
static void lapse(ws_world *w, int32_t z, long i)
{
    set_state(w->pm, z, S_NONE);
    if (let_privately(w->st, i))
        w->pm->stale = 1;
}

/* A permit held by a landlord who no longer lets the dwelling (sold, demolished, or a new
 * landlord) is void: the slot starts again from nothing. */
static void settle(ws_world *w, int32_t z, long i)
{
    ws_permit_state *s = w->pm;
    if (state_of(s, z) != S_PERMIT)
        return;
    if (let_privately(w->st, i) && w->st->landlord[i] == s->landlord[z] &&
        (w->st->flags[i] & WS_F_PERMIT))
        return;
    cal_remove(s, z);
    ws_ledger_set_permit(w, i, 0);
    lapse(w, z, i);
}

static void grant(ws_world *w, int32_t z, long i, int m)
{
    ws_permit_state *s = w->pm;
    ws_ledger_set_permit(w, i, 1);
    s->landlord[z] = w->st->landlord[i];
    set_state(s, z, S_PERMIT);
    cal_insert(s, z, m + s->validity);
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
    cal_remove(s, z);
    set_state(s, z, S_NONE);
}

static void pay_fee(ws_world *w, long i)
{
    ws_ledger_count(w, ws_w_district(w, i), WS_I_FEES_EUR, w->sc->permit.fee_eur);
}

/* ---------------------------------------------------------------- candidates */

#define BYTES8 0x0101010101010101ULL
#define HIGH8 0x8080808080808080ULL

static uint64_t load8(const uint8_t *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* The high bit of each byte of x that is zero (exact: no carry crosses a byte). */
static uint64_t zero_bytes(uint64_t x)
{
    return ~(((x & ~HIGH8) + ~HIGH8) | x) & HIGH8;
}

/* Nonzero unless none of the 8 slots from state (dwellings from i) concerns the
 * candidate list: a candidate, or standing private rent with nothing pending or with a
 * permit whose flag is gone. Eight slots at a time, a byte of the status and the slot
 * state each, so a pass over the zone costs a few instructions per 8 dwellings. */
static uint64_t scan_group(const ws_stock *st, const uint8_t *state, long i)
{
    const uint64_t private_standing = (uint64_t)(WS_TENURE_PRIVATE << WS_F_TENURE_SHIFT |
                                                 WS_LIFE_STANDING << WS_F_LIFE_SHIFT);
    uint64_t status = load8(st->flags + i);
    uint64_t priv = zero_bytes((status & ((WS_F_TENURE | WS_F_LIFE) * BYTES8)) ^
                               (private_standing * BYTES8));
    uint64_t sv = load8(state), sm = sv & (S_MASK * BYTES8);
    uint64_t lapsed =
        zero_bytes((sm ^ (S_PERMIT * BYTES8)) | (status & (WS_F_PERMIT * BYTES8)));
    return (priv & (zero_bytes(sm) | lapsed)) | (sv & (S_CAND * BYTES8));
}

/* Links, in slot order, every standing private slot with nothing pending (after letting
 * lapse the permits whose flag is gone) into the candidate list, one pass over the zone. */
static void candidates_rebuild(ws_world *w)
{
    ws_permit_state *s = w->pm;
    const ws_stock *st = w->st;
    int32_t *link = &s->cand;
    for (long r = 0; r < s->nrange; r++) {
        long z = s->range_slot[r], end = s->range_slot[r + 1], off = s->range_first[r] - z;
        while (z < end) {
            if (end - z >= 8 && !scan_group(st, s->state + z, z + off)) {
                z += 8;
                continue;
            }
            for (long stop = end - z > 8 ? z + 8 : end; z < stop; z++) {
                long i = z + off;
                s->state[z] &= (uint8_t)~S_CAND;
                if (!let_privately(st, i))
                    continue;
                if (state_of(s, (int32_t)z) == S_PERMIT)
                    settle(w, (int32_t)z, i);
                if (state_of(s, (int32_t)z) != S_NONE)
                    continue;
                s->state[z] |= S_CAND;
                *link = (int32_t)z;
                link = &s->next[z];
            }
        }
    }
    *link = -1;
    s->stale = 0;
}

void ws_permit_let(ws_world *w, long i)
{
    ws_permit_state *s = w->pm;
    if (!w->sc->permit.enabled || s->nzone == 0 || !(w->st->flags[i] & WS_F_ZONE) ||
        s->stale || !let_privately(w->st, i))
        return; /* off, outside the zones, or the list is rebuilt before the next draws */
    int32_t z = slot_of(s, i);
    if (s->state[z] & S_CAND)
        return;
    if (state_of(s, z) != S_NONE) {
        s->stale = 1; /* something pending for another landlord: settled by a rebuild */
        return;
    }
    /* Into the list in slot order: after the nearest candidate before z (S_CAND is the
     * high bit of a state byte: eight slots at a time), or at its head. */
    long p = z - 1;
    while (p >= 7 && !(load8(s->state + p - 7) & HIGH8))
        p -= 8;
    while (p >= 0 && !(s->state[p] & S_CAND))
        p--;
    int32_t *link = p >= 0 ? &s->next[p] : &s->cand;
    s->next[z] = *link;
    *link = z;
    s->state[z] |= S_CAND;
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
    int32_t *link = &s->cand;
    for (;;) {
        if (per_jump > 0) {
            /* Failures before the next success (an exponential over the rate
             * -log(1 - p), floored); none when p = 1. */
            double jump = floor(ws_rng_exponential(rng) * per_jump);
            for (; jump > 0 && *link >= 0; jump--)
                link = &s->next[*link];
        }
        int32_t z = *link;
        if (z < 0)
            break;
        long i = dwelling(s, z);
        if (enforcement && let_privately(st, i) && !(st->flags[i] & WS_F_OCCUPIED)) {
            link = &s->next[z];
            continue;
        }
        *link = s->next[z];
        s->state[z] &= (uint8_t)~S_CAND;
        if (!let_privately(st, i))
            continue;
        s->landlord[z] = st->landlord[i];
        if (!enforcement)
            pay_fee(w, i);
        enqueue(w, z, i, enforcement ? Q_ENFORCEMENT : Q_APPLICATION);
    }
}

#ifdef WS_CHECK_INVARIANTS
/* The candidate list holds, in slot order, exactly the slots marked S_CAND, each with
 * nothing pending; every standing private slot with nothing pending is one, and every
 * permit of a let dwelling belongs to its landlord and has its flag. Otherwise a change
 * made outside this process went unreported (ws_permit_let) and a dwelling would miss
 * its draws. Returns 0, or 1 with a message. */
static int candidates_check(const ws_world *w, char *msg, size_t size)
{
    const ws_permit_state *s = w->pm;
    const ws_stock *st = w->st;
    long listed = 0, marked = 0;
    for (int32_t z = s->cand, last = -1; z >= 0; last = z, z = s->next[z], listed++) {
        if (z <= last || !(s->state[z] & S_CAND) || state_of(s, z) != S_NONE) {
            snprintf(msg, size, "candidate list broken at slot %ld", (long)z);
            return 1;
        }
    }
    for (int32_t z = 0; z < s->nzone; z++) {
        long i = dwelling(s, z);
        marked += (s->state[z] & S_CAND) != 0;
        if (!let_privately(st, i))
            continue;
        unsigned v = state_of(s, z);
        if ((v == S_NONE && !(s->state[z] & S_CAND)) ||
            (v == S_PERMIT && (st->landlord[i] != s->landlord[z] || !(st->flags[i] & WS_F_PERMIT)))) {
            snprintf(msg, size, "dwelling %ld (slot %ld) became a candidate unnoticed", i,
                     (long)z);
            return 1;
        }
    }
    if (listed != marked) {
        snprintf(msg, size, "%ld candidates listed, %ld marked", listed, marked);
        return 1;
    }
    return 0;
}
#endif

/* ---------------------------------------------------------------- the month */

/* Expiries (the landlord files for renewal) and finished repairs of month index m. */
static void timed_events(ws_world *w, int m)
{
    ws_permit_state *s = w->pm;
    ws_stock *st = w->st;
    int32_t z;
    while ((z = s->bucket[m]) >= 0) {
        int expiry = state_of(s, z) == S_PERMIT;
        cal_remove(s, z);
        long i = dwelling(s, z);
        if (expiry) {
            settle(w, z, i);
            if (state_of(s, z) == S_PERMIT) {
                pay_fee(w, i);
                enqueue(w, z, i, Q_RENEWAL);
            }
        } else if (let_privately(st, i) && st->landlord[i] == s->landlord[z]) {
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
    int unpermitted = q == Q_ENFORCEMENT;
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
    set_state(s, z, S_REPAIR);
    if (s->repair == 0) {
        restore_condition(w, i);
        grant(w, z, i, m);
    } else {
        cal_insert(s, z, m + s->repair);
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
            long i;
            int32_t z = dequeue(w, q, &i);
            if (!let_privately(st, i) || st->landlord[i] != s->landlord[z]) {
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
    if (!p->enabled || s->nzone == 0 || w->month < p->start)
        return WS_OK;
    int m = w->month - w->sc->start;
    timed_events(w, m);
    if (s->stale)
        candidates_rebuild(w);
#ifdef WS_CHECK_INVARIANTS
    char msg[160];
    if (candidates_check(w, msg, sizeof msg)) {
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
