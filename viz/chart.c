/* Viewer line charts: an indicator over time per scenario, with the 5-95 % band. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "canvas.h"
#include "levers.h"
#include "theme.h"

/* The series of every scenario, in v->scratch: line (run 1), band lo and hi (NULL with
 * one run; all NULL for a scenario without the district). */
typedef struct {
    double *line[2], *lo[2], *hi[2];
} chart_series;

/* Fills cs for district id (NULL: the whole area); returns the y range to show and its
 * tick spacing in *step. */
static vw_range series_of(vw_view *v, const char *id, chart_series *cs, double *step)
{
    double mn = INFINITY, mx = -INFINITY;
    size_t off = 0;
    memset(cs, 0, sizeof *cs);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *sim = v->sim[k];
        int dk = id ? ws_scenario_district(sim->sc, id) : sim->nd;
        double *base = v->scratch + off;
        off += 4 * (size_t)sim->months + (size_t)sim->runs;
        if (dk < 0)
            continue;
        cs->line[k] = base;
        vw_series(sim, v->ind, v->rel, dk, 0, cs->line[k]);
        if (sim->runs > 1) {
            cs->lo[k] = base + sim->months;
            cs->hi[k] = base + 2 * sim->months;
            vw_band(sim, v->ind, v->rel, dk, cs->lo[k], cs->hi[k], base + 4 * sim->months);
        }
        for (int t = 0; t < sim->months; t++) {
            double a = cs->line[k][t], b = cs->lo[k] ? cs->lo[k][t] : a,
                   c = cs->hi[k] ? cs->hi[k][t] : a;
            if (isfinite(a)) {
                mn = fmin(mn, fmin(a, b));
                mx = fmax(mx, fmax(a, c));
            }
        }
    }
    if (!(mn <= mx))
        mn = mx = 0;
    if (v->rel && vw_indicators[v->ind].den >= 0 && mn >= 0 && mn < 0.35 * mx)
        mn = 0;
    return vw_nice_range(mn, mx, 4, step);
}

/* y of value val in plot p with range yr. */
static double chart_y(const SDL_Rect *p, vw_range yr, double val)
{
    return p->y + p->h - (val - yr.lo) / (yr.hi - yr.lo) * p->h;
}

/* The value grid with its labels and the year ticks; returns the plot area inside r
 * (w or h under 10: no room, nothing drawn). apx: the labels' type size, top: where
 * the plot may start. */
static SDL_Rect chart_axes(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, vw_range yr,
                           double step, int apx, int top)
{
    int dec = vw_tick_decimals(step);
    char num[64];
    int labw = 0;
    int nt = (int)floor((yr.hi - yr.lo) / step + 1e-6);
    for (int i = 0; i <= nt; i++) {
        int w, h;
        vw_format_number(v->lang, yr.lo + i * step, dec, num, sizeof num);
        vw_text_size(v->text, VW_FONT_REGULAR, apx, num, &w, &h);
        labw = w > labw ? w : labw;
    }
    SDL_Rect p = {r.x + vw_px(u, 14) + labw, top, 0, 0};
    p.w = r.x + r.w - vw_px(u, 16) - p.x;
    p.h = r.y + r.h - vw_px(u, 24) - p.y;
    if (p.w < 10 || p.h < 10)
        return p;
    double x0 = p.x, x1 = p.x + p.w;
    for (int i = 0; i <= nt; i++) {
        double val = yr.lo + i * step;
        int y = (int)lround(chart_y(&p, yr, val));
        vw_cv_rect(s, p.x, y, p.w, 1, VW_GRID);
        vw_format_number(v->lang, val, dec, num, sizeof num);
        vw_text_draw(v->text, s, p.x - vw_px(u, 6), y, VW_FONT_REGULAR, apx, VW_MUTED,
                     VW_AL_RIGHT | VW_AL_MIDDLE, num);
    }
    int ya = ws_month_year(v->first), yb = ws_month_year(v->last);
    int every = 1;
    while (every < 20 && (yb - ya) / every * vw_px(u, 40) > p.w)
        every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    for (int y = ya; y <= yb; y++) {
        if (y % every)
            continue;
        double x = vw_view_month_x(v, y * 12, x0, x1);
        if (x < x0 - 0.5)
            continue;
        vw_cv_rect(s, (int)lround(x), p.y + p.h, 1, vw_px(u, 4), VW_MUTED);
        char yl[16];
        snprintf(yl, sizeof yl, "%d", y);
        vw_text_draw(v->text, s, (int)lround(x), p.y + p.h + vw_px(u, 5), VW_FONT_REGULAR,
                     apx, VW_MUTED, VW_AL_CENTER, yl);
    }
    return p;
}

