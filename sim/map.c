/* Neighbourhood polygons: the project's map XML, GML 3.2 import, point tests, sampling.
 *
 * The map XML (scenarios/maps/NAME.xml), coordinates in RD New (EPSG:28992, metres):
 *
 *   <map name="Leeuwarden Oost (schematic)" crs="EPSG:28992" schematic="true">
 *     <area id="vlietzone" district="oud-oost" name="Vlietzone">
 *       <ring>182700,579300 183300,579300 183300,579800 182700,579800</ring>
 *     </area>
 *   </map>
 *
 * <map>   name (optional, up to 127 bytes), crs (optional; if given it must name
 *         EPSG:28992), schematic ("true"/"false"/"1"/"0", default false).
 * <area>  id (required, unique, up to 47 bytes), district (optional district id, up to
 *         47 bytes), name (optional label, up to 95 bytes; default the id). One or more
 *         <ring> children.
 * <ring>  "x,y" pairs separated by whitespace, at least 3 distinct points. A ring is
 *         closed implicitly; a repeated first point at the end is dropped, as are
 *         repeated consecutive points. Rings combine by the even-odd rule: a ring
 *         inside another is a hole, so orientation does not matter.
 * Unknown elements and attributes are errors; comments are allowed. A document with a
 * DOCTYPE is rejected (no DTDs, no entities), as is a file over 64 MiB; files are read as
 * UTF-8. Limits: 100000 areas, 10 million points in all, 1000 rings per area and 20
 * million rings x points per area, 2 million elements; coordinates must be finite.
 *
 * Errors are reported as "FILE:LINE: message" with WS_EINPUT (WS_ENOMEM when memory
 * runs out, WS_EIO when a file cannot be read after it was opened). */
#include "woonsim/map.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "reader_int.h"

#define MAP_MAX_BYTES (64L * 1024 * 1024)
#define MAP_MAX_AREAS 100000
#define MAP_MAX_POINTS 10000000L
#define MAP_MAX_RINGS 1000 /* per area: the even-odd area costs rings x points */
#define MAP_MAX_RING_WORK 20000000L /* per area: rings x points */
#define MAP_MAX_ELEMENTS 2000000L
#define MAP_SAMPLE_TRIES 10000

static const char gml_ns[] = "http://www.opengis.net/gml/3.2";
static const char default_id_fields[] = "buurtcode,code,statcode,id,naam,name";

/* ---------------------------------------------------------------------------------
 * Geometry */

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
    for (int t = 0; t < MAP_SAMPLE_TRIES; t++) {
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

/* Copies src[0..n) into dst[size], cutting at a UTF-8 character boundary. */
static void copy_span(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void copy_label(char *dst, size_t size, const char *src)
{
    copy_span(dst, size, src, strlen(src));
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
    copy_label(map->name, sizeof map->name, "synthetic grid");
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
        copy_label(a->id, sizeof a->id, ids && ids[i] ? ids[i] : "");
        copy_label(a->name, sizeof a->name, a->id);
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

typedef struct {
    const char *src; /* file name for messages */
    ws_error *err;
    ws_map *map;
    int cap_areas;
    int *lines;        /* source line of each area, for duplicate-id messages */
    long total_points; /* over all finished rings */
    ws_point *pts;     /* the area being built */
    int npts, cap_pts;
    int *starts;
    int nrings, cap_rings;
} builder;

static int builder_oom(builder *b)
{
    return ws_error_set(b->err, WS_ENOMEM, "%s: out of memory", b->src);
}

static int builder_point(builder *b, double x, double y, long line)
{
    if (b->total_points + b->npts >= MAP_MAX_POINTS)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: more than %ld points in the map",
                            b->src, line, MAP_MAX_POINTS);
    if (b->npts == b->cap_pts) {
        int cap = b->cap_pts ? 2 * b->cap_pts : 256;
        ws_point *p = realloc(b->pts, (size_t)cap * sizeof *p);
        if (!p)
            return builder_oom(b);
        b->pts = p;
        b->cap_pts = cap;
    }
    b->pts[b->npts++] = (ws_point){x, y};
    return WS_OK;
}

/* Closes the ring begun at b->starts[b->nrings]: drops repeated points, checks size. */
static int builder_end_ring(builder *b, const char *id, long line)
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
            return builder_oom(b);
        b->starts = p;
        b->cap_rings = cap;
    }
    b->starts[++b->nrings] = k;
    return WS_OK;
}

