/* Process 4, tenure and market transitions: not modelled yet. The step
 * leaves the stock unchanged; the README lists it as not yet modelled. */
#include "world_int.h"

int ws_market_alloc(ws_world *w)
{
    (void)w;
    return WS_OK;
}

void ws_market_free(ws_world *w) { (void)w; }

int ws_market_step(ws_world *w)
{
    (void)w;
    return WS_OK;
}
