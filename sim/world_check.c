/* The world's invariants (ws_world_check): the running totals and the condition
 * histogram equal a recount of the stock, the stored poverty flags follow the rule,
 * the stock accounting identity holds, and the area's totals are its districts' sums. */
#include "energy.h"
#include "ledger.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Recounts the totals of every district into re (nd, zeroed) from the stock, with the
 * stored poverty flags, checking on the way that every landlord id is in use and that
 * each stored flag is the rule's at this year's prices. Returns 0, or 1 with msg set. */
static int recount(const ws_world *w, ws_totals *re, char *msg, size_t size)
{
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
            /* LILEK recounted from its definition (income band, label E/F/G). */
            int lilek = st->income_band[i] == WS_INCOME_LOW &&
                        ws_label_of_index(st->energy_index[i]) >= WS_LABEL_E;
            t->poor_lihe += poor;
            t->poor_lilek += lilek;
            t->poor += poor || lilek;
            t->poor_children += (poor || lilek) && ws_stock_children(st, i);
            /* The stored flag is the rule at this year's prices (the review years). */
            int rule = ws_energy_poor_at(w, i, g, e, h, w->gas_price, w->elec_price);
            if (poor != rule && !failed) {
                failed = 1;
                snprintf(msg, size, "dwelling %ld: energy poverty %d, but the rule says %d",
                         i, poor, rule);
            }
        }
    }
    return failed;
}

/* The condition histogram against a recount of the standing stock: WS_OK, WS_ERUNTIME
 * or WS_ENOMEM, with msg set. */
static int check_histogram(const ws_world *w, char *msg, size_t size)
{
    const ws_stock *st = w->st;
    size_t bins = (size_t)w->cond_bins, nd = (size_t)w->nd;
    uint32_t *hist = calloc(nd * bins + 1, sizeof *hist);
    if (!hist) {
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    for (long i = 0; i < st->n; i++)
        if (ws_stock_life(st, i) == WS_LIFE_STANDING)
            hist[(size_t)ws_w_district(w, i) * bins + st->condition[i]]++;
    int rc = WS_OK;
    if (memcmp(hist, w->cond_hist, sizeof *hist * nd * bins) != 0) {
        snprintf(msg, size, "condition histogram differs from a recount");
        rc = WS_ERUNTIME;
    }
    free(hist);
    return rc;
}

/* One row of indicators (a district's, or the area's with id "total"): the stock
 * accounting identity, no negative or non-finite value, offered >= adopted >=
 * completed. Returns 0, or 1 with msg set. */
static int check_row(const ws_world *w, int d, const char *id, char *msg, size_t size)
{
    const double *v = w->ind + d * WS_NIND;
    if (lround(v[WS_I_DWELLINGS]) !=
        w->prev_dwellings[d] + lround(v[WS_I_COMPLETIONS]) - lround(v[WS_I_DEMOLITIONS])) {
        snprintf(msg, size, "%s: dwellings %.0f != %ld + %.0f - %.0f", id,
                 v[WS_I_DWELLINGS], w->prev_dwellings[d], v[WS_I_COMPLETIONS],
                 v[WS_I_DEMOLITIONS]);
        return 1;
    }
    for (int k = 0; k < WS_NIND; k++) {
        /* net_added is negative while demolition runs ahead of construction. */
        if ((v[k] < 0 && k != WS_I_NET_ADDED) || !isfinite(v[k])) {
            snprintf(msg, size, "%s: %s = %g", id, ws_indicator_table[k].name, v[k]);
            return 1;
        }
    }
    if (!(v[WS_I_RETROFIT_OFFERED] >= v[WS_I_RETROFIT_ADOPTED] &&
          v[WS_I_RETROFIT_ADOPTED] >= v[WS_I_RETROFIT_COMPLETED])) {
        snprintf(msg, size, "%s: retrofit offered %.0f adopted %.0f completed %.0f", id,
                 v[WS_I_RETROFIT_OFFERED], v[WS_I_RETROFIT_ADOPTED],
                 v[WS_I_RETROFIT_COMPLETED]);
        return 1;
    }
    return 0;
}

/* Every additive indicator's area total is the sum of its districts'. Returns 0, or 1
 * with msg set. */
static int check_sums(const ws_world *w, char *msg, size_t size)
{
    int nd = w->nd;
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
            return 1;
        }
    }
    return 0;
}

/* The neighbourhoods' running figures, when kept, against a count of the stock. Returns
 * WS_OK, WS_ERUNTIME with msg set, or WS_ENOMEM. */
static int check_nbh(const ws_world *w, char *msg, size_t size)
{
    if (!w->nfig)
        return WS_OK;
    ws_figures *re = calloc((size_t)w->sc->nnbh + 1, sizeof *re);
    if (!re) {
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    ws_figures_nbh(w, re);
    int rc = WS_OK;
    for (int b = 0; b < w->sc->nnbh && rc == WS_OK; b++) {
        if (memcmp(&re[b], &w->nfig[b], sizeof re[b]) != 0) {
            snprintf(msg, size, "neighbourhood %s: running figures differ from a count",
                     w->sc->nbh[b].id);
            rc = WS_ERUNTIME;
        }
    }
    free(re);
    return rc;
}

int ws_world_check(const ws_world *w, char *msg, size_t size)
{
    int nd = w->nd;
    ws_totals *re = calloc((size_t)nd, sizeof *re);
    if (!re) {
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    int rc = recount(w, re, msg, size) ? WS_ERUNTIME : check_histogram(w, msg, size);
    for (int d = 0; d < nd && rc == WS_OK; d++) {
        if (memcmp(&re[d], &w->tot[d], sizeof re[d]) != 0) {
            snprintf(msg, size, "district %s: running totals differ from a recount",
                     w->sc->districts[d].id);
            rc = WS_ERUNTIME;
        }
    }
    free(re);
    for (int d = 0; d <= nd && rc == WS_OK; d++)
        if (check_row(w, d, d < nd ? w->sc->districts[d].id : "total", msg, size))
            rc = WS_ERUNTIME;
    if (rc == WS_OK && check_sums(w, msg, size))
        rc = WS_ERUNTIME;
    if (rc == WS_OK)
        rc = check_nbh(w, msg, size);
    return rc;
}
