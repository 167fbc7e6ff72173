/* Process 4: tenure and market transitions.
 *
 * Monthly, per district: sales of owner-occupied homes (a new household moves in; a
 * share is bought by landlords and becomes private rent, except where the buy-to-let
 * protection applies), tenancies of rented homes ending (vacancy) and re-letting after
 * a geometric vacancy, and corporation demolition outside the woondeal projects.
 * Yearly, in January: housing condition decays and some owners maintain.
 *
 * Every dwelling has each event independently with its monthly probability; the
 * dwellings that have one are found by geometric skips through the district, so the
 * monthly cost grows with the number of events, not the stock. */
#include "ledger.h"
#include "market.h"
#include "permit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* A run of consecutive dwellings of one district (stock < 2^32). The initial stock is
 * generated neighbourhood by neighbourhood and each woondeal batch is consecutive, so a
 * district is a few runs, and the walks need no list of its dwellings. */
typedef struct {
    uint32_t first, len;
} span;

/* Event kinds drawn per dwelling. A household's move is one walk: an owner sells, a
 * tenant's tenancy ends, each with its tenure's probability (one walk at the larger
 * rate visits fewer dwellings than one walk for each). */
enum { EV_MOVE, EV_DEMOLITION, EV_MAINTENANCE, EV_NKIND };

/* An event kind's law, fixed for the run, from the probability p[tenure] per visit (a
 * month, or a year for maintenance): the largest of them, pmax, and the mean geometric
 * jump factor it gives, and for each value f of the status byte whether a dwelling
 * can have the event (standing, a tenure with p > 0, occupied where the event needs a
 * household) and, for thinning, the threshold a 53-bit random integer must stay below
 * to keep the visit (0 where it cannot have the event, 2^53 where its p is pmax, p /
 * pmax of 2^53 in between): the visit's filter is one load, without a branch to
 * mispredict. */
typedef struct {
    double pmax, per_jump;
    int thin; /* some tenure has 0 < p < pmax */
    uint8_t eligible[256];
    uint64_t keep[256];
} event_law;

struct ws_market_state {
    event_law law[EV_NKIND];
    /* Maintenance's outcome by tenure in one draw: the fresh condition (0..255 units)
     * of a maintained dwelling, with "not maintained" (the thinning to the tenure's own
     * probability) folded into 0, which never improves a condition. */
    ws_alias fresh[WS_NTENURE];
    /* The runs of districts: the world's own, or its base's (ws_world.proto; then
     * shared, read-only, and not freed here). */
    int shared;
    span *spans;           /* grouped by district, in stock order within one */
    long *span0;           /* nd + 1: first span of each district */
    long *count;           /* nd: dwellings of each district */
    uint32_t *vacant;      /* vacant dwellings (unordered) */
    long nvacant;
};

/* Finds the runs of consecutive dwellings of one district, in stock order, and returns
 * their number. Counts them per district into fill; with out, also places each at
 * out[span0[d] + fill[d]]. */
static long each_span(const ws_world *w, span *out, long *fill, const long *span0)
{
    long nspans = 0;
    const ws_stock *st = w->st;
    for (long i = 0; i < st->n;) {
        int d = ws_w_district(w, i);
        long j = i + 1;
        while (j < st->n && ws_w_district(w, j) == d)
            j++;
        if (out)
            out[span0[d] + fill[d]++] = (span){(uint32_t)i, (uint32_t)(j - i)};
        else
            fill[d]++;
        nspans++;
        i = j;
    }
    return nspans;
}

