/* PRIM peeling (Friedman and Fisher 1999, "Bump hunting in high-dimensional data",
 * Statistics and Computing 9:123-143), following EMA Workbench's
 * ema_workbench/analysis/prim.py (Kwakkel): peel alpha, the LENIENT1 objective (gain in
 * mean per case removed), a minimum mass. Pasting is left out. */
#include "woonsim/prim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void ws_prim_clear(ws_prim_trajectory *t)
{
    free(t->lo);
    free(t->hi);
    free(t->coverage);
    free(t->density);
    free(t->mass);
    memset(t, 0, sizeof *t);
}

/* A candidate peel: the cases left, their count and how many are of interest. */
typedef struct {
    int j, upper, n, hits;
    double bound;
} peel;

/* The alpha quantile of parameter j over the cases in the box. */
static double box_quantile(const double *x, const char *in, int n, int k, int j, double q,
                           double *work)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (in[i])
            work[m++] = x[(long)i * k + j];
    gsl_sort(work, 1, (size_t)m);
    return gsl_stats_quantile_from_sorted_data(work, 1, (size_t)m, q);
}

/* Counts the cases a peel keeps. */
static void count_peel(const double *x, const int *y, const char *in, int n, int k, peel *p)
{
    p->n = p->hits = 0;
    for (int i = 0; i < n; i++) {
        double v = x[(long)i * k + p->j];
        if (in[i] && (p->upper ? v <= p->bound : v >= p->bound)) {
            p->n++;
            p->hits += y[i] != 0;
        }
    }
}

/* Appends the box lo/hi with its statistics as the next step. */
static void record(ws_prim_trajectory *t, const double *lo, const double *hi, int n_in,
                   int hits_in, int n, int hits)
{
    int s = t->nsteps++, k = t->k;
    memcpy(t->lo + (long)s * k, lo, sizeof(double) * (size_t)k);
    memcpy(t->hi + (long)s * k, hi, sizeof(double) * (size_t)k);
    t->coverage[s] = (double)hits_in / hits;
    t->density[s] = n_in ? (double)hits_in / n_in : 0;
    t->mass[s] = (double)n_in / n;
}

/* The number of parameters whose bounds are narrower than the first box's. */
static int restricted(const ws_prim_trajectory *t, const double *lo, const double *hi)
{
    int r = 0;
    for (int j = 0; j < t->k; j++)
        r += lo[j] > t->lo[j] || hi[j] < t->hi[j];
    return r;
}

/* A categorical parameter j (values: category indices) is peeled one category at a time,
 * as EMA Workbench does, but only from the ends of the box's range (a box is a range):
 * the bound that removes the lowest (up = 0) or the highest (up = 1) category in the box,
 * i.e. the next value inward (the end itself when only one is left). */
static double category_bound(const double *x, const char *in, int n, int k, int j, int up)
{
    double end = up ? -INFINITY : INFINITY, next = up ? -INFINITY : INFINITY;
    for (int i = 0; i < n; i++)
        if (in[i])
            end = up ? fmax(end, x[(long)i * k + j]) : fmin(end, x[(long)i * k + j]);
    for (int i = 0; i < n; i++) {
        double v = x[(long)i * k + j];
        if (in[i] && v != end)
            next = up ? fmax(next, v) : fmin(next, v);
    }
    return isinf(next) ? end : next;
}

/* The best of the 2k candidate peels of the box (in, n_in cases, hits_in of interest);
 * returns 0 when none removes a case. */
