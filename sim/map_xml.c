/* The reader of the project's map XML.
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
#include "map_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

/* Parses one number that must span [s, end). */
int ws_map_parse_number(const char *s, const char *end, double *out)
{
    char *stop;
    if (s == end || ws_xml_is_space(*s))
        return -1;
    *out = strtod(s, &stop);
    return stop == end ? 0 : -1;
}

/* Reports a bad token (quoted, cut to a readable length). */
int ws_map_bad_token(ws_map_builder *b, long line, const char *what, const char *tok,
                     size_t n)
{
    return ws_error_set(b->err, WS_EINPUT, "%s:%ld: %s '%.*s'", b->src, line, what,
                        (int)(n > 40 ? 40 : n), tok);
}

/* ---------------------------------------------------------------------------------
 * The project's map XML */

/* allowed: the attribute names, each followed by a space (a string literal rather
 * than an array of pointers, which would be relocated writable data). */
static int check_attrs(ws_map_builder *b, const xmlNode *n, const char *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        size_t len = strlen((const char *)a->name);
        int ok = 0;
        for (const char *s = allowed; *s && !ok; s = strchr(s, ' ') + 1)
            ok = !a->ns && strncmp(s, (const char *)a->name, len) == 0 && s[len] == ' ';
        if (!ok)
            return ws_error_set(b->err, WS_EINPUT, "%s:%ld: unknown attribute '%s' on <%s>",
                                b->src, ws_xml_line(n), (const char *)a->name,
                                (const char *)n->name);
    }
    return WS_OK;
}

/* Copies attribute attr of n into dst[size] ("" when absent); error when too long. */
static int get_attr(ws_map_builder *b, const xmlNode *n, const char *attr, char *dst, size_t size)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)attr);
    dst[0] = '\0';
    if (!v)
        return WS_OK;
    size_t len = strlen((const char *)v);
    if (len >= size) {
        xmlFree(v);
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: %s too long (at most %zu bytes)",
                            b->src, ws_xml_line(n), attr, size - 1);
    }
    memcpy(dst, v, len + 1);
    xmlFree(v);
    return WS_OK;
}

/* Reads "x,y x,y ..." from a <ring>. */
static int read_xy_pairs(ws_map_builder *b, const xmlNode *ring, const char *id)
{
    for (const xmlNode *c = ring->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return ws_error_set(b->err, WS_EINPUT, "%s:%ld: unexpected <%s> in <ring>",
                                b->src, ws_xml_line(c), (const char *)c->name);
    }
    xmlChar *text = xmlNodeGetContent(ring);
    if (!text)
        return ws_map_builder_oom(b);
    long line = ws_xml_line(ring);
    int status = WS_OK;
    const char *s = (const char *)text;
    while (status == WS_OK) {
        const char *end = ws_xml_token(&s, &line);
        if (!end)
            break;
        const char *comma = memchr(s, ',', (size_t)(end - s));
        double x, y;
        if (!comma || ws_map_parse_number(s, comma, &x) || ws_map_parse_number(comma + 1, end, &y))
            status = ws_map_bad_token(b, line, "bad coordinate pair (want x,y)", s,
                               (size_t)(end - s));
        else if (!isfinite(x) || !isfinite(y))
            status = ws_map_bad_token(b, line, "coordinate not finite", s, (size_t)(end - s));
        else
            status = ws_map_builder_point(b, x, y, line);
        s = end;
    }
    xmlFree(text);
    return status ? status : ws_map_builder_end_ring(b, id, ws_xml_line(ring));
}

/* A CBS wijk code: "WK" and six digits (the municipality's four, the wijk's two), or
 * empty. */
static int check_wijk(ws_map_builder *b, const xmlNode *n, const char *w)
{
    int ok = !w[0] || (strlen(w) == 8 && w[0] == 'W' && w[1] == 'K');
    for (int k = 2; ok && w[0] && k < 8; k++)
        ok = w[k] >= '0' && w[k] <= '9';
    if (ok)
        return WS_OK;
    return ws_error_set(b->err, WS_EINPUT,
                        "%s:%ld: wijk '%.20s' is not a CBS wijk code (WK and six digits, "
                        "e.g. WK008020)", b->src, ws_xml_line(n), w);
}

