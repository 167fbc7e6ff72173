/* The analysis of a sweep's results: per-point quantiles, the share of replicate noise,
 * Sobol indices (Saltelli 2010 first order, Jansen 1999 total, on centred outputs, as in
 * SALib's analyze/sobol.py) and Morris effects (mu, mu*, sigma), each with a bootstrap
 * 95 % interval seeded from the store's seed. Indices are computed on point means, so
 * replicate noise is reported apart (noise_share) instead of counted as an effect.
 * Reads a ws_sweep_results (store.c); prints nothing. */
#include "woonsim/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#define BOOTSTRAP WS_SWEEP_BOOTSTRAP

/* ---------------------------------------------------------------- estimators */

int ws_sobol_indices(const double *fA, const double *fB, const double *fAB, int n, int k,
                     double *S1, double *ST)
{
    double mean = 0, var = 0;
    for (int j = 0; j < n; j++)
        mean += fA[j] + fB[j];
    mean /= 2.0 * n;
    for (int j = 0; j < n; j++)
        var += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean);
    var /= 2.0 * n; /* the population variance, as SALib's np.var */
    if (!(var > 1e-300 + 1e-24 * mean * mean)) {
        for (int i = 0; i < k; i++)
            S1[i] = ST[i] = 0;
        return WS_ERUNTIME;
    }
    for (int i = 0; i < k; i++) {
        const double *ab = fAB + (long)i * n;
        double s = 0, t = 0;
        for (int j = 0; j < n; j++) {
            /* Centred: (fB - mean)(fAB - fA); the raw fB would add mean * (fAB - fA),
             * whose sampling error swamps the index when the mean is far above the
             * spread. */
            s += (fB[j] - mean) * (ab[j] - fA[j]);
            t += (fA[j] - ab[j]) * (fA[j] - ab[j]);
        }
        S1[i] = s / n / var;
        ST[i] = t / (2.0 * n) / var;
    }
    return WS_OK;
}

void ws_morris_effects(const double *f, const int *order, const double *delta, int r, int k,
                       double *mu, double *mu_star, double *sigma)
{
    for (int i = 0; i < k; i++) {
        double sum_abs = 0, sum = 0, sum2 = 0;
        int n = 0;
        for (int t = 0; t < r; t++) {
            for (int s = 0; s < k; s++) {
                if (order[t * k + s] != i)
                    continue;
                double ee = (f[t * (k + 1) + s + 1] - f[t * (k + 1) + s]) / delta[t * k + s];
                sum_abs += fabs(ee);
                sum += ee;
                sum2 += ee * ee;
                n++;
            }
        }
        mu_star[i] = n ? sum_abs / n : 0;
        mu[i] = n ? sum / n : 0;
        sigma[i] = n > 1 ? sqrt(fmax(0, (sum2 - n * mu[i] * mu[i]) / (n - 1))) : 0;
    }
}

/* ---------------------------------------------------------------- per point */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean over the replicates of point p, output o (NaN if none). */
static double point_mean(const ws_sweep_results *d, int p, int o)
{
    double sum = 0;
    int n = 0;
    for (int r = 0; r < d->replicates; r++) {
        double v = ws_sweep_results_get(d, p, r, o);
        if (isfinite(v)) {
            sum += v;
            n++;
        }
    }
    return n ? sum / n : NAN;
}

/* The per-point rows: mean and quantiles over the replicates that have a value. */
static int summary_points(ws_sweep_summary *s, const ws_sweep_results *d)
{
    double *v = malloc(sizeof *v * (size_t)(d->replicates > 0 ? d->replicates : 1));
    s->rows = malloc(sizeof *s->rows * (size_t)(d->npoints > 0 && d->noutputs > 0
                                                   ? (long)d->npoints * d->noutputs
                                                   : 1));
    if (!v || !s->rows) {
        free(v);
        return WS_ENOMEM;
    }
    for (int p = 0; p < d->npoints; p++) {
        for (int o = 0; o < d->noutputs; o++) {
            int n = 0;
            double sum = 0;
            for (int r = 0; r < d->replicates; r++) {
                double x = ws_sweep_results_get(d, p, r, o);
                if (isfinite(x)) {
                    v[n++] = x;
                    sum += x;
                }
            }
            if (n == 0)
                continue;
            qsort(v, (size_t)n, sizeof *v, cmp_double);
            ws_sweep_point_row *row = &s->rows[s->nrows++];
            row->point = p;
            row->output = o;
            row->runs = n;
            row->mean = sum / n;
            row->q05 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.05);
            row->q50 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.5);
            row->q95 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.95);
        }
    }
    free(v);
    return WS_OK;
}

