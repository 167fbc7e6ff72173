/* Process 6, the month's indicators (sim/indicators.c). Internal to the core. */
#ifndef WOONSIM_INDICATORS_H
#define WOONSIM_INDICATORS_H

#include "world_int.h"

/* Computes the indicators of the month that has just been simulated (ws_world.ind)
 * from the totals and the month's events, and adds the events to the sums since the
 * start. Returns WS_OK. */
int ws_indicators_step(ws_world *w);

#endif
