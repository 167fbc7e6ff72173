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

/* Sets the attributes select names in doc to value by the rules of <set> (a missing
 * attribute at the end of the path is created); where, the element to blame in
 * messages, also marks the values' origin. Returns WS_OK or a status with err set
 * ("FILE:LINE: message": a select that is invalid or matches nothing). */
int ws_scenario_edit_set(xmlDocPtr doc, const char *select, const char *value,
                         const xmlNode *where, ws_xml_origin **origins, ws_error *err);

/* The <uncertain> declarations of doc (already validated and read into sc) into
 * sc->uncertainty, with the caller's overrides sets[0..nsets-1] kept for the per-run
 * draws; each is checked: its numbers, and its select and range by setting min, max and
 * a value between them in doc (which this changes) and validating it against schema.
 * Returns WS_OK or a status with err set ("FILE:LINE: message"). sim/uncertain.c. */
struct ws_scenario;
int ws_uncertain_read(struct ws_scenario *sc, xmlDocPtr doc, const ws_xml_schema *schema,
                      const char *const *sets, int nsets, ws_xml_origin **origins,
                      ws_error *err);

/* Releases sc->uncertainty's contents (NULL allowed). */
struct ws_uncertainty;
void ws_uncertain_free(struct ws_uncertainty *u);

#endif
