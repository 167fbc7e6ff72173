/* Process 4: tenure and market transitions.
 *
 * Monthly, per district: sales of owner-occupied homes (a new household moves in; a
 * share is bought by landlords and becomes private rent, except where the buy-to-let
 * protection applies), tenancies of rented homes ending (vacancy) and re-letting after
 * a geometric vacancy, and corporation demolition outside the woondeal projects.
 * Yearly, in January: housing condition decays and some owners maintain.
 *
 * Every dwelling has each event independently with its monthly probability; the
 * dwellings that have one are found by geometric skips through the district (the
 * batched walks of sim/walk.c), so the monthly cost grows with the number of events,
 * not the stock. This file holds the rules: which events, how likely, what they do. */
#include "ledger.h"
#include "market.h"
#include "permit.h"
#include "walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* Event kinds drawn per dwelling. A household's move is one walk: an owner sells, a
 * tenant's tenancy ends, each with its tenure's probability (one walk at the larger
 * rate visits fewer dwellings than one walk for each). */
enum { EV_MOVE, EV_DEMOLITION, EV_MAINTENANCE, EV_PRIVATE_SALE, EV_NKIND };

struct ws_market_state {
    ws_walk_law law[EV_NKIND]; /* the law of each event kind (sim/walk.h) */
    /* Maintenance's outcome by tenure in one draw: the fresh condition (0..255 units)
     * of a maintained dwelling, with "not maintained" (the thinning to the tenure's own
     * probability) folded into 0, which never improves a condition. */
    ws_alias fresh[WS_NTENURE];
    /* The runs of districts: the world's own, or its base's (ws_world.proto; then
     * shared, read-only, and not freed here). */
    int shared;
    ws_walk_runs runs;
    uint32_t *vacant;      /* vacant dwellings (unordered) */
    long nvacant;
};

void ws_market_fresh_mass(const ws_quality_params *q, int t, double p[256])
{
    for (int k = 0; k < 256; k++) {
        if (q->sd[t] > 0) {
            double lo = k == 0 ? 0 : gsl_cdf_gaussian_P((k - 0.5) / 255 - q->mean[t], q->sd[t]);
            double hi = k == 255 ? 1 : gsl_cdf_gaussian_P((k + 0.5) / 255 - q->mean[t], q->sd[t]);
            p[k] = hi > lo ? hi - lo : 0;
        } else {
            p[k] = k == (int)ws_round(255 * q->mean[t]);
        }
    }
}

/* One year of the condition's chain on units 0..255 (condition_year below): pi, the
 * mass after last year's maintenance, decays by units (clamped at 0: a stored value below
 * the offset reads as 0 and loses to any fresh draw, as 0 does), then with probability
 * pm becomes max(c, F), F of law f (cdf F). */
static void settle_year(double pi[256], int units, double pm, const double f[256],
                        const double cdf[256])
{
    /* the mass below k of the decayed law, the sum of what was added before k */
    double d[256] = {0}, below = 0;
    for (int k = 0; k < 256; k++)
        d[k - units > 0 ? k - units : 0] += pi[k];
    for (int k = 0; k < 256; k++) {
        /* P(max = k) = P(c = k) P(F <= k) + P(F = k) P(c < k) */
        double next = (1 - pm) * d[k] + pm * (d[k] * cdf[k] + f[k] * below);
        below += d[k];
        pi[k] = next;
    }
}

/* The yearly probability of an event with monthly probability rate / 12. */
static double yearly(double rate)
{
    return 1 - pow(1 - rate / 12, 12);
}

