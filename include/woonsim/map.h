/* woonsim map: neighbourhood polygons in the RD New grid (EPSG:28992, metres).
 *
 * Read from the project's map XML (scenarios/maps/NAME.xml, sim/map_xml.c); real
 * boundaries (any vector format) are the viewer's, through GDAL (viz/geo.c), so the
 * command line does not link GDAL. The geometry is sim/map.c, which knows no XML.
 * libxml2 appears only in the XML layer (sim/xml.c) and the readers that use it (the
 * map's, the scenario's and the sweep's). The map module never calls the
 * scenario's code. A map is immutable once loaded and may be shared between threads. */
#ifndef WOONSIM_MAP_H
#define WOONSIM_MAP_H

#include <stddef.h>
#include "woonsim/common.h"

typedef struct {
    double x, y;
} ws_point;

/* One neighbourhood: one or more rings (outer rings and holes, even-odd rule). */
typedef struct {
    char id[48];
    char district[48]; /* district id ("" when the source does not say) */
    char name[96];
    char wijk[16];     /* CBS wijk code of its district ("WK008020"), "" when not known */
    int nrings;
    int *ring_start;   /* nrings + 1 offsets into points */
    ws_point *points;  /* all rings, each closed implicitly (last joins first) */
    double x0, y0, x1, y1; /* bounding box */
    double area;       /* m2 (even-odd) */
} ws_map_area;

typedef struct ws_map {
    char name[128];
    int schematic;     /* 1 when the map says it is a schematic, not real boundaries */
    int nareas;
    ws_map_area *areas;
    double x0, y0, x1, y1; /* bounding box of all areas */
} ws_map;

/* Reads a map file (the project's map XML). Returns a new map owned by the caller, or
 * NULL with err set ("FILE:LINE: message", WS_EINPUT for bad input). */
ws_map *ws_map_load(const char *path, ws_error *err);

/* The same from a buffer; name is used in messages. */
ws_map *ws_map_parse(const char *buf, size_t len, const char *name, ws_error *err);

/* A square-grid map with one cell per id, for synthetic scenarios without a map.
 * cell is the side in metres. Returns NULL only when out of memory. */
ws_map *ws_map_synthetic(const char *const *ids, int n, double cell);

/* Releases a map; NULL is allowed. */
void ws_map_free(ws_map *map);

/* Index of the area with this id, or -1. */
int ws_map_find(const ws_map *map, const char *id);

/* 1 if (x, y) lies inside the area (even-odd over its rings), else 0. */
int ws_map_contains(const ws_map_area *a, double x, double y);

/* A point inside the area, by rejection from its bounding box driven by the uniform
 * numbers u (called as u(state), each in [0,1)); deterministic for a given sequence.
 * At most 10000 tries and about 2e7 vertex tests (fewer tries for a polygon of many
 * vertices), then scan lines, then the first vertex (degenerate polygons). */
ws_point ws_map_sample(const ws_map_area *a, double (*u)(void *state), void *state);

/* The area's centroid in *cx, *cy: over all its rings by the shoelace formula (each
 * ring signed as drawn), the bounding box's centre when that area is (nearly) zero.
 * Returns the absolute shoelace area, for weighting centroids. */
double ws_map_centroid(const ws_map_area *a, double *cx, double *cy);

#endif
