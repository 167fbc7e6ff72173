/* Boundaries never change figures (issue 18): the same scenario and seed give bitwise the
 * same indicators of every district and month whatever polygons the dwellings are placed
 * in (the shipped map, a grid, thin slivers), because positions have their own streams
 * (sim/stock.c, place_stream). Usage: test_place (run from the repository root). */
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "woonsim/map.h"
#include "woonsim/scenario.h"
#include "woonsim/stock.h"
#include "woonsim/world.h"

/* Every indicator of every district (and the total) at every month of run 1, into a new
 * array (*n values); also the first dwelling's quantised position in *pos. */
static double *run_figures(const ws_scenario *sc, size_t *n, unsigned *pos)
{
    ws_error err = {0};
    ws_world *w = ws_world_alloc(sc, 1, &err);
    CHECK(w != NULL, "world: %s", err.msg);
    if (!w)
        return NULL;
    size_t per = (size_t)(sc->ndistricts + 1) * WS_NIND, cap = 0, k = 0;
    double *v = NULL;
    const ws_stock *st = ws_world_stock(w);
    *pos = (unsigned)st->qx[0] << 16 | st->qy[0];
    while (!ws_world_done(w)) {
        CHECK(ws_world_step(w) == WS_OK, "step");
        if (k + per > cap) {
            cap = 2 * (k + per);
            v = realloc(v, cap * sizeof *v);
            if (!v)
                abort();
        }
        for (int d = 0; d <= sc->ndistricts; d++)
            memcpy(v + k + (size_t)d * WS_NIND, ws_world_indicators(w, d),
                   WS_NIND * sizeof *v);
        k += per;
    }
    ws_world_free(w);
    *n = k;
    return v;
}

/* A map of the scenario's neighbourhoods as 1000 m x 2 m slivers. */
static ws_map *sliver_map(const ws_scenario *sc)
{
    const char **ids = malloc((size_t)sc->nnbh * sizeof *ids);
    for (int b = 0; b < sc->nnbh; b++)
        ids[b] = sc->nbh[b].id;
    ws_map *m = ws_map_synthetic(ids, sc->nnbh, 1000);
    free(ids);
    for (int a = 0; m && a < m->nareas; a++) {
        ws_point *p = m->areas[a].points;
        p[2].y = p[3].y = p[0].y + 2;
        m->areas[a].y1 = p[0].y + 2;
        m->areas[a].area = 2000;
    }
    return m;
}

static void test_maps(const char *path)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    CHECK(sc != NULL && sc->map != NULL, "%s loads with a map: %s", path, err.msg);
    if (!sc || !sc->map)
        return;
    size_t n0, n1;
    unsigned p0, p1;
    double *ref = run_figures(sc, &n0, &p0);
    ws_map *shipped = sc->map;
    const char **ids = malloc((size_t)sc->nnbh * sizeof *ids);
    for (int b = 0; b < sc->nnbh; b++)
        ids[b] = sc->nbh[b].id;
    ws_map *alt[2] = {ws_map_synthetic(ids, sc->nnbh, 500), sliver_map(sc)};
    const char *what[2] = {"a grid", "slivers"};
    free(ids);
    for (int k = 0; k < 2; k++) {
        sc->map = alt[k];
        double *v = run_figures(sc, &n1, &p1);
        CHECK(n1 == n0 && v && ref && memcmp(v, ref, n0 * sizeof *v) == 0,
              "%s: figures with %s are bitwise those with the shipped map", path, what[k]);
        CHECK(p1 != p0, "%s: the positions do follow the map (%s)", path, what[k]);
        free(v);
        ws_map_free(alt[k]);
    }
    sc->map = shipped;
    free(ref);
    ws_scenario_free(sc);
}

/* A star of 100,000 spikes (200,000 vertices) as the first neighbourhood: the stock is
 * placed within 2 s, every dwelling inside its polygon (issue 20: rejection sampling
 * hung). */
static void test_hostile(const char *path)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    CHECK(sc != NULL && sc->map != NULL, "%s loads: %s", path, err.msg);
    if (!sc || !sc->map)
        return;
    ws_map_area *a = &sc->map->areas[ws_map_find(sc->map, sc->nbh[0].id)];
    const int nv = 200000;
    ws_point *p = malloc(nv * sizeof *p);
    double cx = 0.5 * (a->x0 + a->x1), cy = 0.5 * (a->y0 + a->y1);
    for (int k = 0; k < nv; k++) {
        double t = 6.283185307179586 * k / nv, r = k % 2 ? 5 : 600;
        p[k] = (ws_point){cx + r * cos(t), cy + r * sin(t)};
    }
    free(a->points);
    a->points = p;
    a->nrings = 1;
    a->ring_start[1] = nv;
    a->x0 = cx - 600, a->x1 = cx + 600, a->y0 = cy - 600, a->y1 = cy + 600;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ws_world *w = ws_world_alloc(sc, 1, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    CHECK(w != NULL, "world with a 200,000-vertex star: %s", err.msg);
    CHECK(s < 2, "a 200,000-vertex star placed in %.2f s (at most 2)", s);
    long n = 0, out = 0;
    const ws_stock *st = w ? ws_world_stock(w) : NULL;
    for (long i = 0; st && i < st->n; i++) {
        if (st->nbh[i] != 0)
            continue;
        double x = a->x0 + (a->x1 - a->x0) * st->qx[i] / 65535.0;
        double y = a->y0 + (a->y1 - a->y0) * st->qy[i] / 65535.0;
        n++;
        out += !ws_map_contains(a, x, y);
    }
    CHECK(n > 0 && out == 0, "%ld of %ld dwellings in the star lie outside it", out, n);
    printf("place: 200,000-vertex star: %ld dwellings in %.2f s\n", n, s);
    ws_world_free(w);
    ws_scenario_free(sc);
}

int main(void)
{
    test_hostile("scenarios/leeuwarden-oost.xml");
    test_maps("scenarios/leeuwarden-oost.xml");
    test_maps("scenarios/woondeal-delayed.xml");
    return CHECK_DONE("place");
}