/* The 2.5 % and 97.5 % quantiles of the BOOTSTRAP values x (sorted here). */
static void interval(double *x, double *lo, double *hi)
{
    gsl_sort(x, 1, BOOTSTRAP);
    *lo = gsl_stats_quantile_from_sorted_data(x, 1, BOOTSTRAP, 0.025);
    *hi = gsl_stats_quantile_from_sorted_data(x, 1, BOOTSTRAP, 0.975);
}

/* The bootstraps' generator, set for one output: the same stream for every output, so
 * an interval does not depend on which outputs the sweep keeps. */
static void bootstrap_seed(gsl_rng *rng, const ws_sweep_results *d)
{
    gsl_rng_set(rng, d->seed ? d->seed : 1);
}

/* ---------------------------------------------------------------- noise */

/* Sum of squares within the points pick[0..n) and in total, for output o. */
static double noise_share_of(const ws_sweep_results *d, int o, const int *pick, int n)
{
    double sum = 0, within = 0, total = 0;
    long m = 0;
    for (int i = 0; i < n; i++)
        for (int r = 0; r < d->replicates; r++) {
            double v = ws_sweep_results_get(d, pick[i], r, o);
            if (isfinite(v)) {
                sum += v;
                m++;
            }
        }
    if (m < 2)
        return NAN;
    double grand = sum / (double)m;
    for (int i = 0; i < n; i++) {
        double pm = point_mean(d, pick[i], o);
        for (int r = 0; r < d->replicates; r++) {
            double v = ws_sweep_results_get(d, pick[i], r, o);
            if (isfinite(v)) {
                within += (v - pm) * (v - pm);
                total += (v - grand) * (v - grand);
            }
        }
    }
    return total > 1e-24 * grand * grand && total > 0 ? within / total : NAN;
}

/* noise_share per output with its interval from resampling points. */
static int summary_noise(ws_sweep_summary *s, const ws_sweep_results *d)
{
    s->noise = malloc(sizeof *s->noise * (size_t)(3 * d->noutputs + 1));
    int np = d->npoints > 0 ? d->npoints : 1;
    int *pick = malloc(sizeof *pick * (size_t)np);
    double *boot = malloc(sizeof *boot * BOOTSTRAP);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int st = s->noise && pick && boot && rng ? WS_OK : WS_ENOMEM;
    for (int o = 0; st == WS_OK && o < d->noutputs; o++) {
        double *x = s->noise + 3 * o;
        for (int p = 0; p < d->npoints; p++)
            pick[p] = p;
        x[0] = x[1] = x[2] = NAN;
        if (d->replicates < 2 || isnan(x[0] = noise_share_of(d, o, pick, d->npoints)))
            continue;
        bootstrap_seed(rng, d);
        for (int b = 0; b < BOOTSTRAP; b++) {
            for (int p = 0; p < d->npoints; p++)
                pick[p] = (int)gsl_rng_uniform_int(rng, (unsigned long)d->npoints);
            boot[b] = noise_share_of(d, o, pick, d->npoints);
            if (isnan(boot[b]))
                boot[b] = 0; /* a resample of constant points: no between variance either */
        }
        interval(boot, &x[1], &x[2]);
    }
    free(pick);
    free(boot);
    gsl_rng_free(rng);
    return st;
}

/* ---------------------------------------------------------------- Sobol */

/* Bootstrap 95 % intervals of output index row idx (k parameters) from the point means
 * fA, fB, fAB (n base rows), resampling the base rows. */
static void sobol_bootstrap(const double *fA, const double *fB, const double *fAB, int n,
                            int k, double *work, gsl_rng *rng, ws_sweep_index *idx)
{
    double *bA = work, *bB = bA + n, *bAB = bB + n, *bs1 = bAB + (long)n * k;
    double *bst = bs1 + (long)BOOTSTRAP * k;
    for (int b = 0; b < BOOTSTRAP; b++) {
        for (int j = 0; j < n; j++) {
            unsigned long r = gsl_rng_uniform_int(rng, (unsigned long)n);
            bA[j] = fA[r];
            bB[j] = fB[r];
            for (int i = 0; i < k; i++)
                bAB[(long)i * n + j] = fAB[(long)i * n + (long)r];
        }
        double s1[WS_SWEEP_MAX_PARAMS], stt[WS_SWEEP_MAX_PARAMS];
        ws_sobol_indices(bA, bB, bAB, n, k, s1, stt);
        for (int i = 0; i < k; i++) {
            bs1[(long)i * BOOTSTRAP + b] = s1[i];
            bst[(long)i * BOOTSTRAP + b] = stt[i];
        }
    }
    for (int i = 0; i < k; i++) {
        interval(bs1 + (long)i * BOOTSTRAP, &idx[i].s1_lo, &idx[i].s1_hi);
        interval(bst + (long)i * BOOTSTRAP, &idx[i].st_lo, &idx[i].st_hi);
    }
}

