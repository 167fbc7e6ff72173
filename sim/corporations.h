/* Process 3b, the housing corporations' own programme (sim/corporations.c). Internal to
 * the core. */
#ifndef WOONSIM_CORPORATIONS_H
#define WOONSIM_CORPORATIONS_H

#include "world_int.h"

/* The process's state for w (w->cp): the social dwellings due for works, worst label
 * first. WS_OK or WS_ENOMEM; with the programme off nothing is allocated. _free allows
 * none. */
int ws_corp_alloc(ws_world *w);
void ws_corp_free(ws_world *w);

/* One month of the programme: the works the deadline for E, F and G and the insulation
 * pace ask for, booked into the ledger. Returns WS_OK. */
int ws_corp_step(ws_world *w);

#endif