static void law_set(event_law *law, int kind, double p_owner, double p_social,
                    double p_private)
{
    const double p[WS_NTENURE] = {p_owner, p_social, p_private};
    _Static_assert(WS_TENURE_OWNER == 0 && WS_TENURE_SOCIAL == 1 && WS_TENURE_PRIVATE == 2 &&
                       WS_NTENURE == 3,
                   "tenure order");
    law->pmax = 0;
    for (int t = 0; t < WS_NTENURE; t++)
        law->pmax = p[t] > law->pmax ? p[t] : law->pmax;
    law->thin = 0;
    for (int t = 0; t < WS_NTENURE; t++)
        law->thin |= p[t] > 0 && p[t] < law->pmax;
    /* The failures before the next success: an exponential over the rate -log(1 - p),
     * floored (P(jump >= j) = (1 - p)^j). */
    law->per_jump = law->pmax > 0 && law->pmax < 1 ? -1 / log1p(-law->pmax) : 0;
    int needs_household = kind == EV_MOVE;
    for (unsigned f = 0; f < 256; f++) {
        unsigned life = (f & WS_F_LIFE) >> WS_F_LIFE_SHIFT, t = f >> WS_F_TENURE_SHIFT;
        law->eligible[f] = (uint8_t)(life == WS_LIFE_STANDING && t < WS_NTENURE && p[t] > 0 &&
                                     (!needs_household || (f & WS_F_OCCUPIED)));
        law->keep[f] = !law->eligible[f]  ? 0
                       : p[t] >= law->pmax ? UINT64_C(1) << 53
                                           : (uint64_t)ceil(p[t] / law->pmax * 0x1p53);
    }
}

/* Finds the runs of districts of every dwelling (the woondeal's planned ones included),
 * grouped by district: counts the runs per district, then places them. */
static int find_spans(ws_world *w, ws_market_state *m)
{
    m->span0 = calloc((size_t)w->nd + 1, sizeof *m->span0);
    m->count = calloc((size_t)w->nd + 1, sizeof *m->count);
    long *fill = calloc((size_t)w->nd + 1, sizeof *fill);
    if (!m->span0 || !m->count || !fill) {
        free(fill);
        return WS_ENOMEM;
    }
    long nspans = each_span(w, NULL, fill, NULL);
    for (int d = 1; d <= w->nd; d++)
        m->span0[d] = m->span0[d - 1] + fill[d - 1];
    m->spans = malloc(sizeof *m->spans * (size_t)(nspans ? nspans : 1));
    if (!m->spans) {
        free(fill);
        return WS_ENOMEM;
    }
    memset(fill, 0, sizeof *fill * ((size_t)w->nd + 1));
    each_span(w, m->spans, fill, m->span0);
    free(fill);
    for (int d = 0; d < w->nd; d++)
        for (long k = m->span0[d]; k < m->span0[d + 1]; k++)
            m->count[d] += m->spans[k].len;
    return WS_OK;
}

/* The law of maintenance's draw for each tenure (see fresh above): a maintained
 * dwelling's fresh condition is round(255 clamp(mean + sd Z, 0, 1)) units, Z standard
 * normal, so units k has the normal's mass between (k - 1/2) / 255 and (k + 1/2) / 255
 * (all below for 0, all above for 255). Returns WS_OK or WS_ERUNTIME. */
static int fresh_laws(ws_world *w, ws_market_state *m)
{
    const ws_quality_params *q = &w->sc->quality;
    double pmax = m->law[EV_MAINTENANCE].pmax;
    for (int t = 0; t < WS_NTENURE; t++) {
        double kept = pmax > 0 ? q->maintenance[t] / pmax : 0, p[256];
        for (int k = 0; k < 256; k++) {
            if (q->sd[t] > 0) {
                double lo = k == 0 ? 0 : gsl_cdf_gaussian_P((k - 0.5) / 255 - q->mean[t], q->sd[t]);
                double hi = k == 255 ? 1 : gsl_cdf_gaussian_P((k + 0.5) / 255 - q->mean[t], q->sd[t]);
                p[k] = hi > lo ? hi - lo : 0;
            } else {
                p[k] = k == (int)ws_round(255 * q->mean[t]);
            }
            p[k] *= kept;
        }
        p[0] += 1 - kept;
        if (ws_alias_init(&m->fresh[t], p, 256) != 0)
            return WS_ERUNTIME;
    }
    return WS_OK;
}

/* Every event kind's law: monthly probabilities by tenure (owner, social, private),
 * maintenance's yearly. */
static void set_laws(ws_world *w, ws_market_state *m)
{
    const ws_market_params *mk = &w->sc->market;
    const double *maint = w->sc->quality.maintenance;
    law_set(&m->law[EV_MOVE], EV_MOVE, mk->sale_rate / 12, mk->vacancy_rate / 12,
            mk->vacancy_rate / 12);
    law_set(&m->law[EV_DEMOLITION], EV_DEMOLITION, 0, mk->corp_demolition / 12, 0);
    law_set(&m->law[EV_MAINTENANCE], EV_MAINTENANCE, maint[WS_TENURE_OWNER],
            maint[WS_TENURE_SOCIAL], maint[WS_TENURE_PRIVATE]);
    /* Maintenance thins inside its one draw (fresh). */
    m->law[EV_MAINTENANCE].thin = 0;
}

