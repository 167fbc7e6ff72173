/* The simulation's random number generator: xoshiro256++ as a GSL generator type, and
 * inline draws (uniform, normal, exponential) that read its state directly.
 *
 * The processes draw a few hundred thousand numbers a run; through gsl_rng_uniform each
 * costs an indirect call, and GSL's ziggurat normal two more. As a gsl_rng_type the
 * generator still serves GSL's distributions (lognormal, geometric, ...), which draw
 * through its get/get_double; the ws_rng_* functions below give the same numbers
 * without the calls. They must only be given generators allocated with ws_rng_type.
 *
 * xoshiro256++: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021; period 2^256 - 1, seeded through splitmix64 as its
 * authors recommend. Normal and exponential variates by the ziggurat method of G.
 * Marsaglia and W. W. Tsang, "The ziggurat method for generating random variables",
 * J. Statistical Software 5(8), 2000 (128 layers for the normal, 256 for the
 * exponential, their constants), in the floating-point form of J. A. Doornik, "An
 * improved ziggurat method to generate normal random samples", 2005. */
#ifndef WS_RNG_H
#define WS_RNG_H

#include <math.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "woonsim/rng.h"

#define WS_ZIG_NORMAL 128
#define WS_ZIG_EXP 256

/* A generator's state (what gsl_rng's state points to): the four words of xoshiro256++
 * and the ziggurats' layer edges, computed when the generator is seeded so that the
 * state is all a draw needs (no shared tables, no static data). */
typedef struct {
    uint64_t s[4];
    double normal_x[WS_ZIG_NORMAL + 1]; /* layer edges, decreasing; [0] the base's width */
    double normal_f[WS_ZIG_NORMAL + 1]; /* the density at the edges (exp(-x^2/2)) */
    double exp_x[WS_ZIG_EXP + 1];
    double exp_f[WS_ZIG_EXP + 1]; /* exp(-x) */
} ws_rng_state;

/* The generator type (woonsim/rng.h): get returns 32 bits, get_double 53. */

/* Seeds rng (of ws_rng_type, already seeded once) as gsl_rng_set(rng, seed) would, but
 * keeps its ziggurat tables, which do not depend on the seed: a world's streams are
 * one generator and clones of it, each reseeded. */
void ws_rng_reseed(gsl_rng *rng, unsigned long seed);

/* The exponential's tail and both wedges: out of line, taken in ~1.5 % of draws. */
double ws_rng_normal_slow(ws_rng_state *g, uint64_t r);
double ws_rng_exponential_slow(ws_rng_state *g, uint64_t r);

static inline uint64_t ws_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t ws_rng_next(ws_rng_state *g)
{
    uint64_t *s = g->s;
    uint64_t result = ws_rng_rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ws_rng_rotl(s[3], 45);
    return result;
}

static inline ws_rng_state *ws_rng_of(gsl_rng *rng)
{
    return (ws_rng_state *)rng->state;
}

/* Uniform on [0, 1), a multiple of 2^-53, from the state (rng.c's own draws). */
static inline double ws_rng_state_uniform(ws_rng_state *g)
{
    return (double)(ws_rng_next(g) >> 11) * 0x1p-53;
}

/* Uniform on (0, 1): the midpoints of the 2^53 cells. */
static inline double ws_rng_state_uniform_pos(ws_rng_state *g)
{
    return ((double)(ws_rng_next(g) >> 11) + 0.5) * 0x1p-53;
}

/* Uniform on [0, 1): what gsl_rng_uniform(rng) returns. */
static inline double ws_rng_uniform(gsl_rng *rng)
{
    return ws_rng_state_uniform(ws_rng_of(rng));
}

static inline double ws_rng_uniform_pos(gsl_rng *rng)
{
    return ws_rng_state_uniform_pos(ws_rng_of(rng));
}

/* Standard normal. One 64-bit draw: the low 7 bits pick the layer, the top 53 the
 * abscissa; inside the layer's core rectangle (~98.8 %) that is all. */
static inline double ws_rng_normal(gsl_rng *rng)
{
    ws_rng_state *g = ws_rng_of(rng);
    uint64_t r = ws_rng_next(g);
    int i = (int)(r & (WS_ZIG_NORMAL - 1));
    double x = ((double)(r >> 11) * 0x1p-52 - 1) * g->normal_x[i];
    if (fabs(x) < g->normal_x[i + 1]) /* one branch, not one on the sign */
        return x;
    return ws_rng_normal_slow(g, r);
}

/* Exponential with mean 1 (inside the core rectangle ~98.9 % of draws). */
static inline double ws_rng_exponential(gsl_rng *rng)
{
    ws_rng_state *g = ws_rng_of(rng);
    uint64_t r = ws_rng_next(g);
    int i = (int)(r & (WS_ZIG_EXP - 1));
    double x = (double)(r >> 11) * 0x1p-53 * g->exp_x[i];
    if (x < g->exp_x[i + 1])
        return x;
    return ws_rng_exponential_slow(g, r);
}

/* A discrete distribution over 0 .. n - 1 (n <= WS_ALIAS_MAX) for Walker's alias
 * method (A. J. Walker, "An efficient method for generating discrete random variables
 * with general distributions", ACM TOMS 3(3), 1977; built by M. D. Vose's stable
 * construction, IEEE TSE 17(9), 1991): one draw gives a column (the low bits, columns
 * padded to a power of two with empty ones) and a 53-bit uniform that keeps the column
 * or takes its alias. Exact up to the 53-bit thresholds. */
#define WS_ALIAS_MAX 256
typedef struct {
    int bits;                     /* columns: 1 << bits */
    uint64_t keep[WS_ALIAS_MAX];  /* keep column c when the 53-bit uniform is below */
    uint16_t alias[WS_ALIAS_MAX];
} ws_alias;

/* Builds a from the weights p[0 .. n - 1] (non-negative, a positive sum; normalised
 * here). Returns 0, or -1 when n is out of range or the weights are not usable. */
int ws_alias_init(ws_alias *a, const double *p, int n);

static inline int ws_alias_draw(gsl_rng *rng, const ws_alias *a)
{
    uint64_t r = ws_rng_next(ws_rng_of(rng));
    unsigned c = (unsigned)(r & ((1u << a->bits) - 1));
    /* Without a branch: keep or alias is a coin toss in most columns. */
    unsigned alias = a->alias[c], keep = (r >> 11) < a->keep[c];
    return (int)(alias ^ ((c ^ alias) & (0u - keep)));
}

#endif
