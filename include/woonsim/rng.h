/* The simulation's random number generator type (xoshiro256++), for the functions of
 * the interface that take a gsl_rng: allocate it with gsl_rng_alloc(ws_rng_type) and
 * seed it with gsl_rng_set. Any seed (64 bits) gives its own stream. */
#ifndef WOONSIM_RNG_H
#define WOONSIM_RNG_H

#include <gsl/gsl_rng.h>

extern const gsl_rng_type *const ws_rng_type;

#endif
