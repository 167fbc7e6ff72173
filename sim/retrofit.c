/* Process 3, the retrofit programme: not modelled yet. The step
 * leaves the stock unchanged; the README lists it as not yet modelled. */
#include "world_int.h"

int ws_retrofit_alloc(ws_world *w)
{
    (void)w;
    return WS_OK;
}

void ws_retrofit_free(ws_world *w) { (void)w; }

int ws_retrofit_step(ws_world *w)
{
    (void)w;
    return WS_OK;
}
