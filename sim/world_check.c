/* The world's invariants (ws_world_check): the running totals and the condition
 * histogram equal a recount of the stock, the stored poverty flags follow the rule,
 * the stock accounting identity holds, and the area's totals are its districts' sums. */
#include "energy.h"
#include "ledger.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ws_world_check(const ws_world *w, char *msg, size_t size)
{
    int nd = w->nd;
    ws_totals *re = calloc((size_t)nd, sizeof *re);
    if (!re) {
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    /* Recount from the stock with the stored poverty flags. */
    const ws_stock *st = w->st;
    int failed = 0;
    for (long i = 0; i < st->n; i++) {
        if (st->landlord[i] > st->landlords && !failed) {
            failed = 1; /* a new landlord would get a taken id */
            snprintf(msg, size, "dwelling %ld: landlord %lu above the %lu in use", i,
                     (unsigned long)st->landlord[i], (unsigned long)st->landlords);
        }
        if (ws_stock_life(st, i) != WS_LIFE_STANDING)
            continue;
        ws_totals *t = &re[ws_w_district(w, i)];
        int occ = (st->flags[i] & WS_F_OCCUPIED) != 0;
        int zp = (st->flags[i] & WS_F_ZONE) && ws_stock_tenure(st, i) == WS_TENURE_PRIVATE;
        t->standing++;
        t->tenure[ws_stock_tenure(st, i)]++;
        t->occupied += occ;
        t->vacant += !occ;
        t->substandard += ws_ledger_substandard(w, i);
        t->label_b += ws_label_of_index(st->energy_index[i]) <= WS_LABEL_B;
        t->zone_private += zp;
        t->permits += zp && (st->flags[i] & WS_F_PERMIT);
        if (occ) {
            long g, e, h;
            ws_energy_use(w, i, &g, &e, &h);
            t->gas += g;
            t->elec += e;
            t->heat += h;
            int poor = (st->flags[i] & WS_F_POOR) != 0;
            t->poor += poor;
            /* The stored flag is the rule at this year's prices (the review years). */
            int rule = ws_energy_poor_at(w, i, g, e, h, w->gas_price, w->elec_price);
            if (poor != rule && !failed) {
                failed = 1;
                snprintf(msg, size, "dwelling %ld: energy poverty %d, but the rule says %d",
                         i, poor, rule);
            }
        }
    }
    if (failed) {
        free(re);
        return WS_ERUNTIME;
    }
    int rc = WS_ERUNTIME;
    size_t bins = (size_t)w->cond_bins;
    uint32_t *hist = calloc((size_t)nd * bins + 1, sizeof *hist);
    if (!hist) {
        free(re);
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    for (long i = 0; i < st->n; i++)
        if (ws_stock_life(st, i) == WS_LIFE_STANDING)
            hist[(size_t)ws_w_district(w, i) * bins + st->condition[i]]++;
    if (memcmp(hist, w->cond_hist, sizeof *hist * (size_t)nd * bins) != 0) {
        snprintf(msg, size, "condition histogram differs from a recount");
        goto out;
    }
    for (int d = 0; d < nd; d++) {
        if (memcmp(&re[d], &w->tot[d], sizeof re[d]) != 0) {
            snprintf(msg, size, "district %s: running totals differ from a recount",
                     w->sc->districts[d].id);
            goto out;
        }
    }
    for (int d = 0; d <= nd; d++) {
        const double *v = w->ind + d * WS_NIND;
        const char *id = d < nd ? w->sc->districts[d].id : "total";
        if (lround(v[WS_I_DWELLINGS]) !=
            w->prev_dwellings[d] + lround(v[WS_I_COMPLETIONS]) - lround(v[WS_I_DEMOLITIONS])) {
            snprintf(msg, size, "%s: dwellings %.0f != %ld + %.0f - %.0f", id,
                     v[WS_I_DWELLINGS], w->prev_dwellings[d], v[WS_I_COMPLETIONS],
                     v[WS_I_DEMOLITIONS]);
            goto out;
        }
        for (int k = 0; k < WS_NIND; k++) {
            /* net_added is negative while demolition runs ahead of construction. */
            if ((v[k] < 0 && k != WS_I_NET_ADDED) || !isfinite(v[k])) {
                snprintf(msg, size, "%s: %s = %g", id, ws_indicator_table[k].name, v[k]);
                goto out;
            }
        }
        if (!(v[WS_I_RETROFIT_OFFERED] >= v[WS_I_RETROFIT_ADOPTED] &&
              v[WS_I_RETROFIT_ADOPTED] >= v[WS_I_RETROFIT_COMPLETED])) {
            snprintf(msg, size, "%s: retrofit offered %.0f adopted %.0f completed %.0f", id,
                     v[WS_I_RETROFIT_OFFERED], v[WS_I_RETROFIT_ADOPTED],
                     v[WS_I_RETROFIT_COMPLETED]);
            goto out;
        }
    }
    for (int k = 0; k < WS_NIND; k++) {
        if (!ws_indicator_table[k].additive)
            continue;
        double sum = 0;
        for (int d = 0; d < nd; d++)
            sum += w->ind[d * WS_NIND + k];
        double tot = w->ind[nd * WS_NIND + k];
        if (fabs(sum - tot) > 1e-6 * (fabs(tot) + 1)) {
            snprintf(msg, size, "total %s = %g but districts sum to %g",
                     ws_indicator_table[k].name, tot, sum);
            goto out;
        }
    }
    rc = WS_OK;
out:
    free(hist);
    free(re);
    return rc;
}
