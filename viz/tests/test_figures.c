/* The viewer's figures against the CSV: for the same scenario and seed, the neighbourhood
 * counts the viewer shows (substandard, energy-poor, vacant, ...) summed per district,
 * and the liveability of those sums, must print exactly as the CSV's columns do, every
 * month; so must the viewer's district figures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "gml.h"
#include "timeline.h"
#include "woonsim/figures.h"
#include "woonsim/run.h"
#include "woonsim/world.h"

/* The columns compared: the indicator and the viewer's figure for it. */
static const struct {
    int ind, fig;
} counted[] = {
    {WS_I_DWELLINGS, VW_F_STANDING},          {WS_I_OWNER, VW_F_OWNER},
    {WS_I_SOCIAL, VW_F_SOCIAL},               {WS_I_PRIVATE, VW_F_PRIVATE},
    {WS_I_VACANT, VW_F_VACANT},               {WS_I_SUBSTANDARD, VW_F_SUBSTANDARD},
    {WS_I_ENERGY_POOR, VW_F_POOR},            {WS_I_LABEL_B_OR_BETTER, VW_F_LABEL_B},
    {WS_I_PRIVATE_IN_ZONE, VW_F_ZONE_PRIVATE}, {WS_I_PERMITS_ACTIVE, VW_F_PERMITS},
};
#define NCOUNTED ((int)(sizeof counted / sizeof counted[0]))

/* A value as the CSV prints indicator k. */
static void format_as_csv(int k, double v, char *out, size_t size)
{
    if (ws_indicator_table[k].decimals == 0)
        snprintf(out, size, "%ld", lround(v));
    else
        snprintf(out, size, "%.*f", ws_indicator_table[k].decimals, v);
}

/* Splits one CSV line (ending in \r\n) in place into at most max fields; returns the
 * end of the line. */
static char *split_line(char *p, char **field, int max, int *n)
{
    *n = 0;
    field[(*n)++] = p;
    for (; *p && *p != '\r' && *p != '\n'; p++)
        if (*p == ',' && *n < max) {
            *p = '\0';
            field[(*n)++] = p + 1;
        }
    while (*p == '\r' || *p == '\n')
        *p++ = '\0';
    return p;
}

/* The sums of the viewer's neighbourhood figures over district d (nd: all) at index t. */
static void district_sums(const vw_timeline *tl, int t, int d, double *sum)
{
    for (int k = 0; k < VW_NF_NBH; k++)
        sum[k] = 0;
    for (int b = 0; b < tl->nnbh; b++) {
        if (d < tl->nd && tl->sc->nbh[b].district != d)
            continue;
        const double *f = vw_timeline_nbh(tl, t, b);
        for (int k = 0; k < VW_NF_NBH; k++)
            sum[k] += f[k];
    }
}

/* The CSV row col (the indicator columns) of district d (nd: the total) at index t
 * against the viewer: the neighbourhoods' counts summed (into sum), their liveability,
 * and the district figures. */
static void check_row(const vw_timeline *tl, int t, int d, const char **col,
                      const char *what, double *sum)
{
    char want[64], got[64];
    district_sums(tl, t, d, sum);
    const double *fig = vw_timeline_fig(tl, 0, t, d);
    for (int k = 0; k < NCOUNTED; k++) {
        /* the neighbourhoods summed, and the district figure */
        format_as_csv(counted[k].ind, sum[counted[k].fig], got, sizeof got);
        CHECK(!strcmp(got, col[counted[k].ind]), "%s month %d district %d %s: %s vs "
              "CSV %s", what, t, d, ws_indicator_table[counted[k].ind].name, got,
              col[counted[k].ind]);
        format_as_csv(counted[k].ind, fig[counted[k].fig], got, sizeof got);
        CHECK(!strcmp(got, col[counted[k].ind]), "%s month %d district %d %s (district "
              "figure): %s vs CSV %s", what, t, d,
              ws_indicator_table[counted[k].ind].name, got, col[counted[k].ind]);
    }
    double live = ws_figures_liveability(
        &tl->sc->liveability, lround(sum[VW_F_STANDING]), lround(sum[VW_F_OCCUPIED]),
        lround(sum[VW_F_SUBSTANDARD]), lround(sum[VW_F_POOR]), lround(sum[VW_F_VACANT]));
    format_as_csv(WS_I_LIVEABILITY, live, got, sizeof got);
    CHECK(!strcmp(got, col[WS_I_LIVEABILITY]), "%s month %d district %d liveability of "
          "the neighbourhoods' sums: %s vs CSV %s", what, t, d, got,
          col[WS_I_LIVEABILITY]);
    format_as_csv(WS_I_LIVEABILITY, fig[VW_F_LIVEABILITY], want, sizeof want);
    CHECK(!strcmp(want, col[WS_I_LIVEABILITY]), "%s month %d district %d liveability "
          "(district figure): %s vs CSV %s", what, t, d, want, col[WS_I_LIVEABILITY]);
}

