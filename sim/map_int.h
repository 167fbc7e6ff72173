/* Internal to the map module: building a map area by area (sim/map.c) for its reader,
 * the project's map XML (sim/map_xml.c). */
#ifndef WOONSIM_MAP_INT_H
#define WOONSIM_MAP_INT_H

#include <stddef.h>
#include "woonsim/map.h"
#include "xml_int.h"

#define MAP_MAX_AREAS 100000
#define MAP_MAX_POINTS 10000000L
#define MAP_MAX_RINGS 1000 /* per area: the even-odd area costs rings x points */
#define MAP_MAX_RING_WORK 20000000L /* per area: rings x points */
#define MAP_MAX_ELEMENTS 2000000L

/* A map under construction: areas are added one at a time, each from its rings. */
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
} ws_map_builder;

/* Each returns WS_OK, or an error status with b->err set ("SRC:LINE: message"). */
int ws_map_builder_oom(ws_map_builder *b); /* "SRC: out of memory", WS_ENOMEM */
int ws_map_builder_begin_area(ws_map_builder *b);
/* A point of the ring being read (line: where, for messages). */
int ws_map_builder_point(ws_map_builder *b, double x, double y, long line);
/* Closes the ring: drops repeated points, checks that 3 distinct ones remain. */
int ws_map_builder_end_ring(ws_map_builder *b, const char *id, long line);
/* Moves the area being built into the map. */
int ws_map_builder_end_area(ws_map_builder *b, const char *id, const char *district,
                            const char *name, long line);
/* Sets bounding boxes and areas; rejects duplicate ids and empty areas. */
int ws_map_builder_finish(ws_map_builder *b);
/* Frees the builder's work space (not the map). */
void ws_map_builder_clear(ws_map_builder *b);

/* Copies src[0..n) (or the string src) into dst[size], cutting at a UTF-8 character
 * boundary. */
void ws_map_copy_span(char *dst, size_t size, const char *src, size_t n);
void ws_map_copy_label(char *dst, size_t size, const char *src);

/* Parses buf as XML (in the map readers' wording, see ws_xml_wording) and runs reader
 * over its root element with a new builder. Returns the map, owned by the caller, or
 * NULL with err set; frees everything on failure. */
ws_map *ws_map_read_doc(const char *buf, size_t len, const char *src, ws_error *err,
                        int (*reader)(ws_map_builder *b, const xmlNode *root, const void *arg),
                        const void *arg);

/* Parses one number that must span [s, end). Returns 0, or -1. */
int ws_map_parse_number(const char *s, const char *end, double *out);

/* Reports a bad token (quoted, cut to a readable length) at line; returns WS_EINPUT. */
int ws_map_bad_token(ws_map_builder *b, long line, const char *what, const char *tok,
                     size_t n);

#endif