static int builder_begin_area(builder *b)
{
    b->npts = 0;
    b->nrings = 0;
    if (!b->starts) {
        b->starts = malloc(8 * sizeof *b->starts);
        if (!b->starts)
            return builder_oom(b);
        b->cap_rings = 8;
    }
    b->starts[0] = 0;
    return WS_OK;
}

/* Moves the area being built into the map. */
static int builder_end_area(builder *b, const char *id, const char *district,
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
            return builder_oom(b);
        map->areas = p;
        int *l = realloc(b->lines, (size_t)cap * sizeof *l);
        if (!l)
            return builder_oom(b);
        b->lines = l;
        b->cap_areas = cap;
    }
    ws_map_area *a = &map->areas[map->nareas];
    memset(a, 0, sizeof *a);
    a->ring_start = malloc((size_t)(b->nrings + 1) * sizeof *a->ring_start);
    a->points = malloc((size_t)b->npts * sizeof *a->points);
    map->nareas++; /* so that ws_map_free releases this area too */
    if (!a->ring_start || !a->points)
        return builder_oom(b);
    memcpy(a->ring_start, b->starts, (size_t)(b->nrings + 1) * sizeof *a->ring_start);
    memcpy(a->points, b->pts, (size_t)b->npts * sizeof *a->points);
    a->nrings = b->nrings;
    copy_label(a->id, sizeof a->id, id);
    copy_label(a->district, sizeof a->district, district);
    copy_label(a->name, sizeof a->name, name);
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
static int builder_finish(builder *b)
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
        return builder_oom(b);
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

static void builder_clear(builder *b)
{
    free(b->lines);
    free(b->pts);
    free(b->starts);
}

/* ---------------------------------------------------------------------------------
 * Reading XML safely */

typedef struct {
    long doctype_line; /* > 0 once a DOCTYPE was seen */
    int failed;        /* an error (not a warning) was reported */
    long line;
    char msg[256];
} xml_state;

#if LIBXML_VERSION >= 21200
static void xml_on_error(void *ctx, const xmlError *e)
#else
static void xml_on_error(void *ctx, xmlErrorPtr e)
#endif
{
    xml_state *st = ((xmlParserCtxtPtr)ctx)->_private;
    if (st->failed || e->level < XML_ERR_ERROR)
        return;
    st->failed = 1;
    st->line = e->line;
    copy_label(st->msg, sizeof st->msg, e->message ? e->message : "XML error");
    size_t n = strlen(st->msg);
    while (n > 0 && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
        st->msg[--n] = '\0';
}

/* Called at "<!DOCTYPE": stop before any declaration or entity is read. */
static void xml_on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    xml_state *st = ctxt->_private;
    if (!st->doctype_line)
        st->doctype_line = ctxt->input ? ctxt->input->line : 1;
    xmlStopParser(ctxt);
}

