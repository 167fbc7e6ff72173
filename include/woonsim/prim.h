/* woonsim scenario discovery: PRIM, the Patient Rule Induction Method (Friedman and
 * Fisher 1999), its peeling phase as in EMA Workbench's analysis/prim.py. */
#ifndef WOONSIM_PRIM_H
#define WOONSIM_PRIM_H

#include "woonsim/common.h"

/* The peeling trajectory: step 0 is the box around all cases; each further step peels
 * one side of one parameter. Bounds lo/hi are nsteps x k; coverage (the share of the
 * cases of interest inside the box), density (the share of the box's cases that are of
 * interest) and mass (the box's share of all cases) per step. */
typedef struct {
    int nsteps, k;
    double *lo, *hi;
    double *coverage, *density, *mass;
    int chosen;               /* the step reported as the box (ws_prim_peel) */
} ws_prim_trajectory;

/* Peels boxes for n cases of k parameters (x, n x k, row-major) and whether each is of
 * interest (y, 0 or 1). Each step removes the alpha quantile below or above one
 * parameter, the candidate with the largest gain in density per case removed (EMA's
 * LENIENT1 objective; ties go to the box restricting fewer parameters), while the
 * mass stays >= mass_min and the density rises. chosen: the first step whose density
 * reaches threshold (of those, the most coverage), else the densest. Fills *t (caller-provided, released with
 * ws_prim_clear in every case). Returns WS_OK, WS_EINPUT (no cases, none of interest,
 * alpha outside (0, 0.5)) or WS_ENOMEM, with err set. */
int ws_prim_peel(const double *x, const int *y, int n, int k, double alpha, double mass_min,
                 double threshold, ws_prim_trajectory *t, ws_error *err);

/* As ws_prim_peel, with categorical[j] nonzero for a parameter whose values are
 * category indices (a scenario file, a word): it is peeled one category at a time from
 * either end of its range rather than by quantiles (a 0/1 factor never moves its alpha
 * quantile). categorical may be NULL (all numbers). */
int ws_prim_peel_mixed(const double *x, const int *y, int n, int k, const int *categorical,
                       double alpha, double mass_min, double threshold, ws_prim_trajectory *t,
                       ws_error *err);

void ws_prim_clear(ws_prim_trajectory *t);

#endif
