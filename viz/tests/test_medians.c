/* The viewer tells what it shows: the map and lines are the median over the runs (not
 * run 1), a chosen run is that run, the difference map is the median of the paired
 * differences, threads do not change the figures, titles fit by whole words, and the
 * table, the chart hover and the captions draw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canvas.h"
#include "check.h"
#include "draw.h"
#include "gml.h"
#include "view.h"
#include "view_sim.h"

static vw_timeline *make_sim(const char *path, int runs, int jobs)
{
    return test_sim(path, runs, jobs);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of n values by sorting (the textbook definition, independent of GSL). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void test_medians(vw_view *v)
{
    const vw_timeline *s = v->sim[0];
    int ind = vw_indicator_find("energy-poor"), t = s->months / 2, differs = 0;
    double vals[64];
    for (int b = 0; b < s->nnbh; b++) {
        for (int r = 0; r < s->runs; r++)
            vals[r] = vw_indicator_value(ind, 1, vw_timeline_nbh_run(s, r, t, b));
        double want = median(vals, s->runs), got = vw_map_value(s, ind, 1, t, b);
        CHECK(fabs(got - want) < 1e-9, "neighbourhood %d: map %g, median %g", b, got, want);
        double one = vw_map_value_run(s, ind, 1, 0, t, b);
        differs += fabs(one - got) > 1e-9;
        CHECK(one == vw_indicator_value(ind, 1, vw_timeline_nbh(s, t, b)), "run 1 is run 1");
    }
    CHECK(differs > 0, "the median is not run 1 anywhere (%d neighbourhoods differ)", differs);
    /* the line: the area's median per month */
    double *line = malloc((size_t)s->months * sizeof *line);
    vw_series(s, ind, 1, s->nd, -1, line);
    for (int r = 0; r < s->runs; r++)
        vals[r] = vw_indicator_value(ind, 1, vw_timeline_fig(s, r, t, s->nd));
    CHECK(fabs(line[t] - median(vals, s->runs)) < 1e-9, "area line is the median");
    free(line);
}

static void test_threads(const vw_timeline *a)
{
    vw_timeline *b = make_sim("scenarios/leeuwarden-oost.xml", a->runs, 1);
    CHECK(b != NULL, "one-thread timeline");
    if (!b)
        return;
    size_t nf = (size_t)a->runs * (size_t)a->months * ((size_t)a->nd + 1) * VW_NF;
    size_t nn = (size_t)a->runs * (size_t)a->months * (size_t)a->nnbh * VW_NF;
    CHECK(memcmp(a->fig, b->fig, nf * sizeof *a->fig) == 0, "district figures: jobs 3 = jobs 1");
    CHECK(memcmp(a->nbh, b->nbh, nn * sizeof *a->nbh) == 0, "nbh figures: jobs 3 = jobs 1");
    CHECK(a->dots_run == b->dots_run && a->ndw == b->ndw &&
              memcmp(a->dots, b->dots, (size_t)a->months * (size_t)a->ndw) == 0,
          "dots: jobs 3 = jobs 1");
    vw_timeline_free(b);
}

/* The dwelling dots come from the run closest to the median (by this test's own sum of
 * squared deviations over months and the area's figures), not from run 1: at every
 * month the standing dots and those at label B or better are that run's counts. */
static void test_dots_run(const vw_timeline *s)
{
    int R = s->runs, best = 0;
    double dist[64] = {0}, x[64], sorted[64];
    for (int t = 0; t < s->months; t++)
        for (int f = 0; f < VW_NF; f++) {
            int finite = 1;
            for (int r = 0; r < R; r++) {
                x[r] = sorted[r] = vw_timeline_fig(s, r, t, s->nd)[f];
                finite = finite && isfinite(x[r]);
            }
            double med = median(sorted, R), mad = 0;
            for (int r = 0; r < R; r++)
                mad += fabs(x[r] - med) / R;
            for (int r = 0; finite && mad > 0 && r < R; r++)
                dist[r] += pow((x[r] - med) / mad, 2);
        }
    for (int r = 1; r < R; r++)
        best = dist[r] < dist[best] ? r : best;
    CHECK(vw_timeline_median_run(s) == best && s->dots_run == best,
          "dots from the run closest to the median: %d (want %d)", s->dots_run, best);
    int wrong = 0, other = 0;
    for (int t = 0; t < s->months; t++) {
        const uint8_t *code = s->dots + (size_t)t * (size_t)s->ndw;
        double standing = 0, label_b = 0;
        for (long i = 0; i < s->ndw; i++)
            if (code[i] != VW_DOT_NONE && code[i] != VW_DOT_BUILDING) {
                standing++;
                label_b += (code[i] & 7) <= WS_LABEL_B;
            }
        const double *f = vw_timeline_fig(s, best, t, s->nd), *f1 = vw_timeline_fig(s, 0, t, s->nd);
        wrong += standing != f[VW_F_STANDING] || label_b != f[VW_F_LABEL_B];
        other += label_b != f1[VW_F_LABEL_B];
    }
    CHECK(wrong == 0, "the dots are run %d's at every month (%d months differ)", best + 1, wrong);
    CHECK(best == 0 || other > 0, "run %d's dots differ from run 1's", best + 1);
}