/* The bands, then the lines, then the marker at the view's date, in plot p. */
static void chart_lines(vw_view *v, SDL_Surface *s, SDL_Rect p, double u, vw_range yr,
                        const chart_series *cs)
{
    double x0 = p.x, x1 = p.x + p.w;
    SDL_Rect pc = {p.x, p.y - 2, p.w + 1, p.h + 4};
    SDL_SetClipRect(s, &pc);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *sim = v->sim[k];
        const double *lo = cs->lo[k], *hi = cs->hi[k];
        if (!lo)
            continue;
        int n = sim->months;
        for (int t = 0; t + 1 < n; t++) {
            double xa = vw_view_month_x(v, sim->start + t, x0, x1);
            double xb = vw_view_month_x(v, sim->start + t + 1, x0, x1);
            double q[8] = {xa, chart_y(&p, yr, lo[t]),     xb, chart_y(&p, yr, lo[t + 1]),
                           xb, chart_y(&p, yr, hi[t + 1]), xa, chart_y(&p, yr, hi[t])};
            int rs[2] = {0, 4};
            vw_cv_poly(s, q, rs, 1, vw_series_rgb[k], 60);
        }
    }
    double lw = fmax(1.5, 2.2 * u);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *sim = v->sim[k];
        const double *line = cs->line[k];
        if (!line)
            continue;
        vw_rgb c = vw_series_rgb[k];
        for (int t = 0; t + 1 < sim->months; t++)
            vw_cv_line(s, vw_view_month_x(v, sim->start + t, x0, x1), chart_y(&p, yr, line[t]),
                       vw_view_month_x(v, sim->start + t + 1, x0, x1),
                       chart_y(&p, yr, line[t + 1]), lw, c, 255);
    }
    double xm = vw_view_month_x(v, v->month, x0, x1);
    vw_cv_rect(s, (int)lround(xm), p.y, 1, p.h, VW_INK);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *sim = v->sim[k];
        if (!cs->line[k])
            continue;
        double val = cs->line[k][vw_timeline_index(sim, v->month)];
        if (isfinite(val)) {
            vw_cv_disc(s, xm, chart_y(&p, yr, val), vw_px(u, 5), 0xffffff, 255);
            vw_cv_disc(s, xm, chart_y(&p, yr, val), vw_px(u, 5) - 1.5, vw_series_rgb[k], 255);
        }
    }
}

void vw_chart_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, int d)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    vw_cv_rect(s, r.x, r.y, r.w, r.h, VW_PANEL);
    vw_cv_frame(s, r.x, r.y, r.w, r.h, 1, VW_FRAME);
    const vw_timeline *s0 = v->sim[0];
    const char *id = d < s0->nd ? s0->sc->districts[d].id : NULL;
    chart_series cs;
    double step;
    vw_range yr = series_of(v, id, &cs, &step);

    int tpx = vw_px(u, v->present ? 18 : 14), apx = vw_px(u, v->present ? 15 : 12);
    char title[200];
    if (id)
        snprintf(title, sizeof title, "%s %s", vw_tr(v->lang, VW_S_DISTRICT),
                 s0->sc->districts[d].name);
    else
        snprintf(title, sizeof title, "%s", vw_tr(v->lang, VW_S_WHOLE_AREA));
    SDL_SetClipRect(s, &r);
    vw_text_draw(v->text, s, r.x + vw_px(u, 12), r.y + vw_px(u, 8), VW_FONT_BOLD, tpx, VW_INK,
                 VW_AL_TOP, title);
    if (s0->runs > 1) {
        char note[96];
        snprintf(note, sizeof note, "%d %s", s0->runs, vw_tr(v->lang, VW_S_RUNS_BAND));
        vw_text_draw(v->text, s, r.x + r.w - vw_px(u, 10), r.y + vw_px(u, 10), VW_FONT_REGULAR,
                     apx, VW_MUTED, VW_AL_TOP | VW_AL_RIGHT, note);
    }
    SDL_Rect p = chart_axes(v, s, r, u, yr, step, apx, r.y + tpx + vw_px(u, 18));
    if (p.w >= 10 && p.h >= 10) {
        chart_lines(v, s, p, u, yr, &cs);
        vw_levers_chart(v, s, p, yr.lo, yr.hi, id); /* the baseline, when levers moved */
    }
    SDL_SetClipRect(s, NULL);
}
