/* Energy use and energy poverty of a dwelling: the rules of process 5 (sim/energy.c),
 * inline here because every change of the running totals (sim/ledger.c) applies them. */
#ifndef WOONSIM_ENERGY_H
#define WOONSIM_ENERGY_H

#include <math.h>

#include "world_int.h"

/* Energy indices below this are looked up in a table (above: computed). */
#define WS_INDEX_TABLE 1024
/* The index at which label-based and actual use agree (kWh/m2.yr). */
#define WS_INDEX_REFERENCE 200.0

/* Energy use of a dwelling of this type, heating system, energy index and floor area. */
static inline void ws_energy_at(const ws_world *w, int type, int h, uint16_t ei, uint16_t area,
                                long *gas, long *elec, long *heat)
{
    double eff = ei < WS_INDEX_TABLE ? w->index_effective[ei]
                                     : WS_INDEX_REFERENCE * pow(ei / WS_INDEX_REFERENCE,
                                                                w->sc->energy.index_elasticity);
    double demand = w->demand_coef[type] * eff * area;
    *gas = ws_round(demand * w->gas_share[h]);
    *elec = ws_round(w->sc->energy.base_electricity + demand * w->elec_per_demand[h]);
    *heat = ws_round(demand * w->heat_share[h]);
}

/* Annual gas (m3), electricity (kWh) and district heat (m3 gas-equivalent) of i. */
static inline void ws_energy_use(const ws_world *w, long i, long *gas, long *elec, long *heat)
{
    const ws_stock *st = w->st;
    ws_energy_at(w, ws_stock_type(st, i), ws_stock_heating(st, i), st->energy_index[i],
                 st->floor_area[i], gas, elec, heat);
}

/* The same were dwelling i's energy index and heating system these (a retrofit's
 * outcome, before the works). */
static inline void ws_energy_use_as(const ws_world *w, long i, uint16_t index, int heating,
                                    long *gas, long *elec, long *heat)
{
    ws_energy_at(w, ws_stock_type(w->st, i), heating, index, w->st->floor_area[i], gas, elec,
                 heat);
}

/* Energy poverty's first leg, LIHE (the one place the rule is written): a low-income
 * household whose energy costs at the prices (gas_price, elec_price) exceed
 * poverty-share of its income. Stored as the WS_F_POOR flag; energy_poor counts the
 * households in either leg (this or ws_energy_lilek). */
static inline double ws_energy_poverty_cost(double gas_heat, double elec, double gas_price,
                                             double elec_price)
{
    return gas_heat * gas_price + elec * elec_price;
}

static inline double ws_energy_poverty_limit(const ws_world *w, long i)
{
    return w->sc->energy.poverty_share * w->st->income[i] * 10.0;
}

static inline int ws_energy_poor_at(const ws_world *w, long i, long gas, long elec, long heat,
                                    double gas_price, double elec_price)
{
    /* Both sides evaluated, without a branch on the income band (a coin toss). */
    return (w->st->income_band[i] == WS_INCOME_LOW) &
           (ws_energy_poverty_cost((double)(gas + heat), (double)elec, gas_price, elec_price) >
            ws_energy_poverty_limit(w, i));
}

/* The second leg of the CBS/TNO monitor (MODEL.md 3.2): a low-income household in a
 * home of low energy quality, here label E, F or G (an energy index above label D's
 * band). Depends on the household and the dwelling only, not on prices, so it needs no
 * stored flag: it changes only where the ledger takes the dwelling out and back in. */
static inline int ws_energy_lilek(const ws_world *w, long i)
{
    return (w->st->income_band[i] == WS_INCOME_LOW) &
           (w->st->energy_index[i] > w->label_d_max);
}

/* Fills the world's energy tables from the scenario (a run made from a base copies the
 * base's effective index table): the effective index, the demand coefficients, the
 * heating systems' shares and the prices of every year. Cannot fail. */
void ws_energy_tables(ws_world *w);

/* Sets the prices (gas, electricity, the grid's CO2) of year. Cannot fail. */
void ws_energy_set_prices(ws_world *w, int year);

/* Decides the poverty flag of occupied dwelling i, whose annual use is (gas, elec,
 * heat), at the current prices, and its review year (ws_stock.review): the first later
 * year whose prices would decide otherwise. Does not touch the totals. */
void ws_energy_decide_poverty(ws_world *w, long i, long gas, long elec, long heat);

/* Process 5: in a new year, the year's prices, and energy poverty re-decided where
 * they change it. Returns WS_OK. */
int ws_energy_step(ws_world *w);

#endif
