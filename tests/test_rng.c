/* The simulation's generator: xoshiro256++'s reference outputs, seeding, the GSL type
 * and the inline draws giving the same numbers, the ziggurat normal and exponential
 * against their distribution functions (Kolmogorov-Smirnov, moments, tail counts), and
 * the alias sampler against its weights (every outcome's count; bad weights refused).
 * Fixed seeds: every figure here is deterministic; the bounds are those a correct
 * sampler passes with probability above 0.999, so a failure means a wrong law. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "check.h"
#include "rng.h"

#define N 1000000

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* sqrt(n) times the Kolmogorov-Smirnov distance of the sample (sorted here) from cdf. */
static double ks(double *v, long n, double (*cdf)(double))
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double d = 0;
    for (long k = 0; k < n; k++) {
        double f = cdf(v[k]);
        double lo = f - (double)k / (double)n, hi = (double)(k + 1) / (double)n - f;
        d = fmax(d, fmax(lo, hi));
    }
    return d * sqrt((double)n);
}

static double exp_cdf(double x)
{
    return x <= 0 ? 0 : -expm1(-x);
}

/* Checks that count is within 5 standard deviations of a binomial(n, p) mean. */
static void check_count(long count, long n, double p, const char *what)
{
    double mean = n * p, sd = sqrt(n * p * (1 - p));
    CHECK(fabs((double)count - mean) < 5 * sd, "%s: %ld, expected %.1f +- %.1f", what, count,
          mean, sd);
}

static void known_answers(gsl_rng *rng)
{
    /* The reference implementation's first outputs from the state {1, 2, 3, 4}. */
    ws_rng_state *g = ws_rng_of(rng);
    g->s[0] = 1, g->s[1] = 2, g->s[2] = 3, g->s[3] = 4;
    const uint64_t want[] = {0x2800001ULL, 0x3800067ULL, 0xcc00003800067ULL,
                             0xcc201994400b2ULL};
    for (int k = 0; k < 4; k++)
        CHECK(ws_rng_next(g) == want[k], "output %d", k);
}