static int best_peel(const double *x, const int *y, const char *in, int n, int k,
                     const int *categorical, double alpha, const ws_prim_trajectory *t,
                     const double *lo, const double *hi, int n_in, int hits_in, double *work,
                     peel *best)
{
    double best_obj = -INFINITY;
    int best_res = 0, found = 0;
    double mean_old = (double)hits_in / n_in;
    for (int j = 0; j < k; j++) {
        for (int up = 0; up < 2; up++) {
            peel p = {j, up, 0, 0,
                      categorical && categorical[j]
                          ? category_bound(x, in, n, k, j, up)
                          : box_quantile(x, in, n, k, j, up ? 1 - alpha : alpha, work)};
            count_peel(x, y, in, n, k, &p);
            if (p.n >= n_in || p.n == 0)
                continue;
            double obj = ((double)p.hits / p.n - mean_old) / (n_in - p.n);
            double nlo[64], nhi[64];
            memcpy(nlo, lo, sizeof(double) * (size_t)k);
            memcpy(nhi, hi, sizeof(double) * (size_t)k);
            if (up)
                nhi[j] = p.bound;
            else
                nlo[j] = p.bound;
            int res = restricted(t, nlo, nhi);
            if (!found || obj > best_obj || (obj == best_obj && res < best_res)) {
                best_obj = obj;
                best_res = res;
                *best = p;
                found = 1;
            }
        }
    }
    return found && best_obj > 0;
}

int ws_prim_peel(const double *x, const int *y, int n, int k, double alpha, double mass_min,
                 double threshold, ws_prim_trajectory *t, ws_error *err)
{
    return ws_prim_peel_mixed(x, y, n, k, NULL, alpha, mass_min, threshold, t, err);
}

int ws_prim_peel_mixed(const double *x, const int *y, int n, int k, const int *categorical,
                       double alpha, double mass_min, double threshold, ws_prim_trajectory *t,
                       ws_error *err)
{
    memset(t, 0, sizeof *t);
    int hits = 0;
    for (int i = 0; i < n; i++)
        hits += y[i] != 0;
    if (n < 1 || k < 1 || k > 64 || hits == 0 || !(alpha > 0 && alpha < 0.5))
        return ws_error_set(err, WS_EINPUT,
                            hits == 0 && n > 0 ? "no case satisfies the condition"
                                               : "PRIM needs cases, 1 to 64 parameters and "
                                                 "0 < alpha < 0.5");
    /* Each step removes at least one case: at most n steps. */
    size_t steps = (size_t)n + 1;
    t->k = k;
    t->lo = malloc(sizeof(double) * steps * (size_t)k);
    t->hi = malloc(sizeof(double) * steps * (size_t)k);
    t->coverage = malloc(sizeof(double) * steps);
    t->density = malloc(sizeof(double) * steps);
    t->mass = malloc(sizeof(double) * steps);
    char *in = malloc((size_t)n);
    double *work = malloc(sizeof(double) * (size_t)n), lo[64], hi[64];
    if (!t->lo || !t->hi || !t->coverage || !t->density || !t->mass || !in || !work) {
        free(in);
        free(work);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    memset(in, 1, (size_t)n);
    for (int j = 0; j < k; j++) {
        lo[j] = hi[j] = x[j];
        for (int i = 1; i < n; i++) {
            lo[j] = fmin(lo[j], x[(long)i * k + j]);
            hi[j] = fmax(hi[j], x[(long)i * k + j]);
        }
    }
    int n_in = n, hits_in = hits;
    record(t, lo, hi, n_in, hits_in, n, hits);
    peel p;
    while (best_peel(x, y, in, n, k, categorical, alpha, t, lo, hi, n_in, hits_in, work, &p) &&
           (double)p.n / n >= mass_min) {
        for (int i = 0; i < n; i++) {
            double v = x[(long)i * k + p.j];
            in[i] = in[i] && (p.upper ? v <= p.bound : v >= p.bound);
        }
        if (p.upper)
            hi[p.j] = p.bound;
        else
            lo[p.j] = p.bound;
        n_in = p.n;
        hits_in = p.hits;
        record(t, lo, hi, n_in, hits_in, n, hits);
    }
    t->chosen = 0;
    for (int s = 0; s < t->nsteps; s++) {
        if (t->density[s] >= threshold) {
            t->chosen = s;
            break; /* the first to reach it keeps the most coverage */
        }
        if (t->density[s] > t->density[t->chosen])
            t->chosen = s;
    }
    free(in);
    free(work);
    return WS_OK;
}