/* Parses buf into a tree: no network, no DTD, no entity substitution, no DOCTYPE. */
static xmlDoc *xml_read(const char *buf, size_t len, const char *src, ws_error *err)
{
    if (len > (size_t)MAP_MAX_BYTES) {
        ws_error_set(err, WS_EINPUT, "%s: file too large (%zu bytes, limit 64 MiB)", src,
                     len);
        return NULL;
    }
    /* Areas and points are counted by the reader; bound the elements before the tree is
     * built (a GML feature takes about ten). */
    static const ws_xml_name_limit names[] = {{"area", MAP_MAX_AREAS}, {"", 0}};
    ws_xml_limits lim = {MAP_MAX_ELEMENTS, 256, 1L << 20, names};
    if (ws_xml_prescan(buf, len, src, &lim, err) != WS_OK)
        return NULL;
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt) {
        ws_error_set(err, len ? WS_ENOMEM : WS_EINPUT, "%s:1: %s", src,
                     len ? "out of memory" : "empty document");
        return NULL;
    }
    xml_state st = {0};
    ctxt->_private = &st;
    /* UTF-8 whatever the document declares: the parser reads the bytes prescanned. */
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC);
    ctxt->sax->serror = xml_on_error;
    ctxt->sax->internalSubset = xml_on_doctype;
    xmlParseDocument(ctxt);
    xmlDoc *doc = ctxt->myDoc;
    int ok = ctxt->wellFormed && !st.failed && !st.doctype_line && doc;
    if (ok && (doc->intSubset || doc->extSubset))
        st.doctype_line = 1;
    if (st.doctype_line) {
        ws_error_set(err, WS_EINPUT,
                     "%s:%ld: DOCTYPE not allowed (no DTDs or entities in map files)", src,
                     st.doctype_line);
        ok = 0;
    } else if (!ok) {
        if (st.failed)
            ws_error_set(err, WS_EINPUT, "%s:%ld: %s", src, st.line, st.msg);
        else
            ws_error_set(err, WS_EINPUT, "%s:%d: malformed XML", src,
                         ctxt->input ? ctxt->input->line : 1);
    }
    if (!ok) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* Reads a whole file of at most MAP_MAX_BYTES into a new buffer (caller frees). Reads
 * rather than asking for the size, so pipes work too. */
static char *read_file(const char *path, size_t *len, ws_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ws_error_set(err, WS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 0, n = 0;
    char *buf = NULL;
    int status = WS_OK;
    for (;;) {
        if (n == cap) {
            size_t grow = cap ? 2 * cap : 65536;
            if (grow > (size_t)MAP_MAX_BYTES + 1)
                grow = (size_t)MAP_MAX_BYTES + 1;
            char *p = realloc(buf, grow);
            if (!p) {
                status = ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
                break;
            }
            buf = p;
            cap = grow;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > (size_t)MAP_MAX_BYTES) {
            status = ws_error_set(err, WS_EINPUT, "%s: file too large (limit 64 MiB)", path);
            break;
        }
        if (got == 0) {
            if (ferror(f))
                status = ws_error_set(err, WS_EIO, "%s: read error: %s", path,
                                      strerror(errno));
            break;
        }
    }
    fclose(f);
    if (status) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int name_is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static int gml_is(const xmlNode *n, const char *local)
{
    return name_is(n, local) && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, gml_ns) == 0;
}

static long line_of(const xmlNode *n)
{
    return xmlGetLineNo(n);
}

/* Parses one number that must span [s, end). */
static int parse_number(const char *s, const char *end, double *out)
{
    char *stop;
    if (s == end || is_space(*s))
        return -1;
    *out = strtod(s, &stop);
    return stop == end ? 0 : -1;
}

/* Reports a bad token (quoted, cut to a readable length). */
static int bad_token(builder *b, long line, const char *what, const char *tok, size_t n)
{
    return ws_error_set(b->err, WS_EINPUT, "%s:%ld: %s '%.*s'", b->src, line, what,
                        (int)(n > 40 ? 40 : n), tok);
}

/* ---------------------------------------------------------------------------------
 * The project's map XML */

/* allowed: the attribute names, each followed by a space (a string literal rather
 * than an array of pointers, which would be relocated writable data). */
static int check_attrs(builder *b, const xmlNode *n, const char *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        size_t len = strlen((const char *)a->name);
        int ok = 0;
        for (const char *s = allowed; *s && !ok; s = strchr(s, ' ') + 1)
            ok = !a->ns && strncmp(s, (const char *)a->name, len) == 0 && s[len] == ' ';
        if (!ok)
            return ws_error_set(b->err, WS_EINPUT, "%s:%ld: unknown attribute '%s' on <%s>",
                                b->src, line_of(n), (const char *)a->name,
                                (const char *)n->name);
    }
    return WS_OK;
}

