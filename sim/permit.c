/* Process 2, the landlord permit (verhuurdersvergunning): not modelled yet. The step
 * leaves the stock unchanged; the README lists it as not yet modelled. */
#include "world_int.h"

int ws_permit_alloc(ws_world *w)
{
    (void)w;
    return WS_OK;
}

void ws_permit_free(ws_world *w) { (void)w; }

int ws_permit_step(ws_world *w)
{
    (void)w;
    return WS_OK;
}
