/* The world: the monthly step as one table of processes, the runs' random streams, and
 * allocation. Each process lives in its own file (sim/MODEL.md 1.3); they book their
 * changes into the ledger (sim/ledger.c) and never call back up into this one. */
#include "corporations.h"
#include "energy.h"
#include "indicators.h"
#include "ledger.h"
#include "market.h"
#include "permit.h"
#include "retrofit.h"
#include "woondeal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

/* The monthly step, in the order of sim/MODEL.md 1.3: the only place it is written down. */
static const struct {
    const char *name;
    int (*run)(ws_world *w);
} process_table[] = {
    {"construction pipeline and demolition", ws_woondeal_step},
    {"landlord permit", ws_permit_step},
    {"retrofit programme", ws_retrofit_step},
    {"corporations' programme", ws_corp_step},
    {"tenure and market", ws_market_step},
    {"energy and affordability", ws_energy_step},
    {"indicators", ws_indicators_step},
};
#define NPROCESS ((int)(sizeof process_table / sizeof process_table[0]))

int ws_world_nprocesses(void) { return NPROCESS; }

const char *ws_world_process(int k)
{
    return k >= 0 && k < NPROCESS ? process_table[k].name : NULL;
}

/* ---------------------------------------------------------------- streams */

static unsigned long long splitmix64(unsigned long long x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

unsigned long ws_stream_seed(unsigned long seed, int run, int k)
{
    unsigned long long h = splitmix64(seed);
    h = splitmix64(h ^ (unsigned long long)(unsigned)run);
    h = splitmix64(h ^ ((unsigned long long)(unsigned)k << 32));
    return (unsigned long)h; /* the generator (rng.h) takes all of it */
}

/* ---------------------------------------------------------------- life cycle */

/* A base: the initial stock and the woondeal's planned dwellings (their attributes;
 * when they are built is the run's), with what follows from them alone: landlord-permit
 * zone flags, running totals, the condition histogram and the poverty flags at the
 * start year's prices. It depends on the scenario and its seed only (the stock stream
 * is derived from (seed, run 0)), so every run of a scenario starts from the same
 * stock; runs copy it instead of generating it again (MODEL.md 3.1). It is kept as a
 * world that never steps: its stock, totals, histogram and energy tables are copied
 * into each run, and its market and retrofit states hold what the runs share
 * (ws_world.proto). */
struct ws_base {
    const ws_scenario *sc;
    ws_world *w;
};

/* Histogram geometry: stored conditions grow by the yearly decay, so there is room for
 * every year of the run. */
static int cond_bins_of(const ws_scenario *sc)
{
    int decay_units = (int)lround(255 * sc->quality.decay_per_year);
    int bins = 256 + decay_units * ((sc->end - sc->start) / 12 + 2);
    return bins > 65536 ? 65536 : bins;
}

/* Dwellings a run's stock holds: the initial ones and every one the woondeal plans. */
static long stock_capacity(const ws_scenario *sc)
{
    long n = ws_woondeal_capacity(sc);
    for (int g = 0; g < sc->ngroups; g++)
        n += sc->groups[g].count;
    return n;
}

/* Generates the initial stock into w (whose stock is empty) and counts it: the part of
 * a world that a ws_base holds. */
static int world_initial(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    gsl_rng *rng = gsl_rng_alloc(ws_rng_type);
    if (!rng)
        return WS_ENOMEM;
    gsl_rng_set(rng, ws_stream_seed(sc->seed, 0, WS_RNG_STOCK));
    int st = ws_stock_generate(w->st, sc, rng);
    if (st == WS_OK)
        st = ws_woondeal_plan(w->st, sc, rng);
    gsl_rng_free(rng);
    if (st != WS_OK)
        return st;
    /* The zone flag never changes (a dwelling keeps its neighbourhood); set before the
     * first count, so that private_in_zone is right also with the regime off. */
    for (long i = 0; i < w->st->n; i++)
        if (sc->permit.zone_nbh[w->st->nbh[i]])
            w->st->flags[i] |= WS_F_ZONE;
    ws_energy_set_prices(w, ws_month_year(sc->start));
    ws_ledger_rebuild(w);
    return WS_OK;
}

/* Allocates and fills what counting a stock needs: the district totals, the condition
 * histogram (its geometry from the scenario) and the effective energy index table.
 * Returns WS_OK or WS_ENOMEM. */
static int counts_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    w->tot = calloc((size_t)w->nd + 1, sizeof *w->tot);
    w->index_effective = malloc(sizeof *w->index_effective * WS_INDEX_TABLE);
    w->cond_cut = (int)ceil(255 * sc->quality.threshold - 1e-9);
    w->cond_bins = cond_bins_of(sc);
    w->cond_hist = calloc((size_t)w->nd * (size_t)w->cond_bins + 1, sizeof *w->cond_hist);
    w->nyears = ws_month_year(sc->end) - ws_month_year(sc->start) + 1;
    w->gas_year = malloc(sizeof *w->gas_year * (size_t)w->nyears);
    w->elec_year = malloc(sizeof *w->elec_year * (size_t)w->nyears);
    w->price_bounds = malloc(sizeof *w->price_bounds * 4 * (size_t)w->nyears);
    if (!w->tot || !w->index_effective || !w->cond_hist || !w->gas_year || !w->elec_year ||
        !w->price_bounds)
        return WS_ENOMEM;
    ws_energy_tables(w);
    return WS_OK;
}

