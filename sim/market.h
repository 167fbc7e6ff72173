/* Process 4, tenure and market transitions (sim/market.c). Internal to the core. */
#ifndef WOONSIM_MARKET_H
#define WOONSIM_MARKET_H

#include "world_int.h"

/* The process's state for w (w->mk); WS_OK or WS_ENOMEM. _free allows none. */
int ws_market_alloc(ws_world *w);
/* For a base's world (ws_base_alloc): only what runs from it share (ws_world.proto). */
int ws_market_prepare(ws_world *w);
void ws_market_free(ws_world *w);

/* One month of the process; WS_OK or an error status. */
int ws_market_step(ws_world *w);

/* The fresh condition of a maintained dwelling of tenure t (OUT: p, the mass of units
 * 0..255): round(255 clamp(mean + sd Z, 0, 1)), Z standard normal, so units k has the
 * normal's mass between (k - 1/2) / 255 and (k + 1/2) / 255 (all below for 0, all above
 * for 255). Cannot fail. */
void ws_market_fresh_mass(const ws_quality_params *q, int t, double p[256]);

/* The stationary law of a dwelling's condition per tenure t (OUT: pi[t] over units
 * 0..255) under sc's yearly decay and maintenance and its monthly changes between
 * owner-occupation and private rent (without the buy-to-let protection), as it stands
 * after a January's maintenance: the yearly chain on (tenure, condition) iterated
 * from the fresh laws to convergence, then conditioned on the tenure. The initial stock
 * draws from it, so that the market leaves its law unchanged. With decay but no
 * maintenance every condition settles at 0. Cannot fail. */
void ws_market_settled_laws(const ws_scenario *sc, double pi[WS_NTENURE][256]);

#endif
