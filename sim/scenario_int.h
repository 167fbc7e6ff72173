/* Internal to the scenario reader: the editing of a scenario document before it is read
 * (sim/scenario_edit.c), used by sim/scenario.c. Includes libxml2. */
#ifndef WOONSIM_SCENARIO_INT_H
#define WOONSIM_SCENARIO_INT_H

#include "xml_int.h"

/* Reads and validates the scenario file path, resolves its `extends` chain (the
 * variant's replacement elements, then its <set> edits, applied to the base document)
 * and applies the command-line overrides sets[0..nsets-1] ("XPATH=VALUE"). The result
 * is not validated again: the caller does that. Nodes and attributes that came from
 * elsewhere point at an origin (see ws_xml_origin) added to *origins, which the caller
 * frees with ws_xml_origins_free once it is done with the document. Returns a document
 * the caller frees with xmlFreeDoc, or NULL with err set ("FILE:LINE: message").
 * *hash (when not NULL) gets the bytes of path and of each file of its extends chain
 * folded in, in that order (ws_xml_hash). */
xmlDocPtr ws_scenario_edit_read(const char *path, const char *const *sets, int nsets,
                                const ws_xml_schema *schema, ws_xml_origin **origins,
                                uint64_t *hash, ws_error *err);

#endif