static ws_world *world_create(const ws_scenario *sc, const ws_base *base, int run,
                              ws_error *err)
{
    gsl_set_error_handler_off();
    ws_world *w = calloc(1, sizeof *w);
    if (!w)
        goto nomem;
    w->sc = sc;
    w->proto = base ? base->w : NULL;
    w->run = run;
    w->nd = sc->ndistricts;
    w->month = sc->start - 1;
    w->st = ws_stock_alloc(stock_capacity(sc), sc->nnbh);
    size_t rows = (size_t)(w->nd + 1);
    w->pipeline = calloc(rows, sizeof *w->pipeline);
    w->flow = calloc(rows * WS_NIND, sizeof *w->flow);
    w->cum = calloc(rows * WS_NIND, sizeof *w->cum);
    w->ind = calloc(rows * WS_NIND, sizeof *w->ind);
    w->prev_dwellings = calloc(rows, sizeof *w->prev_dwellings);
    if (!w->st || !w->pipeline || !w->flow || !w->cum || !w->ind || !w->prev_dwellings ||
        counts_alloc(w) != WS_OK)
        goto nomem;
    /* The processes' streams (the stock's is used only by world_initial): one
     * generator, cloned (ws_rng_reseed). */
    for (int k = 0, first = -1; k < WS_NRNG; k++) {
        if (k == WS_RNG_STOCK)
            continue;
        w->rng[k] = first < 0 ? gsl_rng_alloc(ws_rng_type) : gsl_rng_clone(w->rng[first]);
        if (!w->rng[k])
            goto nomem;
        first = first < 0 ? k : first;
        ws_rng_reseed(w->rng[k], ws_stream_seed(sc->seed, run, k));
    }
    if (base) {
        const ws_world *p = base->w;
        ws_stock_copy(w->st, p->st);
        memcpy(w->tot, p->tot, sizeof *w->tot * (size_t)w->nd);
        memcpy(w->cond_hist, p->cond_hist,
               sizeof *w->cond_hist * ((size_t)w->nd * (size_t)w->cond_bins + 1));
        ws_energy_set_prices(w, ws_month_year(sc->start));
    } else if (world_initial(w) != WS_OK) {
        goto nomem;
    }
    if (ws_woondeal_alloc(w) != WS_OK || ws_permit_alloc(w) != WS_OK ||
        ws_retrofit_alloc(w) != WS_OK || ws_market_alloc(w) != WS_OK ||
        ws_corp_alloc(w) != WS_OK)
        goto nomem;
    /* The state before the first month, so that the identity holds from month one. */
    ws_indicators_step(w);
    for (int d = 0; d <= w->nd; d++)
        w->prev_dwellings[d] = lround(w->ind[d * WS_NIND + WS_I_DWELLINGS]);
    return w;
nomem:
    ws_world_free(w);
    ws_error_set(err, WS_ENOMEM, "out of memory creating run %d", run);
    return NULL;
}

