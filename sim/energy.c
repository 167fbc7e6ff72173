/* Process 5, energy and affordability: the energy tables and prices of the run, the
 * energy poverty rule's decisions, and the yearly review of energy poverty at the new
 * year's prices. The month-to-month changes of energy use are booked by the ledger
 * (sim/ledger.c) as the dwellings change. */
#include "energy.h"
#include "ledger.h"

#include <string.h>

/* kWh in a cubic metre of Groningen-quality gas (lower heating value about 31.65 MJ). */
#define KWH_PER_M3 8.79
/* Seasonal efficiency of the gas boiler the heat demand is expressed against. */
#define BOILER_EFFICIENCY 0.9

/* Heat demand as the gas a condensing boiler would burn: calibrated factor x the
 * effective energy index x floor area x type factor. The effective index
 * I_ref (I / I_ref)^elasticity damps the label-based differences, as measured use
 * differs far less between labels than the label calculation says (MODEL.md 3.2).
 * A hybrid heat pump leaves a share of the demand to gas and covers the rest at its
 * COP; a heat pump covers it all; district heat is priced as gas-equivalent. */
void ws_energy_tables(ws_world *w)
{
    const ws_energy_params *e = &w->sc->energy;
    if (w->proto)
        memcpy(w->index_effective, w->proto->index_effective,
               sizeof *w->index_effective * WS_INDEX_TABLE);
    else
        for (int k = 0; k < WS_INDEX_TABLE; k++)
            w->index_effective[k] =
                WS_INDEX_REFERENCE * pow(k / WS_INDEX_REFERENCE, e->index_elasticity);
    for (int t = 0; t < WS_NTYPE; t++)
        w->demand_coef[t] = e->gas_per_index * e->type_factor[t];
    double heat_kwh = KWH_PER_M3 * BOILER_EFFICIENCY; /* kWh of heat per m3 of demand */
    for (int h = 0; h < WS_NHEAT; h++)
        w->gas_share[h] = w->elec_per_demand[h] = w->heat_share[h] = 0;
    w->gas_share[WS_HEAT_GAS] = 1;
    w->gas_share[WS_HEAT_HYBRID] = e->hybrid_gas_share;
    w->elec_per_demand[WS_HEAT_HYBRID] = heat_kwh * (1 - e->hybrid_gas_share) / e->heat_pump_cop;
    w->elec_per_demand[WS_HEAT_PUMP] = heat_kwh / e->heat_pump_cop;
    w->heat_share[WS_HEAT_DISTRICT] = 1;
    w->label_b_max = (int)floor(ws_label_upper(WS_LABEL_B));
    w->label_d_max = (int)floor(ws_label_upper(WS_LABEL_D));
    for (int y = 0; y < w->nyears; y++) {
        w->gas_year[y] = ws_series_at(&w->sc->gas_price, ws_month_year(w->sc->start) + y);
        w->elec_year[y] = ws_series_at(&w->sc->elec_price, ws_month_year(w->sc->start) + y);
    }
    /* Lowest and highest gas and electricity prices from year y to the end. */
    double *lo = w->price_bounds, *hi = w->price_bounds + 2 * w->nyears;
    for (int y = w->nyears - 1; y >= 0; y--) {
        int last = y == w->nyears - 1;
        lo[2 * y] = last ? w->gas_year[y] : fmin(w->gas_year[y], lo[2 * y + 2]);
        lo[2 * y + 1] = last ? w->elec_year[y] : fmin(w->elec_year[y], lo[2 * y + 3]);
        hi[2 * y] = last ? w->gas_year[y] : fmax(w->gas_year[y], hi[2 * y + 2]);
        hi[2 * y + 1] = last ? w->elec_year[y] : fmax(w->elec_year[y], hi[2 * y + 3]);
    }
}

/* Decides the poverty flag of occupied dwelling i at the current prices, and the
 * first later year of the run whose prices would decide otherwise (its review year):
 * use and income do not change without a new decision (ws_ledger_account), so only prices
 * can change it, and the yearly re-decision visits only the dwellings due. */
