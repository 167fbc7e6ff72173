/* Tests' helper: a viewer timeline of a scenario file (its map prepared), or NULL with
 * the reason on stderr. */
#ifndef VW_TEST_VIEW_SIM_H
#define VW_TEST_VIEW_SIM_H

#include <stdio.h>
#include "gml.h"
#include "timeline.h"

static inline vw_timeline *test_sim(const char *path, int runs, int jobs)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    if (!sc || vw_map_prepare(sc, NULL, NULL, &err) != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        ws_scenario_free(sc);
        return NULL;
    }
    vw_timeline *s = vw_timeline_alloc(sc, runs, jobs, &err);
    if (!s)
        fprintf(stderr, "%s\n", err.msg);
    return s;
}

#endif
