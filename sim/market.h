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

#endif