/* A market state for w with its laws; the tables that depend only on the initial stock
 * (fresh, spans) are left to the caller. NULL when out of memory. */
static ws_market_state *market_new(ws_world *w)
{
    ws_market_state *m = calloc(1, sizeof *m);
    if (m) {
        w->mk = m;
        set_laws(w, m);
    }
    return m;
}

/* Computes the tables a base's world or a world without a base owns. */
static int own_tables(ws_world *w, ws_market_state *m)
{
    int rc = fresh_laws(w, m);
    return rc != WS_OK ? rc : find_spans(w, m);
}

int ws_market_prepare(ws_world *w)
{
    ws_market_state *m = market_new(w);
    return m ? own_tables(w, m) : WS_ENOMEM;
}

int ws_market_alloc(ws_world *w)
{
    ws_market_state *m = market_new(w);
    if (!m)
        return WS_ENOMEM;
    size_t cap = (size_t)(w->st->cap > 0 ? w->st->cap : 1);
    m->vacant = malloc(cap * sizeof *m->vacant);
    if (!m->vacant)
        return WS_ENOMEM;
    const ws_market_state *p = w->proto ? w->proto->mk : NULL;
    if (!p)
        return own_tables(w, m);
    memcpy(m->fresh, p->fresh, sizeof m->fresh);
    m->shared = 1;
    m->spans = p->spans;
    m->span0 = p->span0;
    m->count = p->count;
    return WS_OK;
}

void ws_market_free(ws_world *w)
{
    if (!w->mk)
        return;
    if (!w->mk->shared) {
        free(w->mk->spans);
        free(w->mk->span0);
        free(w->mk->count);
    }
    free(w->mk->vacant);
    free(w->mk);
    w->mk = NULL;
}

static void sale(ws_world *w, int d, long i)
{
    const ws_market_params *mk = &w->sc->market;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    /* The protection forbids renting out a home bought in the named districts (WOZ up to
     * EUR 260,000, nearly the whole stock here) for four years: no buy-to-let there. */
    int protected_ = mk->protection_district[d] && w->month >= mk->protection_start;
    if (!protected_ && ws_rng_uniform(rng) < mk->buy_to_let_share) {
        ws_ledger_account(w, i, -1);
        ws_stock_set_tenure(st, i, WS_TENURE_PRIVATE);
        st->landlord[i] = ++st->landlords; /* a new landlord */
        st->flags[i] &= (uint8_t)~WS_F_PERMIT;
        ws_ledger_count(w, d, WS_I_BUY_TO_LET, 1);
        ws_stock_draw_household(st, w->sc, i, rng);
        ws_ledger_account(w, i, +1);
        ws_permit_let(w, i);
    } else {
        ws_ledger_rehouse(w, i, rng); /* a new owner-occupier */
    }
    ws_ledger_count(w, d, WS_I_SALES, 1);
}

static void tenancy_end(ws_world *w, int d, long i)
{
    ws_ledger_vacate(w, d, i);
    w->mk->vacant[w->mk->nvacant++] = (uint32_t)i;
}

static void demolition(ws_world *w, int d, long i)
{
    ws_ledger_account(w, i, -1);
    ws_stock_set_life(w->st, i, WS_LIFE_DEMOLISHED);
    w->st->flags[i] &= (uint8_t)~WS_F_OCCUPIED;
    ws_ledger_count(w, d, WS_I_DEMOLITIONS, 1);
}

/* Maintenance restores the condition to a fresh draw around the tenure's mean (if that
 * is better), with the tenure's probability (fresh). */
static void maintenance(ws_world *w, int d, long i)
{
    const ws_alias *law = &w->mk->fresh[ws_stock_tenure(w->st, i)];
    ws_ledger_raise_condition(w, d, i, ws_alias_draw(w->rng[WS_RNG_MARKET], law));
}

/* Prefetching: asks the memory system for what an event at dwelling i reads, beyond the
 * status byte every visit reads (flags, life, tenure). On a large stock every visit is
 * a cache miss in each attribute array, and a batch of them in flight at once costs
 * little more than one. What the energy use reads (any change of the totals): */
