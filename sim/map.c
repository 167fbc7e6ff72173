/* Neighbourhood polygons in memory: point tests, sampling, areas and bounding boxes, the
 * synthetic grid, and the building of a map area by area for the reader (sim/map_xml.c);
 * no XML here. */
#include "map_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAP_SAMPLE_TRIES 10000
#define MAP_SAMPLE_WORK 20000000L /* vertices x tries */

/* ---------------------------------------------------------------------------------
 * Geometry */

double ws_map_centroid(const ws_map_area *a, double *cx, double *cy)
{
    double A = 0, x = 0, y = 0;
    for (int r = 0; r < a->nrings; r++) {
        int p0 = a->ring_start[r], p1 = a->ring_start[r + 1];
        for (int i = p0; i < p1; i++) {
            ws_point p = a->points[i], q = a->points[i + 1 < p1 ? i + 1 : p0];
            double c = p.x * q.y - q.x * p.y;
            A += c;
            x += (p.x + q.x) * c;
            y += (p.y + q.y) * c;
        }
    }
    *cx = fabs(A) > 1e-9 ? x / (3 * A) : (a->x0 + a->x1) / 2;
    *cy = fabs(A) > 1e-9 ? y / (3 * A) : (a->y0 + a->y1) / 2;
    return fabs(A) / 2;
}

/* Even-odd crossing test of one ring (half-open in y, so a point on an edge shared by
 * two areas counts for exactly one of them). */
