/* World internals shared by the process modules (sim/woondeal.c, sim/permit.c,
 * sim/retrofit.c, sim/market.c); not part of the public interface. */
#ifndef WOONSIM_WORLD_INT_H
#define WOONSIM_WORLD_INT_H

#include <gsl/gsl_rng.h>

#include "rng.h"
#include "woonsim/world.h"

/* Random streams: one per process, so that switching one policy off leaves the random
 * numbers of the others unchanged (common random numbers between scenarios). */
enum { WS_RNG_STOCK, WS_RNG_WOONDEAL, WS_RNG_PERMIT, WS_RNG_RETROFIT, WS_RNG_MARKET,
       WS_NRNG };

/* Running totals of one district, kept up to date on every change of a dwelling. */
typedef struct {
    long standing, occupied, vacant, substandard, poor, zone_private, permits, label_b;
    long tenure[WS_NTENURE];
    long long gas, elec, heat; /* m3, kWh, m3 gas-equivalent of district heat, per year */
} ws_totals;

typedef struct ws_woondeal_state ws_woondeal_state;
typedef struct ws_permit_state ws_permit_state;
typedef struct ws_retrofit_state ws_retrofit_state;
typedef struct ws_market_state ws_market_state;

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
     * demand x heat_share[h] (precomputed from the scenario, see ws_w_energy). */
    double demand_coef[WS_NTYPE];
    double gas_share[WS_NHEAT], elec_per_demand[WS_NHEAT], heat_share[WS_NHEAT];
    int label_b_max;         /* the highest energy index of label B */
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
    /* For a run made from a base (ws_world_alloc_from): the base's own world, whose
     * initial stock is this one's. The processes take from its states what depends on
     * the initial stock only (the market's runs of districts, the retrofit's ranking)
     * rather than compute it again. NULL otherwise, and in the base's world itself. */
    const ws_world *proto;
};

/* Energy indices below this are looked up in a table (above: computed). */
#define WS_INDEX_TABLE 1024
/* The index at which label-based and actual use agree (kWh/m2.yr). */
#define WS_INDEX_REFERENCE 200.0

/* District of dwelling i. */
static inline int ws_w_district(const ws_world *w, long i)
{
    return w->sc->nbh[w->st->nbh[i]].district;
}

/* 1 if dwelling i counts as substandard (the one place the rule is written): its
 * condition in 1/255 units is below cond_cut = ceil(threshold x 255). */
static inline int ws_w_substandard(const ws_world *w, long i)
{
    return (int)w->st->condition[i] < w->cond_cut + w->st->decay_offset;
}

/* Sets the condition of dwelling i of district d (0..255 units, clipped), keeping the
 * totals exact; cheaper than a full ws_w_account pair because only the substandard
 * count and the condition histogram depend on it. The caller passes d (the market's
 * walks know it: on a large stock looking it up is a cache miss). */
void ws_w_set_condition(ws_world *w, int d, long i, int condition);

/* The same for a standing dwelling i and a condition in 0..255 units, but only if that
 * is better than its condition now; without a branch on the comparison, whose outcome
 * is a coin toss (maintenance). */
void ws_w_raise_condition(ws_world *w, int d, long i, int condition);

/* A year's decay of every dwelling's condition by units (1/255): one addition to the
 * stock's offset, and the dwellings that cross the threshold are counted from the
 * per-district histogram of stored conditions. */
void ws_w_decay(ws_world *w, int units);

/* Adds (sign +1) or removes (sign -1) dwelling i's contribution to its district's
 * totals. Call with -1 before changing a standing dwelling and +1 after. */
void ws_w_account(ws_world *w, long i, int sign);

/* A new household (drawn from rng) moves into standing dwelling i, occupied or vacant
 * before; nothing else about the dwelling changes. The same as ws_w_account -1, setting
 * the occupied flag and the household, +1, but with one energy computation. */
void ws_w_rehouse(ws_world *w, long i, gsl_rng *rng);

/* ws_w_rehouse in two halves, for moves handled in a batch: the households drawn first
 * (ws_stock_draw_household), then for each the rest of the move (ws_w_moved_in). The
 * second half of one move does not wait for the draws of the next: the processor
 * overlaps the moves' long chains of dependent arithmetic. */
void ws_w_moved_in(ws_world *w, long i);

/* The household of standing, occupied dwelling i of district d moves out (the totals
 * follow). */
void ws_w_vacate(ws_world *w, int d, long i);

/* Records n events of indicator k in district d this month. Flow indicators show the
 * month's sum, cumulative ones the sum since start; a state indicator that is not
 * derived from the totals (a queue length) is kept by counting its changes (+1, -1). */
static inline void ws_w_count(ws_world *w, int d, int k, double n)
{
    w->flow[d * WS_NIND + k] += n;
}

/* Annual gas (m3), electricity (kWh) and district heat (m3 gas-equivalent) of i. */
void ws_w_energy(const ws_world *w, long i, long *gas, long *elec, long *heat);

/* The same were dwelling i's energy index and heating system these (a retrofit's
 * outcome, before the works). */
void ws_w_energy_as(const ws_world *w, long i, uint16_t index, int heating, long *gas,
                    long *elec, long *heat);

/* Process entry points (each returns WS_OK or an error status). */
int ws_woondeal_alloc(ws_world *w);
void ws_woondeal_free(ws_world *w);
int ws_woondeal_step(ws_world *w);
int ws_permit_alloc(ws_world *w);
void ws_permit_free(ws_world *w);
int ws_permit_step(ws_world *w);
int ws_retrofit_alloc(ws_world *w);
/* For a base's world (ws_base_alloc): only what runs from it share (ws_world.proto). */
int ws_retrofit_prepare(ws_world *w);
void ws_retrofit_free(ws_world *w);
int ws_retrofit_step(ws_world *w);
/* Dwelling i has become standing private rent outside the permit process (a
 * buy-to-let, a completion): in a zone, its landlord can apply and it can be reported
 * from the permit's next draws on. Cannot fail. */
void ws_permit_let(ws_world *w, long i);
int ws_market_alloc(ws_world *w);
/* For a base's world (ws_base_alloc): only what runs from it share (ws_world.proto). */
int ws_market_prepare(ws_world *w);
void ws_market_free(ws_world *w);
int ws_market_step(ws_world *w);

/* Dwellings the woondeal can add (for the stock's capacity). */
long ws_woondeal_capacity(const ws_scenario *sc);

/* Appends the dwellings of every active project (planned, in project and batch order)
 * to a freshly generated stock, drawing their attributes from rng (the stock's stream).
 * Returns WS_OK or WS_ENOMEM (capacity exhausted). */
int ws_woondeal_plan(ws_stock *st, const ws_scenario *sc, gsl_rng *rng);

#endif
