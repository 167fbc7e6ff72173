/* Viewer indicators: the catalogue and its values at every level. */
#include "ind.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_statistics_double.h>

const vw_indicator vw_indicators[] = {
    {"label-b", VW_S_IND_LABEL_B, VW_F_LABEL_B, VW_F_STANDING, 100,
     VW_S_U_PERCENT_DWELLINGS, VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"energy-poor", VW_S_IND_POOR, VW_F_POOR, VW_F_OCCUPIED, 100, VW_S_U_PERCENT_OCCUPIED,
     VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"retrofitted", VW_S_IND_RETRO, VW_F_RETRO_DONE, VW_F_STANDING, 100,
     VW_S_U_PERCENT_DWELLINGS, VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"substandard", VW_S_IND_SUBSTANDARD, VW_F_SUBSTANDARD, VW_F_STANDING, 100,
     VW_S_U_PERCENT_DWELLINGS, VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"private", VW_S_IND_PRIVATE, VW_F_PRIVATE, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"social", VW_S_IND_SOCIAL, VW_F_SOCIAL, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"owner", VW_S_IND_OWNER, VW_F_OWNER, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"vacant", VW_S_IND_VACANT, VW_F_VACANT, VW_F_STANDING, 100, VW_S_U_PERCENT_DWELLINGS,
     VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"liveability", VW_S_IND_LIVEABILITY, VW_F_LIVEABILITY, -1, 1, VW_S_U_SCORE,
     VW_S_U_SCORE, 2, 2, 0, 0, 10},
    {"permits", VW_S_IND_PERMITS, VW_F_PERMITS, VW_F_ZONE_PRIVATE, 100,
     VW_S_U_PERCENT_PRIVATE_ZONE, VW_S_U_DWELLINGS, 1, 0, 0, 0, 0},
    {"dwellings", VW_S_IND_DWELLINGS, VW_F_STANDING, -1, 1, VW_S_U_DWELLINGS,
     VW_S_U_DWELLINGS, 0, 0, 0, 0, 0},
    {"net-added", VW_S_IND_NET_ADDED, VW_F_NET_ADDED, -1, 1, VW_S_U_DWELLINGS,
     VW_S_U_DWELLINGS, 0, 0, 1, 0, 0},
    {"energy-cost", VW_S_IND_ENERGY_COST, VW_F_ENERGY_COST, -1, 1, VW_S_U_EUR_YEAR,
     VW_S_U_EUR_YEAR, 0, 0, 0, 0, 0},
    {"gas", VW_S_IND_GAS, VW_F_GAS, VW_F_STANDING, 1, VW_S_U_M3_YEAR_DW, VW_S_U_M3_YEAR, 0, 0, 0, 0, 0},
    {"co2", VW_S_IND_CO2, VW_F_CO2, VW_F_STANDING, 1, VW_S_U_T_YEAR_DW, VW_S_U_T_YEAR, 2, 0, 0, 0, 0},
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

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int vw_quantiles(double *v, int n, double q[3])
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i]))
            v[m++] = v[i];
    if (m == 0) {
        q[0] = q[1] = q[2] = NAN;
        return 0;
    }
    /* woonsim compare's definition (cli_quantiles): GSL's interpolated quantile of the
     * sorted values */
    qsort(v, (size_t)m, sizeof *v, cmp_double);
    q[0] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)m, 0.5);
    q[1] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)m, 0.05);
    q[2] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)m, 0.95);
    return m;
}

/* The figure vector of map unit b (a neighbourhood, or its district when the indicator
 * has no neighbourhood level) in run r at index t. */
static const double *unit_fig(const vw_timeline *s, int ind, int r, int t, int b)
{
    if (vw_indicator_nbh_level(ind))
        return vw_timeline_nbh_run(s, r, t, b);
    return vw_timeline_fig(s, r, t, s->sc->nbh[b].district);
}

double vw_map_value_run(const vw_timeline *s, int ind, int rel, int run, int t, int b)
{
    if (run >= 0 || s->runs == 1)
        return vw_indicator_value(ind, rel, unit_fig(s, ind, run > 0 ? run : 0, t, b));
    for (int r = 0; r < s->runs; r++)
        s->tmp[r] = vw_indicator_value(ind, rel, unit_fig(s, ind, r, t, b));
    double q[3];
    vw_quantiles(s->tmp, s->runs, q);
    return q[0];
}

