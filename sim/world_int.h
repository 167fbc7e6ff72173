/* The world's data, shared by the modules below sim/world.c (the ledger, the energy
 * rules, the processes); not part of the public interface. Only data and inline reads:
 * nothing here calls up into sim/world.c. */
#ifndef WOONSIM_WORLD_INT_H
#define WOONSIM_WORLD_INT_H

#include <gsl/gsl_rng.h>

#include "rng.h"
#include "woonsim/figures.h"
#include "woonsim/world.h"

/* Random streams: one per process, so that switching one policy off leaves the random
 * numbers of the others unchanged (common random numbers between scenarios). */
enum { WS_RNG_STOCK, WS_RNG_WOONDEAL, WS_RNG_PERMIT, WS_RNG_RETROFIT, WS_RNG_MARKET,
       WS_NRNG };

/* The running totals of one district (sim/ledger.h). */
typedef struct ws_totals ws_totals;

typedef struct ws_woondeal_state ws_woondeal_state;
typedef struct ws_permit_state ws_permit_state;
typedef struct ws_retrofit_state ws_retrofit_state;
typedef struct ws_market_state ws_market_state;
typedef struct ws_corp_state ws_corp_state;

struct ws_world {
    const ws_scenario *sc;
    int run;
    int nd;                  /* districts */
    ws_month month;          /* month of the current indicators */
    ws_stock *st;
    gsl_rng *rng[WS_NRNG];
    ws_totals *tot;          /* nd */
    long *pipeline;          /* nd: dwellings planned or under construction */
    double *flow;            /* (nd + 1) x WS_NIND: events this month */
    double *cum;             /* (nd + 1) x WS_NIND: events since start */
    double *ind;             /* (nd + 1) x WS_NIND: indicators of the month */
    long *prev_dwellings;    /* nd + 1: dwellings at the end of the previous month */
    double gas_price, elec_price, grid_co2; /* prices of the current year */
    double *index_effective; /* WS_INDEX_TABLE: effective energy index per stored index */
    /* Energy use = demand (m3 gas for a boiler) split by heating system:
     * demand = demand_coef[type] x effective index x floor area; gas = demand x
     * gas_share[h], electricity = base + demand x elec_per_demand[h], district heat =
     * demand x heat_share[h] (precomputed from the scenario, see ws_energy_use in sim/energy.h). */
    double demand_coef[WS_NTYPE];
    double gas_share[WS_NHEAT], elec_per_demand[WS_NHEAT], heat_share[WS_NHEAT];
    int label_b_max;         /* the highest energy index of label B */
    int label_d_max;         /* the highest energy index of label D (E/F/G above it) */
    /* Prices of every year of the run (index 0: the start year), for deciding in
     * advance when a household's energy poverty changes (ws_stock.review). */
    int nyears;
    double *gas_year, *elec_year;
    double *price_bounds;    /* 2 x nyears lowest, then highest (gas, electricity) prices
                                from each year to the end */
    int cond_cut;            /* substandard below this condition (1/255 units) */
    int cond_bins;           /* histogram bins per district (stored values) */
    uint32_t *cond_hist;     /* nd x cond_bins: standing dwellings by stored condition */
    int price_year;
    ws_woondeal_state *wd;
    ws_permit_state *pm;
    ws_retrofit_state *rf;
    ws_market_state *mk;
    ws_corp_state *cp;       /* the corporations' programme, NULL when off */
    /* For a run made from a base (ws_world_alloc_from): the base's own world, whose
     * initial stock is this one's. The processes take from its states what depends on
     * the initial stock only (the market's runs of districts, the retrofit's ranking)
     * rather than compute it again. NULL otherwise, and in the base's world itself. */
    const ws_world *proto;
    /* Neighbourhood figures kept as running totals (ws_figures_track), so that reading
     * them needs no pass over the stock; NULL when not kept (the command line does not
     * keep them). nfig: nnbh; ncond_hist: nnbh x cond_bins, as cond_hist. */
    ws_figures *nfig;
    uint32_t *ncond_hist;
};

/* District of dwelling i. */
static inline int ws_w_district(const ws_world *w, long i)
{
    return w->sc->nbh[w->st->nbh[i]].district;
}

#endif
