/* Stock generation: counts per composition row, label mix, positions inside polygons,
 * reproducibility. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "woonsim/map.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

int main(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    CHECK(sc != NULL, "default: %s", err.msg);
    if (!sc)
        return CHECK_DONE("stock");
    ws_world *w = ws_world_alloc(sc, 1, &err), *w2 = ws_world_alloc(sc, 1, &err);
    CHECK(w && w2, "alloc: %s", err.msg);
    if (w && w2) {
        const ws_stock *st = ws_world_stock(w), *st2 = ws_world_stock(w2);
        long *count = calloc((size_t)sc->ngroups, sizeof *count);
        long outside = 0, differ = 0, standing = 0, labels_g = 0, old = 0;
        for (long i = 0; i < st->n; i++) {
            double x, y;
            ws_stock_position(st, i, &x, &y);
            const ws_map_area *a = &sc->map->areas[ws_map_find(sc->map, sc->nbh[st->nbh[i]].id)];
            /* Quantisation moves a point by at most a few centimetres: check the exact
             * decoded position, and report any outside. */
            outside += !ws_map_contains(a, x, y);
            differ += st->energy_index[i] != st2->energy_index[i] || st->qx[i] != st2->qx[i] ||
                      st->tenure[i] != st2->tenure[i] || st->income[i] != st2->income[i];
            if (st->life[i] != WS_LIFE_STANDING)
                continue;
            standing++;
            if (st->period[i] == WS_PERIOD_1945) {
                old++;
                labels_g += ws_label_of_index(st->energy_index[i]) == WS_LABEL_G;
            }
            const ws_neighbourhood *nb = &sc->nbh[st->nbh[i]];
            for (int g = nb->group0; g < nb->group0 + nb->ngroups; g++)
                if (sc->groups[g].type == st->type[i] && sc->groups[g].tenure == st->tenure[i] &&
                    sc->groups[g].period == st->period[i]) {
                    count[g]++;
                    break;
                }
        }
        CHECK(outside == 0, "%ld dwellings outside their neighbourhood polygon", outside);
        CHECK(differ == 0, "%ld dwellings differ between identical runs", differ);
        long bad_groups = 0;
        for (int g = 0; g < sc->ngroups; g++)
            bad_groups += count[g] != sc->groups[g].count;
        CHECK(bad_groups == 0, "%ld composition rows not matched", bad_groups);
        CHECK(standing == 16439, "initial standing stock %ld", standing);
        /* 15 % G in 1945-1964 (sampling sd about 0.8 points over ~4,000 dwellings). */
        CHECK_NEAR((double)labels_g / old, 0.15, 0.03, "label G share 1945-1964");
        free(count);
    }
    ws_world_free(w);
    ws_world_free(w2);
    ws_scenario_free(sc);
    return CHECK_DONE("stock");
}