/* Copies attribute attr of n into dst[size] ("" when absent); error when too long. */
static int get_attr(builder *b, const xmlNode *n, const char *attr, char *dst, size_t size)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)attr);
    dst[0] = '\0';
    if (!v)
        return WS_OK;
    size_t len = strlen((const char *)v);
    if (len >= size) {
        xmlFree(v);
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: %s too long (at most %zu bytes)",
                            b->src, line_of(n), attr, size - 1);
    }
    memcpy(dst, v, len + 1);
    xmlFree(v);
    return WS_OK;
}

/* Reads "x,y x,y ..." from a <ring>. */
static int read_xy_pairs(builder *b, const xmlNode *ring, const char *id)
{
    for (const xmlNode *c = ring->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return ws_error_set(b->err, WS_EINPUT, "%s:%ld: unexpected <%s> in <ring>",
                                b->src, line_of(c), (const char *)c->name);
    }
    xmlChar *text = xmlNodeGetContent(ring);
    if (!text)
        return builder_oom(b);
    long line = line_of(ring);
    int status = WS_OK;
    const char *s = (const char *)text;
    while (status == WS_OK) {
        while (is_space(*s))
            line += *s++ == '\n';
        if (!*s)
            break;
        const char *end = s;
        while (*end && !is_space(*end))
            end++;
        const char *comma = memchr(s, ',', (size_t)(end - s));
        double x, y;
        if (!comma || parse_number(s, comma, &x) || parse_number(comma + 1, end, &y))
            status = bad_token(b, line, "bad coordinate pair (want x,y)", s,
                               (size_t)(end - s));
        else if (!isfinite(x) || !isfinite(y))
            status = bad_token(b, line, "coordinate not finite", s, (size_t)(end - s));
        else
            status = builder_point(b, x, y, line);
        s = end;
    }
    xmlFree(text);
    return status ? status : builder_end_ring(b, id, line_of(ring));
}

static int read_area(builder *b, const xmlNode *n)
{
    char id[sizeof b->map->areas[0].id], district[sizeof id], name[96];
    int status = check_attrs(b, n, "id district name ");
    if (!status)
        status = get_attr(b, n, "id", id, sizeof id);
    if (!status)
        status = get_attr(b, n, "district", district, sizeof district);
    if (!status)
        status = get_attr(b, n, "name", name, sizeof name);
    if (status)
        return status;
    if (!id[0])
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: <area> needs an id", b->src,
                            line_of(n));
    if (!name[0])
        memcpy(name, id, sizeof id);
    if ((status = builder_begin_area(b)))
        return status;
    for (const xmlNode *c = n->children; c && !status; c = c->next) {
        if (name_is(c, "ring") && !c->ns) {
            status = check_attrs(b, c, "");
            if (!status)
                status = read_xy_pairs(b, c, id);
        }
        else if (c->type == XML_ELEMENT_NODE)
            status = ws_error_set(b->err, WS_EINPUT, "%s:%ld: unexpected <%s> in area '%s'",
                                  b->src, line_of(c), (const char *)c->name, id);
    }
    return status ? status : builder_end_area(b, id, district, name, line_of(n));
}