static void prefetch_energy(const ws_stock *st, long i)
{
    __builtin_prefetch(&st->energy_index[i]);
    __builtin_prefetch(&st->floor_area[i]);
    __builtin_prefetch(&st->fabric[i]);
}

/* What a new household (a sale, a re-letting) reads and writes besides. (Not what a
 * purchase to let reads more, the condition and the landlord: a sale becomes one in a
 * few cases in a hundred, and a line asked for in vain takes the place of one needed.) */
static void prefetch_household(const ws_stock *st, long i)
{
    __builtin_prefetch(&st->nbh[i]);
    __builtin_prefetch(&st->review[i], 1);
    __builtin_prefetch(&st->income_band[i], 1);
    __builtin_prefetch(&st->income[i], 1);
}

/* What an event of this kind reads (a move: a sale's or a tenancy end's). */
static void prefetch_event(const ws_stock *st, int kind, long i)
{
    if (kind == EV_MAINTENANCE) {
        __builtin_prefetch(&st->condition[i], 1);
        return;
    }
    prefetch_energy(st, i);
    if (kind == EV_DEMOLITION || ws_stock_tenure(st, i) == WS_TENURE_OWNER)
        prefetch_household(st, i);
}

static void prefetch_visit(const ws_stock *st, long i)
{
    __builtin_prefetch(&st->flags[i]);
}

/* A stock this large no longer fits the caches: prefetch (below, it costs more than it
 * saves). */
#define PREFETCH_FROM 200000

/* Visits per batch: their positions are drawn first, then prefetched, then handled. */
#define BATCH 32

/* Draws event kind for every dwelling of district d independently: a standing dwelling
 * that qualifies has it with probability p[tenure] of its law (0 for tenures it does
 * not apply to). The dwellings are visited by geometric skips at the largest p and
 * thinned to each one's own, so the cost grows with the number of events, and memory
 * is walked in order. */
