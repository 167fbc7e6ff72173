/* Internal to the scenario reader: reading the <goals> element (sim/goals_xml.c), called
 * by sim/scenario.c once the area's districts are known. Includes libxml2. */
#ifndef WOONSIM_GOALS_INT_H
#define WOONSIM_GOALS_INT_H

#include "woonsim/scenario.h"
#include "xml_int.h"

/* Reads the <goal> children of the <goals> element n into sc->goals (after any read
 * before, so a variant's replacement <goals> is read alone: the editor replaces the
 * element). Checks what the schema cannot: the indicator is a CSV column, the district
 * one of the scenario's or "total", the month inside the scenario, at most WS_MAX_GOALS
 * goals, names unique. Returns WS_OK or WS_EINPUT with err set to "FILE:LINE: message". */
int ws_goals_read(ws_scenario *sc, const xmlNode *n, ws_error *err);

#endif