void ws_market_settled_laws(const ws_scenario *sc, double pi[WS_NTENURE][256])
{
    const ws_quality_params *q = &sc->quality;
    const ws_market_params *mk = &sc->market;
    double f[WS_NTENURE][256], cdf[WS_NTENURE][256];
    for (int t = 0; t < WS_NTENURE; t++) {
        double acc = 0;
        ws_market_fresh_mass(q, t, f[t]);
        for (int k = 0; k < 256; k++) {
            acc += f[t][k];
            cdf[t][k] = acc;
            pi[t][k] = f[t][k] / WS_NTENURE;
        }
    }
    /* Dwellings change between owner-occupation and private rent through the year
     * (buy-to-let, landlords selling), so a tenure's law mixes with the other's: the
     * chain runs on (tenure, condition), without the buy-to-let protection (the stock
     * of 2024 is the outcome of the market before it). */
    double to_private = yearly(mk->sale_rate * mk->buy_to_let_share);
    double to_owner = yearly(mk->private_sale_rate);
    int units = (int)ws_round(255 * q->decay_per_year);
    /* With decay the chain forgets its start after ceil(255 / units) years up to the
     * slower tenure mixing, so the loop ends within a few hundred years; without decay
     * it converges geometrically, capped. */
    for (int year = 0; year < 100000; year++) {
        /* The change over the whole year: the tenure mixing and the year of decay and
         * maintenance each move mass even when their composition leaves it in place. */
        double before[WS_NTENURE][256], change = 0;
        memcpy(before, pi, sizeof before);
        for (int k = 0; k < 256; k++) {
            double o = pi[WS_TENURE_OWNER][k], p = pi[WS_TENURE_PRIVATE][k];
            pi[WS_TENURE_OWNER][k] = o - o * to_private + p * to_owner;
            pi[WS_TENURE_PRIVATE][k] = p - p * to_owner + o * to_private;
        }
        for (int t = 0; t < WS_NTENURE; t++) {
            settle_year(pi[t], units, q->maintenance[t], f[t], cdf[t]);
            for (int k = 0; k < 256; k++)
                change += fabs(pi[t][k] - before[t][k]);
        }
        if (change < 1e-14)
            break;
    }
    for (int t = 0; t < WS_NTENURE; t++) {
        double sum = 0;
        for (int k = 0; k < 256; k++)
            sum += pi[t][k];
        for (int k = 0; k < 256; k++)
            pi[t][k] = sum > 0 ? pi[t][k] / sum : f[t][k];
    }
}

/* The law of maintenance's draw for each tenure (see fresh above): the fresh law
 * (ws_market_fresh_mass) thinned to the tenure's probability. Returns WS_OK or
 * WS_ERUNTIME. */