/* The whole of file path into b (NUL-terminated); 0, or -1 when it cannot be read. */
static int read_file(const char *path, ws_buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ws_buf_append(b, chunk, n);
    ws_buf_append(b, "", 1);
    int bad = ferror(f) || b->failed;
    fclose(f);
    return bad ? -1 : 0;
}

/* One scenario (path NULL: the default, with the --set changes), month by month, against
 * the rows ws_csv_rows writes, or, with golden set, against that file (woonsim run's
 * output of run 1, stored). */
static void compare(const char *path, const char **sets, int nsets, const char *golden)
{
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(path, sets, nsets, &err);
    ws_scenario *sv = ws_scenario_load(path, sets, nsets, &err);
    if (!sc || !sv || vw_map_prepare(sv, NULL, NULL, &err) != WS_OK) {
        CHECK(0, "%s", err.msg);
        ws_scenario_free(sc);
        ws_scenario_free(sv);
        return;
    }
    vw_timeline *tl = vw_timeline_alloc(sv, 1, 1, &err);
    ws_world *w = ws_world_alloc(sc, 1, &err);
    CHECK(tl && w, "%s", err.msg);
    if (!tl || !w) {
        vw_timeline_free(tl);
        ws_world_free(w);
        ws_scenario_free(sc);
        return;
    }
    const char *what = path ? path : "default";
    double max_substandard = 0, max_poor = 0;
    double live_lo = 10, live_hi = 0;
    ws_buf csv = {0};
    char *p = NULL;
    if (golden) {
        CHECK(read_file(golden, &csv) == 0, "cannot read %s", golden);
        p = csv.data ? strchr(csv.data, '\n') : NULL; /* past the header */
        p = p ? p + 1 : NULL;
    }
    for (int t = 0; t < tl->months && ws_world_step(w) == WS_OK; t++) {
        if (!golden) {
            csv.len = 0;
            ws_csv_rows(&csv, w, 1);
            ws_buf_append(&csv, "", 1);
            p = csv.failed ? NULL : csv.data;
        }
        CHECK(p && *p, "%s: no CSV rows for month %d", what, t);
        if (!p || !*p)
            break;
        for (int d = 0; d <= tl->nd; d++) {
            char *field[3 + WS_NIND + 1];
            int n;
            p = split_line(p, field, 3 + WS_NIND, &n);
            if (n != 3 + WS_NIND) {
                CHECK(0, "%s: a CSV row of %d fields", what, n);
                break;
            }
            const char **col = (const char **)field + 3;
            double sum[VW_NF_NBH];
            check_row(tl, t, d, col, what, sum);
            if (d == tl->nd) {
                max_substandard = fmax(max_substandard, sum[VW_F_SUBSTANDARD]);
                max_poor = fmax(max_poor, sum[VW_F_POOR]);
            }
        }
        /* Each neighbourhood's liveability is the library's formula on its own counts. */
        for (int b = 0; b < tl->nnbh; b++) {
            const double *f = vw_timeline_nbh(tl, t, b);
            double live = ws_figures_liveability(
                &tl->sc->liveability, lround(f[VW_F_STANDING]), lround(f[VW_F_OCCUPIED]),
                lround(f[VW_F_SUBSTANDARD]), lround(f[VW_F_POOR]), lround(f[VW_F_VACANT]));
            CHECK(live == f[VW_F_LIVEABILITY] && live >= 0 && live <= 10,
                  "%s month %d neighbourhood %d liveability %g vs %g", what, t, b,
                  f[VW_F_LIVEABILITY], live);
            live_lo = fmin(live_lo, live);
            live_hi = fmax(live_hi, live);
        }
    }
    CHECK(ws_world_done(w), "%s: the world stopped before the timeline's end", what);
    /* Not vacuous: the figures compared move. */
    CHECK(max_substandard > 0 && max_poor > 0, "%s: substandard %g, energy-poor %g", what,
          max_substandard, max_poor);
    CHECK(live_hi > live_lo, "%s: liveability %g .. %g", what, live_lo, live_hi);
    ws_buf_clear(&csv);
    ws_world_free(w);
    ws_scenario_free(sc);
    vw_timeline_free(tl);
}

int main(void)
{
    compare(NULL, NULL, 0, NULL);
    /* Other rules: a stricter substandard threshold and other liveability weights. */
    const char *sets[] = {"/scenario/quality/@substandard-below=0.55",
                          "/scenario/liveability/@w-poverty=3"};
    compare(NULL, sets, 2, NULL);
    compare("scenarios/retrofit-accelerated.xml", NULL, 0, NULL);
    /* build/woonsim's own output, as make golden stores it */
    compare("tests/golden/small.xml", NULL, 0, "tests/golden/small.csv");
    return CHECK_DONE("view_figures");
}
