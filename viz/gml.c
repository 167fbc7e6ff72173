/* Viewer map sources: real boundaries (any vector format, viz/geo.c) fitted to the
 * scenario by id, name or CBS wijk code, or a grid for scenarios without a map. */
#include "gml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "geo.h"
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
        /* the view frames the neighbourhoods, not the grey context around them (a
         * whole municipality's buurten) */
        if (!ar->district[0] && a > 0 && m->areas[0].district[0])
            continue;
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

/* The feature for neighbourhood nb: same id, else id or name equal to its name. */
static int match(const ws_map *g, const ws_neighbourhood *nb, const char *used)
{
    int a = ws_map_find(g, nb->id);
    if (a >= 0 && used[a])
        a = -1;
    for (int i = 0; a < 0 && i < g->nareas; i++)
        if (!used[i] && (strcasecmp(g->areas[i].id, nb->name) == 0 ||
                         strcasecmp(g->areas[i].name, nb->name) == 0 ||
                         strcasecmp(g->areas[i].name, nb->id) == 0))
            a = i;
    return a;
}

/* 1 if feature id f lies in wijk w ("WK008020"): the wijk itself, or a buurt of it
 * ("BU00802001": BU, the wijk's six digits, two more). buurt: only buurten. */
static int in_wijk(const char *f, const char *w, int buurt)
{
    if (!w[0])
        return 0;
    if (!buurt && strcasecmp(f, w) == 0)
        return 1;
    return strlen(f) == 10 && strncasecmp(f, "BU", 2) == 0 && strncmp(f + 2, w + 2, 6) == 0;
}

/* Appends the rings of src to dst (a union of features, even-odd: they do not
 * overlap). Returns 0, or -1 when out of memory. */
static int append_area(ws_map_area *dst, const ws_map_area *src)
{
    if (!dst->ring_start)
        return copy_area(dst, src);
    int n0 = dst->ring_start[dst->nrings], n1 = src->ring_start[src->nrings];
    int *rs = realloc(dst->ring_start, ((size_t)dst->nrings + (size_t)src->nrings + 1) *
                                           sizeof *rs);
    if (rs)
        dst->ring_start = rs;
    ws_point *p = realloc(dst->points, ((size_t)n0 + (size_t)n1) * sizeof *p);
    if (p)
        dst->points = p;
    if (!rs || !p)
        return -1;
    memcpy(p + n0, src->points, (size_t)n1 * sizeof *p);
    for (int r = 1; r <= src->nrings; r++)
        rs[dst->nrings + r] = n0 + src->ring_start[r];
    dst->nrings += src->nrings;
    return 0;
}

/* Which features each neighbourhood gets (owner[f] = neighbourhood, -1: context):
 * first by id or name; then, per district, the buurten of its wijk code (else the
 * wijk itself) shared out in file order among its unmatched neighbourhoods. Returns
 * the number of neighbourhoods left without one. */
static int assign(const ws_scenario *sc, const ws_map *own, const ws_map *g, int *owner,
                  char *used, int *nfeat)
{
    for (int b = 0; b < sc->nnbh; b++) {
        int a = match(g, &sc->nbh[b], used);
        nfeat[b] = a >= 0;
        if (a >= 0) {
            owner[a] = b;
            used[a] = 1;
        }
    }
    int left = 0;
    for (int d = 0; d < sc->ndistricts; d++) {
        int nb[256], k = 0;
        const char *w = "";
        for (int b = 0; b < sc->nnbh; b++) {
            int a = own ? ws_map_find(own, sc->nbh[b].id) : -1;
            if (sc->nbh[b].district != d)
                continue;
            if (a >= 0 && own->areas[a].wijk[0])
                w = own->areas[a].wijk;
            if (!nfeat[b] && k < 256)
                nb[k++] = b;
        }
        int f[4096], m = 0;
        for (int buurt = 1; buurt >= 0 && m == 0; buurt--)
            for (int a = 0; a < g->nareas && m < 4096; a++)
                if (!used[a] && in_wijk(g->areas[a].id, w, buurt))
                    f[m++] = a;
        /* m >= k: contiguous shares; m < k: one each, the rest stay schematic */
        for (int j = 0; j < m && k > 0; j++) {
            int b = nb[m >= k ? (int)((long)j * k / m) : j];
            owner[f[j]] = b;
            used[f[j]] = 1;
            nfeat[b]++;
        }
        for (int j = 0; j < k; j++)
            left += !nfeat[nb[j]];
    }
    return left;
}

