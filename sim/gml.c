/* The reader of GML 3.2 simple features (gml:Polygon, gml:MultiSurface in RD New, with
 * gml:posList or gml:pos) into a map, for real neighbourhood boundaries (CBS, PDOK). */
#include "map_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

static const char gml_ns[] = "http://www.opengis.net/gml/3.2";
static const char default_id_fields[] = "buurtcode,code,statcode,id,naam,name";

static int gml_is(const xmlNode *n, const char *local)
{
    return ws_xml_is_elem(n, local) && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, gml_ns) == 0;
}

/* srsDimension of a coordinate element: its own, else the nearest ancestor's, else 2. */
static int srs_dimension(ws_map_builder *b, const xmlNode *n, int *dim)
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
                                "%s:%ld: srsDimension must be 2 or 3", b->src, ws_xml_line(p));
        return WS_OK;
    }
    *dim = 2;
    return WS_OK;
}

/* Appends the coordinates of one gml:posList or gml:pos (dim numbers a point). */
static int read_positions(ws_map_builder *b, const xmlNode *n, int single)
{
    int dim, status = srs_dimension(b, n, &dim);
    if (status)
        return status;
    xmlChar *text = xmlNodeGetContent(n);
    if (!text)
        return ws_map_builder_oom(b);
    long line = ws_xml_line(n);
    const char *s = (const char *)text;
    double v[3];
    int k = 0, npoints = 0;
    while (status == WS_OK) {
        const char *end = ws_xml_token(&s, &line);
        if (!end)
            break;
        if (ws_map_parse_number(s, end, &v[k]))
            status = ws_map_bad_token(b, line, "bad coordinate", s, (size_t)(end - s));
        else if (!isfinite(v[k]))
            status = ws_map_bad_token(b, line, "coordinate not finite", s, (size_t)(end - s));
        else if (++k == dim) {
            k = 0;
            npoints++;
            status = ws_map_builder_point(b, v[0], v[1], line);
        }
        s = end;
    }
    xmlFree(text);
    if (!status && (k != 0 || (single && npoints != 1)))
        status = ws_error_set(b->err, WS_EINPUT,
                              "%s:%ld: %s: number of values is not a multiple of "
                              "srsDimension %d",
                              b->src, ws_xml_line(n), single ? "gml:pos" : "gml:posList", dim);
    return status;
}

/* A gml:LinearRing inside gml:exterior or gml:interior. */
static int read_gml_ring(ws_map_builder *b, const xmlNode *holder, const char *fid)
{
    const xmlNode *ring = NULL;
    for (const xmlNode *c = holder->children; c && !ring; c = c->next) {
        if (gml_is(c, "LinearRing"))
            ring = c;
    }
    if (!ring)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: feature '%s': only gml:LinearRing rings are supported",
                            b->src, ws_xml_line(holder), fid);
    int status = WS_OK, npos = 0, nlist = 0;
    for (const xmlNode *c = ring->children; c && !status; c = c->next) {
        int is_list = gml_is(c, "posList"), is_pos = gml_is(c, "pos");
        if (!is_list && !is_pos)
            continue;
        if (nlist || (is_list && npos))
            return ws_error_set(b->err, WS_EINPUT,
                                "%s:%ld: gml:LinearRing wants one gml:posList or a "
                                "sequence of gml:pos", b->src, ws_xml_line(c));
        nlist += is_list;
        npos += is_pos;
        status = read_positions(b, c, is_pos);
    }
    if (!status && !npos && !nlist)
        status = ws_error_set(b->err, WS_EINPUT,
                              "%s:%ld: gml:LinearRing without gml:posList or gml:pos",
                              b->src, ws_xml_line(ring));
    return status ? status : ws_map_builder_end_ring(b, fid, ws_xml_line(ring));
}

/* Checks that a geometry element, if it names a CRS, names RD New. */
static int check_srs(ws_map_builder *b, const xmlNode *n)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"srsName");
    if (!v)
        return WS_OK;
    int status = WS_OK;
    if (!strstr((const char *)v, "28992"))
        status = ws_error_set(b->err, WS_EINPUT,
                              "%s:%ld: srsName '%.80s' not supported (need EPSG:28992)",
                              b->src, ws_xml_line(n), (const char *)v);
    xmlFree(v);
    return status;
}

