/* The table view's monitoring (issue 19 item 4): for the view's date, the latest actual
 * at or before it per figure, with woonsim track's verdict against the runs' 5-95 %
 * band ("op koers", "achter", "voor"), and the goals with the share of runs meeting
 * them. Set WOONSIM_MONITOR_PNG to a path to look at the table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canvas.h"
#include "check.h"
#include "draw.h"
#include "export.h"
#include "gml.h"
#include "monitor.h"
#include "view.h"
#include "view_sim.h"
#include "woonsim/goals.h"
#include "woonsim/track.h"

static vw_timeline *make_sim(const char *path, int runs)
{
    return test_sim(path, runs, 2);
}

/* The runs' values of the area's net added dwellings at month m, sorted. */
static void net_added(const vw_timeline *s, ws_month m, double *v)
{
    int t = vw_timeline_index(s, m);
    for (int r = 0; r < s->runs; r++)
        v[r] = vw_timeline_fig(s, r, t, s->nd)[VW_F_NET_ADDED];
    for (int i = 1; i < s->runs; i++) /* insertion sort: few runs */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double x = v[j];
            v[j] = v[j - 1];
            v[j - 1] = x;
        }
}

/* Month y-m (ws_month: months since year 0). */
static ws_month ym(int y, int m)
{
    return y * 12 + m - 1;
}

int main(void)
{
    ws_error err = {0};
    vw_text *text = vw_text_alloc(NULL, &err);
    vw_timeline *a = make_sim("scenarios/leeuwarden-oost.xml", 9);
    vw_view v;
    if (!text || !a || vw_view_init(&v, a, NULL, text, VW_LANG_NL) != WS_OK) {
        CHECK(0, "a view of 9 runs");
        return CHECK_DONE("view_monitor");
    }
    double x[64], y[64];
    net_added(a, ym(2027, 12), x);
    net_added(a, ym(2029, 12), y);
    /* 2027-12: the median (on track); 2029-12: far below the band (behind) and, later
     * the same month in the file, far above it (ahead); 2031-12: after the view's date */
    char csv[1024];
    snprintf(csv, sizeof csv,
             "date,district,indicator,value\n"
             "2027-12,total,net_added,%.0f\n"
             "2029-12,total,net_added,%.0f\n"
             "2029-12,oud-oost,net_added,%.0f\n"
             "2031-12,total,net_added,%.0f\n",
             x[4], y[0] - 1000, y[8] + 1000, y[4]);
    v.actuals = ws_actuals_parse(csv, strlen(csv), "test.csv", a->sc, &err);
    CHECK(v.actuals != NULL, "actuals parsed: %s", err.msg);
    vw_monitor_row rows[8];
    int n = vw_monitor_rows(&v, ym(2028, 6), rows, 8);
    CHECK(n == 1 && rows[0].actual == 0 && rows[0].verdict == WS_TRACK_ON_TRACK,
          "2028-06: the 2027-12 figure, on track (%d rows)", n);
    n = vw_monitor_rows(&v, ym(2030, 12), rows, 8);
    CHECK(n == 2 && rows[0].actual == 1 && rows[0].verdict == WS_TRACK_BEHIND,
          "2030-12: the area's latest figure (2029-12), behind its band");
    CHECK(n == 2 && rows[1].actual == 2, "and Oud-Oost's own figure");
    n = vw_monitor_rows(&v, ym(2026, 1), rows, 8);
    CHECK(n == 0, "before the first figure: no rows (%d)", n);
    /* the band is the runs' 5-95 % (GSL's definition, as woonsim track) */
    n = vw_monitor_rows(&v, ym(2028, 1), rows, 8);
    double want5 = x[0] + 0.05 * 8 * (x[1] - x[0]), want95 = x[7] + 0.6 * (x[8] - x[7]);
    CHECK(n == 1 && fabs(rows[0].p5 - want5) < 1e-9 && fabs(rows[0].p95 - want95) < 1e-9 &&
              rows[0].median == x[4],
          "band %g..%g, want %g..%g", rows[0].p5, rows[0].p95, want5, want95);
    /* Oud-Oost's figure is far above its own district's band: ahead */
    const vw_timeline *s = v.sim[0];
    int oo = ws_scenario_district(s->sc, "oud-oost");
    int t = vw_timeline_index(s, ym(2029, 12)), above = 1;
    for (int r = 0; r < s->runs; r++)
        above = above && vw_timeline_fig(s, r, t, oo)[VW_F_NET_ADDED] < y[8] + 1000;
    n = vw_monitor_rows(&v, ym(2030, 12), rows, 8);
    CHECK(above && n == 2 && rows[1].verdict == WS_TRACK_AHEAD, "Oud-Oost: ahead");
    /* goals: the share of runs meeting them, computed here from the runs */
    for (int i = 0; i < s->sc->goals.n; i++) {
        const ws_goal *g = &s->sc->goals.goal[i];
        double p = vw_monitor_goal_p(&v, i);
        if (g->indicator != WS_I_NET_ADDED)
            continue;
        int met = 0, tg = vw_timeline_index(s, g->by);
        int d = g->district == WS_GOAL_TOTAL ? s->nd : g->district;
        for (int r = 0; r < s->runs; r++)
            met += vw_timeline_fig(s, r, tg, d)[VW_F_NET_ADDED] >= g->target;
        CHECK(fabs(p - (double)met / s->runs) < 1e-12, "goal %s: %g of the runs", g->name, p);
    }
    CHECK(s->sc->goals.n > 0, "the default scenario has goals");
    /* the table draws them */
    v.table = 1;
    v.month = ym(2030, 12);
    const char *png = getenv("WOONSIM_MONITOR_PNG");
    if (png && *png)
        CHECK(vw_render_png(&v, v.month, 1280, 720, png, &err) == WS_OK, "png: %s", err.msg);
    SDL_Surface *surf = vw_cv_alloc(1280, 720);
    vw_layout L;
    vw_draw_frame(&v, surf, &L);
    SDL_FreeSurface(surf);
    CHECK(strcmp(vw_tr(VW_LANG_NL, VW_S_ON_TRACK), "op koers") == 0 &&
              strcmp(vw_tr(VW_LANG_NL, VW_S_BEHIND), "achter") == 0 &&
              strcmp(vw_tr(VW_LANG_NL, VW_S_AHEAD), "voor") == 0,
          "Dutch verdicts");
    vw_view_clear(&v);
    SDL_Quit();
    return CHECK_DONE("view_monitor");
}