static void test_diff(vw_view *v)
{
    const vw_timeline *a = v->sim[0], *b = v->sim[1];
    int ind = vw_indicator_find("label-b"), t = a->months - 1;
    double vals[64];
    for (int nb = 0; nb < a->nnbh; nb++) {
        for (int r = 0; r < a->runs; r++)
            vals[r] = vw_indicator_value(ind, 1, vw_timeline_nbh_run(b, r, t, nb)) -
                      vw_indicator_value(ind, 1, vw_timeline_nbh_run(a, r, t, nb));
        double want = median(vals, a->runs);
        CHECK(fabs(vw_diff_value(a, b, ind, 1, -1, t, nb) - want) < 1e-9,
              "difference of neighbourhood %d is the median of paired differences", nb);
    }
    v->ind = ind;
    v->diff = 1;
    CHECK(vw_view_diffing(v) && vw_view_npanels(v) == 1 && vw_view_diverging(v),
          "difference mode: one diverging panel");
    vw_range r = vw_view_range(v);
    CHECK(r.lo == -r.hi && r.hi > 0, "difference scale symmetric: %g..%g", r.lo, r.hi);
    CHECK(vw_view_color(v, 0) == vw_ramp_diverging(0.5), "zero is the neutral middle");
    /* the month's own scale: it covers that month's differences and no more than the
     * fixed scale over all months, which --diff-fixed gives */
    ws_month keep = v->month;
    v->month = a->start + a->months - 1;
    const vw_timeline *const ab[2] = {a, b};
    vw_range own = vw_view_range(v), want = vw_diff_range(ab, 2, ind, 1, -1, t);
    v->diff_fixed = 1;
    vw_range fixed = vw_view_range(v);
    CHECK(own.hi == want.hi && own.hi <= fixed.hi, "last month's own scale %g (fixed %g)",
          own.hi, fixed.hi);
    double mx = 0, mx_all = 0;
    for (int nb = 0; nb < a->nnbh; nb++)
        mx = fmax(mx, fabs(vw_diff_value(a, b, ind, 1, -1, t, nb)));
    for (int m = 0; m < a->months; m++)
        for (int nb = 0; nb < a->nnbh; nb++)
            mx_all = fmax(mx_all, fabs(vw_diff_value(a, b, ind, 1, -1, m, nb)));
    CHECK(mx <= own.hi && mx_all <= fixed.hi && (mx_all <= mx || own.hi < fixed.hi),
          "scales cover their months: %g <= %g, %g <= %g", mx, own.hi, mx_all, fixed.hi);
    v->diff_fixed = 0;
    v->month = keep;
    v->diff = 0;
    v->ind = vw_indicator_find("liveability");
    r = vw_view_range(v);
    CHECK(r.lo <= 0 && r.hi >= 10, "liveability on its whole 0-10 range: %g..%g", r.lo, r.hi);
    v->ind = vw_indicator_find("net-added");
    r = vw_view_range(v);
    CHECK(r.lo == -r.hi && vw_view_diverging(v), "net added: diverging around zero");
}

/* The title never ends in a cut word: it is shorter than the frame's room, and when
 * shortened it ends in an ellipsis after a whole word. */
static void test_frame(vw_view *v)
{
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    snprintf(v->title, sizeof v->title, "%s",
             "Leeuwarden Oost: energiearmoede, verduurzaming en de woondeal tot en met 2035 "
             "in vier scenario's naast elkaar voor de gemeenteraad");
    v->present = 1;
    v->controls = 0;
    for (int k = 0; k < 2; k++) {
        SDL_Surface *s = vw_cv_alloc(sizes[k][0], sizes[k][1]);
        vw_layout L;
        vw_draw_frame(v, s, &L);
        CHECK(L.title_box.x + L.title_box.w <= L.date_box.x, "%dx%d: title clear of the date",
              sizes[k][0], sizes[k][1]);
        CHECK(L.timeline.h == 0 && L.source.h > 0, "presentation: no controls, a source line");
        v->table = 1;
        v->hover_chart = 0;
        v->hover_x = L.chart[0].x + L.chart[0].w / 2;
        vw_draw_frame(v, s, &L);
        v->table = 0;
        v->hover_chart = -1;
        SDL_FreeSurface(s);
    }
    v->title[0] = '\0';
}

int main(void)
{
    ws_error err = {0};
    vw_text *text = vw_text_alloc(NULL, &err);
    vw_timeline *a = make_sim("scenarios/leeuwarden-oost.xml", 7, 3);
    vw_timeline *b = make_sim("scenarios/retrofit-accelerated.xml", 7, 3);
    vw_view v;
    if (!text || !a || !b || vw_view_init(&v, a, b, text, VW_LANG_NL) != WS_OK) {
        CHECK(0, "two views of 7 runs");
        return CHECK_DONE("view_medians");
    }
    test_medians(&v);
    test_threads(a);
    test_dots_run(a);
    test_diff(&v);
    test_frame(&v);
    vw_view_clear(&v);
    SDL_Quit();
    return CHECK_DONE("view_medians");
}
