/* The simulation's generator (xoshiro256++) as a GSL generator type, and the rare
 * branches of the ziggurat draws in rng.h. */
#include "rng.h"

#include <math.h>

/* Marsaglia and Tsang's constants: the base layer's right edge R and every layer's
 * area V, for the unnormalised densities exp(-x^2/2) and exp(-x). */
#define NORMAL_R 3.442619855899
#define NORMAL_V 9.91256303526217e-3
#define EXP_R 7.69711747013104972
#define EXP_V 3.949659822581572e-3

static uint64_t splitmix64_next(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Layer edges: x[1] = R, each next layer as high as makes its area V, x[n] = 0; x[0]
 * is the width of a rectangle of area V under the base (the part beyond R is the
 * tail's share). */
static void normal_layers(double *x, double *f)
{
    f[1] = exp(-0.5 * NORMAL_R * NORMAL_R);
    x[0] = NORMAL_V / f[1];
    f[0] = 0; /* the base layer has no wedge */
    x[1] = NORMAL_R;
    for (int i = 2; i < WS_ZIG_NORMAL; i++) {
        x[i] = sqrt(-2 * log(NORMAL_V / x[i - 1] + f[i - 1]));
        f[i] = exp(-0.5 * x[i] * x[i]);
    }
    x[WS_ZIG_NORMAL] = 0;
    f[WS_ZIG_NORMAL] = 1;
}

static void exp_layers(double *x, double *f)
{
    f[1] = exp(-EXP_R);
    x[0] = EXP_V / f[1];
    f[0] = 0;
    x[1] = EXP_R;
    for (int i = 2; i < WS_ZIG_EXP; i++) {
        x[i] = -log(EXP_V / x[i - 1] + f[i - 1]);
        f[i] = exp(-x[i]);
    }
    x[WS_ZIG_EXP] = 0;
    f[WS_ZIG_EXP] = 1;
}

/* r was drawn and its point is outside layer i's core: the tail (base layer) or the
 * wedge between the layer's rectangle and the density; a rejected point starts over
 * with a new draw. */
double ws_rng_normal_slow(ws_rng_state *g, uint64_t r)
{
    const double *xs = g->normal_x, *fs = g->normal_f;
    for (;;) {
        int i = (int)(r & (WS_ZIG_NORMAL - 1));
        double x = ((double)(r >> 11) * 0x1p-52 - 1) * xs[i];
        if (fabs(x) < xs[i + 1])
            return x;
        if (i == 0) {
            /* Marsaglia's tail method (1964): beyond R, by two exponentials */
            double a, b;
            do {
                a = -log(ws_rng_state_uniform_pos(g)) / NORMAL_R;
                b = -log(ws_rng_state_uniform_pos(g));
            } while (b + b < a * a);
            return x < 0 ? -(NORMAL_R + a) : NORMAL_R + a;
        }
        /* a height uniform in the layer, under the density? */
        if (fs[i] + ws_rng_state_uniform(g) * (fs[i + 1] - fs[i]) < exp(-0.5 * x * x))
            return x;
        r = ws_rng_next(g);
    }
}

double ws_rng_exponential_slow(ws_rng_state *g, uint64_t r)
{
    const double *xs = g->exp_x, *fs = g->exp_f;
    double beyond = 0; /* the tail is the distribution again, shifted by R */
    for (;;) {
        int i = (int)(r & (WS_ZIG_EXP - 1));
        double x = (double)(r >> 11) * 0x1p-53 * xs[i];
        if (x < xs[i + 1])
            return beyond + x;
        if (i == 0) {
            beyond += EXP_R;
        } else {
            if (fs[i] + ws_rng_state_uniform(g) * (fs[i + 1] - fs[i]) < exp(-x))
                return beyond + x;
        }
        r = ws_rng_next(g);
    }
}

static void seed_words(ws_rng_state *g, unsigned long seed)
{
    uint64_t x = seed;
    for (int k = 0; k < 4; k++)
        g->s[k] = splitmix64_next(&x);
    if (!(g->s[0] | g->s[1] | g->s[2] | g->s[3]))
        g->s[0] = 1; /* the one state xoshiro cannot leave */
}

static void rng_set(void *state, unsigned long seed)
{
    ws_rng_state *g = state;
    seed_words(g, seed);
    normal_layers(g->normal_x, g->normal_f);
    exp_layers(g->exp_x, g->exp_f);
}

void ws_rng_reseed(gsl_rng *rng, unsigned long seed)
{
    seed_words(ws_rng_of(rng), seed);
}

static unsigned long rng_get(void *state)
{
    return (unsigned long)(ws_rng_next(state) >> 32);
}

static double rng_get_double(void *state)
{
    return ws_rng_state_uniform(state);
}

static const gsl_rng_type xoshiro256pp = {
    "xoshiro256++", 0xffffffffUL, 0, sizeof(ws_rng_state), rng_set, rng_get, rng_get_double,
};

const gsl_rng_type *const ws_rng_type = &xoshiro256pp;

int ws_alias_init(ws_alias *a, const double *p, int n)
{
    if (n < 1 || n > WS_ALIAS_MAX)
        return -1;
    int bits = 0;
    while ((1 << bits) < n)
        bits++;
    int m = 1 << bits;
    double sum = 0;
    for (int k = 0; k < n; k++) {
        if (!(p[k] >= 0) || !isfinite(p[k]))
            return -1;
        sum += p[k];
    }
    if (!(sum > 0) || !isfinite(sum))
        return -1;
    /* Vose: scaled weights (mean 1) split into the small (< 1) and the large; each
     * small column is filled up from a large one, which becomes its alias. */
    double q[WS_ALIAS_MAX];
    int small[WS_ALIAS_MAX] = {0}, large[WS_ALIAS_MAX] = {0}, ns = 0, nl = 0;
    for (int k = 0; k < m; k++) {
        q[k] = k < n ? p[k] * m / sum : 0;
        if (q[k] < 1)
            small[ns++] = k;
        else
            large[nl++] = k;
    }
    a->bits = bits;
    while (ns > 0 && nl > 0) {
        int s = small[--ns], l = large[nl - 1];
        a->keep[s] = (uint64_t)ldexp(q[s], 53);
        a->alias[s] = (uint16_t)l;
        q[l] -= 1 - q[s];
        if (q[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    /* What is left is 1 up to rounding: kept whole. */
    while (nl > 0) {
        int l = large[--nl];
        a->keep[l] = (uint64_t)1 << 53;
        a->alias[l] = (uint16_t)l;
    }
    int top = 0;
    for (int k = 1; k < n; k++)
        top = p[k] > p[top] ? k : top;
    while (ns > 0) {
        int s = small[--ns];
        int valid = s < n && p[s] > 0;
        a->keep[s] = valid ? (uint64_t)1 << 53 : 0;
        a->alias[s] = (uint16_t)(valid ? s : top);
    }
    return 0;
}
