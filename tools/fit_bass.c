/* fit_bass: fits the retrofit adoption parameters p (innovation) and q (imitation), per
 * month, to the Leeuwarden Oost pilot, and reports their uncertainty.
 *
 * Data (docs/SOURCES.md): 38 homes offered; works started at 11 in
 * the first year; about three quarters of the owners asked said yes. The model is the
 * one sim/retrofit.c runs, with the pilot's terms as the reference (e = 1) and no
 * contractor limit: all 38 offered in month 1; each month an undecided owner adopts with
 * h = p + q A/M; an owner who has not said yes after W monthly decisions declines; a
 * share d of adopters drops out; the others start works in the month they say yes. So
 *   works started in the first year / 38 = (1 - d) E[A_12] / 38,
 *   said yes / 38                        = E[A_W] / 38,
 * with E[A_t] the exact expectation of the adopter count, a Markov chain with binomial
 * transitions, computed by dynamic programming over the count (at M = 38 the chain lags
 * the deterministic Bass recursion noticeably). Two data, two parameters: the fit is
 * exactly determined once W and d are fixed; that assumption is what closes it, and the
 * table at the end shows how p and q move with it.
 *
 * Fit: weighted nonlinear least squares (gsl_multifit_nlinear, Levenberg-Marquardt) in
 * logit(p), logit(q), weights from binomial standard errors at n = 38. Uncertainty: the
 * delta method (the Jacobian's covariance) and a parametric bootstrap that simulates
 * the pilot from the fitted chain and refits each replicate.
 *
 * usage: fit_bass [W [d [B]]]   (defaults 24, 0.1, 2000; W decisions, d drop-out,
 * B bootstrap replicates). Output is deterministic (fixed seed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_vector.h>

#define PILOT_M 38
#define FIRST_YEAR 12
#define MAX_M 2000

/* The pilot figures, as shares of the 38 homes. */
typedef struct {
    double started; /* works started in the first year */
    double yes;     /* said yes */
    int window;     /* W: decisions before an owner counts as a no */
    double dropout; /* d */
    double sd_started, sd_yes; /* standard errors used as weights */
    int recursion;  /* 1: the deterministic Bass recursion instead of the chain */
} pilot;

/* E[A_t]/M for t = 0..T: the adopter count of M owners all offered in month 1, no
 * transitions after W decisions. dist and next hold M + 1 doubles each. */
static void chain_mean(int M, double p, double q, int W, int T, double *mean, double *dist,
                       double *next)
{
    memset(dist, 0, sizeof(double) * (size_t)(M + 1));
    dist[0] = 1;
    mean[0] = 0;
    for (int t = 1; t <= T; t++) {
        if (t <= W) {
            memset(next, 0, sizeof(double) * (size_t)(M + 1));
            for (int a = 0; a <= M; a++) {
                if (dist[a] < 1e-300)
                    continue;
                double h = p + q * a / M;
                h = h > 1 ? 1 : h < 0 ? 0 : h;
                int n = M - a;
                if (h >= 1) {
                    next[M] += dist[a];
                    continue;
                }
                /* Binomial probabilities by their ratio recurrence (n is small). */
                double pk = exp(n * log1p(-h)), odds = h / (1 - h);
                for (int k = 0; k <= n; k++) {
                    next[a + k] += dist[a] * pk;
                    pk *= odds * (n - k) / (k + 1);
                }
            }
            memcpy(dist, next, sizeof(double) * (size_t)(M + 1));
        }
        double m = 0;
        for (int a = 0; a <= M; a++)
            m += a * dist[a];
        mean[t] = m / M;
    }
}

static double logistic(double x) { return 1 / (1 + exp(-x)); }
static double logit(double p) { return log(p / (1 - p)); }

/* The model's two predictions for p, q. */
static void predict(const pilot *d, double p, double q, double *started, double *yes)
{
    double mean[64];
    int T = d->window > FIRST_YEAR ? d->window : FIRST_YEAR;
    if (d->recursion) {
        /* F[t+1] = F[t] + (p + q F[t])(1 - F[t]), frozen after W decisions. */
        mean[0] = 0;
        for (int t = 1; t <= T; t++)
            mean[t] = t <= d->window
                          ? mean[t - 1] + (p + q * mean[t - 1]) * (1 - mean[t - 1])
                          : mean[t - 1];
    } else {
        double dist[PILOT_M + 1], next[PILOT_M + 1];
        chain_mean(PILOT_M, p, q, d->window, T, mean, dist, next);
    }
    *started = (1 - d->dropout) * mean[FIRST_YEAR];
    *yes = mean[d->window];
}

