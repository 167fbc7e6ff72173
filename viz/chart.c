/* Viewer line charts: an indicator over time per scenario, with the 5-95 % band. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "canvas.h"
#include "overlay.h"
#include "levers.h"
#include "theme.h"

/* The series of every scenario, in v->scratch: line (the median over the runs, or the
 * chosen run), band lo and hi (NULL with one run; all NULL for a scenario without the
 * district). */
typedef struct {
    double *line[VW_MAX_SIM], *lo[VW_MAX_SIM], *hi[VW_MAX_SIM];
} chart_series;

/* The whole area's target of the indicator shown, from the first scenario: the woondeal's
 * net added dwellings by its deadline. Returns 1 with *value (and *by) set, or 0. */
static int chart_target(const vw_view *v, double *value, ws_month *by)
{
    /* A scenario with goals has them drawn by the overlay (viz/overlay.c), the woondeal's
     * among them; this line is for scenarios without goals, so it is never drawn twice. */
    const ws_woondeal_params *wd = &v->sim[0]->sc->woondeal;
    if (v->sim[0]->sc->goals.n > 0 || strcmp(vw_indicators[v->ind].key, "net-added") != 0 ||
        !wd->enabled || wd->target <= 0)
        return 0;
    *value = wd->target;
    if (by)
        *by = wd->deadline;
    return 1;
}

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
        off += 6 * (size_t)sim->months + (size_t)sim->runs;
        if (dk < 0)
            continue;
        cs->line[k] = base;
        vw_series(sim, v->ind, v->rel, dk, v->run, cs->line[k]);
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
    vw_overlay_extend(v, id ? ws_scenario_district(v->sim[0]->sc, id) : v->sim[0]->nd, &mn, &mx);
    vw_levers_extend(v, id, &mn, &mx); /* the baseline's line stays in sight */
    double target;
    if (!id && chart_target(v, &target, NULL)) { /* the target stays in sight */
        mn = fmin(mn, target);
        mx = fmax(mx, target);
    }
    const vw_indicator *d = &vw_indicators[v->ind];
    if (d->fix_hi > d->fix_lo) { /* an index on its documented range */
        mn = fmin(mn, d->fix_lo);
        mx = fmax(mx, d->fix_hi);
    }
    if (d->is_signed && mn > 0)
        mn = 0;
    if (v->rel && d->den >= 0 && mn >= 0 && mn < 0.35 * mx)
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
                        const chart_series *cs, int area)
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
    double target;
    ws_month by;
    if (area && chart_target(v, &target, &by)) {
        /* the target: a dashed line, and the deadline marked on it */
        int ty = (int)lround(chart_y(&p, yr, target)), dash = vw_px(u, 6);
        for (int x = p.x; x < p.x + p.w; x += 2 * dash)
            vw_cv_rect(s, x, ty, dash, vw_px(u, 2) > 1 ? vw_px(u, 2) : 1, VW_INK);
        double xb = vw_view_month_x(v, by, x0, x1);
        vw_cv_disc(s, xb, ty, vw_px(u, 4), VW_INK, 255);
        char num[32], lab[96], when[48];
        vw_format_number(v->lang, target, 0, num, sizeof num);
        vw_format_date(v->lang, by, when, sizeof when);
        snprintf(lab, sizeof lab, "%s %s (%s)", vw_tr(v->lang, VW_S_TARGET), num, when);
        vw_text_set_halo(v->text, VW_PANEL);
        int below = ty - p.y < vw_px(u, 20); /* at the top: the label under the line */
        vw_text_draw(v->text, s, p.x + vw_px(u, 4), below ? ty + vw_px(u, 5) : ty - vw_px(u, 3),
                     VW_FONT_REGULAR, vw_ts(u, VW_TS_SMALL + v->present), VW_INK,
                     (below ? VW_AL_TOP : VW_AL_BOTTOM) | VW_AL_HALO, lab);
    }
    double xm = vw_view_month_x(v, v->month, x0, x1);
    vw_cv_rect(s, (int)lround(xm), p.y, 1, p.h, VW_INK);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *sim = v->sim[k];
        if (!cs->line[k] || !vw_timeline_covers(sim, v->month))
            continue;
        double val = cs->line[k][vw_timeline_index(sim, v->month)];
        if (isfinite(val)) {
            vw_cv_disc(s, xm, chart_y(&p, yr, val), vw_px(u, 5), 0xffffff, 255);
            vw_cv_disc(s, xm, chart_y(&p, yr, val), vw_px(u, 5) - 1.5, vw_series_rgb[k], 255);
        }
    }
}

/* The value of every scenario at the month under the pointer: a vertical line and a
 * box with the date and the values (median [5 %, 95 %] with several runs). */
