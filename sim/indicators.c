/* Process 6, indicators: the month's indicators of every district and of the whole
 * area, read from the ledger's running totals and the month's event counts. */
#include "indicators.h"
#include "ledger.h"
#include "woonsim/figures.h"

#include <string.h>

const ws_indicator_info ws_indicator_table[WS_NIND] = {
    [WS_I_DWELLINGS] = {"dwellings", 0, WS_KIND_STATE, 1},
    [WS_I_COMPLETIONS] = {"completions", 0, WS_KIND_FLOW, 1},
    [WS_I_DEMOLITIONS] = {"demolitions", 0, WS_KIND_FLOW, 1},
    [WS_I_NET_ADDED] = {"net_added", 0, WS_KIND_CUMUL, 1},
    [WS_I_PIPELINE] = {"pipeline", 0, WS_KIND_STATE, 1},
    [WS_I_OWNER] = {"owner", 0, WS_KIND_STATE, 1},
    [WS_I_SOCIAL] = {"social", 0, WS_KIND_STATE, 1},
    [WS_I_PRIVATE] = {"private", 0, WS_KIND_STATE, 1},
    [WS_I_PRIVATE_IN_ZONE] = {"private_in_zone", 0, WS_KIND_STATE, 1},
    [WS_I_PERMITS_ACTIVE] = {"permits_active", 0, WS_KIND_STATE, 1},
    [WS_I_INSPECTIONS] = {"inspections", 0, WS_KIND_FLOW, 1},
    [WS_I_VIOLATIONS_FOUND] = {"violations_found", 0, WS_KIND_CUMUL, 1},
    [WS_I_SUBSTANDARD] = {"substandard", 0, WS_KIND_STATE, 1},
    [WS_I_RETROFIT_OFFERED] = {"retrofit_offered", 0, WS_KIND_CUMUL, 1},
    [WS_I_RETROFIT_ADOPTED] = {"retrofit_adopted", 0, WS_KIND_CUMUL, 1},
    [WS_I_RETROFIT_COMPLETED] = {"retrofit_completed", 0, WS_KIND_CUMUL, 1},
    [WS_I_GAS_M3] = {"gas_m3", 0, WS_KIND_STATE, 1},
    [WS_I_CO2_T] = {"co2_t", 1, WS_KIND_STATE, 1},
    [WS_I_ENERGY_COST_EUR] = {"energy_cost_eur", 0, WS_KIND_STATE, 0},
    [WS_I_ENERGY_POOR] = {"energy_poor", 0, WS_KIND_STATE, 1},
    [WS_I_LIVEABILITY] = {"liveability", 2, WS_KIND_STATE, 0},
    [WS_I_ELECTRICITY_KWH] = {"electricity_kwh", 0, WS_KIND_STATE, 1},
    [WS_I_VACANT] = {"vacant", 0, WS_KIND_STATE, 1},
    [WS_I_LABEL_B_OR_BETTER] = {"label_b_or_better", 0, WS_KIND_STATE, 1},
    [WS_I_SUBSIDY_EUR] = {"subsidy_eur", 0, WS_KIND_CUMUL, 1},
    [WS_I_RETROFIT_QUEUE] = {"retrofit_queue", 0, WS_KIND_STATE, 1},
    [WS_I_PERMIT_QUEUE] = {"permit_queue", 0, WS_KIND_STATE, 1},
    [WS_I_LANDLORD_EXITS] = {"landlord_exits", 0, WS_KIND_CUMUL, 1},
    [WS_I_FEES_EUR] = {"fees_eur", 0, WS_KIND_CUMUL, 1},
    [WS_I_FINES_EUR] = {"fines_eur", 0, WS_KIND_CUMUL, 1},
    [WS_I_INSPECTION_HOURS] = {"inspection_hours", 0, WS_KIND_CUMUL, 1},
    [WS_I_SALES] = {"sales", 0, WS_KIND_FLOW, 1},
    [WS_I_BUY_TO_LET] = {"buy_to_let", 0, WS_KIND_FLOW, 1},
    [WS_I_ENERGY_POOR_LIHE] = {"energy_poor_lihe", 0, WS_KIND_STATE, 1},
    [WS_I_ENERGY_POOR_LILEK] = {"energy_poor_lilek", 0, WS_KIND_STATE, 1},
    [WS_I_ENERGY_POOR_CHILDREN] = {"energy_poor_children", 0, WS_KIND_STATE, 1},
    [WS_I_CORPORATION_WORKS] = {"corporation_works", 0, WS_KIND_CUMUL, 1},
    [WS_I_PRIVATE_SOLD_TO_OWNER] = {"private_sold_to_owner", 0, WS_KIND_FLOW, 1},
};

