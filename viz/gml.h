/* Viewer map sources: the polygons a scenario is drawn with (real boundaries, its own
 * map, a grid). */
#ifndef VW_GML_H
#define VW_GML_H

#include "woonsim/common.h"
#include "woonsim/scenario.h"

/* Gives sc a map fit for drawing: the scenario's own map, else a grid of squares; with
 * gml_path (any vector file, viz/geo.c; id_fields as for vw_geo_read) its features
 * replace them: a neighbourhood takes the feature of its id or name, else a share of
 * the buurten of its district's CBS wijk code (the map's wijk=, buurt BU + the wijk's
 * six digits + two), else keeps its shape (named in a one-line note on stderr); every
 * other feature is grey context after the neighbourhoods' areas. Dwellings are placed in
 * the new areas, figures do not change (own streams). Returns WS_OK, or an error
 * status with err set (WS_EINPUT for a file that cannot be read, see vw_geo_read). */
int vw_map_prepare(ws_scenario *sc, const char *gml_path, const char *id_fields,
                   ws_error *err);

#endif