static void draw_events(ws_world *w, int d, int kind)
{
    ws_market_state *m = w->mk;
    const event_law *law = &m->law[kind];
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    double pmax = law->pmax, per_jump = law->per_jump;
    if (pmax <= 0 || m->count[d] == 0)
        return;
    /* k counts through the district's dwellings; sp is the run holding k, which starts
     * at k = base. */
    const span *sp = m->spans + m->span0[d];
    long base = 0;
    long k = -1;
    for (int more = 1; more;) {
        uint32_t batch[BATCH];
        int nb = 0;
        while (nb < BATCH) {
            /* The jump (the floor of a non-negative number, so a cast) is compared as a
             * double first: it can be huge. */
            double jump = ws_rng_exponential(rng) * per_jump;
            if (jump >= (double)(m->count[d] - 1 - k)) {
                more = 0;
                break;
            }
            k += 1 + (long)jump;
            while (k >= base + (long)sp->len)
                base += sp++->len;
            batch[nb++] = sp->first + (uint32_t)(k - base);
        }
        /* In two passes on a large stock: the visits' status bytes first, then what
         * the events among them read. */
        int prefetch = st->n > PREFETCH_FROM;
        if (prefetch)
            for (int b = 0; b < nb; b++)
                prefetch_visit(st, batch[b]);
        /* The compactions from here on keep each count no larger than the entries filled
         * before it (an entry adds 0 or 1); clang's static analyser, which follows only a
         * few turns of a loop, takes the reads for uninitialised ones: NOLINT. */
        // NOLINTBEGIN(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
        /* The visits that have the event (an event changes only its own dwelling, so the
         * status byte holds until the visit's turn): those that can have it, and where
         * some tenures have a smaller p than the walk's, thinned to their own with a
         * draw for every visit, kept or not without a branch (which tenure a visit
         * finds is a coin toss). */
        int na = 0;
        if (law->thin) {
            ws_rng_state *g = ws_rng_of(rng);
            for (int b = 0; b < nb; b++) {
                uint32_t i = batch[b];
                batch[na] = i;
                na += (ws_rng_next(g) >> 11) < law->keep[st->flags[i]];
            }
        } else {
            for (int b = 0; b < nb; b++) {
                uint32_t i = batch[b];
                batch[na] = i;
                na += law->eligible[st->flags[i]];
            }
        }
        if (prefetch)
            for (int b = 0; b < na; b++)
                prefetch_event(st, kind, batch[b]);
        switch (kind) {
        case EV_MOVE: {
            /* Owners' sales first, then tenancies' ends: sorted without a branch. */
            uint32_t ends[BATCH];
            int nsale = 0, nend = 0;
            for (int b = 0; b < na; b++) {
                uint32_t i = batch[b];
                int owner = ws_stock_tenure(st, i) == WS_TENURE_OWNER;
                batch[nsale] = i;
                nsale += owner;
                ends[nend] = i;
                nend += !owner;
            }
            for (int b = 0; b < nsale; b++)
                sale(w, d, batch[b]);
            for (int b = 0; b < nend; b++)
                tenancy_end(w, d, ends[b]);
            break;
        }
        case EV_DEMOLITION:
            for (int b = 0; b < na; b++)
                demolition(w, d, batch[b]);
            break;
        default:
            for (int b = 0; b < na; b++)
                maintenance(w, d, batch[b]);
            break;
        }
        // NOLINTEND(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    }
}

/* Vacancies decided per chunk of the list. */
#define RELET_CHUNK 64

/* Re-letting: each vacant dwelling finds a tenant with probability 1/relet_months.
 * Chunk by chunk of the vacancy list: first every entry's draw, the list compacted in
 * place (in order) and the re-let ones set aside, without a branch on the draws (a
 * coin toss at the default 1.5 months, mispredicted half the time); then the new
 * households. */
static void relet(ws_world *w)
{
    ws_market_state *m = w->mk;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    double p = w->sc->market.relet_months > 1 ? 1 / w->sc->market.relet_months : 1;
    int prefetch = st->n > PREFETCH_FROM;
    long kept = 0;
    for (long k0 = 0; k0 < m->nvacant; k0 += RELET_CHUNK) {
        long k1 = k0 + RELET_CHUNK < m->nvacant ? k0 + RELET_CHUNK : m->nvacant;
        if (prefetch)
            for (long k = k0; k < k1; k++)
                prefetch_visit(st, m->vacant[k]);
        uint32_t let[RELET_CHUNK];
        int nlet = 0;
        /* As in draw_events: nlet never exceeds the entries filled. */
        // NOLINTBEGIN(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
        for (long k = k0; k < k1; k++) {
            uint32_t i = m->vacant[k];
            /* Still vacant (not re-let by another process, not demolished)? */
            int vacant = (st->flags[i] & (WS_F_LIFE | WS_F_OCCUPIED)) ==
                         (unsigned)WS_LIFE_STANDING << WS_F_LIFE_SHIFT;
            int taken = vacant & (ws_rng_uniform(rng) < p);
            let[nlet] = i;
            nlet += taken;
            m->vacant[kept] = i;
            kept += vacant & !taken;
        }
        if (prefetch)
            for (int b = 0; b < nlet; b++) {
                prefetch_energy(st, let[b]);
                prefetch_household(st, let[b]);
            }
        /* The new households: all drawn, then moved in (ws_ledger_moved_in). A dwelling
         * listed twice (vacated again after another process let it) is let once. */
        for (int b = 0; b < nlet; b++)
            ws_stock_draw_household(st, w->sc, let[b], rng);
        for (int b = 0; b < nlet; b++)
            if (!(st->flags[let[b]] & WS_F_OCCUPIED))
                ws_ledger_moved_in(w, let[b]);
        // NOLINTEND(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    }
    m->nvacant = kept;
}

/* Yearly: every dwelling's condition decays (implicitly, ws_ledger_decay), and each is
 * maintained with its tenure's probability. */
static void condition_year(ws_world *w)
{
    const ws_quality_params *q = &w->sc->quality;
    ws_ledger_decay(w, (int)ws_round(255 * q->decay_per_year));
    for (int d = 0; d < w->nd; d++)
        draw_events(w, d, EV_MAINTENANCE);
}

int ws_market_step(ws_world *w)
{
    if (ws_month_of_year(w->month) == 1 && w->month != w->sc->start)
        condition_year(w);
    relet(w);
    for (int d = 0; d < w->nd; d++) {
        draw_events(w, d, EV_MOVE);
        draw_events(w, d, EV_DEMOLITION);
    }
    return WS_OK;
}
