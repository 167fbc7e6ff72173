/* woonsim figures: what a world's month looks like per neighbourhood, counted from the
 * stock by the rules that make the CSV's columns (the same substandard rule, the same
 * energy-poverty flags, the same liveability formula), so that a viewer or an analysis
 * shows what the CSV says without copying the model's rules.
 *
 *   ws_figures f[nnbh];
 *   ws_figures_nbh(w, f);                                  counts per neighbourhood
 *   ws_figures_track(w); ... ws_figures_current(w, f);     the same, kept while stepping
 *   ws_figures_liveability(&sc->liveability, f[b].standing, f[b].occupied,
 *                          f[b].substandard, f[b].poor, f[b].vacant);   0..10 */
#ifndef WOONSIM_FIGURES_H
#define WOONSIM_FIGURES_H

#include "woonsim/scenario.h"
#include "woonsim/world.h"

/* Standing dwellings of one neighbourhood at the end of a month. Summed over the
 * neighbourhoods of a district (ws_figures_add), each count equals the district's CSV
 * column named in its comment. */
typedef struct {
    long standing;           /* dwellings */
    long tenure[WS_NTENURE]; /* by WS_TENURE_*: owner, social, private */
    long occupied;           /* dwellings - vacant */
    long vacant;             /* vacant */
    long substandard;        /* substandard: condition below the scenario's threshold */
    long poor;               /* energy_poor: energy-poor households (occupied dwellings),
                                in either leg below */
    long label_b;            /* label_b_or_better */
    long zone_private;       /* private_in_zone: private rent in a landlord-permit zone */
    long permits;            /* permits_active: of those, with a valid permit */
    long retrofitted;        /* standing dwellings whose retrofit is completed (the CSV's
                                retrofit_completed counts completions, also of dwellings
                                demolished since) */
    long poor_lihe;          /* energy_poor_lihe: low income and high energy quote */
    long poor_lilek;         /* energy_poor_lilek: low income and label E, F or G */
} ws_figures;

/* Counts the standing dwellings of w's current month per neighbourhood into out[b],
 * b = 0 .. nnbh - 1 of w's scenario (out: caller-provided, nnbh entries, overwritten).
 * One pass over the stock. Cannot fail. */
void ws_figures_nbh(const ws_world *w, ws_figures *out);

/* Keeps w's neighbourhood figures from now on as running totals, booked with every
 * change of a dwelling as the districts' are, so that ws_figures_current reads them
 * instead of counting the stock (a viewer that shows every month of many runs). Costs
 * the simulation a little time; changes none of its results. Call at any month, e.g.
 * right after ws_world_alloc. Returns WS_OK, or WS_ENOMEM with nothing kept (reading
 * still works, by counting). */
int ws_figures_track(ws_world *w);

/* The figures of w's current month per neighbourhood into out (nnbh entries, as
 * ws_figures_nbh, bitwise the same): read from the running totals if ws_figures_track
 * started them, else counted from the stock. Cannot fail. */
void ws_figures_current(const ws_world *w, ws_figures *out);

/* Adds the counts of f to sum (for a district or the whole area). Cannot fail. */
void ws_figures_add(ws_figures *sum, const ws_figures *f);

/* The liveability index, 0..10, of dwellings with these counts: the scenario's base
 * minus its weights times the substandard and vacant shares of the standing dwellings
 * and the energy-poor share of the occupied ones (a share of nothing is 0). The formula
 * of the CSV's liveability column. Cannot fail. */
double ws_figures_liveability(const ws_liveability_params *lv, long standing, long occupied,
                              long substandard, long poor, long vacant);

#endif