/* Process 6. Flows are the month's counts, cumulative indicators their sums since the
 * start, states read from the totals (a queue length: its counted changes). */
int ws_indicators_step(ws_world *w)
{
    const ws_liveability_params *lv = &w->sc->liveability;
    int nd = w->nd;
    ws_totals all;
    memset(&all, 0, sizeof all);
    /* Which indicators are flows (the month's) rather than counts since the start. */
    uint8_t is_flow[WS_NIND];
    for (int k = 0; k < WS_NIND; k++)
        is_flow[k] = ws_indicator_table[k].kind == WS_KIND_FLOW;
    double *area_flow = w->flow + nd * WS_NIND;
    for (int d = 0; d <= nd; d++) {
        double *v = w->ind + d * WS_NIND;
        double *flow = w->flow + d * WS_NIND, *cum = w->cum + d * WS_NIND;
        /* District flows also feed the area's (whose row comes last). */
        if (d < nd)
            for (int k = 0; k < WS_NIND; k++)
                area_flow[k] += flow[k];
        for (int k = 0; k < WS_NIND; k++) {
            double c = cum[k] + flow[k];
            cum[k] = c;
            v[k] = is_flow[k] ? flow[k] : c;
        }
        const ws_totals *t;
        long pipeline;
        if (d < nd) {
            t = &w->tot[d];
            pipeline = w->pipeline[d];
            all.standing += t->standing;
            all.occupied += t->occupied;
            all.vacant += t->vacant;
            all.substandard += t->substandard;
            all.poor += t->poor;
            all.poor_lihe += t->poor_lihe;
            all.poor_lilek += t->poor_lilek;
            all.poor_children += t->poor_children;
            all.zone_private += t->zone_private;
            all.permits += t->permits;
            all.label_b += t->label_b;
            for (int k = 0; k < WS_NTENURE; k++)
                all.tenure[k] += t->tenure[k];
            all.gas += t->gas;
            all.elec += t->elec;
            all.heat += t->heat;
        } else {
            t = &all;
            pipeline = 0;
            for (int k = 0; k < nd; k++)
                pipeline += w->pipeline[k];
        }
        v[WS_I_DWELLINGS] = (double)t->standing;
        v[WS_I_NET_ADDED] = cum[WS_I_COMPLETIONS] - cum[WS_I_DEMOLITIONS];
        v[WS_I_PIPELINE] = (double)pipeline;
        v[WS_I_OWNER] = (double)t->tenure[WS_TENURE_OWNER];
        v[WS_I_SOCIAL] = (double)t->tenure[WS_TENURE_SOCIAL];
        v[WS_I_PRIVATE] = (double)t->tenure[WS_TENURE_PRIVATE];
        v[WS_I_PRIVATE_IN_ZONE] = (double)t->zone_private;
        v[WS_I_PERMITS_ACTIVE] = (double)t->permits;
        v[WS_I_SUBSTANDARD] = (double)t->substandard;
        v[WS_I_GAS_M3] = (double)t->gas;
        v[WS_I_ELECTRICITY_KWH] = (double)t->elec;
        v[WS_I_CO2_T] =
            ((double)t->gas * w->sc->energy.co2_gas + (double)t->elec * w->grid_co2) / 1000.0;
        v[WS_I_ENERGY_COST_EUR] =
            t->occupied ? ((double)(t->gas + t->heat) * w->gas_price +
                           (double)t->elec * w->elec_price) / (double)t->occupied
                        : 0;
        v[WS_I_ENERGY_POOR] = (double)t->poor;
        v[WS_I_ENERGY_POOR_LIHE] = (double)t->poor_lihe;
        v[WS_I_ENERGY_POOR_LILEK] = (double)t->poor_lilek;
        v[WS_I_ENERGY_POOR_CHILDREN] = (double)t->poor_children;
        v[WS_I_VACANT] = (double)t->vacant;
        v[WS_I_LABEL_B_OR_BETTER] = (double)t->label_b;
        v[WS_I_LIVEABILITY] = ws_figures_liveability(lv, t->standing, t->occupied,
                                                     t->substandard, t->poor, t->vacant);
    }
    return WS_OK;
}

const double *ws_world_indicators(const ws_world *w, int d)
{
    return w->ind + (size_t)d * WS_NIND;
}
