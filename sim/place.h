/* Positions inside a polygon in bounded time, whatever its number of vertices: inside
 * spans of horizontal scan lines on the stock's quantisation lattice (sim/stock.c). */
#ifndef WS_PLACE_H
#define WS_PLACE_H

#include <stdint.h>
#include "woonsim/map.h"

typedef struct ws_place_spans ws_place_spans;

/* Scan lines across area a at fixed heights of the 65536 x 65536 lattice over its
 * bounding box (where the stock quantises positions), as many as a work bound allows
 * (about WS_PLACE_WORK edge crossings, at most 1024 lines, at least one), and on each
 * the lattice points strictly inside the area by ws_map_contains's crossing rule.
 * Returns a new sampler owned by the caller (ws_place_spans_free), or NULL when out of
 * memory. Cost: lines x vertices, so at most about WS_PLACE_WORK + a sort per line. */
#define WS_PLACE_WORK 4000000L
ws_place_spans *ws_place_spans_alloc(const ws_map_area *a);

/* The area the sampler was made for. */
const ws_map_area *ws_place_spans_area(const ws_place_spans *s);

/* A lattice point drawn uniformly over the sampler's points by u in [0, 1), into *kx,
 * *ky (decoded as x0 + (x1 - x0) * kx / 65535). Returns 1, or 0 when no line has a
 * point inside (a sliver thinner than the lattice). */
int ws_place_spans_draw(const ws_place_spans *s, double u, uint16_t *kx, uint16_t *ky);

void ws_place_spans_free(ws_place_spans *s);

#endif
