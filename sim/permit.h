/* Process 2, the landlord permit (sim/permit.c). Internal to the core. */
#ifndef WOONSIM_PERMIT_H
#define WOONSIM_PERMIT_H

#include "world_int.h"

/* The process's state for w (w->pm); WS_OK or WS_ENOMEM. _free allows none. */
int ws_permit_alloc(ws_world *w);
void ws_permit_free(ws_world *w);

/* One month of the process; WS_OK or an error status. */
int ws_permit_step(ws_world *w);

/* Dwelling i has become standing private rent outside the permit process (a
 * buy-to-let, a completion): in a zone, its landlord can apply and it can be reported
 * from the permit's next draws on. Cannot fail. */
void ws_permit_let(ws_world *w, long i);

#endif