static int read_map(builder *b, const xmlNode *root)
{
    ws_map *map = b->map;
    char crs[64], schematic[16];
    if (!name_is(root, "map") || root->ns)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: root element must be <map>, not <%s>",
                            b->src, line_of(root), (const char *)root->name);
    int status = check_attrs(b, root, "name crs schematic ");
    if (!status)
        status = get_attr(b, root, "name", map->name, sizeof map->name);
    if (!status)
        status = get_attr(b, root, "crs", crs, sizeof crs);
    if (!status)
        status = get_attr(b, root, "schematic", schematic, sizeof schematic);
    if (status)
        return status;
    if (!map->name[0])
        copy_label(map->name, sizeof map->name, b->src);
    if (crs[0] && !strstr(crs, "28992"))
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: crs '%s' not supported (maps are in EPSG:28992)",
                            b->src, line_of(root), crs);
    if (!strcmp(schematic, "true") || !strcmp(schematic, "1"))
        map->schematic = 1;
    else if (schematic[0] && strcmp(schematic, "false") && strcmp(schematic, "0"))
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: schematic must be true or false, not '%s'", b->src,
                            line_of(root), schematic);
    for (const xmlNode *c = root->children; c && !status; c = c->next) {
        if (name_is(c, "area") && !c->ns)
            status = read_area(b, c);
        else if (c->type == XML_ELEMENT_NODE)
            status = ws_error_set(b->err, WS_EINPUT, "%s:%ld: unexpected <%s> in <map>",
                                  b->src, line_of(c), (const char *)c->name);
    }
    return status ? status : builder_finish(b);
}

/* Runs reader over the document in buf; frees everything on failure. */
static ws_map *load_doc(const char *buf, size_t len, const char *src, ws_error *err,
                        int (*reader)(builder *b, const xmlNode *root, const void *arg),
                        const void *arg)
{
    xmlDoc *doc = xml_read(buf, len, src, err);
    if (!doc)
        return NULL;
    builder b = {.src = src, .err = err};
    int status;
    b.map = calloc(1, sizeof *b.map);
    if (!b.map)
        status = builder_oom(&b);
    else if (!xmlDocGetRootElement(doc))
        status = ws_error_set(err, WS_EINPUT, "%s:1: no root element", src);
    else
        status = reader(&b, xmlDocGetRootElement(doc), arg);
    builder_clear(&b);
    xmlFreeDoc(doc);
    if (status) {
        ws_map_free(b.map);
        return NULL;
    }
    return b.map;
}

static int read_map_doc(builder *b, const xmlNode *root, const void *arg)
{
    (void)arg;
    return read_map(b, root);
}

ws_map *ws_map_parse(const char *buf, size_t len, const char *name, ws_error *err)
{
    return load_doc(buf, len, name, err, read_map_doc, NULL);
}

ws_map *ws_map_load(const char *path, ws_error *err)
{
    size_t len = 0;
    char *buf = read_file(path, &len, err);
    if (!buf)
        return NULL;
    ws_map *map = ws_map_parse(buf, len, path, err);
    free(buf);
    return map;
}

/* ---------------------------------------------------------------------------------
 * GML 3.2 */

/* srsDimension of a coordinate element: its own, else the nearest ancestor's, else 2. */
static int srs_dimension(builder *b, const xmlNode *n, int *dim)
{
    for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        xmlChar *v = xmlGetNoNsProp(p, (const xmlChar *)"srsDimension");
        if (!v)
            continue;
        int ok = !strcmp((const char *)v, "2") || !strcmp((const char *)v, "3");
        *dim = ok ? atoi((const char *)v) : 0;
        xmlFree(v);
        if (!ok)
            return ws_error_set(b->err, WS_EINPUT,
                                "%s:%ld: srsDimension must be 2 or 3", b->src, line_of(p));
        return WS_OK;
    }
    *dim = 2;
    return WS_OK;
}

