/* Viewer indicators: the catalogue and its values at every level. */
#include "ind.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const vw_indicator vw_indicators[] = {
    {"label-b", VW_S_IND_LABEL_B, VW_F_LABEL_B, VW_F_STANDING, 100,
     VW_S_U_PERCENT_DWELLINGS, VW_S_U_DWELLINGS, 1, 0},
    {"energy-poor", VW_S_IND_POOR, VW_F_POOR, VW_F_OCCUPIED, 100, VW_S_U_PERCENT_OCCUPIED,
     VW_S_U_DWELLINGS, 1, 0},
    {"retrofitted", VW_S_IND_RETRO, VW_F_RETRO_DONE, VW_F_STANDING, 100,
     VW_S_U_PERCENT_DWELLINGS, VW_S_U_DWELLINGS, 1, 0},
    {"substandard", VW_S_IND_SUBSTANDARD, VW_F_SUBSTANDARD, VW_F_STANDING, 100,
     VW_S_U_PERCENT_DWELLINGS, VW_S_U_DWELLINGS, 1, 0},
    {"private", VW_S_IND_PRIVATE, VW_F_PRIVATE, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0},
    {"social", VW_S_IND_SOCIAL, VW_F_SOCIAL, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0},
    {"owner", VW_S_IND_OWNER, VW_F_OWNER, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0},
    {"vacant", VW_S_IND_VACANT, VW_F_VACANT, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0},
    {"liveability", VW_S_IND_LIVEABILITY, VW_F_LIVEABILITY, -1, 1, VW_S_U_SCORE,
     VW_S_U_SCORE, 2, 2},
    {"permits", VW_S_IND_PERMITS, VW_F_PERMITS, VW_F_ZONE_PRIVATE, 100,
     VW_S_U_PERCENT_PRIVATE_ZONE, VW_S_U_DWELLINGS, 1, 0},
    {"dwellings", VW_S_IND_DWELLINGS, VW_F_STANDING, -1, 1, VW_S_U_DWELLINGS,
     VW_S_U_DWELLINGS, 0, 0},
    {"net-added", VW_S_IND_NET_ADDED, VW_F_NET_ADDED, -1, 1, VW_S_U_DWELLINGS,
     VW_S_U_DWELLINGS, 0, 0},
    {"energy-cost", VW_S_IND_ENERGY_COST, VW_F_ENERGY_COST, -1, 1, VW_S_U_EUR_YEAR,
     VW_S_U_EUR_YEAR, 0, 0},
    {"gas", VW_S_IND_GAS, VW_F_GAS, VW_F_STANDING, 1, VW_S_U_M3_YEAR_DW, VW_S_U_M3_YEAR, 0, 0},
    {"co2", VW_S_IND_CO2, VW_F_CO2, VW_F_STANDING, 1, VW_S_U_T_YEAR_DW, VW_S_U_T_YEAR, 2, 0},
};
const int vw_nindicators = (int)(sizeof vw_indicators / sizeof vw_indicators[0]);

int vw_indicator_find(const char *key)
{
    for (int i = 0; key && i < vw_nindicators; i++)
        if (strcmp(vw_indicators[i].key, key) == 0)
            return i;
    return -1;
}

int vw_indicator_nbh_level(int ind)
{
    const vw_indicator *d = &vw_indicators[ind];
    return d->num < VW_NF_NBH && (d->den < 0 || d->den < VW_NF_NBH);
}

double vw_indicator_value(int ind, int rel, const double *f)
{
    const vw_indicator *d = &vw_indicators[ind];
    double v = f[d->num];
    if (!rel || d->den < 0)
        return v;
    double n = f[d->den];
    if (isnan(v) || isnan(n))
        return NAN;
    return n > 0 ? v / n * d->factor : NAN; /* no dwellings: no share */
}

vw_str vw_indicator_unit(int ind, int rel)
{
    const vw_indicator *d = &vw_indicators[ind];
    return rel && d->den >= 0 ? d->unit_rel : d->unit_abs;
}

int vw_indicator_decimals(int ind, int rel)
{
    const vw_indicator *d = &vw_indicators[ind];
    return rel && d->den >= 0 ? d->dec_rel : d->dec_abs;
}

double vw_map_value(const vw_timeline *s, int ind, int rel, int t, int b)
{
    if (vw_indicator_nbh_level(ind))
        return vw_indicator_value(ind, rel, vw_timeline_nbh(s, t, b));
    return vw_indicator_value(ind, rel, vw_timeline_fig(s, 0, t, s->sc->nbh[b].district));
}

vw_range vw_map_range(const vw_timeline *const *s, int n, int ind, int rel)
{
    double mn = INFINITY, mx = -INFINITY;
    for (int k = 0; k < n; k++) {
        const vw_timeline *sim = s[k];
        for (int t = 0; t < sim->months; t++)
            for (int b = 0; b < sim->nnbh; b++) {
                double v = vw_map_value(sim, ind, rel, t, b);
                if (isfinite(v)) {
                    mn = fmin(mn, v);
                    mx = fmax(mx, v);
                }
            }
    }
    if (mn > mx)
        mn = mx = 0;
    /* A share scale starts at zero when the values are not far from it. */
    if (rel && vw_indicators[ind].den >= 0 && mn >= 0 && mn < 0.35 * mx)
        mn = 0;
    return vw_nice_range(mn, mx, 5, NULL);
}

void vw_series(const vw_timeline *s, int ind, int rel, int d, int r, double *out)
{
    for (int t = 0; t < s->months; t++)
        out[t] = vw_indicator_value(ind, rel, vw_timeline_fig(s, r, t, d));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(const double *sorted, int n, double p)
{
    double h = (n - 1) * p;
    int i = (int)floor(h);
    if (i + 1 >= n)
        return sorted[n - 1];
    return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

void vw_band(const vw_timeline *s, int ind, int rel, int d, double *lo, double *hi,
             double *scratch)
{
    for (int t = 0; t < s->months; t++) {
        for (int r = 0; r < s->runs; r++)
            scratch[r] = vw_indicator_value(ind, rel, vw_timeline_fig(s, r, t, d));
        qsort(scratch, (size_t)s->runs, sizeof *scratch, cmp_double);
        lo[t] = quantile(scratch, s->runs, 0.05);
        hi[t] = quantile(scratch, s->runs, 0.95);
    }
}
