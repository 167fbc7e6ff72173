/* Vector boundaries of any format GDAL/OGR reads (GML, GeoPackage, GeoJSON, Shapefile),
 * reprojected to RD New (EPSG:28992) by PROJ: the viewer's real boundaries. */
#ifndef VW_GEO_H
#define VW_GEO_H

#include "woonsim/common.h"
#include "woonsim/map.h"

/* The RD New range: where the grid is defined (EPSG:28992's area of use, projected
 * bounds; docs/SOURCES.md). A layer whose extent misses it is refused. */
#define VW_RD_X0 (-7000.0)
#define VW_RD_X1 300000.0
#define VW_RD_Y0 289000.0
#define VW_RD_Y1 629000.0

/* Reads the polygon features of path's buurt layer (the first layer whose name holds
 * "buurt", else the first layer) into a new map in RD New, one area per feature (its
 * rings; multipolygons as several outer rings). A feature's id is the first non-empty
 * field of id_fields (comma-separated; NULL: buurtcode,wijkcode,statcode,code,id), its
 * name the first of buurtnaam,wijknaam,statnaam,naam,name. Returns the map, owned by
 * the caller (ws_map_free), or NULL with err set ("PATH: message", WS_EINPUT) for a file
 * GDAL cannot open, a layer without a CRS or with one PROJ cannot transform to RD New,
 * a layer whose extent lies outside the RD range (the extent is named), no polygons,
 * or too many points. */
ws_map *vw_geo_read(const char *path, const char *id_fields, ws_error *err);

#endif