/* Appends the coordinates of one gml:posList or gml:pos (dim numbers a point). */
static int read_positions(builder *b, const xmlNode *n, int single)
{
    int dim, status = srs_dimension(b, n, &dim);
    if (status)
        return status;
    xmlChar *text = xmlNodeGetContent(n);
    if (!text)
        return builder_oom(b);
    long line = line_of(n);
    const char *s = (const char *)text;
    double v[3];
    int k = 0, npoints = 0;
    while (status == WS_OK) {
        while (is_space(*s))
            line += *s++ == '\n';
        if (!*s)
            break;
        const char *end = s;
        while (*end && !is_space(*end))
            end++;
        if (parse_number(s, end, &v[k]))
            status = bad_token(b, line, "bad coordinate", s, (size_t)(end - s));
        else if (!isfinite(v[k]))
            status = bad_token(b, line, "coordinate not finite", s, (size_t)(end - s));
        else if (++k == dim) {
            k = 0;
            npoints++;
            status = builder_point(b, v[0], v[1], line);
        }
        s = end;
    }
    xmlFree(text);
    if (!status && (k != 0 || (single && npoints != 1)))
        status = ws_error_set(b->err, WS_EINPUT,
                              "%s:%ld: %s: number of values is not a multiple of "
                              "srsDimension %d",
                              b->src, line_of(n), single ? "gml:pos" : "gml:posList", dim);
    return status;
}

/* A gml:LinearRing inside gml:exterior or gml:interior. */
static int read_gml_ring(builder *b, const xmlNode *holder, const char *fid)
{
    const xmlNode *ring = NULL;
    for (const xmlNode *c = holder->children; c && !ring; c = c->next) {
        if (gml_is(c, "LinearRing"))
            ring = c;
    }
    if (!ring)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: feature '%s': only gml:LinearRing rings are supported",
                            b->src, line_of(holder), fid);
    int status = WS_OK, npos = 0, nlist = 0;
    for (const xmlNode *c = ring->children; c && !status; c = c->next) {
        int is_list = gml_is(c, "posList"), is_pos = gml_is(c, "pos");
        if (!is_list && !is_pos)
            continue;
        if (nlist || (is_list && npos))
            return ws_error_set(b->err, WS_EINPUT,
                                "%s:%ld: gml:LinearRing wants one gml:posList or a "
                                "sequence of gml:pos", b->src, line_of(c));
        nlist += is_list;
        npos += is_pos;
        status = read_positions(b, c, is_pos);
    }
    if (!status && !npos && !nlist)
        status = ws_error_set(b->err, WS_EINPUT,
                              "%s:%ld: gml:LinearRing without gml:posList or gml:pos",
                              b->src, line_of(ring));
    return status ? status : builder_end_ring(b, fid, line_of(ring));
}

/* Checks that a geometry element, if it names a CRS, names RD New. */
static int check_srs(builder *b, const xmlNode *n)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"srsName");
    if (!v)
        return WS_OK;
    int status = WS_OK;
    if (!strstr((const char *)v, "28992"))
        status = ws_error_set(b->err, WS_EINPUT,
                              "%s:%ld: srsName '%.80s' not supported (need EPSG:28992)",
                              b->src, line_of(n), (const char *)v);
    xmlFree(v);
    return status;
}

/* Collects every gml:Polygon below n (gml:MultiSurface/gml:surfaceMember included). */
static int read_gml_polygons(builder *b, const xmlNode *n, const char *fid)
{
    int status = WS_OK;
    for (const xmlNode *c = n->children; c && !status; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (c->ns && c->ns->href && !strcmp((const char *)c->ns->href, gml_ns))
            status = check_srs(b, c);
        if (status)
            break;
        if (!gml_is(c, "Polygon")) {
            status = read_gml_polygons(b, c, fid);
            continue;
        }
        int nexterior = 0;
        for (const xmlNode *r = c->children; r && !status; r = r->next) {
            if (gml_is(r, "exterior") && !nexterior++)
                status = read_gml_ring(b, r, fid);
            else if (gml_is(r, "interior") && nexterior)
                status = read_gml_ring(b, r, fid);
            else if (gml_is(r, "exterior") || gml_is(r, "interior"))
                status = ws_error_set(b->err, WS_EINPUT,
                                      "%s:%ld: gml:Polygon needs one gml:exterior, first",
                                      b->src, line_of(r));
        }
        if (!status && !nexterior)
            status = ws_error_set(b->err, WS_EINPUT,
                                  "%s:%ld: gml:Polygon without gml:exterior", b->src,
                                  line_of(c));
    }
    return status;
}

