/* Process 1, the construction pipeline and demolition of the woondeal (sim/woondeal.c).
 * Internal to the core. */
#ifndef WOONSIM_WOONDEAL_H
#define WOONSIM_WOONDEAL_H

#include "world_int.h"

/* Dwellings the woondeal can add (for the stock's capacity). */
long ws_woondeal_capacity(const ws_scenario *sc);

/* Appends the dwellings of every active project (planned, in project and batch order)
 * to a freshly generated stock, drawing their attributes from rng (the stock's stream).
 * Returns WS_OK or WS_ENOMEM (capacity exhausted). */
int ws_woondeal_plan(ws_stock *st, const ws_scenario *sc, gsl_rng *rng);

/* The process's state for w (w->wd); WS_OK or WS_ENOMEM. _free allows none. */
int ws_woondeal_alloc(ws_world *w);
void ws_woondeal_free(ws_world *w);

/* One month of the process; WS_OK or an error status. */
int ws_woondeal_step(ws_world *w);

#endif
