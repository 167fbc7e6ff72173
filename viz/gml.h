/* Viewer map sources: the polygons a scenario is drawn with (GML, its own map, a grid). */
#ifndef VW_GML_H
#define VW_GML_H

#include "woonsim/common.h"
#include "woonsim/scenario.h"

/* Gives sc a map fit for drawing: the polygons of gml_path (matched to neighbourhoods
 * by id, else by name; id_fields as for ws_map_load_gml) when gml_path is set, else the
 * scenario's own map, else a grid of squares. Returns WS_OK, or an error status with err
 * set (WS_EINPUT for a GML file that does not fit the scenario). */
int vw_map_prepare(ws_scenario *sc, const char *gml_path, const char *id_fields,
                   ws_error *err);

#endif