/* Text of the first element child of f named local, trimmed, into dst[size]. Returns 1
 * when found and non-empty, 0 when absent, -1 when too long (and !truncate). */
static int child_text(const xmlNode *f, const char *local, size_t nlocal, char *dst,
                      size_t size, int truncate)
{
    for (const xmlNode *c = f->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strlen((const char *)c->name) != nlocal ||
            strncmp((const char *)c->name, local, nlocal) != 0)
            continue;
        xmlChar *text = xmlNodeGetContent(c);
        if (!text)
            return 0;
        const char *s = (const char *)text;
        while (is_space(*s))
            s++;
        size_t n = strlen(s);
        while (n > 0 && is_space(s[n - 1]))
            n--;
        int r = n == 0 ? 0 : 1;
        if (n >= size && !truncate)
            r = -1;
        else if (r)
            copy_span(dst, size, s, n);
        xmlFree(text);
        return r;
    }
    return 0;
}

static int read_gml_feature(builder *b, const xmlNode *f, const char *id_fields)
{
    char id[sizeof b->map->areas[0].id], name[96];
    int found = 0;
    const char *s = id_fields;
    while (!found && *s) {
        while (*s == ',' || is_space(*s))
            s++;
        size_t n = 0;
        while (s[n] && s[n] != ',' && !is_space(s[n]))
            n++;
        if (n > 0)
            found = child_text(f, s, n, id, sizeof id, 0);
        if (found < 0)
            return ws_error_set(b->err, WS_EINPUT,
                                "%s:%ld: feature id in <%.*s> is too long (at most %zu "
                                "bytes)", b->src, line_of(f), (int)n, s, sizeof id - 1);
        s += n;
    }
    if (!found)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: feature <%s> has no id (looked for: %s)", b->src,
                            line_of(f), (const char *)f->name, id_fields);
    if (child_text(f, "buurtnaam", 9, name, sizeof name, 1) != 1 &&
        child_text(f, "statnaam", 8, name, sizeof name, 1) != 1 &&
        child_text(f, "naam", 4, name, sizeof name, 1) != 1 &&
        child_text(f, "name", 4, name, sizeof name, 1) != 1)
        copy_label(name, sizeof name, id);
    int status = builder_begin_area(b);
    if (!status)
        status = read_gml_polygons(b, f, id);
    if (!status && b->nrings == 0)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: feature '%s' has no gml:Polygon (GML 3.2)", b->src,
                            line_of(f), id);
    return status ? status : builder_end_area(b, id, "", name, line_of(f));
}

static int read_gml(builder *b, const xmlNode *root, const void *arg)
{
    const char *id_fields = arg;
    if (root->type != XML_ELEMENT_NODE || strcmp((const char *)root->name, "FeatureCollection"))
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: root element must be a FeatureCollection, not <%s>",
                            b->src, line_of(root), (const char *)root->name);
    copy_label(b->map->name, sizeof b->map->name, b->src);
    int status = check_srs(b, root);
    for (const xmlNode *m = root->children; m && !status; m = m->next) {
        if (!name_is(m, "featureMember") && !name_is(m, "featureMembers") &&
            !name_is(m, "member"))
            continue;
        for (const xmlNode *f = m->children; f && !status; f = f->next) {
            if (f->type == XML_ELEMENT_NODE)
                status = read_gml_feature(b, f, id_fields);
        }
    }
    return status ? status : builder_finish(b);
}

ws_map *ws_map_load_gml(const char *path, const char *id_fields, ws_error *err)
{
    size_t len = 0;
    char *buf = read_file(path, &len, err);
    if (!buf)
        return NULL;
    ws_map *map = load_doc(buf, len, path, err, read_gml,
                           id_fields && *id_fields ? id_fields : default_id_fields);
    free(buf);
    return map;
}