ws_world *ws_world_alloc(const ws_scenario *sc, int run, ws_error *err)
{
    return world_create(sc, NULL, run, err);
}

ws_world *ws_world_alloc_from(const ws_base *base, int run, ws_error *err)
{
    return world_create(base->sc, base, run, err);
}

ws_world *ws_world_alloc_shared(const ws_scenario *sc, const ws_base *base, int run,
                                ws_error *err)
{
    return world_create(sc, base, run, err);
}

ws_base *ws_base_alloc(const ws_scenario *sc, ws_error *err)
{
    ws_base *b = calloc(1, sizeof *b);
    ws_world *w = calloc(1, sizeof *w);
    long n = stock_capacity(sc);
    if (!b || !w)
        goto nomem;
    b->sc = sc;
    b->w = w;
    w->sc = sc;
    w->nd = sc->ndistricts;
    w->st = ws_stock_alloc(n, sc->nnbh);
    if (!w->st || counts_alloc(w) != WS_OK || world_initial(w) != WS_OK ||
        ws_retrofit_prepare(w) != WS_OK || ws_market_prepare(w) != WS_OK)
        goto nomem;
    return b;
nomem:
    ws_world_free(w);
    free(b);
    ws_error_set(err, WS_ENOMEM, "out of memory generating the stock");
    return NULL;
}

void ws_base_free(ws_base *b)
{
    if (!b)
        return;
    ws_world_free(b->w);
    free(b);
}

void ws_world_free(ws_world *w)
{
    if (!w)
        return;
    ws_woondeal_free(w);
    ws_permit_free(w);
    ws_retrofit_free(w);
    ws_market_free(w);
    ws_corp_free(w);
    for (int k = 0; k < WS_NRNG; k++)
        gsl_rng_free(w->rng[k]);
    ws_stock_free(w->st);
    free(w->tot);
    free(w->pipeline);
    free(w->flow);
    free(w->cum);
    free(w->ind);
    free(w->prev_dwellings);
    free(w->index_effective);
    free(w->cond_hist);
    free(w->nfig);
    free(w->ncond_hist);
    free(w->gas_year);
    free(w->elec_year);
    free(w->price_bounds);
    free(w);
}

int ws_world_step(ws_world *w)
{
    if (ws_world_done(w))
        return WS_EINPUT;
    for (int d = 0; d <= w->nd; d++)
        w->prev_dwellings[d] = lround(w->ind[d * WS_NIND + WS_I_DWELLINGS]);
    memset(w->flow, 0, sizeof(double) * (size_t)(w->nd + 1) * WS_NIND);
    w->month++;
    for (int p = 0; p < NPROCESS; p++) {
        int st = process_table[p].run(w);
        if (st != WS_OK)
            return st;
    }
#ifdef WS_CHECK_INVARIANTS
    /* Test builds (make SAN=1) check every invariant after every step. */
    char msg[256];
    int check = ws_world_check(w, msg, sizeof msg);
    if (check == WS_ERUNTIME) {
        char date[8];
        ws_month_format(w->month, date);
        fprintf(stderr, "woonsim: invariant violated in run %d at %s: %s\n", w->run, date, msg);
    }
    if (check != WS_OK)
        return check; /* a violation, or no memory to check with */
#endif
    return WS_OK;
}

int ws_world_done(const ws_world *w) { return w->month >= w->sc->end; }
ws_month ws_world_month(const ws_world *w) { return w->month; }
const ws_stock *ws_world_stock(const ws_world *w) { return w->st; }
const ws_scenario *ws_world_scenario(const ws_world *w) { return w->sc; }