static void seeding(void)
{
    gsl_rng *a = gsl_rng_alloc(ws_rng_type), *b = gsl_rng_alloc(ws_rng_type);
    CHECK(a && b, "alloc");
    if (!a || !b)
        return;
    CHECK(strcmp(gsl_rng_name(a), "xoshiro256++") == 0, "name %s", gsl_rng_name(a));
    gsl_rng_set(a, 42);
    gsl_rng_set(b, 42);
    int same = 1;
    for (int k = 0; k < 1000; k++)
        same &= ws_rng_next(ws_rng_of(a)) == ws_rng_next(ws_rng_of(b));
    CHECK(same, "one seed, one stream");
    gsl_rng_set(b, 43);
    CHECK(ws_rng_next(ws_rng_of(a)) != ws_rng_next(ws_rng_of(b)), "seeds 42 and 43");
    /* seed 0 is a seed like any other */
    gsl_rng_set(b, 0);
    CHECK(ws_rng_next(ws_rng_of(b)) != 0 || ws_rng_next(ws_rng_of(b)) != 0, "seed 0");

    /* Through GSL and inline: the same numbers. */
    gsl_rng *c = gsl_rng_clone(a);
    CHECK(c != NULL, "clone");
    if (c) {
        int agree = 1;
        for (int k = 0; k < 1000; k++) {
            uint64_t r = ws_rng_next(ws_rng_of(c));
            agree &= gsl_rng_get(a) == (unsigned long)(r >> 32);
            agree &= gsl_rng_uniform(a) == ws_rng_uniform(c);
        }
        CHECK(agree, "gsl_rng_get/gsl_rng_uniform = the inline draws");
        CHECK(gsl_rng_max(a) == 0xffffffffUL && gsl_rng_min(a) == 0, "range");
        gsl_rng_free(c);
    }
    /* Reseeding keeps the tables and gives the stream gsl_rng_set gives. */
    gsl_rng *d = gsl_rng_clone(b);
    CHECK(d != NULL, "clone");
    if (d) {
        gsl_rng_set(a, 77);
        ws_rng_reseed(d, 77);
        int agree = 1;
        for (int k = 0; k < 1000; k++)
            agree &= ws_rng_normal(a) == ws_rng_normal(d) &&
                     ws_rng_exponential(a) == ws_rng_exponential(d);
        CHECK(agree, "ws_rng_reseed = gsl_rng_set");
        gsl_rng_free(d);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void uniforms(gsl_rng *rng)
{
    double sum = 0, lo = 1, hi = 0, lo_pos = 1, hi_pos = 0;
    for (long k = 0; k < N; k++) {
        double u = ws_rng_uniform(rng), v = ws_rng_uniform_pos(rng);
        sum += u;
        lo = fmin(lo, u), hi = fmax(hi, u);
        lo_pos = fmin(lo_pos, v), hi_pos = fmax(hi_pos, v);
    }
    CHECK(lo >= 0 && hi < 1 && lo_pos > 0 && hi_pos < 1, "ranges %g %g %g %g", lo, hi,
          lo_pos, hi_pos);
    CHECK_NEAR(sum / N, 0.5, 5 * sqrt(1.0 / 12 / N), "uniform mean");
}

static void normals(gsl_rng *rng, double *v)
{
    double s1 = 0, s2 = 0, s4 = 0;
    long beyond_r = 0, beyond_4 = 0, negative = 0;
    for (long k = 0; k < N; k++) {
        double z = ws_rng_normal(rng);
        v[k] = z;
        s1 += z, s2 += z * z, s4 += z * z * z * z;
        beyond_r += fabs(z) > 3.442619855899; /* the base layer's edge: the tail path */
        beyond_4 += fabs(z) > 4;
        negative += z < 0;
    }
    CHECK_NEAR(s1 / N, 0, 5 / sqrt(N), "normal mean");
    CHECK_NEAR(s2 / N, 1, 5 * sqrt(2.0 / N), "normal variance");
    CHECK_NEAR(s4 / N, 3, 5 * sqrt(96.0 / N), "normal fourth moment");
    check_count(negative, N, 0.5, "normal: negative");
    check_count(beyond_r, N, 2 * gsl_cdf_ugaussian_Q(3.442619855899), "normal: |z| > R");
    check_count(beyond_4, N, 2 * gsl_cdf_ugaussian_Q(4), "normal: |z| > 4");
    double d = ks(v, N, gsl_cdf_ugaussian_P);
    CHECK(d < 1.95, "normal: Kolmogorov-Smirnov sqrt(n) D = %.3f (0.1 %% level 1.95)", d);
}

static void exponentials(gsl_rng *rng, double *v)
{
    double s1 = 0, s2 = 0, excess = 0;
    long beyond_r = 0;
    for (long k = 0; k < N; k++) {
        double x = ws_rng_exponential(rng);
        v[k] = x;
        s1 += x, s2 += x * x;
        if (x > 7.69711747013104972) {
            beyond_r++;
            excess += x - 7.69711747013104972;
        }
    }
    CHECK_NEAR(s1 / N, 1, 5 / sqrt(N), "exponential mean");
    CHECK_NEAR(s2 / N, 2, 5 * sqrt(20.0 / N), "exponential second moment");
    check_count(beyond_r, N, exp(-7.69711747013104972), "exponential: x > R");
    /* beyond R the tail is the distribution again, shifted (memorylessness) */
    if (beyond_r > 0)
        CHECK_NEAR(excess / beyond_r, 1, 5 / sqrt((double)beyond_r), "exponential tail mean");
    double d = ks(v, N, exp_cdf);
    CHECK(d < 1.95, "exponential: Kolmogorov-Smirnov sqrt(n) D = %.3f (0.1 %% level 1.95)", d);
}

/* The alias sampler: counts of every outcome of a lopsided distribution (a heavy
 * outcome, light ones, zeros, n not a power of two) within 5 sd of their binomial
 * means, the Pearson statistic within its 0.999 quantile, never a zero-weight or padded
 * outcome; a single outcome; bad weights refused. */
static void alias(gsl_rng *rng)
{
    enum { K = 200 };
    double w[K], total = 0;
    for (int k = 0; k < K; k++) {
        w[k] = k == 7 ? 500 : k % 13 == 0 ? 0 : 1 + (k % 5) * 0.25;
        total += w[k];
    }
    static ws_alias a;
    CHECK(ws_alias_init(&a, w, K) == 0 && a.bits == 8, "alias table of %d outcomes", K);
    static long count[WS_ALIAS_MAX];
    memset(count, 0, sizeof count);
    for (long j = 0; j < N; j++)
        count[ws_alias_draw(rng, &a)]++;
    double chi2 = 0;
    long stray = 0;
    for (int k = 0; k < WS_ALIAS_MAX; k++) {
        if (k >= K || w[k] == 0) {
            stray += count[k];
            continue;
        }
        double e = N * w[k] / total;
        chi2 += (count[k] - e) * (count[k] - e) / e;
        if (k == 7 || k == 1)
            check_count(count[k], N, w[k] / total, k == 7 ? "alias heavy" : "alias light");
    }
    CHECK(stray == 0, "alias: %ld draws of zero-weight or padded outcomes", stray);
    int df = K - K / 13 - 2; /* outcomes with weight, less one */
    CHECK(chi2 < gsl_cdf_chisq_Pinv(0.999, df), "alias chi-square %.1f on %d df", chi2, df);
    double one = 3;
    CHECK(ws_alias_init(&a, &one, 1) == 0 && ws_alias_draw(rng, &a) == 0 &&
              ws_alias_draw(rng, &a) == 0,
          "alias of one outcome");
    double zero[3] = {0, 0, 0}, neg[3] = {1, -1, 1}, nan3[3] = {1, NAN, 1};
    CHECK(ws_alias_init(&a, zero, 3) == -1 && ws_alias_init(&a, neg, 3) == -1 &&
              ws_alias_init(&a, nan3, 3) == -1 && ws_alias_init(&a, w, 0) == -1 &&
              ws_alias_init(&a, w, WS_ALIAS_MAX + 1) == -1,
          "alias refuses zero, negative, NaN weights and bad sizes");
}

int main(void)
{
    seeding();
    gsl_rng *rng = gsl_rng_alloc(ws_rng_type);
    double *v = malloc(sizeof *v * N);
    CHECK(rng && v, "alloc");
    if (rng && v) {
        known_answers(rng);
        gsl_rng_set(rng, 20240101);
        uniforms(rng);
        normals(rng, v);
        exponentials(rng, v);
        alias(rng);
    }
    free(v);
    gsl_rng_free(rng);
    return CHECK_DONE("test_rng");
}