static int residuals(const gsl_vector *x, void *params, gsl_vector *f)
{
    const pilot *d = params;
    double s, y;
    predict(d, logistic(gsl_vector_get(x, 0)), logistic(gsl_vector_get(x, 1)), &s, &y);
    gsl_vector_set(f, 0, (s - d->started) / d->sd_started);
    gsl_vector_set(f, 1, (y - d->yes) / d->sd_yes);
    return GSL_SUCCESS;
}

typedef struct {
    double p, q;
    double se_p, se_q, corr; /* delta method */
    double chi2;             /* weighted squared residual at the optimum */
    int status, iterations;
} fit_result;

/* Fits p, q to d, starting from (p0, q0). */
static fit_result fit(const pilot *d, double p0, double q0)
{
    fit_result res = {0};
    const gsl_multifit_nlinear_type *T = gsl_multifit_nlinear_trust;
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *ws = gsl_multifit_nlinear_alloc(T, &fp, 2, 2);
    gsl_multifit_nlinear_fdf fdf = {0};
    fdf.f = residuals;
    fdf.df = NULL; /* finite differences */
    fdf.n = 2;
    fdf.p = 2;
    fdf.params = (void *)d;
    double x0[2] = {logit(p0), logit(q0)};
    gsl_vector_view xv = gsl_vector_view_array(x0, 2);
    gsl_multifit_nlinear_init(&xv.vector, &fdf, ws);
    int info;
    res.status = gsl_multifit_nlinear_driver(500, 1e-10, 1e-10, 1e-12, NULL, NULL, &info, ws);
    res.iterations = (int)gsl_multifit_nlinear_niter(ws);
    gsl_vector *x = gsl_multifit_nlinear_position(ws);
    gsl_vector *f = gsl_multifit_nlinear_residual(ws);
    gsl_blas_ddot(f, f, &res.chi2);
    double tp = gsl_vector_get(x, 0), tq = gsl_vector_get(x, 1);
    res.p = logistic(tp);
    res.q = logistic(tq);
    /* Residuals are scaled by the data's standard errors, so (J'J)^-1 is the covariance
     * of the logits by the delta method; the chain rule takes it to p and q. */
    gsl_matrix *J = gsl_multifit_nlinear_jac(ws);
    gsl_matrix *cov = gsl_matrix_alloc(2, 2);
    if (gsl_multifit_nlinear_covar(J, 0.0, cov) == GSL_SUCCESS) {
        double gp = res.p * (1 - res.p), gq = res.q * (1 - res.q);
        double vp = gp * gp * gsl_matrix_get(cov, 0, 0);
        double vq = gq * gq * gsl_matrix_get(cov, 1, 1);
        res.se_p = sqrt(vp);
        res.se_q = sqrt(vq);
        res.corr = gp * gq * gsl_matrix_get(cov, 0, 1) / (res.se_p * res.se_q);
    } else {
        res.se_p = res.se_q = res.corr = NAN;
    }
    gsl_matrix_free(cov);
    gsl_multifit_nlinear_free(ws);
    return res;
}

/* One simulated pilot from the fitted chain (the simulator's rules): adopters in the
 * first year who did not drop out, and adopters within the decision window. */
static void simulate_pilot(const pilot *d, double p, double q, gsl_rng *rng, int *started,
                           int *yes)
{
    int A = 0, S = 0;
    for (int t = 1; t <= d->window; t++) {
        double h = p + q * (double)A / PILOT_M;
        h = h > 1 ? 1 : h;
        int k = (int)gsl_ran_binomial(rng, h, (unsigned)(PILOT_M - A));
        if (t <= FIRST_YEAR)
            S += (int)gsl_ran_binomial(rng, 1 - d->dropout, (unsigned)k);
        A += k;
    }
    *started = S;
    *yes = A;
}

