/* PRIM on a known case: 2000 uniform points in the unit cube (x1, x2, x3) with
 * y = x1 > 0.7 && x2 < 0.3; the chosen box restricts x1 from below near 0.7 and x2 from
 * above near 0.3, leaves x3 whole, and has density >= 0.8 and coverage >= 0.7; a
 * categorical factor (3 scenario files, y = file 2 && x1 > 0.5) is peeled by whole
 * categories, which quantiles cannot; bad input fails. */
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "check.h"
#include "woonsim/prim.h"

int main(void)
{
    enum { N = 2000, K = 3 };
    double *x = malloc(sizeof(double) * N * K);
    int *y = malloc(sizeof(int) * N);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!x || !y || !rng)
        return 1;
    gsl_rng_set(rng, 17);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < K; j++)
            x[i * K + j] = gsl_rng_uniform(rng);
        y[i] = x[i * K] > 0.7 && x[i * K + 1] < 0.3;
    }
    ws_prim_trajectory t;
    ws_error err = {0, ""};
    CHECK(ws_prim_peel(x, y, N, K, 0.05, 0.05, 0.8, &t, &err) == WS_OK, "peel: %s", err.msg);
    int c = t.chosen;
    const double *lo = t.lo + c * K, *hi = t.hi + c * K;
    printf("%d steps; chosen %d: x1 [%.3f, %.3f] x2 [%.3f, %.3f] x3 [%.3f, %.3f] coverage "
           "%.3f density %.3f mass %.3f\n",
           t.nsteps, c, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], t.coverage[c], t.density[c],
           t.mass[c]);
    CHECK(t.nsteps > 2, "peels");
    CHECK_NEAR(lo[0], 0.7, 0.05, "x1 from below");
    CHECK(hi[0] > 0.99, "x1 not from above");
    CHECK_NEAR(hi[1], 0.3, 0.05, "x2 from above");
    CHECK(lo[1] < 0.01, "x2 not from below");
    CHECK(lo[2] < 0.05 && hi[2] > 0.95, "x3 barely restricted");
    CHECK(t.density[c] >= 0.8, "density %g", t.density[c]);
    CHECK(t.coverage[c] >= 0.7, "coverage %g", t.coverage[c]);
    CHECK_NEAR(t.coverage[0], 1, 1e-12, "the first box covers all");
    CHECK_NEAR(t.mass[0], 1, 1e-12, "the first box holds all");
    for (int s = 1; s < t.nsteps; s++)
        CHECK(t.density[s] > t.density[s - 1] && t.mass[s] < t.mass[s - 1], "step %d", s);
    ws_prim_clear(&t);
    /* x2 becomes a category 0, 1, 2 (a file); quantile peels cannot cut at 2 when a third
     * of the cases hold each value and alpha is 0.05 (the 95 % quantile is 2). */
    for (int i = 0; i < N; i++) {
        x[i * K + 1] = (double)(i % 3);
        y[i] = i % 3 == 2 && x[i * K] > 0.5;
    }
    int cat[K] = {0, 1, 0};
    CHECK(ws_prim_peel_mixed(x, y, N, K, cat, 0.05, 0.05, 0.8, &t, &err) == WS_OK, "mixed: %s",
          err.msg);
    c = t.chosen;
    CHECK(t.lo[c * K + 1] == 2 && t.hi[c * K + 1] == 2, "the category kept: [%g, %g]",
          t.lo[c * K + 1], t.hi[c * K + 1]);
    /* the first step of density 0.8 is chosen, before x1 reaches 0.5 */
    CHECK(t.lo[c * K] > 0.3 && t.lo[c * K] <= 0.55, "x1 from below with the category: %g",
          t.lo[c * K]);
    CHECK(t.density[c] >= 0.8, "mixed density %g", t.density[c]);
    ws_prim_clear(&t);
    CHECK(ws_prim_peel(x, y, N, K, 0.05, 0.05, 0.8, &t, &err) == WS_OK, "numeric");
    c = t.chosen;
    CHECK(t.lo[c * K + 1] < 2, "quantiles alone cannot isolate the category");
    ws_prim_clear(&t);
    for (int i = 0; i < N; i++)
        y[i] = 0;
    CHECK(ws_prim_peel(x, y, N, K, 0.05, 0.05, 0.8, &t, &err) == WS_EINPUT, "none of interest");
    ws_prim_clear(&t);
    CHECK(ws_prim_peel(x, y, N, K, 0.7, 0.05, 0.8, &t, &err) == WS_EINPUT, "bad alpha");
    ws_prim_clear(&t);
    gsl_rng_free(rng);
    free(x);
    free(y);
    return CHECK_DONE("prim");
}
