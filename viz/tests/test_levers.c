/* The lever panel headless: a lever moved in the viewer gives, run for run and month for
 * month, the figures of the library's runs of the scenario with the same --set (what
 * `woonsim run --set` prints); a newer change cancels an older one and the newest is
 * shown; the saved variant reproduces the figures; bad lever values are refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "canvas.h"
#include "check.h"
#include "draw.h"
#include "gml.h"
#include "levers.h"
#include "woonsim/run.h"
#include "woonsim/world.h"

#define RUNS 4

/* Figures compared with the indicator they come from. */
static const struct {
    int ind, fig;
} pairs[] = {
    {WS_I_DWELLINGS, VW_F_STANDING},      {WS_I_PRIVATE, VW_F_PRIVATE},
    {WS_I_SUBSTANDARD, VW_F_SUBSTANDARD}, {WS_I_ENERGY_POOR, VW_F_POOR},
    {WS_I_LABEL_B_OR_BETTER, VW_F_LABEL_B}, {WS_I_PERMITS_ACTIVE, VW_F_PERMITS},
    {WS_I_RETROFIT_COMPLETED, VW_F_RETRO_DONE}, {WS_I_CO2_T, VW_F_CO2},
    {WS_I_LIVEABILITY, VW_F_LIVEABILITY}, {WS_I_PIPELINE, VW_F_PIPELINE},
};
#define NPAIRS ((int)(sizeof pairs / sizeof pairs[0]))

/* Number of figures of tl that differ from the runs 1..RUNS of the scenario path with
 * the given --set (sets may be empty); -1 when that scenario cannot be run. */
static long differences(const vw_timeline *tl, const char *path, const char *const *sets,
                        int nsets)
{
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(path, sets, nsets, &err);
    if (!sc)
        return -1;
    ws_month *at = malloc((size_t)tl->months * sizeof *at);
    ws_run_result res[RUNS];
    for (int t = 0; t < tl->months; t++)
        at[t] = tl->start + t;
    int rc = ws_run_many(sc, &(ws_run_options){1, RUNS, 2, 0, at, tl->months}, res, &err);
    long diff = rc == WS_OK ? 0 : -1;
    size_t D = (size_t)tl->nd + 1;
    for (int r = 0; rc == WS_OK && r < RUNS; r++)
        for (int t = 0; t < tl->months; t++)
            for (int d = 0; d <= tl->nd; d++) {
                const double *ind = res[r].at + ((size_t)t * D + (size_t)d) * WS_NIND;
                const double *f = vw_timeline_fig(tl, r, t, d);
                for (int k = 0; k < NPAIRS; k++)
                    diff += ind[pairs[k].ind] != f[pairs[k].fig];
            }
    ws_run_results_clear(res, RUNS);
    free(at);
    ws_scenario_free(sc);
    return diff;
}

static void check_sets(const vw_view *v, const char *set, const char *what)
{
    const char *sets[1] = {set};
    long d = differences(v->sim[0], NULL, sets, 1);
    CHECK(d == 0, "%s: %ld figures differ from the runs with --set %s", what, d, set);
}

static void check_save(vw_view *v)
{
    char dir[] = "/tmp/vw_levers_XXXXXX", out[300];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(out, sizeof out, "%s/saved.xml", dir);
    ws_error err = {0, ""};
    CHECK(vw_levers_save(v, out, &err) == WS_OK, "save: %s", err.msg);
    long d = differences(v->sim[0], out, NULL, 0);
    CHECK(d == 0, "the saved scenario: %ld figures differ from the viewer's", d);
    FILE *f = fopen(out, "r");
    char text[4000] = "";
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f)
        fclose(f);
    CHECK(strstr(text, "extends=\"&lt;embedded&gt;/leeuwarden-oost.xml\"") &&
              strstr(text, "@slip-probability\" value=\"0.40\"") &&
              !strstr(text, "@zones"),
          "one <set> per moved lever: %s", text);
    unlink(out);
    rmdir(dir);
}