/* Collects every gml:Polygon below n (gml:MultiSurface/gml:surfaceMember included). */
static int read_gml_polygons(ws_map_builder *b, const xmlNode *n, const char *fid)
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
                                      b->src, ws_xml_line(r));
        }
        if (!status && !nexterior)
            status = ws_error_set(b->err, WS_EINPUT,
                                  "%s:%ld: gml:Polygon without gml:exterior", b->src,
                                  ws_xml_line(c));
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
        while (ws_xml_is_space(*s))
            s++;
        size_t n = strlen(s);
        while (n > 0 && ws_xml_is_space(s[n - 1]))
            n--;
        int r = n == 0 ? 0 : 1;
        if (n >= size && !truncate)
            r = -1;
        else if (r)
            ws_map_copy_span(dst, size, s, n);
        xmlFree(text);
        return r;
    }
    return 0;
}

static int read_gml_feature(ws_map_builder *b, const xmlNode *f, const char *id_fields)
{
    char id[sizeof b->map->areas[0].id], name[96];
    int found = 0;
    const char *s = id_fields;
    while (!found && *s) {
        while (*s == ',' || ws_xml_is_space(*s))
            s++;
        size_t n = 0;
        while (s[n] && s[n] != ',' && !ws_xml_is_space(s[n]))
            n++;
        if (n > 0)
            found = child_text(f, s, n, id, sizeof id, 0);
        if (found < 0)
            return ws_error_set(b->err, WS_EINPUT,
                                "%s:%ld: feature id in <%.*s> is too long (at most %zu "
                                "bytes)", b->src, ws_xml_line(f), (int)n, s, sizeof id - 1);
        s += n;
    }
    if (!found)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: feature <%s> has no id (looked for: %s)", b->src,
                            ws_xml_line(f), (const char *)f->name, id_fields);
    if (child_text(f, "buurtnaam", 9, name, sizeof name, 1) != 1 &&
        child_text(f, "statnaam", 8, name, sizeof name, 1) != 1 &&
        child_text(f, "naam", 4, name, sizeof name, 1) != 1 &&
        child_text(f, "name", 4, name, sizeof name, 1) != 1)
        ws_map_copy_label(name, sizeof name, id);
    int status = ws_map_builder_begin_area(b);
    if (!status)
        status = read_gml_polygons(b, f, id);
    if (!status && b->nrings == 0)
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: feature '%s' has no gml:Polygon (GML 3.2)", b->src,
                            ws_xml_line(f), id);
    return status ? status : ws_map_builder_end_area(b, id, "", name, ws_xml_line(f));
}

static int read_gml(ws_map_builder *b, const xmlNode *root, const void *arg)
{
    const char *id_fields = arg;
    if (root->type != XML_ELEMENT_NODE || strcmp((const char *)root->name, "FeatureCollection"))
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: root element must be a FeatureCollection, not <%s>",
                            b->src, ws_xml_line(root), (const char *)root->name);
    ws_map_copy_label(b->map->name, sizeof b->map->name, b->src);
    int status = check_srs(b, root);
    for (const xmlNode *m = root->children; m && !status; m = m->next) {
        if (!ws_xml_is_elem(m, "featureMember") && !ws_xml_is_elem(m, "featureMembers") &&
            !ws_xml_is_elem(m, "member"))
            continue;
        for (const xmlNode *f = m->children; f && !status; f = f->next) {
            if (f->type == XML_ELEMENT_NODE)
                status = read_gml_feature(b, f, id_fields);
        }
    }
    return status ? status : ws_map_builder_finish(b);
}

ws_map *ws_map_load_gml(const char *path, const char *id_fields, ws_error *err)
{
    size_t len = 0;
    char *buf = ws_xml_read_file(path, WS_XML_MAP, &len, err);
    if (!buf)
        return NULL;
    ws_map *map = ws_map_read_doc(buf, len, path, err, read_gml,
                           id_fields && *id_fields ? id_fields : default_id_fields);
    free(buf);
    return map;
}