/* The point means of output o at base row j's k + 2 points (A, B, AB_1..AB_k) into
 * row; returns 0 when one of them has no run yet (the row is left out). */
static int sobol_row(const ws_sweep_results *d, int o, int j, double *row)
{
    int k = d->nparams, ok = 1;
    for (int i = 0; i < k + 2; i++) {
        row[i] = point_mean(d, j * (k + 2) + i, o);
        if (!isfinite(row[i]))
            ok = 0;
    }
    return ok;
}

/* Sobol indices with bootstrap 95 % intervals, when the points are a Saltelli design. */
static int summary_sobol(ws_sweep_summary *s, const ws_sweep_results *d)
{
    int k = d->nparams, n = d->samples;
    if (d->npoints != n * (k + 2))
        return WS_OK;
    size_t sz = (size_t)n * (size_t)(k + 2);
    /* calloc: every element is written before it is read; zeroed for the analyser */
    double *f = calloc(sz, sizeof(double)), *rows = calloc(sz, sizeof(double));
    double *work = malloc(sizeof(double) * (sz + 2 * BOOTSTRAP * (size_t)k));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    s->index = calloc((size_t)(d->noutputs * k + 1), sizeof *s->index);
    int st = f && rows && work && rng && s->index ? WS_OK : WS_ENOMEM;
    double S1[WS_SWEEP_MAX_PARAMS], ST[WS_SWEEP_MAX_PARAMS];
    for (int o = 0; st == WS_OK && o < d->noutputs; o++) {
        ws_sweep_index *idx = s->index + (long)o * k;
        int m = 0; /* base rows complete so far */
        for (int j = 0; j < n; j++)
            m += sobol_row(d, o, j, rows + (long)m * (k + 2));
        double *fA = f, *fB = f + m, *fAB = f + 2 * m;
        for (int j = 0; j < m; j++) {
            fA[j] = rows[(long)j * (k + 2)];
            fB[j] = rows[(long)j * (k + 2) + 1];
            for (int i = 0; i < k; i++)
                fAB[(long)i * m + j] = rows[(long)j * (k + 2) + 2 + i];
        }
        if (m < 2 || ws_sobol_indices(fA, fB, fAB, m, k, S1, ST) != WS_OK)
            continue; /* no variance: idx[].valid stays 0 */
        bootstrap_seed(rng, d);
        sobol_bootstrap(fA, fB, fAB, m, k, work, rng, idx);
        for (int i = 0; i < k; i++) {
            idx[i].valid = 1;
            idx[i].s1 = S1[i];
            idx[i].st = ST[i];
        }
    }
    if (st == WS_OK)
        s->indices = WS_SWEEP_INDICES_SOBOL;
    free(f);
    free(rows);
    free(work);
    gsl_rng_free(rng);
    return st;
}

/* ---------------------------------------------------------------- Morris */

/* Reads the moved parameter and its signed unit step at every step of every
 * trajectory from the stored unit coordinates. */
static void morris_steps(const ws_sweep_results *d, int *order, double *delta)
{
    int k = d->nparams;
    for (int t = 0; t < d->samples; t++) {
        for (int j0 = 0; j0 < k; j0++) {
            const double *a = d->units + (long)(t * (k + 1) + j0) * k;
            const double *b = a + k;
            order[t * k + j0] = 0;
            delta[t * k + j0] = 1;
            for (int j = 0; j < k; j++) {
                if (fabs(b[j] - a[j]) > 1e-12) {
                    order[t * k + j0] = j;
                    delta[t * k + j0] = b[j] - a[j];
                }
            }
        }
    }
}

/* Intervals of mu, mu* and sigma of one output: trajectories resampled. w holds
 * r (k + 1) + 2 r k + 3 BOOTSTRAP k doubles; iw r k ints. */