static pilot make_pilot(int W, double dropout)
{
    pilot d;
    d.started = 11.0 / PILOT_M;
    d.yes = 0.75;
    d.window = W;
    d.dropout = dropout;
    d.sd_started = sqrt(d.started * (1 - d.started) / PILOT_M);
    d.sd_yes = sqrt(d.yes * (1 - d.yes) / PILOT_M);
    d.recursion = 0;
    return d;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int W = argc > 1 ? atoi(argv[1]) : 24;
    double dropout = argc > 2 ? atof(argv[2]) : 0.1;
    int B = argc > 3 ? atoi(argv[3]) : 2000;
    if (W < FIRST_YEAR || W > 60 || dropout < 0 || dropout >= 1 || B < 0 || B > 100000) {
        fprintf(stderr, "usage: fit_bass [W (12..60) [dropout (0..1) [B]]]\n");
        return 2;
    }
    pilot d = make_pilot(W, dropout);
    fit_result r = fit(&d, 0.02, 0.1);
    double s, y;
    predict(&d, r.p, r.q, &s, &y);
    printf("pilot fit: W = %d decisions, drop-out d = %.2f, M = %d\n", W, dropout, PILOT_M);
    printf("  data:    started in year 1 %.4f (11/38, se %.4f), said yes %.4f (se %.4f)\n",
           d.started, d.sd_started, d.yes, d.sd_yes);
    printf("  fitted:  p = %.5f /month (se %.5f), q = %.5f /month (se %.5f), corr %.2f\n",
           r.p, r.se_p, r.q, r.se_q, r.corr);
    printf("  check:   model started %.4f, said yes %.4f, chi2 %.2e, status %s, %d iterations\n",
           s, y, r.chi2, gsl_strerror(r.status), r.iterations);

    /* The same fit against the deterministic recursion, to show what the small-M chain
     * changes. */
    pilot dr = d;
    dr.recursion = 1;
    fit_result rr0 = fit(&dr, 0.02, 0.1);
    printf("  against the Bass recursion instead of the M = 38 chain: p = %.5f, q = %.5f\n",
           rr0.p, rr0.q);

    /* Parametric bootstrap. */
    if (B > 0) {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(rng, 20240101);
        double *bp = malloc(sizeof(double) * (size_t)B), *bq = malloc(sizeof(double) * (size_t)B);
        if (!rng || !bp || !bq)
            return 1;
        int boundary = 0;
        for (int b = 0; b < B; b++) {
            int S, Y;
            simulate_pilot(&d, r.p, r.q, rng, &S, &Y);
            pilot db = d;
            /* A replicate with 0 or 38 gets half a home, so the logits stay finite. */
            db.started = (S == 0 ? 0.5 : S == PILOT_M ? PILOT_M - 0.5 : S) / (double)PILOT_M;
            db.yes = (Y == 0 ? 0.5 : Y == PILOT_M ? PILOT_M - 0.5 : Y) / (double)PILOT_M;
            fit_result rb = fit(&db, r.p, r.q);
            bp[b] = rb.p;
            bq[b] = rb.q;
            boundary += rb.q < 1e-4 || rb.p < 1e-5;
        }
        gsl_sort(bp, 1, (size_t)B);
        gsl_sort(bq, 1, (size_t)B);
        printf("  bootstrap (%d replicates): p median %.4f [2.5 %% %.4f, 97.5 %% %.4f]; "
               "q median %.4f [%.4f, %.4f]; %.1f %% of replicates at q or p near 0\n",
               B, gsl_stats_median_from_sorted_data(bp, 1, (size_t)B),
               gsl_stats_quantile_from_sorted_data(bp, 1, (size_t)B, 0.025),
               gsl_stats_quantile_from_sorted_data(bp, 1, (size_t)B, 0.975),
               gsl_stats_median_from_sorted_data(bq, 1, (size_t)B),
               gsl_stats_quantile_from_sorted_data(bq, 1, (size_t)B, 0.025),
               gsl_stats_quantile_from_sorted_data(bq, 1, (size_t)B, 0.975),
               100.0 * boundary / B);
        free(bp);
        free(bq);
        gsl_rng_free(rng);
    }

    /* How the closing assumption moves the fit. */
    static const int windows[] = {12, 18, 24, 36};
    static const double dropouts[] = {0.0, 0.1, 0.2};
    printf("  closure: p, q (chi2) by decision window W and drop-out d\n");
    printf("  %6s", "W \\ d");
    for (int j = 0; j < 3; j++)
        printf("  %26.2f", dropouts[j]);
    printf("\n");
    for (int i = 0; i < 4; i++) {
        printf("  %6d", windows[i]);
        for (int j = 0; j < 3; j++) {
            pilot dd = make_pilot(windows[i], dropouts[j]);
            fit_result rr = fit(&dd, 0.02, 0.1);
            printf("  %7.4f %7.4f (%8.2e)", rr.p, rr.q, rr.chi2);
        }
        printf("\n");
    }
    return 0;
}
