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

/* ws_scenario_edit_read in two steps, so that many loads with different overrides read
 * the file once: ws_scenario_edit_resolve reads path and resolves its extends chain
 * (no overrides; *xpath_ops, when not NULL, gets the XPath steps its <set>s spent);
 * ws_scenario_edit_copy applies sets[0..nsets-1] to doc, or with copy set to a copy of
 * doc (its origins kept; doc is unchanged), starting from xpath_ops spent. Both return a
 * document the caller frees, or NULL with err set; ws_scenario_edit_copy frees doc when
 * copy is 0 and it fails. */
xmlDocPtr ws_scenario_edit_resolve(const char *path, const ws_xml_schema *schema,
                                   ws_xml_origin **origins, uint64_t *hash,
                                   unsigned long *xpath_ops, ws_error *err);
xmlDocPtr ws_scenario_edit_copy(xmlDocPtr doc, int copy, unsigned long xpath_ops,
                                const char *const *sets, int nsets, ws_xml_origin **origins,
                                ws_error *err);

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

/* A scenario file read once for many loads with different overrides (sim/scenario.c):
 * ws_scenario_prep_load(p, sets, n) gives what ws_scenario_load(path, sets, n) gives,
 * without reading the file and compiling the schema again. _alloc returns NULL with err
 * set as ws_scenario_load does for a bad file; _load returns a scenario the caller
 * frees with ws_scenario_free, or NULL with err set. One prep serves one thread at a
 * time. */
typedef struct ws_scenario_prep ws_scenario_prep;
ws_scenario_prep *ws_scenario_prep_alloc(const char *path, ws_error *err);
struct ws_scenario *ws_scenario_prep_load(const ws_scenario_prep *p, const char *const *sets,
                                          int nsets, ws_error *err);
void ws_scenario_prep_free(ws_scenario_prep *p);
/* 1 when p was made from path (as given to ws_scenario_prep_alloc), 0 otherwise. */
int ws_scenario_prep_is(const ws_scenario_prep *p, const char *path);

#endif