static int ring_contains(const ws_point *p, int n, double x, double y)
{
    int c = 0;
    for (int i = 0, j = n - 1; i < n; j = i++) {
        if ((p[i].y > y) != (p[j].y > y) &&
            x < (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
            c = !c;
    }
    return c;
}

int ws_map_contains(const ws_map_area *a, double x, double y)
{
    if (x < a->x0 || x > a->x1 || y < a->y0 || y > a->y1)
        return 0;
    int c = 0;
    for (int r = 0; r < a->nrings; r++) {
        int s = a->ring_start[r];
        c ^= ring_contains(a->points + s, a->ring_start[r + 1] - s, x, y);
    }
    return c;
}

static double ring_signed_area(const ws_point *p, int n)
{
    double s = 0;
    for (int i = 0, j = n - 1; i < n; j = i++)
        s += (p[j].x - p[0].x) * (p[i].y - p[0].y) - (p[i].x - p[0].x) * (p[j].y - p[0].y);
    return 0.5 * s; /* relative to p[0], which keeps RD coordinates from cancelling */
}

/* 1 if (x, y) lies on an edge of the ring (exactly, as RD input is in whole metres or
 * a few decimals). */
static int ring_touches(const ws_point *p, int n, double x, double y)
{
    for (int i = 0, j = n - 1; i < n; j = i++) {
        double cross = (p[i].x - p[j].x) * (y - p[j].y) - (p[i].y - p[j].y) * (x - p[j].x);
        if (cross == 0 && x >= fmin(p[i].x, p[j].x) && x <= fmax(p[i].x, p[j].x) &&
            y >= fmin(p[i].y, p[j].y) && y <= fmax(p[i].y, p[j].y))
            return 1;
    }
    return 0;
}

/* Even-odd area for rings that do not cross each other (holes may touch): each ring
 * counts with a sign set by how many other rings enclose it. */
static double area_even_odd(const ws_map_area *a)
{
    double total = 0;
    for (int r = 0; r < a->nrings; r++) {
        const ws_point *p = a->points + a->ring_start[r];
        int n = a->ring_start[r + 1] - a->ring_start[r];
        int depth = 0;
        for (int o = 0; o < a->nrings; o++) {
            if (o == r)
                continue;
            const ws_point *q = a->points + a->ring_start[o];
            int m = a->ring_start[o + 1] - a->ring_start[o];
            /* a vertex of r that is not on o's boundary decides; try a few */
            int inside = 0;
            for (int k = 0; k < n && k < 8; k++) {
                inside = ring_contains(q, m, p[k].x, p[k].y);
                if (!ring_touches(q, m, p[k].x, p[k].y))
                    break;
            }
            depth += inside;
        }
        double s = fabs(ring_signed_area(p, n));
        total += depth % 2 ? -s : s;
    }
    return fabs(total);
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* A point inside on the scan line through y: the middle of the widest inside span,
 * with crossings computed as in ring_contains. Returns 1 when found. Only used when
 * rejection fails, so it may allocate; without memory it just finds nothing. */
static int scanline_point(const ws_map_area *a, double y, ws_point *out)
{
    size_t n = 0;
    for (int r = 0; r < a->nrings; r++) {
        const ws_point *p = a->points + a->ring_start[r];
        int m = a->ring_start[r + 1] - a->ring_start[r];
        for (int i = 0, j = m - 1; i < m; j = i++)
            n += (p[i].y > y) != (p[j].y > y);
    }
    double *xs = n >= 2 ? malloc(n * sizeof *xs) : NULL;
    if (!xs)
        return 0;
    n = 0;
    for (int r = 0; r < a->nrings; r++) {
        const ws_point *p = a->points + a->ring_start[r];
        int m = a->ring_start[r + 1] - a->ring_start[r];
        for (int i = 0, j = m - 1; i < m; j = i++) {
            if ((p[i].y > y) != (p[j].y > y))
                xs[n++] = (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x;
        }
    }
    qsort(xs, n, sizeof *xs, cmp_double);
    /* between xs[i] and xs[i+1] a point has i+1 crossings to its left, and as many
     * to its right in parity (each ring is crossed an even number of times) */
    double best = 0;
    int found = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        ws_point m = {0.5 * (xs[i] + xs[i + 1]), y};
        if (xs[i + 1] - xs[i] > best && ws_map_contains(a, m.x, m.y)) {
            best = xs[i + 1] - xs[i];
            *out = m;
            found = 1;
        }
    }
    free(xs);
    return found;
}

ws_point ws_map_sample(const ws_map_area *a, double (*u)(void *state), void *state)
{
    double w = a->x1 - a->x0, h = a->y1 - a->y0;
    /* a try walks every vertex: bound the work (a 200,000-vertex polygon), not the tries */
    long nv = a->nrings > 0 ? a->ring_start[a->nrings] : 1;
    long tries = MAP_SAMPLE_WORK / (nv > 0 ? nv : 1);
    tries = tries < 16 ? 16 : tries > MAP_SAMPLE_TRIES ? MAP_SAMPLE_TRIES : tries;
    for (long t = 0; t < tries; t++) {
        double x = a->x0 + u(state) * w;
        double y = a->y0 + u(state) * h;
        if (ws_map_contains(a, x, y))
            return (ws_point){x, y};
    }
    /* a thin sliver can defeat rejection: try scan lines at fixed heights */
    ws_point p;
    for (int k = 1; k < 16; k++) {
        if (scanline_point(a, a->y0 + h * k / 16.0, &p))
            return p;
    }
    if (a->nrings > 0 && a->ring_start[1] > 0)
        return a->points[0];
    return (ws_point){a->x0, a->y0};
}

int ws_map_find(const ws_map *map, const char *id)
{
    for (int i = 0; i < map->nareas; i++) {
        if (strcmp(map->areas[i].id, id) == 0)
            return i;
    }
    return -1;
}

void ws_map_free(ws_map *map)
{
    if (!map)
        return;
    for (int i = 0; i < map->nareas; i++) {
        free(map->areas[i].ring_start);
        free(map->areas[i].points);
    }
    free(map->areas);
    free(map);
}

void ws_map_copy_span(char *dst, size_t size, const char *src, size_t n)
{
    size_t cut = n < size ? n : size - 1;
    /* back to the first byte of a character (src[cut] exists when cut < n) */
    while (cut < n && cut > 0 && ((unsigned char)src[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(dst, src, cut);
    dst[cut] = '\0';
}

void ws_map_copy_label(char *dst, size_t size, const char *src)
{
    ws_map_copy_span(dst, size, src, strlen(src));
}

/* Fills in the bounding boxes and areas of the map and its areas. */
static void map_finish(ws_map *map)
{
    map->x0 = map->y0 = HUGE_VAL;
    map->x1 = map->y1 = -HUGE_VAL;
    for (int i = 0; i < map->nareas; i++) {
        ws_map_area *a = &map->areas[i];
        a->x0 = a->y0 = HUGE_VAL;
        a->x1 = a->y1 = -HUGE_VAL;
        for (int k = 0; k < a->ring_start[a->nrings]; k++) {
            a->x0 = fmin(a->x0, a->points[k].x);
            a->x1 = fmax(a->x1, a->points[k].x);
            a->y0 = fmin(a->y0, a->points[k].y);
            a->y1 = fmax(a->y1, a->points[k].y);
        }
        a->area = area_even_odd(a);
        map->x0 = fmin(map->x0, a->x0);
        map->x1 = fmax(map->x1, a->x1);
        map->y0 = fmin(map->y0, a->y0);
        map->y1 = fmax(map->y1, a->y1);
    }
    if (map->nareas == 0)
        map->x0 = map->y0 = map->x1 = map->y1 = 0;
}

ws_map *ws_map_synthetic(const char *const *ids, int n, double cell)
{
    if (!(cell > 0 && isfinite(cell)))
        cell = 100;
    if (n < 0)
        n = 0;
    ws_map *map = calloc(1, sizeof *map);
    if (!map)
        return NULL;
    ws_map_copy_label(map->name, sizeof map->name, "synthetic grid");
    map->schematic = 1;
    if (n > 0 && !(map->areas = calloc((size_t)n, sizeof *map->areas))) {
        free(map);
        return NULL;
    }
    int cols = (int)ceil(sqrt((double)n));
    int rows = cols > 0 ? (n + cols - 1) / cols : 0;
    for (int i = 0; i < n; i++) {
        ws_map_area *a = &map->areas[i];
        a->ring_start = malloc(2 * sizeof *a->ring_start);
        a->points = malloc(4 * sizeof *a->points);
        map->nareas = i + 1; /* so that ws_map_free releases this area too */
        if (!a->ring_start || !a->points) {
            ws_map_free(map);
            return NULL;
        }
        ws_map_copy_label(a->id, sizeof a->id, ids && ids[i] ? ids[i] : "");
        ws_map_copy_label(a->name, sizeof a->name, a->id);
        a->nrings = 1;
        a->ring_start[0] = 0;
        a->ring_start[1] = 4;
        /* first id at the top left, north up */
        double x = (i % cols) * cell, y = (rows - 1 - i / cols) * cell;
        a->points[0] = (ws_point){x, y};
        a->points[1] = (ws_point){x + cell, y};
        a->points[2] = (ws_point){x + cell, y + cell};
        a->points[3] = (ws_point){x, y + cell};
    }
    map_finish(map);
    return map;
}

/* ---------------------------------------------------------------------------------
 * Building a map area by area */

int ws_map_builder_oom(ws_map_builder *b)
{
    return ws_error_set(b->err, WS_ENOMEM, "%s: out of memory", b->src);
}

int ws_map_builder_point(ws_map_builder *b, double x, double y, long line)
{
    if (b->total_points + b->npts >= MAP_MAX_POINTS)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: more than %ld points in the map",
                            b->src, line, MAP_MAX_POINTS);
    if (b->npts == b->cap_pts) {
        int cap = b->cap_pts ? 2 * b->cap_pts : 256;
        ws_point *p = realloc(b->pts, (size_t)cap * sizeof *p);
        if (!p)
            return ws_map_builder_oom(b);
        b->pts = p;
        b->cap_pts = cap;
    }
    b->pts[b->npts++] = (ws_point){x, y};
    return WS_OK;
}

/* Closes the ring begun at b->starts[b->nrings]: drops repeated points, checks size. */
int ws_map_builder_end_ring(ws_map_builder *b, const char *id, long line)
{
    int s = b->starts[b->nrings], k = s;
    for (int i = s; i < b->npts; i++) {
        if (k > s && b->pts[i].x == b->pts[k - 1].x && b->pts[i].y == b->pts[k - 1].y)
            continue;
        b->pts[k++] = b->pts[i];
    }
    while (k - s > 1 && b->pts[k - 1].x == b->pts[s].x && b->pts[k - 1].y == b->pts[s].y)
        k--;
    b->npts = k;
    if (k - s < 3)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: area '%s': a ring needs at least 3 distinct points, "
                            "got %d", b->src, line, id, k - s);
    if (b->nrings == MAP_MAX_RINGS)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: area '%s': more than %d rings",
                            b->src, line, id, MAP_MAX_RINGS);
    if (b->nrings + 2 > b->cap_rings) {
        int cap = b->cap_rings ? 2 * b->cap_rings : 8;
        int *p = realloc(b->starts, (size_t)cap * sizeof *p);
        if (!p)
            return ws_map_builder_oom(b);
        b->starts = p;
        b->cap_rings = cap;
    }
    b->starts[++b->nrings] = k;
    return WS_OK;
}

int ws_map_builder_begin_area(ws_map_builder *b)
{
    b->npts = 0;
    b->nrings = 0;
    if (!b->starts) {
        b->starts = malloc(8 * sizeof *b->starts);
        if (!b->starts)
            return ws_map_builder_oom(b);
        b->cap_rings = 8;
    }
    b->starts[0] = 0;
    return WS_OK;
}

/* Moves the area being built into the map. */
int ws_map_builder_end_area(ws_map_builder *b, const char *id, const char *district,
                            const char *name, long line)
{
    ws_map *map = b->map;
    if (b->nrings == 0)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: area '%s' has no polygon",
                            b->src, line, id);
    if ((long)b->nrings * b->npts > MAP_MAX_RING_WORK)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: area '%s' is too complex: %d rings x %d points (at most "
                            "%ld)", b->src, line, id, b->nrings, b->npts, MAP_MAX_RING_WORK);
    if (map->nareas >= MAP_MAX_AREAS)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: more than %d areas", b->src, line,
                            MAP_MAX_AREAS);
    if (map->nareas == b->cap_areas) {
        int cap = b->cap_areas ? 2 * b->cap_areas : 16;
        ws_map_area *p = realloc(map->areas, (size_t)cap * sizeof *p);
        if (!p)
            return ws_map_builder_oom(b);
        map->areas = p;
        int *l = realloc(b->lines, (size_t)cap * sizeof *l);
        if (!l)
            return ws_map_builder_oom(b);
        b->lines = l;
        b->cap_areas = cap;
    }
    ws_map_area *a = &map->areas[map->nareas];
    memset(a, 0, sizeof *a);
    a->ring_start = malloc((size_t)(b->nrings + 1) * sizeof *a->ring_start);
    a->points = malloc((size_t)b->npts * sizeof *a->points);
    map->nareas++; /* so that ws_map_free releases this area too */
    if (!a->ring_start || !a->points)
        return ws_map_builder_oom(b);
    memcpy(a->ring_start, b->starts, (size_t)(b->nrings + 1) * sizeof *a->ring_start);
    memcpy(a->points, b->pts, (size_t)b->npts * sizeof *a->points);
    a->nrings = b->nrings;
    ws_map_copy_label(a->id, sizeof a->id, id);
    ws_map_copy_label(a->district, sizeof a->district, district);
    ws_map_copy_label(a->name, sizeof a->name, name);
    b->lines[map->nareas - 1] = (int)(line > 0 && line < 2147483647L ? line : 0);
    b->total_points += b->npts;
    return WS_OK;
}

typedef struct {
    const char *id;
    int index;
} id_entry;

static int id_entry_cmp(const void *pa, const void *pb)
{
    const id_entry *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Sets bounding boxes and areas; rejects duplicate ids and empty areas. */
int ws_map_builder_finish(ws_map_builder *b)
{
    ws_map *map = b->map;
    map_finish(map);
    for (int i = 0; i < map->nareas; i++) {
        if (!(map->areas[i].area > 0))
            return ws_error_set(b->err, WS_EINPUT, "%s:%d: area '%s' has zero area",
                                b->src, b->lines[i], map->areas[i].id);
    }
    if (map->nareas < 2)
        return WS_OK;
    id_entry *e = malloc((size_t)map->nareas * sizeof *e);
    if (!e)
        return ws_map_builder_oom(b);
    for (int i = 0; i < map->nareas; i++)
        e[i] = (id_entry){map->areas[i].id, i};
    qsort(e, (size_t)map->nareas, sizeof *e, id_entry_cmp);
    int status = WS_OK;
    for (int i = 1; i < map->nareas; i++) {
        if (strcmp(e[i].id, e[i - 1].id) == 0) {
            status = ws_error_set(b->err, WS_EINPUT,
                                  "%s:%d: duplicate area id '%s' (first at line %d)",
                                  b->src, b->lines[e[i].index], e[i].id,
                                  b->lines[e[i - 1].index]);
            break;
        }
    }
    free(e);
    return status;
}

void ws_map_builder_clear(ws_map_builder *b)
{
    free(b->lines);
    free(b->pts);
    free(b->starts);
}