static int fresh_laws(ws_world *w, ws_market_state *m)
{
    const ws_quality_params *q = &w->sc->quality;
    double pmax = m->law[EV_MAINTENANCE].pmax;
    for (int t = 0; t < WS_NTENURE; t++) {
        double kept = pmax > 0 ? q->maintenance[t] / pmax : 0, p[256];
        ws_market_fresh_mass(q, t, p);
        for (int k = 0; k < 256; k++)
            p[k] *= kept;
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
    const double move[WS_NTENURE] = {mk->sale_rate / 12, mk->vacancy_rate / 12,
                                     mk->vacancy_rate / 12};
    const double demolition[WS_NTENURE] = {0, mk->corp_demolition / 12, 0};
    const double private_sale[WS_NTENURE] = {0, 0, mk->private_sale_rate / 12};
    /* A move needs a household: an owner sells, a tenant's tenancy ends. */
    ws_walk_law_init(&m->law[EV_MOVE], move, 1, WS_WALK_PREFETCH_MOVE);
    ws_walk_law_init(&m->law[EV_DEMOLITION], demolition, 0, WS_WALK_PREFETCH_DWELLING);
    /* A landlord sells let or vacant: an owner-occupier moves in either way. */
    ws_walk_law_init(&m->law[EV_PRIVATE_SALE], private_sale, 0, WS_WALK_PREFETCH_DWELLING);
    ws_walk_law_init(&m->law[EV_MAINTENANCE], w->sc->quality.maintenance, 0,
                     WS_WALK_PREFETCH_CONDITION);
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
    return rc != WS_OK ? rc : ws_walk_runs_init(&m->runs, w);
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
    m->runs = p->runs;
    return WS_OK;
}

void ws_market_free(ws_world *w)
{
    if (!w->mk)
        return;
    if (!w->mk->shared)
        ws_walk_runs_clear(&w->mk->runs);
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

/* A landlord sells private rental i to an owner-occupier (the market baseline, 3.4):
 * the tenant, if any, moves out and the buyer's household moves in; the dwelling keeps
 * its condition. A permit lapses with the landlord (the permit process drops its
 * pending entries for a dwelling no longer let by the same landlord). */
static void private_sale(ws_world *w, int d, long i)
{
    ws_stock *st = w->st;
    ws_ledger_account(w, i, -1);
    ws_stock_set_tenure(st, i, WS_TENURE_OWNER);
    st->landlord[i] = 0;
    st->flags[i] &= (uint8_t)~WS_F_PERMIT;
    st->flags[i] |= WS_F_OCCUPIED;
    ws_stock_draw_household(st, w->sc, i, w->rng[WS_RNG_MARKET]);
    ws_ledger_account(w, i, +1);
    ws_ledger_count(w, d, WS_I_PRIVATE_SOLD_TO_OWNER, 1);
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

/* Draws event kind for every dwelling of district d independently: a standing dwelling
 * that qualifies has it with probability p[tenure] of its law (0 for tenures it does
 * not apply to), found by the batched walk (sim/walk.c); the events of a batch are
 * handled in stock order, a move's sales before its tenancies' ends. */
static void draw_events(ws_world *w, int d, int kind)
{
    ws_market_state *m = w->mk;
    ws_walk it;
    uint32_t batch[WS_WALK_BATCH], ends[WS_WALK_BATCH];
    int n;
    ws_walk_start(&it, &m->runs, d, &m->law[kind], w->st, w->rng[WS_RNG_MARKET]);
    while ((n = ws_walk_next(&it, batch)) >= 0) {
        switch (kind) {
        case EV_MOVE: {
            int nend;
            int nsale = ws_walk_split_owners(w->st, batch, n, ends, &nend);
            for (int b = 0; b < nsale; b++)
                sale(w, d, batch[b]);
            for (int b = 0; b < nend; b++)
                tenancy_end(w, d, ends[b]);
            break;
        }
        case EV_DEMOLITION:
            for (int b = 0; b < n; b++)
                demolition(w, d, batch[b]);
            break;
        case EV_PRIVATE_SALE:
            for (int b = 0; b < n; b++)
                private_sale(w, d, batch[b]);
            break;
        default:
            for (int b = 0; b < n; b++)
                maintenance(w, d, batch[b]);
            break;
        }
    }
}

/* Re-letting: each vacant dwelling finds a tenant with probability 1/relet_months.
 * Chunk by chunk of the vacancy list: first every entry's draw (sim/walk.c), then the
 * new households, all drawn, then moved in (ws_ledger_moved_in). A dwelling listed
 * twice (vacated again after another process let it) is let once. */
static void relet(ws_world *w)
{
    ws_market_state *m = w->mk;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    double p = w->sc->market.relet_months > 1 ? 1 / w->sc->market.relet_months : 1;
    long kept = 0;
    for (long k0 = 0; k0 < m->nvacant; k0 += WS_WALK_CHUNK) {
        long k1 = k0 + WS_WALK_CHUNK < m->nvacant ? k0 + WS_WALK_CHUNK : m->nvacant;
        uint32_t let[WS_WALK_CHUNK];
        int nlet = ws_walk_vacancies(st, m->vacant, k0, k1, &kept, p, rng, let);
        for (int b = 0; b < nlet; b++)
            ws_stock_draw_household(st, w->sc, let[b], rng);
        for (int b = 0; b < nlet; b++)
            if (!(st->flags[let[b]] & WS_F_OCCUPIED))
                ws_ledger_moved_in(w, let[b]);
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
        /* Landlords' sales first: a home bought to let this month is not sold on. */
        draw_events(w, d, EV_PRIVATE_SALE);
        draw_events(w, d, EV_MOVE);
        draw_events(w, d, EV_DEMOLITION);
    }
    return WS_OK;
}