/* The panel is drawn when shown (its pixels differ from the frame without it). */
static void check_draw(vw_view *v)
{
    SDL_Surface *a = vw_cv_alloc(1600, 900), *b = vw_cv_alloc(1600, 900);
    vw_draw_frame(v, a, NULL);
    vw_levers_key(v, SDLK_v, 0);
    vw_draw_frame(v, b, NULL);
    vw_levers_key(v, SDLK_v, 0);
    CHECK(a && b && memcmp(a->pixels, b->pixels, (size_t)a->pitch * 900) != 0,
          "key v shows the panel");
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

/* The difference map of one scenario with levers: the levers' result minus the loaded
 * scenario, paired by run, in one panel; in the window the panel stands beside the map,
 * not on it, and the help lists its keys. */
static void check_diff(vw_view *v, const vw_timeline *baseline)
{
    CHECK(!vw_view_diffing(v), "no difference map unless asked");
    v->diff = 1;
    v->month = v->last;
    CHECK(vw_view_diffing(v) && vw_view_npanels(v) == 1 && vw_view_panel_sim(v, 0) == 0,
          "levers: one difference panel");
    int t = vw_timeline_index(baseline, v->month), nonzero = 0;
    for (int r = 0; r < RUNS; r++) {
        v->run = r;
        for (int b = 0; b < baseline->nnbh; b++) {
            double want = vw_map_value_run(v->sim[0], v->ind, v->rel, r, t, b) -
                          vw_map_value_run(baseline, v->ind, v->rel, r, t, b);
            double got = vw_view_value(v, 0, b);
            CHECK(got == want || (isnan(got) && isnan(want)), "run %d nbh %d: %g vs %g", r + 1,
                  b, got, want);
            nonzero += got != 0 && !isnan(got);
        }
    }
    CHECK(nonzero > 0, "the levers' differences show");
    v->run = -1;
    vw_range rg = vw_view_range(v);
    CHECK(rg.lo < 0 && rg.hi > 0 && rg.lo == -rg.hi, "a scale symmetric around zero");
    SDL_Surface *s = vw_cv_alloc(1600, 900);
    CHECK(s != NULL, "surface");
    if (s)
        vw_draw_frame(v, s, NULL); /* draws without the caption's two scenarios */
    SDL_FreeSurface(s);
    v->diff = 0;

    vw_layout hidden, shown;
    vw_layout_compute(v, 1600, 900, &hidden);
    vw_levers_key(v, SDLK_v, 0);
    vw_layout_compute(v, 1600, 900, &shown);
    vw_levers_key(v, SDLK_v, 0);
    CHECK(shown.map[0].x >= hidden.map[0].x + vw_px(shown.u, 340) &&
              shown.map[0].x + shown.map[0].w == hidden.map[0].x + hidden.map[0].w,
          "the map moves aside for the panel: x %d -> %d", hidden.map[0].x, shown.map[0].x);
    CHECK(strncmp(vw_tr(VW_LANG_EN, VW_S_K_LEVERS), "v\t", 2) == 0 &&
              strncmp(vw_tr(VW_LANG_NL, VW_S_K_SAVE_LEVERS), "S\t", 2) == 0,
          "help lines for v and S");
}

int main(void)
{
    ws_error err = {0, ""};
    vw_text *text = vw_text_alloc(NULL, &err);
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    if (!text || !sc || vw_map_prepare(sc, NULL, NULL, &err) != WS_OK) {
        fprintf(stderr, "set-up: %s\n", err.msg);
        return 1;
    }
    vw_view v;
    vw_timeline *tl = vw_timeline_alloc(sc, RUNS, 2, &err);
    if (!tl || vw_view_init(&v, tl, NULL, text, VW_LANG_NL) != WS_OK) {
        fprintf(stderr, "set-up: %s\n", err.msg);
        return 1;
    }
    vw_levers_opts lo = {NULL, NULL, 0, NULL, NULL, RUNS, 2};
    CHECK(vw_levers_attach(&v, &lo, 0, &err) == WS_OK, "attach: %s", err.msg);
    const vw_timeline *baseline = v.sim[0];

    /* Headless, as --lever inspections=80. */
    CHECK(vw_levers_set_text(&v, "inspections", "80", &err) == WS_OK, "%s", err.msg);
    CHECK(vw_levers_apply(&v, &err) == WS_OK, "apply: %s", err.msg);
    CHECK(v.sim[0] != baseline, "a new timeline is shown");
    check_sets(&v, "/scenario/landlord-permit/@inspections-per-month=80", "inspections 80");
    CHECK(differences(v.sim[0], NULL, NULL, 0) > 0, "the lever changes the figures");

    /* The worker: two changes in a row, the newest is shown. */
    CHECK(vw_levers_set_text(&v, "inspections", "40", &err) == WS_OK, "back to 40");
    vw_levers_move(&v, 5, 0.3); /* slip */
    vw_levers_move(&v, 5, 0.4);
    CHECK(vw_levers_wait(&v, 600000), "the worker delivers");
    check_sets(&v, "/scenario/woondeal/@slip-probability=0.40", "slip 0.40 via the worker");
    /* The worker leaves out the median run's dots while none are shown (a run less per
     * change); showing dots (key d) brings them. */
    int mr = vw_timeline_median_run(v.sim[0]);
    CHECK(v.dots == VW_DOTS_OFF && v.sim[0]->dots_run == 0 && mr > 0,
          "no median dots while dots are off (median run %d)", mr + 1);
    vw_view_key(&v, 'd', 0);
    CHECK(v.dots != VW_DOTS_OFF && v.sim[0]->dots_run == mr, "key d: run %d's dots, median %d",
          v.sim[0]->dots_run + 1, mr + 1);
    while (v.dots != VW_DOTS_OFF)
        vw_view_key(&v, 'd', 0);
    check_save(&v);
    check_draw(&v);
    check_diff(&v, baseline);

    /* Refused: no such lever, off the step, out of range, not one of the values. */
    CHECK(vw_levers_set_text(&v, "nothing", "1", &err) == WS_EINPUT, "no such lever");
    CHECK(vw_levers_set_text(&v, "inspections", "42", &err) == WS_EINPUT, "off the step");
    CHECK(vw_levers_set_text(&v, "inspections", "500", &err) == WS_EINPUT, "above max");
    CHECK(vw_levers_set_text(&v, "permit-zones", "bilgaard", &err) == WS_EINPUT,
          "not one of the values");
    vw_view_clear(&v);
    return CHECK_DONE("view_levers");
}