static void morris_bootstrap(const double *f, const int *order, const double *delta, int r,
                             int k, double *w, int *iw, gsl_rng *rng, ws_sweep_index *idx)
{
    double *bf = w, *bd = bf + (long)r * (k + 1), *bmu = bd + (long)r * k;
    double *bms = bmu + (long)BOOTSTRAP * k, *bsg = bms + (long)BOOTSTRAP * k;
    for (int b = 0; b < BOOTSTRAP; b++) {
        for (int t = 0; t < r; t++) {
            long u = (long)gsl_rng_uniform_int(rng, (unsigned long)r);
            memcpy(bf + (long)t * (k + 1), f + u * (k + 1), sizeof(double) * (size_t)(k + 1));
            memcpy(bd + (long)t * k, delta + u * k, sizeof(double) * (size_t)k);
            memcpy(iw + (long)t * k, order + u * k, sizeof(int) * (size_t)k);
        }
        double mu[WS_SWEEP_MAX_PARAMS], ms[WS_SWEEP_MAX_PARAMS], sg[WS_SWEEP_MAX_PARAMS];
        ws_morris_effects(bf, iw, bd, r, k, mu, ms, sg);
        for (int i = 0; i < k; i++) {
            bmu[(long)i * BOOTSTRAP + b] = mu[i];
            bms[(long)i * BOOTSTRAP + b] = ms[i];
            bsg[(long)i * BOOTSTRAP + b] = sg[i];
        }
    }
    for (int i = 0; i < k; i++) {
        interval(bmu + (long)i * BOOTSTRAP, &idx[i].mu_lo, &idx[i].mu_hi);
        interval(bms + (long)i * BOOTSTRAP, &idx[i].mu_star_lo, &idx[i].mu_star_hi);
        interval(bsg + (long)i * BOOTSTRAP, &idx[i].sigma_lo, &idx[i].sigma_hi);
    }
}

/* Morris mu, mu* and sigma with intervals, from the unit coordinates of the stored
 * trajectories; outputs with a missing run are left out (valid 0). */
static int summary_morris(ws_sweep_summary *s, const ws_sweep_results *d)
{
    int k = d->nparams, r = d->samples;
    if (d->npoints != r * (k + 1))
        return WS_OK;
    size_t rk = (size_t)r * (size_t)k;
    double *f = calloc((size_t)d->npoints + 1, sizeof(double));
    int *order = malloc(sizeof(int) * rk), *iw = malloc(sizeof(int) * rk);
    double *delta = calloc(rk + 1, sizeof(double));
    double *w = malloc(sizeof(double) * ((size_t)d->npoints + 2 * rk + 3 * BOOTSTRAP * (size_t)k));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    s->index = calloc((size_t)(d->noutputs * k + 1), sizeof *s->index);
    int st = f && order && iw && delta && w && rng && s->index ? WS_OK : WS_ENOMEM;
    if (st == WS_OK)
        morris_steps(d, order, delta);
    for (int o = 0; st == WS_OK && o < d->noutputs; o++) {
        double mu[WS_SWEEP_MAX_PARAMS], ms[WS_SWEEP_MAX_PARAMS], sg[WS_SWEEP_MAX_PARAMS];
        int complete = 1;
        for (int p = 0; p < d->npoints; p++)
            complete &= isfinite(f[p] = point_mean(d, p, o));
        if (!complete)
            continue;
        ws_morris_effects(f, order, delta, r, k, mu, ms, sg);
        ws_sweep_index *x = s->index + (long)o * k;
        bootstrap_seed(rng, d);
        morris_bootstrap(f, order, delta, r, k, w, iw, rng, x);
        for (int i = 0; i < k; i++) {
            x[i].valid = 1;
            x[i].mu = mu[i];
            x[i].mu_star = ms[i];
            x[i].sigma = sg[i];
        }
    }
    if (st == WS_OK)
        s->indices = WS_SWEEP_INDICES_MORRIS;
    free(f);
    free(order);
    free(iw);
    free(delta);
    free(w);
    gsl_rng_free(rng);
    return st;
}

int ws_sweep_summary_init(ws_sweep_summary *s, const ws_sweep_results *r, ws_error *err)
{
    memset(s, 0, sizeof *s);
    int st = summary_points(s, r);
    if (st == WS_OK)
        st = summary_noise(s, r);
    if (st == WS_OK && strcmp(r->design, "sobol") == 0 && r->saltelli)
        st = summary_sobol(s, r);
    if (st == WS_OK && strcmp(r->design, "morris") == 0)
        st = summary_morris(s, r);
    return st == WS_OK ? WS_OK : ws_error_set(err, st, "summary failed: out of memory");
}

void ws_sweep_summary_clear(ws_sweep_summary *s)
{
    free(s->rows);
    free(s->index);
    free(s->noise);
    memset(s, 0, sizeof *s);
}
