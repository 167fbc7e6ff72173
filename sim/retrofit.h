/* Process 3, the retrofit programme (sim/retrofit.c). Internal to the core. */
#ifndef WOONSIM_RETROFIT_H
#define WOONSIM_RETROFIT_H

#include "world_int.h"

/* The process's state for w (w->rf); WS_OK or WS_ENOMEM. _free allows none. */
int ws_retrofit_alloc(ws_world *w);
/* For a base's world (ws_base_alloc): only what runs from it share (ws_world.proto). */
int ws_retrofit_prepare(ws_world *w);
void ws_retrofit_free(ws_world *w);

/* One month of the process; WS_OK or an error status. */
int ws_retrofit_step(ws_world *w);

#endif
