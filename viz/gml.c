/* Viewer map sources: GML boundaries matched to the scenario, or a grid for scenarios
 * without a map. */
#include "gml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "woonsim/map.h"

/* Bounding boxes and areas (even-odd: rings inside another ring of the area count as
 * holes), as the map reader computes them. */
static void finish_map(ws_map *m)
{
    m->x0 = m->y0 = INFINITY;
    m->x1 = m->y1 = -INFINITY;
    for (int a = 0; a < m->nareas; a++) {
        ws_map_area *ar = &m->areas[a];
        ar->x0 = ar->y0 = INFINITY;
        ar->x1 = ar->y1 = -INFINITY;
        int np = ar->ring_start[ar->nrings];
        for (int i = 0; i < np; i++) {
            ar->x0 = fmin(ar->x0, ar->points[i].x);
            ar->y0 = fmin(ar->y0, ar->points[i].y);
            ar->x1 = fmax(ar->x1, ar->points[i].x);
            ar->y1 = fmax(ar->y1, ar->points[i].y);
        }
        ar->area = 0;
        for (int r = 0; r < ar->nrings; r++) {
            int p0 = ar->ring_start[r], p1 = ar->ring_start[r + 1];
            double A = 0;
            for (int i = p0; i < p1; i++) {
                ws_point p = ar->points[i], q = ar->points[i + 1 < p1 ? i + 1 : p0];
                A += p.x * q.y - q.x * p.y;
            }
            A = fabs(A) / 2;
            int inside = 0; /* is this ring inside an odd number of other rings? */
            for (int o = 0; o < ar->nrings; o++) {
                if (o == r)
                    continue;
                int q0 = ar->ring_start[o], q1 = ar->ring_start[o + 1], c = 0;
                ws_point t = ar->points[p0];
                for (int i = q0, j = q1 - 1; i < q1; j = i++) {
                    ws_point pa = ar->points[i], pb = ar->points[j];
                    if ((pa.y > t.y) != (pb.y > t.y) &&
                        t.x < (pb.x - pa.x) * (t.y - pa.y) / (pb.y - pa.y) + pa.x)
                        c = !c;
                }
                inside ^= c;
            }
            ar->area += inside ? -A : A;
        }
        m->x0 = fmin(m->x0, ar->x0);
        m->y0 = fmin(m->y0, ar->y0);
        m->x1 = fmax(m->x1, ar->x1);
        m->y1 = fmax(m->y1, ar->y1);
    }
}

/* Copies area src into dst (new arrays). Returns 0, or -1 when out of memory. */
static int copy_area(ws_map_area *dst, const ws_map_area *src)
{
    int np = src->ring_start[src->nrings];
    *dst = *src;
    dst->ring_start = malloc(((size_t)src->nrings + 1) * sizeof *dst->ring_start);
    dst->points = malloc((size_t)(np ? np : 1) * sizeof *dst->points);
    if (!dst->ring_start || !dst->points)
        return -1;
    memcpy(dst->ring_start, src->ring_start, ((size_t)src->nrings + 1) * sizeof *dst->ring_start);
    memcpy(dst->points, src->points, (size_t)np * sizeof *dst->points);
    return 0;
}

/* The GML area for neighbourhood b: same id, else id or name equal to its name. */
static int match(const ws_map *g, const ws_neighbourhood *nb)
{
    int a = ws_map_find(g, nb->id);
    for (int i = 0; a < 0 && i < g->nareas; i++)
        if (strcasecmp(g->areas[i].id, nb->name) == 0 ||
            strcasecmp(g->areas[i].name, nb->name) == 0 ||
            strcasecmp(g->areas[i].name, nb->id) == 0)
            a = i;
    return a;
}

static int from_gml(ws_scenario *sc, const char *path, const char *id_fields, ws_error *err)
{
    ws_map *g = ws_map_load_gml(path, id_fields, err);
    if (!g)
        return err && err->status ? err->status : WS_EINPUT;
    ws_map *m = calloc(1, sizeof *m);
    if (!m || !(m->areas = calloc((size_t)sc->nnbh + 1, sizeof *m->areas))) {
        free(m);
        ws_map_free(g);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    snprintf(m->name, sizeof m->name, "%s", path);
    m->schematic = 0;
    int status = WS_OK;
    for (int b = 0; b < sc->nnbh && !status; b++) {
        const ws_neighbourhood *nb = &sc->nbh[b];
        int a = match(g, nb);
        if (a < 0) {
            status = ws_error_set(err, WS_EINPUT,
                                  "%s: no feature for neighbourhood '%s' (%s) of %s, by id "
                                  "or name (choose the id attribute with --gml-id)",
                                  path, nb->id, nb->name, sc->path);
            break;
        }
        if (copy_area(&m->areas[m->nareas], &g->areas[a]) != 0) {
            m->nareas++; /* so that ws_map_free releases what was allocated */
            status = ws_error_set(err, WS_ENOMEM, "out of memory");
            break;
        }
        ws_map_area *ar = &m->areas[m->nareas++];
        snprintf(ar->id, sizeof ar->id, "%s", nb->id);
        snprintf(ar->district, sizeof ar->district, "%s", sc->districts[nb->district].id);
        snprintf(ar->name, sizeof ar->name, "%s", nb->name);
    }
    ws_map_free(g);
    if (status) {
        ws_map_free(m);
        return status;
    }
    finish_map(m);
    ws_map_free(sc->map);
    sc->map = m;
    snprintf(sc->map_path, sizeof sc->map_path, "%s", path);
    return WS_OK;
}

int vw_map_prepare(ws_scenario *sc, const char *gml_path, const char *id_fields,
                   ws_error *err)
{
    if (gml_path && *gml_path)
        return from_gml(sc, gml_path, id_fields, err);
    if (sc->map)
        return WS_OK;
    const char **ids = malloc(((size_t)sc->nnbh + 1) * sizeof *ids);
    if (!ids)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int b = 0; b < sc->nnbh; b++)
        ids[b] = sc->nbh[b].id;
    /* 500 m squares: the stock then places the dwellings inside them. */
    sc->map = ws_map_synthetic(ids, sc->nnbh, 500);
    free(ids);
    if (!sc->map)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int b = 0; b < sc->nnbh; b++) {
        snprintf(sc->map->areas[b].district, sizeof sc->map->areas[b].district, "%s",
                 sc->districts[sc->nbh[b].district].id);
        snprintf(sc->map->areas[b].name, sizeof sc->map->areas[b].name, "%s", sc->nbh[b].name);
    }
    return WS_OK;
}