double vw_map_value(const vw_timeline *s, int ind, int rel, int t, int b)
{
    return vw_map_value_run(s, ind, rel, -1, t, b);
}

double vw_district_value(const vw_timeline *s, int ind, int rel, int run, int t, int d,
                         double q[3])
{
    if (run >= 0 || s->runs == 1) {
        q[0] = q[1] = q[2] = vw_indicator_value(ind, rel,
                                                vw_timeline_fig(s, run > 0 ? run : 0, t, d));
        return q[0];
    }
    for (int r = 0; r < s->runs; r++)
        s->tmp[r] = vw_indicator_value(ind, rel, vw_timeline_fig(s, r, t, d));
    vw_quantiles(s->tmp, s->runs, q);
    return q[0];
}

/* A range symmetric around zero with round ends covering [-m, m]. */
static vw_range symmetric(double m)
{
    vw_range r = vw_nice_range(0, m > 0 ? m : 1, 3, NULL);
    return (vw_range){-r.hi, r.hi};
}

vw_range vw_map_range(const vw_timeline *const *s, int n, int ind, int rel, int run)
{
    double mn = INFINITY, mx = -INFINITY;
    for (int k = 0; k < n; k++) {
        const vw_timeline *sim = s[k];
        for (int t = 0; t < sim->months; t++)
            for (int b = 0; b < sim->nnbh; b++) {
                double v = vw_map_value_run(sim, ind, rel, run, t, b);
                if (isfinite(v)) {
                    mn = fmin(mn, v);
                    mx = fmax(mx, v);
                }
            }
    }
    if (mn > mx)
        mn = mx = 0;
    const vw_indicator *d = &vw_indicators[ind];
    if (d->fix_hi > d->fix_lo) /* an index on its documented range */
        return (vw_range){fmin(d->fix_lo, mn), fmax(d->fix_hi, mx)};
    if (d->is_signed) /* neutral zero in the middle */
        return symmetric(fmax(fabs(mn), fabs(mx)));
    /* A share scale starts at zero when the values are not far from it. */
    if (rel && d->den >= 0 && mn >= 0 && mn < 0.35 * mx)
        mn = 0;
    return vw_nice_range(mn, mx, 5, NULL);
}

double vw_diff_value(const vw_timeline *a, const vw_timeline *b, int ind, int rel, int run,
                     int t, int nb)
{
    int ta = t < a->months ? t : a->months - 1, tb = t < b->months ? t : b->months - 1;
    if (run >= 0 || a->runs == 1) {
        int r = run > 0 ? run : 0;
        return vw_indicator_value(ind, rel, unit_fig(b, ind, r, tb, nb)) -
               vw_indicator_value(ind, rel, unit_fig(a, ind, r, ta, nb));
    }
    for (int r = 0; r < a->runs; r++) /* paired by run, as woonsim compare */
        a->tmp[r] = vw_indicator_value(ind, rel, unit_fig(b, ind, r, tb, nb)) -
                    vw_indicator_value(ind, rel, unit_fig(a, ind, r, ta, nb));
    double q[3];
    vw_quantiles(a->tmp, a->runs, q);
    return q[0];
}

vw_range vw_diff_range(const vw_timeline *const *s, int n, int ind, int rel, int run, int t)
{
    double mx = 0;
    int t0 = t < 0 ? 0 : t, t1 = t < 0 ? s[0]->months : t + 1;
    for (int k = 1; k < n; k++)
        for (int m = t0; m < t1; m++)
            for (int b = 0; b < s[0]->nnbh; b++) {
                double v = vw_diff_value(s[0], s[k], ind, rel, run, m, b);
                if (isfinite(v))
                    mx = fmax(mx, fabs(v));
            }
    return symmetric(mx);
}

void vw_series(const vw_timeline *s, int ind, int rel, int d, int r, double *out)
{
    double q[3];
    for (int t = 0; t < s->months; t++)
        out[t] = vw_district_value(s, ind, rel, r, t, d, q);
}

void vw_band(const vw_timeline *s, int ind, int rel, int d, double *lo, double *hi,
             double *scratch)
{
    for (int t = 0; t < s->months; t++) {
        double q[3];
        for (int r = 0; r < s->runs; r++)
            scratch[r] = vw_indicator_value(ind, rel, vw_timeline_fig(s, r, t, d));
        vw_quantiles(scratch, s->runs, q);
        lo[t] = q[1];
        hi[t] = q[2];
    }
}