/* The one-line note naming the neighbourhoods left schematic (on stderr: the viewer
 * says what it could not match). */
static void note_schematic(const ws_scenario *sc, const int *nfeat, int left,
                           const char *path)
{
    fprintf(stderr, "woonsim-view: %s: %d of %d neighbourhoods without a boundary, drawn "
            "schematic:", path, left, sc->nnbh);
    for (int b = 0, k = 0; b < sc->nnbh; b++)
        if (!nfeat[b])
            fprintf(stderr, "%s %s", k++ ? "," : "", sc->nbh[b].id);
    fputc('\n', stderr);
}

/* Builds the drawing map: one area per neighbourhood (its features' union, else its
 * schematic shape), then every other feature as grey context. */
static int build_map(ws_scenario *sc, const ws_map *own, const ws_map *g, const int *owner,
                     const int *nfeat, ws_map *m)
{
    for (int b = 0; b < sc->nnbh; b++) {
        ws_map_area *ar = &m->areas[m->nareas++];
        int bad = 0;
        for (int a = 0; a < g->nareas && !bad; a++)
            if (owner[a] == b)
                bad = append_area(ar, &g->areas[a]);
        int s = own ? ws_map_find(own, sc->nbh[b].id) : -1;
        if (!bad && !nfeat[b] && s >= 0)
            bad = copy_area(ar, &own->areas[s]);
        if (bad || !ar->ring_start)
            return bad ? WS_ENOMEM : WS_EINPUT;
        snprintf(ar->id, sizeof ar->id, "%s", sc->nbh[b].id);
        snprintf(ar->district, sizeof ar->district, "%s",
                 sc->districts[sc->nbh[b].district].id);
        snprintf(ar->name, sizeof ar->name, "%s", sc->nbh[b].name);
    }
    for (int a = 0; a < g->nareas; a++) {
        if (owner[a] >= 0)
            continue;
        ws_map_area *ar = &m->areas[m->nareas++];
        if (copy_area(ar, &g->areas[a]))
            return WS_ENOMEM;
        ar->district[0] = '\0';
    }
    return WS_OK;
}

/* Reads boundaries with GDAL (viz/geo.c) and fits them to the scenario. */
static int from_file(ws_scenario *sc, const char *path, const char *id_fields, ws_error *err)
{
    ws_map *g = vw_geo_read(path, id_fields, err);
    if (!g)
        return err && err->status ? err->status : WS_EINPUT;
    const ws_map *own = sc->map;
    int *owner = malloc(((size_t)g->nareas + 1) * sizeof *owner);
    int *nfeat = calloc((size_t)sc->nnbh + 1, sizeof *nfeat);
    char *used = calloc((size_t)g->nareas + 1, 1);
    ws_map *m = calloc(1, sizeof *m);
    int status = WS_OK;
    if (!owner || !nfeat || !used || !m ||
        !(m->areas = calloc((size_t)sc->nnbh + (size_t)g->nareas + 1, sizeof *m->areas))) {
        status = ws_error_set(err, WS_ENOMEM, "out of memory");
    } else {
        for (int a = 0; a < g->nareas; a++)
            owner[a] = -1;
        int left = assign(sc, own, g, owner, used, nfeat);
        if (left > 0 && !own)
            status = ws_error_set(err, WS_EINPUT,
                                  "%s: no feature for %d of the %d neighbourhoods of %s, "
                                  "and the scenario has no map to draw them from (match "
                                  "them by id or name; --gml-id picks the id field)", path,
                                  left, sc->nnbh, sc->path);
        else {
            snprintf(m->name, sizeof m->name, "%s", path);
            status = build_map(sc, own, g, owner, nfeat, m);
            if (status)
                ws_error_set(err, status, "%s: out of memory", path);
            else if (left > 0)
                note_schematic(sc, nfeat, left, path);
        }
    }
    free(owner);
    free(nfeat);
    free(used);
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
    if (sc->map)
        return gml_path && *gml_path ? from_file(sc, gml_path, id_fields, err) : WS_OK;
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
    /* boundaries fitted over the grid: what they leave stays a square */
    return gml_path && *gml_path ? from_file(sc, gml_path, id_fields, err) : WS_OK;
}