static void chart_hover(vw_view *v, SDL_Surface *s, SDL_Rect p, double u,
                        const chart_series *cs, int hx, int apx)
{
    ws_month m = v->first + (ws_month)lround((hx - p.x) / (double)(p.w > 0 ? p.w : 1) *
                                             (v->last - v->first));
    double xm = vw_view_month_x(v, m, p.x, p.x + p.w);
    vw_cv_rect(s, (int)lround(xm), p.y, 1, p.h, VW_MUTED);
    char lines[VW_MAX_SIM + 1][160];
    int n = 0, dec = vw_indicator_decimals(v->ind, v->rel);
    vw_format_date(v->lang, m, lines[n++], sizeof lines[0]);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *sim = v->sim[k];
        int t = m - sim->start;
        if (!cs->line[k])
            continue;
        if (t < 0 || t >= sim->months) { /* a line per scenario: the colours stay in step */
            snprintf(lines[n++], sizeof lines[0], "%s", vw_tr(v->lang, VW_S_NO_DATA));
            continue;
        }
        char a[48], b[48], c[48];
        vw_format_number(v->lang, cs->line[k][t], dec, a, sizeof a);
        if (cs->lo[k] && v->run < 0) {
            vw_format_number(v->lang, cs->lo[k][t], dec, b, sizeof b);
            vw_format_number(v->lang, cs->hi[k][t], dec, c, sizeof c);
            snprintf(lines[n++], sizeof lines[0], "%s [%s \xe2\x80\x93 %s]", a, b, c);
        } else {
            snprintf(lines[n++], sizeof lines[0], "%s", a);
        }
    }
    int bw = 0, lh = apx * 14 / 10, tw, th;
    for (int i = 0; i < n; i++)
        if (vw_text_size(v->text, VW_FONT_REGULAR, apx, lines[i], &tw, &th) == 0 && tw > bw)
            bw = tw;
    bw += vw_px(u, 16) + (v->nsim > 1 ? vw_px(u, 12) : 0);
    int bh = n * lh + vw_px(u, 8);
    int bx = (int)lround(xm) + vw_px(u, 8);
    if (bx + bw > p.x + p.w)
        bx = (int)lround(xm) - vw_px(u, 8) - bw;
    int by = p.y + vw_px(u, 4);
    vw_cv_rect(s, bx, by, bw, bh, VW_PANEL);
    vw_cv_frame(s, bx, by, bw, bh, 1, VW_FRAME);
    int y = by + vw_px(u, 4), li = 0;
    for (int i = 0; i < n; i++, y += lh) {
        int x = bx + vw_px(u, 8);
        if (i > 0 && v->nsim > 1) {
            while (li < v->nsim && !cs->line[li])
                li++;
            vw_cv_rect(s, x, y + lh / 4, vw_px(u, 8), vw_px(u, 8), vw_series_rgb[li++ % VW_MAX_SIM]);
            x += vw_px(u, 12);
        }
        vw_text_draw(v->text, s, x, y, i == 0 ? VW_FONT_BOLD : VW_FONT_REGULAR, apx, VW_INK,
                     VW_AL_TOP, lines[i]);
    }
}

SDL_Rect vw_chart_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, int d, int hover_x)
{
    if (r.w <= 0 || r.h <= 0)
        return (SDL_Rect){0, 0, 0, 0};
    vw_cv_rect(s, r.x, r.y, r.w, r.h, VW_PANEL);
    vw_cv_frame(s, r.x, r.y, r.w, r.h, 1, VW_FRAME);
    const vw_timeline *s0 = v->sim[0];
    const char *id = d < s0->nd ? s0->sc->districts[d].id : NULL;
    chart_series cs;
    double step;
    vw_range yr = series_of(v, id, &cs, &step);

    int tpx = vw_ts(u, VW_TS_BODY + v->present), apx = vw_ts(u, VW_TS_SMALL + v->present);
    char title[200];
    if (id)
        snprintf(title, sizeof title, "%s %s", vw_tr(v->lang, VW_S_DISTRICT),
                 s0->sc->districts[d].name);
    else
        snprintf(title, sizeof title, "%s", vw_tr(v->lang, VW_S_WHOLE_AREA));
    SDL_SetClipRect(s, &r);
    vw_text_draw(v->text, s, r.x + vw_px(u, 12), r.y + vw_px(u, 8), VW_FONT_BOLD, tpx, VW_INK,
                 VW_AL_TOP, title);
    SDL_Rect p = chart_axes(v, s, r, u, yr, step, apx, r.y + tpx + vw_px(u, 18));
    if (p.w >= 10 && p.h >= 10) {
        chart_lines(v, s, p, u, yr, &cs, id == NULL);
        if (hover_x >= p.x && hover_x <= p.x + p.w)
            chart_hover(v, s, p, u, &cs, hover_x, apx);
        vw_levers_chart(v, s, p, yr.lo, yr.hi, id); /* the baseline, when levers moved */
    }
    vw_overlay_draw(v, s, p, u, yr, d);
    SDL_SetClipRect(s, NULL);
    return p;
}
