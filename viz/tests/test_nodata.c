/* Two scenarios over different years: outside a scenario's period the viewer shows
 * "no data" (Dutch "geen gegevens"), never the value of its first or last month. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "canvas.h"
#include "check.h"
#include "draw.h"
#include "gml.h"
#include "view.h"

/* tests/golden/small.xml (2024-01 .. 2025-12) with the --set overrides sets. */
static vw_timeline *make_sim(const char *const *sets, int nsets)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load("tests/golden/small.xml", sets, nsets, &err);
    if (!sc || vw_map_prepare(sc, NULL, NULL, &err) != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        ws_scenario_free(sc);
        return NULL;
    }
    vw_timeline *s = vw_timeline_alloc(sc, 3, 1, &err);
    if (!s)
        fprintf(stderr, "%s\n", err.msg);
    return s;
}

static ws_month month(const char *text)
{
    ws_month m = 0;
    ws_month_parse(text, &m);
    return m;
}

/* At month m: panel k has data (1) or not (0) in every neighbourhood. */
static void expect_panel(vw_view *v, const char *m, int k, int data)
{
    v->month = month(m);
    int nan = 0, fin = 0, nnbh = v->sim[vw_view_panel_sim(v, k)]->nnbh;
    for (int b = 0; b < nnbh; b++) {
        double x = vw_view_value(v, k, b);
        nan += isnan(x);
        fin += isfinite(x);
    }
    CHECK(data ? fin == nnbh : nan == nnbh, "%s, panel %d: %s", m, k,
          data ? "a value everywhere" : "no data anywhere");
}

int main(void)
{
    ws_error err = {0};
    static const char *const shorter[] = {"/scenario/@end=2024-12",
                                          "/scenario/woondeal/@deadline=2024-12"};
    vw_text *text = vw_text_alloc(NULL, &err);
    vw_timeline *a = make_sim(NULL, 0), *b = make_sim(shorter, 2);
    vw_view v;
    if (!text || !a || !b || vw_view_init(&v, a, b, text, VW_LANG_NL) != WS_OK) {
        CHECK(0, "two scenarios over different years");
        return CHECK_DONE("view_nodata");
    }
    CHECK(strcmp(vw_tr(VW_LANG_NL, VW_S_NO_DATA), "geen gegevens") == 0 &&
              strcmp(vw_tr(VW_LANG_EN, VW_S_NO_DATA), "no data") == 0,
          "'geen gegevens' / 'no data'");
    CHECK(vw_timeline_covers(a, month("2025-06")) && !vw_timeline_covers(b, month("2025-06")) &&
              vw_timeline_covers(b, month("2024-12")) && !vw_timeline_covers(b, month("2023-12")),
          "a scenario covers its own months only");
    v.ind = vw_indicator_find("label-b");
    expect_panel(&v, "2024-06", 0, 1);
    expect_panel(&v, "2024-06", 1, 1);
    expect_panel(&v, "2025-06", 0, 1);
    expect_panel(&v, "2025-06", 1, 0); /* not the clamped value of 2024-12 */
    /* the difference map, the table and the chart's hover draw at such a month */
    SDL_Surface *s = vw_cv_alloc(1280, 720);
    vw_layout L;
    v.month = month("2025-06");
    vw_draw_frame(&v, s, &L);
    v.table = 1;
    v.hover_chart = 0;
    v.hover_x = L.chart[0].x + L.chart[0].w * 3 / 4;
    vw_draw_frame(&v, s, &L);
    v.table = 0;
    v.hover_chart = -1;
    v.diff = 1;
    expect_panel(&v, "2025-06", 0, 0);
    vw_draw_frame(&v, s, &L);
    SDL_FreeSurface(s);
    vw_view_clear(&v);
    SDL_Quit();
    return CHECK_DONE("view_nodata");
}
