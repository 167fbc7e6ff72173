/* Figures per neighbourhood (woonsim/figures.h): summed per district they equal the
 * world's indicators exactly, every month, and the liveability of the sums is the
 * indicator's value to the bit; the formula against hand-worked values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "woonsim/figures.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

/* Every month of run 1 of the scenario at path (NULL: the default). */
static void compare(const char *path, const char **sets, int nsets)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(path, sets, nsets, &err);
    ws_world *w = sc ? ws_world_alloc(sc, 1, &err) : NULL;
    ws_figures *f = sc ? calloc((size_t)sc->nnbh + 1, sizeof *f) : NULL;
    CHECK(w && f, "%s", err.msg);
    const char *what = path ? path : "default";
    long moved = 0;
    while (w && f && !ws_world_done(w) && ws_world_step(w) == WS_OK) {
        ws_figures_nbh(w, f);
        for (int d = 0; d <= sc->ndistricts; d++) {
            ws_figures s;
            memset(&s, 0, sizeof s);
            for (int b = 0; b < sc->nnbh; b++)
                if (d == sc->ndistricts || sc->nbh[b].district == d)
                    ws_figures_add(&s, &f[b]);
            const double *v = ws_world_indicators(w, d);
            const struct {
                int k;
                long n;
            } pairs[] = {
                {WS_I_DWELLINGS, s.standing},
                {WS_I_OWNER, s.tenure[WS_TENURE_OWNER]},
                {WS_I_SOCIAL, s.tenure[WS_TENURE_SOCIAL]},
                {WS_I_PRIVATE, s.tenure[WS_TENURE_PRIVATE]},
                {WS_I_VACANT, s.vacant},
                {WS_I_SUBSTANDARD, s.substandard},
                {WS_I_ENERGY_POOR, s.poor},
                {WS_I_ENERGY_POOR_LIHE, s.poor_lihe},
                {WS_I_ENERGY_POOR_LILEK, s.poor_lilek},
                {WS_I_LABEL_B_OR_BETTER, s.label_b},
                {WS_I_PRIVATE_IN_ZONE, s.zone_private},
                {WS_I_PERMITS_ACTIVE, s.permits},
            };
            for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
                CHECK(v[pairs[k].k] == (double)pairs[k].n, "%s %d/%d %s: %ld vs %g", what,
                      ws_world_month(w), d, ws_indicator_table[pairs[k].k].name, pairs[k].n,
                      v[pairs[k].k]);
            CHECK(s.occupied + s.vacant == s.standing, "%s: occupied + vacant", what);
            CHECK(s.retrofitted <= s.standing, "%s: retrofitted", what);
            double live = ws_figures_liveability(&sc->liveability, s.standing, s.occupied,
                                                 s.substandard, s.poor, s.vacant);
            CHECK(memcmp(&live, &v[WS_I_LIVEABILITY], sizeof live) == 0,
                  "%s %d/%d liveability %.17g vs %.17g", what, ws_world_month(w), d, live,
                  v[WS_I_LIVEABILITY]);
            moved += d == sc->ndistricts && s.substandard > 0 && s.poor > 0;
        }
    }
    CHECK(w && ws_world_done(w), "%s: the run stopped early", what);
    CHECK(moved > 0, "%s: nothing substandard and energy-poor", what);
    free(f);
    ws_world_free(w);
    ws_scenario_free(sc);
}

/* Runs 1..runs of the default, every process on (permits, retrofit, the woondeal's
 * renewal with its demolitions, the market), each world keeping its neighbourhood figures
 * as running totals from a different month (ws_figures_track): every month they equal
 * a count of the stock (ws_figures_nbh) field for field, and the processes did act. */
static void compare_tracked(int runs)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc, "%s", err.msg);
    if (!sc)
        return;
    size_t nb = (size_t)sc->nnbh;
    ws_figures *run = calloc(nb + 1, sizeof *run), *scan = calloc(nb + 1, sizeof *scan);
    double acted[4] = {0}; /* permits, completed retrofits, demolitions, completions */
    long months = 0;
    for (int r = 1; r <= runs && run && scan; r++) {
        ws_world *w = ws_world_alloc(sc, r, &err);
        CHECK(w, "%s", err.msg);
        int from = 7 * (r - 1); /* run 1 from before its first month */
        for (int t = 0; w && !ws_world_done(w); t++) {
            if (t == from)
                CHECK(ws_figures_track(w) == WS_OK, "track");
            if (ws_world_step(w) != WS_OK)
                break;
            if (t < from)
                continue;
            ws_figures_current(w, run);
            ws_figures_nbh(w, scan);
            months++;
            for (size_t b = 0; b < nb; b++)
                CHECK(memcmp(&run[b], &scan[b], sizeof run[b]) == 0,
                      "run %d month %d nbh %zu: running figures differ from a count "
                      "(standing %ld/%ld substandard %ld/%ld poor %ld/%ld retrofitted %ld/%ld "
                      "permits %ld/%ld)",
                      r, ws_world_month(w), b, run[b].standing, scan[b].standing,
                      run[b].substandard, scan[b].substandard, run[b].poor, scan[b].poor,
                      run[b].retrofitted, scan[b].retrofitted, run[b].permits, scan[b].permits);
            const double *v = ws_world_indicators(w, sc->ndistricts);
            acted[0] += v[WS_I_PERMITS_ACTIVE];
            acted[1] += v[WS_I_RETROFIT_COMPLETED];
            acted[2] += v[WS_I_DEMOLITIONS];
            acted[3] += v[WS_I_COMPLETIONS];
        }
        CHECK(w && ws_world_done(w), "run %d stopped early", r);
        ws_world_free(w);
    }
    CHECK(months > 200 * runs - 7 * runs * runs, "months compared: %ld", months);
    for (int k = 0; k < 4; k++)
        CHECK(acted[k] > 0, "process %d did not act", k);
    free(run);
    free(scan);
    ws_scenario_free(sc);
}

static void test_formula(void)
{
    ws_liveability_params lv = {7.5, 4, 3, 2};
    /* 7.5 - 4 x 10/100 - 3 x 5/80 - 2 x 20/100 = 7.5 - 0.4 - 0.1875 - 0.4 */
    CHECK_NEAR(ws_figures_liveability(&lv, 100, 80, 10, 5, 20), 6.5125, 1e-12, "formula");
    CHECK(ws_figures_liveability(&lv, 0, 0, 0, 0, 0) == 7.5, "no dwellings: the base");
    CHECK(ws_figures_liveability(&lv, 10, 0, 10, 0, 10) == 1.5, "all substandard, vacant");
    ws_liveability_params hi = {12, 0, 0, 0}, lo = {-1, 0, 0, 0};
    CHECK(ws_figures_liveability(&hi, 5, 5, 0, 0, 0) == 10, "clamped to 10");
    CHECK(ws_figures_liveability(&lo, 5, 5, 0, 0, 0) == 0, "clamped to 0");
}

int main(void)
{
    test_formula();
    compare(NULL, NULL, 0);
    const char *sets[] = {"/scenario/quality/@substandard-below=0.55",
                          "/scenario/liveability/@w-poverty=3"};
    compare(NULL, sets, 2);
    compare("scenarios/retrofit-accelerated.xml", NULL, 0);
    compare("tests/golden/small.xml", NULL, 0);
    compare_tracked(3);
    return CHECK_DONE("test_figures");
}