static int read_area(ws_map_builder *b, const xmlNode *n)
{
    char id[sizeof b->map->areas[0].id], district[sizeof id], name[96], wijk[64];
    int status = check_attrs(b, n, "id district name wijk ");
    if (!status)
        status = get_attr(b, n, "wijk", wijk, sizeof wijk);
    if (!status)
        status = check_wijk(b, n, wijk);
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
                            ws_xml_line(n));
    if (!name[0])
        memcpy(name, id, sizeof id);
    if ((status = ws_map_builder_begin_area(b)))
        return status;
    for (const xmlNode *c = n->children; c && !status; c = c->next) {
        if (ws_xml_is_elem(c, "ring") && !c->ns) {
            status = check_attrs(b, c, "");
            if (!status)
                status = read_xy_pairs(b, c, id);
        }
        else if (c->type == XML_ELEMENT_NODE)
            status = ws_error_set(b->err, WS_EINPUT, "%s:%ld: unexpected <%s> in area '%s'",
                                  b->src, ws_xml_line(c), (const char *)c->name, id);
    }
    if (!status)
        status = ws_map_builder_end_area(b, id, district, name, ws_xml_line(n));
    if (!status)
        ws_map_copy_label(b->map->areas[b->map->nareas - 1].wijk,
                          sizeof b->map->areas[0].wijk, wijk);
    return status;
}

static int read_map(ws_map_builder *b, const xmlNode *root)
{
    ws_map *map = b->map;
    char crs[64], schematic[16];
    if (!ws_xml_is_elem(root, "map") || root->ns)
        return ws_error_set(b->err, WS_EINPUT, "%s:%ld: root element must be <map>, not <%s>",
                            b->src, ws_xml_line(root), (const char *)root->name);
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
        ws_map_copy_label(map->name, sizeof map->name, b->src);
    if (crs[0] && !strstr(crs, "28992"))
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: crs '%s' not supported (maps are in EPSG:28992)",
                            b->src, ws_xml_line(root), crs);
    if (!strcmp(schematic, "true") || !strcmp(schematic, "1"))
        map->schematic = 1;
    else if (schematic[0] && strcmp(schematic, "false") && strcmp(schematic, "0"))
        return ws_error_set(b->err, WS_EINPUT,
                            "%s:%ld: schematic must be true or false, not '%s'", b->src,
                            ws_xml_line(root), schematic);
    for (const xmlNode *c = root->children; c && !status; c = c->next) {
        if (ws_xml_is_elem(c, "area") && !c->ns)
            status = read_area(b, c);
        else if (c->type == XML_ELEMENT_NODE)
            status = ws_error_set(b->err, WS_EINPUT, "%s:%ld: unexpected <%s> in <map>",
                                  b->src, ws_xml_line(c), (const char *)c->name);
    }
    return status ? status : ws_map_builder_finish(b);
}

/* Runs reader over the document in buf; frees everything on failure. */
ws_map *ws_map_read_doc(const char *buf, size_t len, const char *src, ws_error *err,
                        int (*reader)(ws_map_builder *b, const xmlNode *root, const void *arg),
                        const void *arg)
{
    /* Areas and points are counted by the reader; bound the elements before the tree is
     * built (a GML feature takes about ten). */
    static const ws_xml_name_limit names[] = {{"area", MAP_MAX_AREAS}, {"", 0}};
    ws_xml_limits lim = {MAP_MAX_ELEMENTS, 256, 1L << 20, names};
    xmlDoc *doc = ws_xml_parse(buf, len, src, &lim, WS_XML_MAP, err);
    if (!doc)
        return NULL;
    ws_map_builder b = {.src = src, .err = err};
    int status;
    b.map = calloc(1, sizeof *b.map);
    if (!b.map)
        status = ws_map_builder_oom(&b);
    else if (!xmlDocGetRootElement(doc))
        status = ws_error_set(err, WS_EINPUT, "%s:1: no root element", src);
    else
        status = reader(&b, xmlDocGetRootElement(doc), arg);
    ws_map_builder_clear(&b);
    xmlFreeDoc(doc);
    if (status) {
        ws_map_free(b.map);
        return NULL;
    }
    return b.map;
}

static int read_map_doc(ws_map_builder *b, const xmlNode *root, const void *arg)
{
    (void)arg;
    return read_map(b, root);
}

ws_map *ws_map_parse(const char *buf, size_t len, const char *name, ws_error *err)
{
    return ws_map_read_doc(buf, len, name, err, read_map_doc, NULL);
}

ws_map *ws_map_load(const char *path, ws_error *err)
{
    size_t len = 0;
    char *buf = ws_xml_read_file(path, WS_XML_MAP, &len, err);
    if (!buf)
        return NULL;
    ws_map *map = ws_map_parse(buf, len, path, err);
    free(buf);
    return map;
}