void ws_energy_decide_poverty(ws_world *w, long i, long gas, long elec, long heat)
{
    ws_stock *st = w->st;
    int poor = ws_energy_poor_at(w, i, gas, elec, heat, w->gas_price, w->elec_price);
    st->flags[i] = (uint8_t)(poor ? st->flags[i] | WS_F_POOR : st->flags[i] & ~WS_F_POOR);
    int review = 255;
    if (st->income_band[i] == WS_INCOME_LOW) {
        /* poor_at, year by year, with what does not change hoisted. */
        double g = (double)(gas + heat), e = (double)elec, limit = ws_energy_poverty_limit(w, i);
        const double *gy = w->gas_year, *ey = w->elec_year;
        int y = w->price_year - ws_month_year(w->sc->start) + 1;
        /* Most households are far from the limit: the cost at the lowest (highest)
         * later prices already shows that they stay poor (not poor). Rounding is
         * monotonic, so the bound holds for the computed costs too. */
        const double *lo = w->price_bounds, *hi = w->price_bounds + 2 * w->nyears;
        if (y < w->nyears &&
            ((poor && ws_energy_poverty_cost(g, e, lo[2 * y], lo[2 * y + 1]) > limit) ||
             (!poor && !(ws_energy_poverty_cost(g, e, hi[2 * y], hi[2 * y + 1]) > limit))))
            y = w->nyears;
        for (; y < w->nyears; y++) {
            if ((ws_energy_poverty_cost(g, e, gy[y], ey[y]) > limit) != poor) {
                review = y;
                break;
            }
        }
    }
    st->review[i] = (uint8_t)review;
}

void ws_energy_set_prices(ws_world *w, int year)
{
    const ws_scenario *sc = w->sc;
    w->price_year = year;
    w->gas_price = ws_series_at(&sc->gas_price, year);
    w->elec_price = ws_series_at(&sc->elec_price, year);
    w->grid_co2 = ws_series_at(&sc->grid_co2, year);
}

/* Re-decides energy poverty at the new year's prices: only the households whose
 * review year it is can change (found by a byte scan of the review years, in batches
 * whose dwellings are prefetched: on a large stock each is a cache miss). */
static void poverty_review(ws_world *w)
{
    ws_stock *st = w->st;
    int y = w->price_year - ws_month_year(w->sc->start);
    const uint8_t *review = st->review, *end = review + st->n, *p = review;
    for (int more = 1; more;) {
        long due[32];
        int n = 0;
        while (n < 32 && (p = memchr(p, y, (size_t)(end - p))) != NULL) {
            due[n] = p - review;
            __builtin_prefetch(&st->flags[due[n]]);
            __builtin_prefetch(&st->energy_index[due[n]]);
            __builtin_prefetch(&st->floor_area[due[n]]);
            __builtin_prefetch(&st->fabric[due[n]]);
            __builtin_prefetch(&st->income_band[due[n]]);
            __builtin_prefetch(&st->income[due[n]]);
            __builtin_prefetch(&st->nbh[due[n]]);
            n++;
            p++;
        }
        more = n == 32;
        for (int k = 0; k < n; k++) {
            long i = due[k];
            if (ws_stock_life(st, i) != WS_LIFE_STANDING || !(st->flags[i] & WS_F_OCCUPIED)) {
                st->review[i] = 255;
                continue;
            }
            long gas, elec, heat;
            ws_energy_use(w, i, &gas, &elec, &heat);
            int was = (st->flags[i] & WS_F_POOR) != 0, lilek = ws_energy_lilek(w, i);
            ws_energy_decide_poverty(w, i, gas, elec, heat);
            /* Of the dwelling's totals only the LIHE leg (prices) and with it the
             * union can change: booked straight into the ledger's (a call back into it
             * would be a loop). */
            int now = (st->flags[i] & WS_F_POOR) != 0;
            ws_totals *t = &w->tot[ws_w_district(w, i)];
            t->poor_lihe += now - was;
            int change = (now | lilek) - (was | lilek);
            t->poor += change;
            t->poor_children += change * ws_stock_children(st, i);
            if (w->nfig) { /* the neighbourhood's running figures likewise */
                w->nfig[st->nbh[i]].poor_lihe += now - was;
                w->nfig[st->nbh[i]].poor += change;
            }
        }
    }
}

/* Process 5. Running totals carry the month-to-month changes; prices change by year, so
 * in a new year energy poverty is re-decided where the new prices change it. */
int ws_energy_step(ws_world *w)
{
    int year = ws_month_year(w->month);
    if (year != w->price_year) {
        ws_energy_set_prices(w, year);
        poverty_review(w);
    }
    return WS_OK;
}
