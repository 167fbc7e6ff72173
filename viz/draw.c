/* Viewer frame: layout and drawing of header, maps, legend, figures, timeline, help. */
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "canvas.h"
#include "chart.h"
#include "table.h"
#include "levers.h"
#include "woonsim/world.h"

static int clampi(int x, int lo, int hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static int dot_legend(const vw_view *v, SDL_Surface *s, const SDL_Rect *g, int y, double u);

/* ------------------------------------------------------------------ layout */

vw_xform vw_xform_fit(const ws_map *map, SDL_Rect r)
{
    vw_xform xf = {1, r.x, r.y + r.h};
    double mw = map->x1 - map->x0, mh = map->y1 - map->y0;
    if (!(mw > 0) || !(mh > 0) || r.w <= 0 || r.h <= 0)
        return xf;
    double pad = 0.03;
    double s = fmin(r.w * (1 - 2 * pad) / mw, r.h * (1 - 2 * pad) / mh);
    xf.s = s;
    xf.ox = r.x + r.w / 2.0 - s * (map->x0 + map->x1) / 2;
    xf.oy = r.y + r.h / 2.0 + s * (map->y0 + map->y1) / 2;
    return xf;
}

/* Whether the legend carries the line saying what liveability is made of. */
static int liveability_note(const vw_view *v)
{
    return vw_indicators[v->ind].label == VW_S_IND_LIVEABILITY;
}

void vw_layout_compute(const vw_view *v, int w, int h, vw_layout *L)
{
    memset(L, 0, sizeof *L);
    L->w = w;
    L->h = h;
    double u = fmin(w / 1600.0, h / 900.0);
    u = (u < 0.4 ? 0.4 : u > 4 ? 4 : u) * (v->ui_scale > 0 ? v->ui_scale : 1);
    if (v->present)
        u *= 1.3;
    L->u = u;
    int m = vw_px(u, 14);
    int head = vw_px(u, v->present ? 92 : 76);
    L->header = (SDL_Rect){0, 0, w, head};
    int tl = v->controls ? vw_px(u, 60) : 0;
    L->timeline = (SDL_Rect){0, h - tl, w, tl};
    int top = head, bottom = h - tl - m;
    double share = v->present ? 0.27 : v->nsim >= 2 ? 0.25 : 0.29;
    int sw = clampi((int)(w * share), vw_px(u, 250), vw_px(u, 560));
    if (sw > w / 2)
        sw = w / 2;
    L->sidebar = (SDL_Rect){w - m - sw, top, sw, bottom - top};

    /* Sidebar: legend, charts, figures. */
    int y = top;
    int leg_title = vw_px(u, v->present ? 26 : 22);
    int leg_h = vw_px(u, 74) + leg_title + (liveability_note(v) ? vw_px(u, 36) : 0) +
                vw_px(u, 18) + /* the unit's or the figures' own line */
                (vw_view_diffing(v) ? vw_px(u, 18) : 0); /* the difference scale's */
    if (v->dots) {
        SDL_Rect g = {L->sidebar.x, 0, sw, 0};
        leg_h += dot_legend(v, NULL, &g, 0, u) + vw_px(u, 4);
    }
    L->legend = (SDL_Rect){L->sidebar.x, y, sw, leg_h};
    L->ramp = (SDL_Rect){L->sidebar.x + vw_px(u, 12), y + vw_px(u, 10) + leg_title,
                         sw - vw_px(u, 24), vw_px(u, 16)};
    y += leg_h + m;
    int info_h = v->present ? 0 : vw_px(u, 214);
    int left = bottom - y;
    int min_chart = vw_px(u, 120);
    L->ncharts = v->present ? 1 : 2;
    if (left - info_h - m < L->ncharts * min_chart + (L->ncharts - 1) * m)
        info_h = 0;
    while (L->ncharts > 0 && left - (info_h ? info_h + m : 0) <
                                 L->ncharts * min_chart + (L->ncharts - 1) * m)
        L->ncharts--;
    int charts_h = left - (info_h ? info_h + m : 0);
    for (int k = 0; k < L->ncharts; k++) {
        int ch = (charts_h - (L->ncharts - 1) * m) / L->ncharts;
        L->chart[k] = (SDL_Rect){L->sidebar.x, y, sw, ch};
        y += ch + m;
    }
    if (info_h)
        L->info = (SDL_Rect){L->sidebar.x, bottom - info_h, sw, info_h};

    /* Map panels: one row for one or two, two by two for three or four. */
    int src = v->present ? vw_px(u, 24) : 0;
    if (src) {
        L->source = (SDL_Rect){m, bottom - src, L->sidebar.x - 2 * m, src};
        bottom -= src;
    }
    L->npanels = vw_view_npanels(v);
    int cols = L->npanels <= 2 ? L->npanels : 2, rows = L->npanels <= 2 ? 1 : 2;
    int x0 = m, x1 = L->sidebar.x - m;
    int pw = (x1 - x0 - (cols - 1) * m) / cols, ph = (bottom - top - (rows - 1) * m) / rows;
    int cap = L->npanels >= 2 || vw_view_diffing(v) ? vw_px(u, v->present ? 40 : 32)
                                                   : vw_px(u, 6);
    int foot = vw_px(u, 22);
    /* room for the scenario's timed captions above the maps */
    int capbox = v->sim[0]->sc->ncaptions > 0 && !v->table ? vw_px(u, v->present ? 44 : 36) : 0;
    if (L->npanels > 2)
        capbox = 0; /* small multiples: the caption goes over the maps */
    for (int k = 0; k < L->npanels; k++) {
        int px = x0 + (k % cols) * (pw + m), py = top + (k / cols) * (ph + m);
        L->panel[k] = (SDL_Rect){px, py, pw, ph};
        L->map[k] = (SDL_Rect){px, py + cap + capbox, pw, ph - cap - capbox - foot};
        if (k == 0)
            vw_levers_layout(v, u, &L->map[0]); /* the lever panel beside the map */
        L->xf[k] = vw_xform_fit(v->sim[vw_view_panel_sim(v, k)]->map, L->map[k]);
    }

    /* Timeline. */
    if (tl) {
        int b = vw_px(u, 34);
        L->play = (SDL_Rect){m, L->timeline.y + (tl - b) / 2, b, b};
        int tx0 = m + b + vw_px(u, 150), tx1 = w - m - vw_px(u, 12);
        L->track = (SDL_Rect){tx0, L->timeline.y + vw_px(u, 16), tx1 - tx0, vw_px(u, 6)};
    }
}

ws_month vw_track_month(const vw_view *v, const vw_layout *L, int x)
{
    const SDL_Rect *t = &L->track;
    if (t->w <= 0)
        return v->month;
    double f = (x - t->x) / (double)t->w;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return v->first + (ws_month)lround(f * (v->last - v->first));
}

/* ------------------------------------------------------------------ header */

static const char *scenario_name(const vw_view *v, int k)
{
    return v->sim[k]->sc->name[0] ? v->sim[k]->sc->name : v->sim[k]->sc->path;
}

/* The unit of what the maps show: the indicator's, or for a difference of shares
 * percentage points. */
static void legend_unit(const vw_view *v, char *buf, size_t n)
{
    const vw_indicator *d = &vw_indicators[v->ind];
    if (vw_view_diffing(v) && v->rel && d->den >= 0 && d->factor == 100)
        snprintf(buf, n, "%s", vw_tr(v->lang, VW_S_U_POINTS));
    else
        snprintf(buf, n, "%s", vw_tr(v->lang, vw_indicator_unit(v->ind, v->rel)));
}

/* Fits text into maxw pixels: the largest size of the type scale (theme.h) from step
 * down to min_step at the frame's scale u that fits, else min_step's size with the text
 * cut after its last whole word that fits and an ellipsis (never mid-word). Writes the
 * text to draw into out; returns the type size in pixels. */
static int fit_words(vw_text *t, int font, double u, int step, int min_step, int maxw,
                     const char *text, char *out, size_t n)
{
    int tw, th, px = vw_ts(u, step);
    snprintf(out, n, "%s", text);
    for (; step > min_step; px = vw_ts(u, --step))
        if (vw_text_size(t, font, px, out, &tw, &th) != 0 || tw <= maxw)
            return px;
    if (vw_text_size(t, font, px, out, &tw, &th) != 0 || tw <= maxw)
        return px;
    char buf[512];
    size_t len = strlen(text);
    while (len > 0) {
        while (len > 0 && text[len - 1] != ' ') /* back to the previous space */
            len--;
        while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == ':' ||
                           text[len - 1] == ',' || text[len - 1] == '-'))
            len--;
        if (len == 0)
            break;
        snprintf(buf, sizeof buf, "%.*s\xe2\x80\xa6", (int)(len < 500 ? len : 500), text);
        if (vw_text_size(t, font, px, buf, &tw, &th) == 0 && tw <= maxw) {
            snprintf(out, n, "%s", buf);
            return px;
        }
    }
    snprintf(out, n, "\xe2\x80\xa6");
    return px;
}

/* The frame's title: --title, else the scenario name(s). */
static void frame_title(const vw_view *v, char *title, size_t n)
{
    if (v->title[0]) {
        snprintf(title, n, "%s", v->title);
    } else if (vw_view_diffing(v) && v->nsim == 2) {
        snprintf(title, n, "%.180s \xe2\x88\x92 %.180s", scenario_name(v, 1),
                 scenario_name(v, 0));
    } else if (v->nsim >= 2) {
        title[0] = '\0';
        for (int k = 0; k < v->nsim; k++) {
            size_t l = strlen(title);
            snprintf(title + l, n - l, "%s%.120s",
                     k == 0 ? "" : v->nsim == 2 ? "  \xe2\x86\x94  " : " \xc2\xb7 ",
                     scenario_name(v, k));
        }
    } else {
        snprintf(title, n, "%.390s", scenario_name(v, 0));
    }
}

static void draw_header(vw_view *v, SDL_Surface *s, vw_layout *L)
{
    double u = L->u;
    int m = vw_px(u, 16);
    vw_cv_rect(s, 0, 0, L->w, L->header.h, VW_PANEL);
    vw_cv_rect(s, 0, L->header.h - 1, L->w, 1, VW_FRAME);
    char title[400], fitted[520];
    frame_title(v, title, sizeof title);
    char date[64];
    vw_format_date(v->lang, v->month, date, sizeof date);
    int date_px = vw_ts(u, VW_TS_DISPLAY + v->present);
    L->date_box = vw_text_draw(v->text, s, L->w - m, L->header.h / 2, VW_FONT_BOLD, date_px,
                               VW_INK, VW_AL_RIGHT | VW_AL_MIDDLE, date);
    int maxw = L->date_box.x - 2 * m;
    int tstep = VW_TS_TITLE + v->present, sstep = VW_TS_LEAD + v->present;
    int tpx = fit_words(v->text, VW_FONT_BOLD, u, tstep, tstep - 3, maxw, title, fitted,
                        sizeof fitted);
    L->title_box = vw_text_draw(v->text, s, m, L->header.h * 30 / 100, VW_FONT_BOLD, tpx,
                                VW_INK, VW_AL_MIDDLE, fitted);
    const vw_indicator *ind = &vw_indicators[v->ind];
    char sub[400], note[160], unit[200];
    vw_view_stat_note(v, note, sizeof note);
    legend_unit(v, unit, sizeof unit);
    snprintf(sub, sizeof sub, "%s \xe2\x80\x94 %.150s \xc2\xb7 %.150s",
             vw_tr(v->lang, ind->label), unit, note);
    int spx = fit_words(v->text, VW_FONT_REGULAR, u, sstep, sstep - 2, maxw, sub, fitted,
                        sizeof fitted);
    L->subtitle_box = vw_text_draw(v->text, s, m, L->header.h * 72 / 100, VW_FONT_REGULAR,
                                   spx, VW_MUTED, VW_AL_MIDDLE, fitted);
}

/* ------------------------------------------------------------------ map */

vw_rgb vw_draw_fill(vw_view *v, int k, int b)
{
    vw_rgb c = vw_view_color(v, vw_view_value(v, k, b));
    return v->dots ? vw_mix(c, 0x262626, 0.55) : c;
}

/* Screen coordinates of an area's rings (malloc'd into *buf, grown as needed). */
static double *area_xy(const ws_map_area *a, const vw_xform *xf, double **buf, int *cap)
{
    int n = a->ring_start[a->nrings];
    if (n > *cap) {
        double *nb = realloc(*buf, (size_t)n * 2 * sizeof *nb);
        if (!nb)
            return NULL;
        *buf = nb;
        *cap = n;
    }
    for (int i = 0; i < n; i++)
        vw_xform_apply(xf, a->points[i].x, a->points[i].y, &(*buf)[2 * i], &(*buf)[2 * i + 1]);
    return *buf;
}

static vw_rgb dot_colour(int mode, uint8_t code)
{
    if (code == VW_DOT_BUILDING)
        return VW_BUILDING_RGB;
    switch (mode) {
    case VW_DOTS_TENURE:
        return vw_tenure_rgb[(code >> 3) & 3];
    case VW_DOTS_LABEL:
        return vw_label_rgb[code & 7];
    default:
        return vw_retro_rgb[(code >> 5) & 3];
    }
}

/* The district names on map k, kept apart: each tries its centroid, then just below
 * and above it. */
static void draw_names(vw_view *v, SDL_Surface *s, const vw_layout *L, int k)
{
    const vw_timeline *sim = v->sim[vw_view_panel_sim(v, k)];
    const vw_xform *xf = &L->xf[k];
    double u = L->u;
    /* on a small map, whole steps down the type scale, at most to the smallest */
    int nstep = VW_TS_BODY + v->present;
    while (nstep > VW_TS_NOTE && vw_ts(u, nstep) > L->map[k].w / 30)
        nstep--;
    int npx = vw_ts(u, nstep);
    const SDL_Rect *mr = &L->map[k];
    vw_text_set_halo(v->text, 0xffffff);
    SDL_Rect placed[WS_MAX_DISTRICTS];
    int np = 0;
    for (int d = 0; d < sim->nd && d < WS_MAX_DISTRICTS; d++) {
        double x = sim->label_xy[2 * d], y = sim->label_xy[2 * d + 1];
        if (!isfinite(x))
            continue;
        double sx, sy;
        vw_xform_apply(xf, x, y, &sx, &sy);
        const char *name = sim->sc->districts[d].name;
        int tw, th;
        vw_text_size(v->text, VW_FONT_BOLD, npx, name, &tw, &th);
        /* keep names apart: try the centroid, then below, above and beside it; a name
         * that finds no free place is left out rather than drawn over another */
        SDL_Rect r = {0, 0, tw + vw_px(u, 16), th + 2};
        static const double dy[] = {0, 1, -1, 2, -2, 0, 0, 1, -1, 3, -3};
        static const double dx[] = {0, 0, 0, 0, 0, 0.5, -0.5, 0.5, -0.5, 0, 0};
        int clash = 1;
        for (int tries = 0; tries < 11 && clash; tries++) {
            r.x = clampi((int)lround(sx + dx[tries] * r.w) - r.w / 2, mr->x + 2,
                         mr->x + mr->w - r.w - 2);
            r.y = clampi((int)lround(sy + dy[tries] * th) - th / 2, mr->y + 2,
                         mr->y + mr->h - th - 2);
            clash = 0;
            for (int j = 0; j < np && !clash; j++)
                clash = SDL_HasIntersection(&r, &placed[j]);
        }
        if (clash || r.w > mr->w - 4)
            continue;
        placed[np++] = r;
        int bold = d == v->district && !v->present;
        vw_text_draw(v->text, s, r.x + r.w / 2, r.y + th / 2, VW_FONT_BOLD, npx,
                     bold ? 0x000000 : VW_INK, VW_AL_CENTER | VW_AL_MIDDLE | VW_AL_HALO,
                     name);
    }
}

/* Pixels of box b (grown by pad) that fall inside the screen boxes of map k's areas of
 * the scenario (grey context buurten of a real map do not count). */
static long box_overlap(const vw_view *v, const vw_layout *L, int k, SDL_Rect b, int pad)
{
    const vw_timeline *sim = v->sim[vw_view_panel_sim(v, k)];
    const ws_map *map = sim->map;
    long sum = 0;
    for (int a = 0; a < map->nareas; a++) {
        if (sim->district_of_area[a] < 0)
            continue;
        const ws_map_area *ar = &map->areas[a];
        double x0, y0, x1, y1;
        vw_xform_apply(&L->xf[k], ar->x0, ar->y1, &x0, &y0);
        vw_xform_apply(&L->xf[k], ar->x1, ar->y0, &x1, &y1);
        double w = fmin(x1, b.x + b.w + pad) - fmax(x0, b.x - pad);
        double h = fmin(y1, b.y + b.h + pad) - fmax(y0, b.y - pad);
        if (w > 0 && h > 0)
            sum += (long)ceil(w * h);
    }
    return sum;
}

/* Where a box of w x h goes on map k: the first corner of the map (lower left, lower
 * right, upper left, upper right) where it meets no area's bounding box, else the corner
 * where it covers the least of them. */
static SDL_Rect free_corner(const vw_view *v, const vw_layout *L, int k, int w, int h)
{
    const SDL_Rect *mr = &L->map[k];
    int m = vw_px(L->u, 10), pad = vw_px(L->u, 8); /* a clear gap, not a touch */
    int xs[2] = {mr->x + m, mr->x + mr->w - m - w}, ys[2] = {mr->y + mr->h - m - h, mr->y + m};
    SDL_Rect best = {xs[0], ys[0], w, h};
    long least = -1;
    for (int c = 0; c < 4; c++) {
        SDL_Rect b = {xs[c % 2], ys[c / 2], w, h};
        long o = box_overlap(v, L, k, b, pad);
        if (least < 0 || o < least) {
            least = o;
            best = b;
        }
        if (o == 0)
            break;
    }
    return best;
}

/* A scale bar (a round length of about a sixth of the map) and a north arrow in a
 * corner of the map free of its areas (free_corner); RD New is in metres with north up.
 * Stores where they went in L->scale_box[k]. */
static void draw_scale_north(vw_view *v, SDL_Surface *s, vw_layout *L, int k)
{
    double u = L->u, px_per_m = L->xf[k].s;
    const SDL_Rect *mr = &L->map[k];
    L->scale_box[k] = (SDL_Rect){0, 0, 0, 0};
    if (!(px_per_m > 0) || mr->w < vw_px(u, 200))
        return;
    double want = mr->w / 6.0 / px_per_m, len = 1;
    static const double steps[] = {1, 2, 5};
    for (double p10 = 1; p10 < 1e6; p10 *= 10)
        for (int i = 0; i < 3; i++)
            if (steps[i] * p10 <= want)
                len = steps[i] * p10;
    int bw = (int)lround(len * px_per_m), bh = vw_px(u, 5);
    int lpx = vw_ts(u, VW_TS_SMALL + v->present), tw = 0, th = lpx;
    vw_text_size(v->text, VW_FONT_BOLD, lpx, vw_tr(v->lang, VW_S_NORTH), &tw, &th);
    /* the group: the bar with its label, and the arrow (26 high) with the N over it */
    int ah_i = vw_px(u, 26), aw_i = vw_px(u, 8);
    int gw = bw + vw_px(u, 26) + aw_i + 1, gh = ah_i + vw_px(u, 2) + th;
    SDL_Rect g = free_corner(v, L, k, gw, gh);
    L->scale_box[k] = g;
    int x = g.x, y = g.y + g.h - bh;
    vw_cv_rect(s, x - 1, y - 1, bw + 2, bh + 2, 0xffffff);
    vw_cv_rect(s, x, y, bw / 2, bh, VW_INK);
    vw_cv_rect(s, x + bw / 2, y, bw - bw / 2, bh, 0x9a9a9a);
    char lab[32];
    if (len >= 1000)
        snprintf(lab, sizeof lab, "%g km", len / 1000);
    else
        snprintf(lab, sizeof lab, "%g m", len);
    vw_text_set_halo(v->text, 0xffffff);
    vw_text_draw(v->text, s, x, y - vw_px(u, 3), VW_FONT_REGULAR, lpx, VW_INK,
                 VW_AL_BOTTOM | VW_AL_HALO, lab);
    /* north arrow right of the bar */
    double ax = x + bw + vw_px(u, 26), ay = y + bh, ah = ah_i, aw = aw_i;
    double tri[6] = {ax, ay - ah, ax - aw, ay, ax + aw, ay};
    int rs[2] = {0, 3};
    vw_cv_poly(s, tri, rs, 1, VW_INK, 255);
    vw_text_draw(v->text, s, (int)lround(ax), (int)lround(ay - ah - vw_px(u, 2)), VW_FONT_BOLD,
                 lpx, VW_INK, VW_AL_CENTER | VW_AL_BOTTOM | VW_AL_HALO,
                 vw_tr(v->lang, VW_S_NORTH));
}

static void draw_map(vw_view *v, SDL_Surface *s, vw_layout *L, int k)
{
    const vw_timeline *sim = v->sim[vw_view_panel_sim(v, k)];
    const ws_map *map = sim->map;
    const vw_xform *xf = &L->xf[k];
    double u = L->u;
    SDL_SetClipRect(s, &L->map[k]);
    double *buf = NULL;
    int cap = 0;
    for (int a = 0; a < map->nareas; a++) { /* areas the scenario does not name */
        if (sim->district_of_area[a] >= 0)
            continue;
        const ws_map_area *ar = &map->areas[a];
        double *xy = area_xy(ar, xf, &buf, &cap);
        if (xy)
            vw_cv_poly(s, xy, ar->ring_start, ar->nrings, VW_OUTSIDE, 255);
    }
    for (int b = 0; b < sim->nnbh; b++) {
        int a = sim->area_of_nbh[b];
        if (a < 0)
            continue;
        const ws_map_area *ar = &map->areas[a];
        double *xy = area_xy(ar, xf, &buf, &cap);
        if (xy)
            vw_cv_poly(s, xy, ar->ring_start, ar->nrings, vw_draw_fill(v, k, b), 255);
    }
    int t = vw_timeline_index(sim, v->month);
    if (v->dots) {
        vw_cv_stamp st;
        double r = 0.95 * u * (v->present ? 1.1 : 1);
        vw_cv_stamp_init(&st, r < 0.8 ? 0.8 : r);
        const uint8_t *code = sim->dots + (size_t)t * (size_t)sim->ndw;
        for (long i = 0; i < sim->ndw; i++) {
            if (code[i] == VW_DOT_NONE)
                continue;
            double x, y;
            vw_xform_apply(xf, sim->pos[2 * i], sim->pos[2 * i + 1], &x, &y);
            vw_cv_stamp_draw(s, &st, x, y, dot_colour(v->dots, code[i]));
        }
    }
    double inner = fmax(1.0, 1.0 * u), border = fmax(1.5, 2.2 * u);
    for (int pass = 0; pass < 2; pass++)
        for (int e = 0; e < sim->nedges; e++) {
            const vw_edge *ed = &sim->edges[e];
            if (ed->border != pass)
                continue;
            double x0, y0, x1, y1;
            vw_xform_apply(xf, ed->x0, ed->y0, &x0, &y0);
            vw_xform_apply(xf, ed->x1, ed->y1, &x1, &y1);
            if (pass)
                vw_cv_line(s, x0, y0, x1, y1, border, 0x3a3a3a, 255);
            else
                vw_cv_line(s, x0, y0, x1, y1, inner, 0xffffff, 150);
        }
    if (v->hover_panel == k && v->hover_nbh >= 0 && v->hover_nbh < sim->nnbh &&
        sim->area_of_nbh[v->hover_nbh] >= 0) {
        const ws_map_area *ar = &map->areas[sim->area_of_nbh[v->hover_nbh]];
        double *xy = area_xy(ar, xf, &buf, &cap);
        for (int r = 0; xy && r < ar->nrings; r++) {
            int p0 = ar->ring_start[r], p1 = ar->ring_start[r + 1];
            for (int i = p0; i < p1; i++) {
                int j = i + 1 < p1 ? i + 1 : p0;
                vw_cv_line(s, xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1],
                           fmax(2, 3 * u), v->dots ? 0xffffff : VW_INK, 255);
            }
        }
    }
    free(buf);
    if (v->names)
        draw_names(v, s, L, k);
    draw_scale_north(v, s, L, k);
    SDL_SetClipRect(s, NULL);
}

/* The caption of scenario sk's panel: its name, or in difference mode "B - A". */
static void panel_caption(const vw_view *v, int sk, char *cap, size_t n)
{
    if (vw_view_diffing(v) && v->nsim == 1)
        vw_levers_caption(v, cap, n); /* the levers' result minus the loaded scenario */
    else if (vw_view_diffing(v))
        snprintf(cap, n, "%.180s \xe2\x88\x92 %.180s", scenario_name(v, sk), scenario_name(v, 0));
    else
        snprintf(cap, n, "%.390s", scenario_name(v, sk));
}

/* The type step of the panels' captions: the largest at which every one fits (down to
 * three steps below the normal one; below that the longer ones are cut after a whole
 * word). */
static int caption_step(vw_view *v, const vw_layout *L)
{
    double u = L->u;
    int step = VW_TS_LEAD + v->present, min_step = step - 3;
    for (int k = 0; k < L->npanels; k++) {
        char cap[400], fitted[520];
        panel_caption(v, vw_view_panel_sim(v, k), cap, sizeof cap);
        int room = L->panel[k].w - vw_px(u, 8) - vw_px(u, 34);
        int f = fit_words(v->text, VW_FONT_BOLD, u, step, min_step, room, cap, fitted,
                          sizeof fitted);
        while (step > min_step && vw_ts(u, step) > f)
            step--;
    }
    return step;
}

static void draw_panel(vw_view *v, SDL_Surface *s, vw_layout *L, int k)
{
    double u = L->u;
    int sk = vw_view_panel_sim(v, k);
    const SDL_Rect *p = &L->panel[k];
    vw_cv_rect(s, p->x, p->y, p->w, p->h, VW_PANEL);
    vw_cv_frame(s, p->x, p->y, p->w, p->h, 1, VW_FRAME);
    int cap_h = L->map[k].y - p->y;
    int cx = p->x + vw_px(u, 12);
    if (L->npanels >= 2 || vw_view_diffing(v)) {
        char cap[400], fitted[520];
        int cstep = caption_step(v, L); /* one size for every panel's caption */
        panel_caption(v, sk, cap, sizeof cap);
        vw_cv_rect(s, cx, p->y + cap_h / 2 - vw_px(u, 7), vw_px(u, 14), vw_px(u, 14),
                   vw_series_rgb[sk]);
        cx += vw_px(u, 22);
        int cpx = fit_words(v->text, VW_FONT_BOLD, u, cstep, cstep,
                            p->x + p->w - vw_px(u, 8) - cx, cap, fitted, sizeof fitted);
        vw_text_draw(v->text, s, cx, p->y + cap_h / 2, VW_FONT_BOLD, cpx, VW_INK, VW_AL_MIDDLE,
                     fitted);
    }
    draw_map(v, s, L, k);
    const ws_map *map = v->sim[sk]->map;
    char foot[300];
    if (map->schematic)
        snprintf(foot, sizeof foot, "%s", vw_tr(v->lang, VW_S_SCHEMATIC));
    else
        snprintf(foot, sizeof foot, "%s: %s", vw_tr(v->lang, VW_S_GML_MAP), map->name);
    int fy = L->map[k].y + L->map[k].h + (p->y + p->h - L->map[k].y - L->map[k].h) / 2;
    SDL_Rect clip = {p->x, L->map[k].y + L->map[k].h, p->w - vw_px(u, 4),
                     p->y + p->h - L->map[k].y - L->map[k].h};
    SDL_SetClipRect(s, &clip);
    int fpx = vw_ts(u, VW_TS_SMALL);
    SDL_Rect fr = vw_text_draw(v->text, s, p->x + vw_px(u, 12), fy, VW_FONT_REGULAR, fpx,
                               VW_MUTED, VW_AL_MIDDLE, foot);
    char dots_note[160];
    snprintf(dots_note, sizeof dots_note, vw_tr(v->lang, VW_S_DOTS_RUN),
             v->sim[sk]->dots_run + 1);
    const char *right = !vw_indicator_nbh_level(v->ind) ? vw_tr(v->lang, VW_S_MAP_DISTRICT_LEVEL)
                        : v->dots && v->sim[sk]->runs > 1 ? dots_note
                                                           : NULL;
    int rw, rh;
    if (right && vw_text_size(v->text, VW_FONT_REGULAR, fpx, right, &rw, &rh) == 0 &&
        fr.x + fr.w + vw_px(u, 16) + rw < p->x + p->w - vw_px(u, 12))
        vw_text_draw(v->text, s, p->x + p->w - vw_px(u, 12), fy, VW_FONT_REGULAR, fpx,
                     VW_MUTED, VW_AL_MIDDLE | VW_AL_RIGHT, right);
    SDL_SetClipRect(s, NULL);
}

/* The scenario's caption of the view's date (<caption date=...>: the last one from
 * that month or before; the first scenario's), in a box over the top of the maps. */
static void draw_caption(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    const ws_scenario *sc = v->sim[0]->sc;
    const char *text = NULL;
    for (int i = 0; i < sc->ncaptions; i++)
        if (sc->captions[i].date <= v->month)
            text = sc->captions[i].text;
    if (!text || L->npanels < 1)
        return;
    double u = L->u;
    const SDL_Rect *last = &L->map[L->npanels - 1];
    int x0 = L->map[0].x + vw_px(u, 12), maxw = last->x + last->w - vw_px(u, 12) - x0;
    int tw, th, step = VW_TS_LEAD + v->present;
    char fitted[400];
    int px = fit_words(v->text, VW_FONT_BOLD, u, step, step - 2, maxw - vw_px(u, 28), text,
                       fitted, sizeof fitted);
    if (vw_text_size(v->text, VW_FONT_BOLD, px, fitted, &tw, &th) != 0)
        return;
    int pad = vw_px(u, 10), bw = tw + 2 * pad + vw_px(u, 6), bh = th + vw_px(u, 8);
    int y0 = L->npanels > 2 ? L->map[0].y + vw_px(u, 6)
                            : L->map[0].y - bh - vw_px(u, 2); /* the room left for it */
    vw_cv_rect(s, x0, y0, bw, bh, VW_PANEL);
    vw_cv_frame(s, x0, y0, bw, bh, 1, VW_FRAME);
    vw_cv_rect(s, x0, y0, vw_px(u, 6), bh, vw_series_rgb[0]);
    vw_text_draw(v->text, s, x0 + vw_px(u, 6) + pad, y0 + bh / 2, VW_FONT_BOLD, px, VW_INK,
                 VW_AL_MIDDLE, fitted);
}

/* The source line of the presentation frame: what the figures are, which scenario(s),
 * the program's version and the date of the simulation. */
static void draw_source(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    if (L->source.h <= 0)
        return;
    char line[900], names[600] = "", fitted[1000];
    for (int k = 0; k < v->nsim; k++) {
        size_t l = strlen(names);
        snprintf(names + l, sizeof names - l, "%s%.140s", k ? ", " : "", scenario_name(v, k));
    }
    snprintf(line, sizeof line, "%s \xe2\x80\x94 %s %.600s, woonsim %s %s",
             vw_tr(v->lang, VW_S_SOURCE), vw_tr(v->lang, VW_S_SCENARIO), names,
             vw_tr(v->lang, VW_S_VERSION), WS_VERSION);
    {
        /* the day it was made; SOURCE_DATE_EPOCH (reproducible builds) fixes it */
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
        struct tm tm;
        char day[32];
        if (gmtime_r(&now, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm) > 0) {
            size_t l = strlen(line);
            snprintf(line + l, sizeof line - l, ", %s", day);
        }
    }
    int step = VW_TS_SMALL + v->present;
    int px = fit_words(v->text, VW_FONT_REGULAR, L->u, step, step - 1, L->source.w, line,
                       fitted, sizeof fitted);
    vw_text_draw(v->text, s, L->source.x, L->source.y + L->source.h / 2, VW_FONT_REGULAR, px,
                 VW_MUTED, VW_AL_MIDDLE, fitted);
}

/* The dwelling-dot legend in box g from y: entries flow over lines. Draws when s is
 * set; returns the height used. */
static int dot_legend(const vw_view *v, SDL_Surface *s, const SDL_Rect *g, int y, double u)
{
    const vw_rgb *cols;
    const char *names[8];
    int n = 0;
    if (v->dots == VW_DOTS_TENURE) {
        cols = vw_tenure_rgb;
        names[n++] = vw_tr(v->lang, VW_S_TENURE_OWNER);
        names[n++] = vw_tr(v->lang, VW_S_TENURE_SOCIAL);
        names[n++] = vw_tr(v->lang, VW_S_TENURE_PRIVATE);
    } else if (v->dots == VW_DOTS_LABEL) {
        cols = vw_label_rgb;
        for (int k = 0; k < 7; k++)
            names[n++] = ws_label_names[k];
    } else {
        cols = vw_retro_rgb;
        names[n++] = vw_tr(v->lang, VW_S_RETRO_NONE);
        names[n++] = vw_tr(v->lang, VW_S_RETRO_DECIDING);
        names[n++] = vw_tr(v->lang, VW_S_RETRO_WORKS);
        names[n++] = vw_tr(v->lang, VW_S_RETRO_DONE);
    }
    int x0 = g->x + vw_px(u, 12), x = x0, y0 = y;
    int lpx = vw_ts(u, VW_TS_BODY + v->present), sw = vw_px(u, 12);
    int lh = vw_px(u, v->present ? 24 : 21);
    const char *mode = vw_tr(v->lang, v->dots == VW_DOTS_TENURE ? VW_S_DOTS_TENURE
                                     : v->dots == VW_DOTS_LABEL ? VW_S_DOTS_LABEL
                                                                : VW_S_DOTS_RETRO);
    char head[96];
    snprintf(head, sizeof head, "%s (%s):", vw_tr(v->lang, VW_S_DWELLINGS), mode);
    int tw, th;
    vw_text_size(v->text, VW_FONT_BOLD, lpx, head, &tw, &th);
    if (s)
        vw_text_draw(v->text, s, x, y, VW_FONT_BOLD, lpx, VW_INK, VW_AL_TOP, head);
    x += tw + vw_px(u, 10);
    for (int i = 0; i <= n; i++) {
        const char *name = i < n ? names[i] : vw_tr(v->lang, VW_S_BUILDING);
        vw_rgb c = i < n ? cols[i] : VW_BUILDING_RGB;
        vw_text_size(v->text, VW_FONT_REGULAR, lpx, name, &tw, &th);
        if (x + sw + vw_px(u, 4) + tw > g->x + g->w - vw_px(u, 8) && x > x0) {
            x = x0;
            y += lh;
        }
        if (s) {
            int cy = y + th / 2;
            vw_cv_disc(s, x + sw / 2.0, cy, sw / 2.0, 0x262626, 255);
            vw_cv_disc(s, x + sw / 2.0, cy, sw / 2.0 - 1.2, c, 255);
            vw_text_draw(v->text, s, x + sw + vw_px(u, 4), y, VW_FONT_REGULAR, lpx, VW_INK,
                         VW_AL_TOP, name);
        }
        x += sw + vw_px(u, 4) + tw + vw_px(u, 12);
    }
    return y + lh - y0;
}

/* ------------------------------------------------------------------ legend */

static void draw_legend(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    double u = L->u;
    const SDL_Rect *g = &L->legend, *r = &L->ramp;
    vw_cv_rect(s, g->x, g->y, g->w, g->h, VW_PANEL);
    vw_cv_frame(s, g->x, g->y, g->w, g->h, 1, VW_FRAME);
    vw_range rg = vw_view_range(v);
    /* the legend's title: what the colours are, with the unit (when the two do not fit
     * on one line, the unit goes to the line under the scale) */
    char unit[200];
    int unit_below = 0;
    legend_unit(v, unit, sizeof unit);
    {
        char title[400], fitted[520];
        const char *label = vw_tr(v->lang, vw_indicators[v->ind].label);
        if (vw_view_diffing(v))
            snprintf(title, sizeof title, "%s: %s (%.150s)", vw_tr(v->lang, VW_S_DIFFERENCE),
                     label, unit);
        else
            snprintf(title, sizeof title, "%s (%.150s)", label, unit);
        int hstep = VW_TS_BODY + v->present, maxw = g->w - vw_px(u, 24);
        int px = fit_words(v->text, VW_FONT_BOLD, u, hstep, hstep - 1, maxw, title, fitted,
                           sizeof fitted);
        if (strcmp(fitted, title) != 0) {
            unit_below = 1;
            if (vw_view_diffing(v))
                snprintf(title, sizeof title, "%s: %s", vw_tr(v->lang, VW_S_DIFFERENCE), label);
            else
                snprintf(title, sizeof title, "%s", label);
            px = fit_words(v->text, VW_FONT_BOLD, u, hstep, hstep - 1, maxw, title, fitted,
                           sizeof fitted);
        }
        vw_text_draw(v->text, s, r->x, g->y + vw_px(u, 8), VW_FONT_BOLD, px, VW_INK, VW_AL_TOP,
                     fitted);
    }
    int div = vw_view_diverging(v);
    for (int i = 0; i < r->w; i++) {
        vw_rgb c = div ? vw_ramp_diverging((i + 0.5) / r->w) : vw_ramp((i + 0.5) / r->w);
        vw_cv_rect(s, r->x + i, r->y, 1, r->h, v->dots ? vw_mix(c, 0x262626, 0.55) : c);
    }
    double step;
    vw_nice_range(rg.lo, rg.hi, 4, &step);
    if (div) /* symmetric: ticks at the ends and at zero */
        step = (rg.hi - rg.lo) / 2;
    int dec = vw_tick_decimals(step);
    int tpx = vw_ts(u, VW_TS_BODY + v->present);
    int nt = (int)floor((rg.hi - rg.lo) / step + 1e-6);
    for (int i = 0; i <= nt; i++) {
        double val = rg.lo + i * step;
        if (div && fabs(val) < 1e-9 * (rg.hi - rg.lo))
            val = 0;
        int x = r->x + (int)lround((val - rg.lo) / (rg.hi - rg.lo) * (r->w - 1));
        vw_cv_rect(s, x, r->y + r->h, 1, vw_px(u, 4), VW_MUTED);
        char num[64];
        vw_format_number(v->lang, val, dec, num + 1, sizeof num - 1);
        num[0] = '+'; /* a signed scale says its sign */
        const char *shown = div && val > 0 ? num : num + 1;
        int al = i == 0 ? VW_AL_LEFT : i == nt ? VW_AL_RIGHT : VW_AL_CENTER;
        vw_text_draw(v->text, s, i == 0 ? r->x : i == nt ? r->x + r->w : x,
                     r->y + r->h + vw_px(u, 5), VW_FONT_REGULAR, tpx, VW_INK, al, shown);
    }
    /* unit, and the no-data colour when the map shows it */
    int ry = r->y + r->h + vw_px(u, 26);
    int ustep = VW_TS_SMALL + v->present, upx = vw_ts(u, ustep);
    {
        char note[160], fitted[400];
        vw_view_stat_note(v, note, sizeof note);
        int maxw = g->w - vw_px(u, 24);
        if (unit_below) {
            int px = fit_words(v->text, VW_FONT_REGULAR, u, ustep, ustep - 1, maxw, unit,
                               fitted, sizeof fitted);
            vw_text_draw(v->text, s, r->x, ry, VW_FONT_REGULAR, px, VW_MUTED, VW_AL_TOP, fitted);
            ry += vw_px(u, 18);
        }
        int px = fit_words(v->text, VW_FONT_REGULAR, u, ustep, ustep - 1, maxw, note,
                           fitted, sizeof fitted);
        vw_text_draw(v->text, s, r->x, ry, VW_FONT_REGULAR, px, VW_MUTED, VW_AL_TOP, fitted);
        if (vw_view_diffing(v)) { /* which scale the difference colours are on */
            ry += vw_px(u, 18);
            px = fit_words(v->text, VW_FONT_REGULAR, u, ustep, ustep - 1, maxw,
                           vw_tr(v->lang, v->diff_fixed ? VW_S_DIFF_SCALE_FIXED
                                                        : VW_S_DIFF_SCALE_MONTH),
                           fitted, sizeof fitted);
            vw_text_draw(v->text, s, r->x, ry, VW_FONT_REGULAR, px, VW_MUTED, VW_AL_TOP,
                         fitted);
        }
    }
    int nodata = 0, outside = 0;
    for (int k = 0; k < L->npanels && !nodata; k++)
        for (int b = 0; b < v->sim[vw_view_panel_sim(v, k)]->nnbh && !nodata; b++)
            nodata = isnan(vw_view_value(v, k, b));
    for (int k = 0; k < L->npanels; k++) /* a scenario outside its period (issue 20) */
        outside |= !vw_timeline_covers(v->sim[vw_view_panel_sim(v, k)], v->month);
    if (nodata) {
        SDL_Rect nr = vw_text_draw(v->text, s, r->x + r->w, ry, VW_FONT_REGULAR, upx, VW_MUTED,
                                   VW_AL_TOP | VW_AL_RIGHT,
                                   vw_tr(v->lang, outside ? VW_S_NO_DATA : VW_S_NO_DWELLINGS));
        int sq = vw_px(u, 11);
        vw_cv_rect(s, nr.x - sq - vw_px(u, 5), nr.y + (nr.h - sq) / 2, sq, sq,
                   v->dots ? vw_mix(VW_NODATA_RGB, 0x262626, 0.55) : VW_NODATA_RGB);
    }
    if (liveability_note(v)) {
        /* what the score is made of; cut at the panel's edge in a narrow window */
        SDL_Rect clip = {g->x, g->y, g->w - vw_px(u, 4), g->h};
        SDL_SetClipRect(s, &clip);
        for (vw_str k = VW_S_LIVEABILITY_PARTS; k <= VW_S_LIVEABILITY_AFTER; k++) {
            char fitted[300];
            ry += vw_px(u, 18);
            int px = fit_words(v->text, VW_FONT_REGULAR, u, ustep, ustep - 2,
                               g->w - vw_px(u, 24), vw_tr(v->lang, k), fitted, sizeof fitted);
            vw_text_draw(v->text, s, r->x, ry, VW_FONT_REGULAR, px, VW_MUTED, VW_AL_TOP, fitted);
        }
        SDL_SetClipRect(s, NULL);
    }
    if (!v->dots)
        return;
    dot_legend(v, s, g, ry + vw_px(u, 22), u);
}

/* ------------------------------------------------------------------ figures */

static void row_text(vw_view *v, SDL_Surface *s, int x, int x1, int *y, int lpx,
                     const char *key, const char *val)
{
    vw_text_draw(v->text, s, x, *y, VW_FONT_REGULAR, lpx, VW_MUTED, VW_AL_TOP, key);
    vw_text_draw(v->text, s, x1, *y, VW_FONT_BOLD, lpx, VW_INK, VW_AL_TOP | VW_AL_RIGHT, val);
    *y += lpx * 3 / 2;
}

/* Indicator ind of neighbourhood nbh (its district's value when the indicator has no
 * neighbourhood level; nbh < 0: district d) at index t, as the view shows it (median or
 * the chosen run), formatted into buf. */
static void fmt_ind(vw_view *v, const vw_timeline *sim, int ind, int rel, int t, int nbh,
                    int d, char *buf, size_t n)
{
    double q[3];
    double val = nbh >= 0 && vw_indicator_nbh_level(ind)
                     ? vw_map_value_run(sim, ind, rel, v->run, t, nbh)
                     : vw_district_value(sim, ind, rel, v->run, t, d, q);
    vw_format_number(v->lang, val, vw_indicator_decimals(ind, rel), buf, n);
    if (rel && vw_indicators[ind].den >= 0 && vw_indicators[ind].factor == 100 && isfinite(val))
        strncat(buf, " %", n - strlen(buf) - 1);
}

static void draw_info(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    const SDL_Rect *r = &L->info;
    if (r->w <= 0 || r->h <= 0)
        return;
    double u = L->u;
    vw_cv_rect(s, r->x, r->y, r->w, r->h, VW_PANEL);
    vw_cv_frame(s, r->x, r->y, r->w, r->h, 1, VW_FRAME);
    SDL_SetClipRect(s, r);
    int k = v->hover_nbh >= 0 && v->hover_panel >= 0 ? v->hover_panel : 0;
    const vw_timeline *sim = v->sim[vw_view_panel_sim(v, k)];
    int t = vw_timeline_index(sim, v->month);
    char head[200], sub[200];
    int nbh = v->hover_nbh >= 0 && v->hover_panel >= 0 && v->hover_nbh < sim->nnbh
                  ? v->hover_nbh : -1;
    int d = nbh >= 0 ? sim->sc->nbh[nbh].district : v->district;
    if (d < 0 || d >= sim->nd)
        d = 0;
    if (nbh >= 0) {
        snprintf(head, sizeof head, "%s", sim->sc->nbh[nbh].name);
        snprintf(sub, sizeof sub, "%s %s", vw_tr(v->lang, VW_S_DISTRICT),
                 sim->sc->districts[d].name);
    } else {
        snprintf(head, sizeof head, "%s %s", vw_tr(v->lang, VW_S_DISTRICT),
                 sim->sc->districts[d].name);
        snprintf(sub, sizeof sub, "%s", vw_tr(v->lang, VW_S_CLICK_HINT));
    }
    if (v->nsim >= 2)
        snprintf(sub, sizeof sub, "%.190s", scenario_name(v, vw_view_panel_sim(v, k)));
    int x = r->x + vw_px(u, 12), x1 = r->x + r->w - vw_px(u, 12), y = r->y + vw_px(u, 8);
    int lpx = vw_ts(u, VW_TS_BODY);
    vw_text_draw(v->text, s, x, y, VW_FONT_BOLD, vw_ts(u, VW_TS_LEAD), VW_INK, VW_AL_TOP, head);
    y += vw_px(u, 22);
    vw_text_draw(v->text, s, x, y, VW_FONT_REGULAR, vw_ts(u, VW_TS_SMALL), VW_MUTED, VW_AL_TOP,
                 sub);
    y += vw_px(u, 22);
    char val[96], val2[200];
    /* the map's indicator first */
    int district_value = nbh >= 0 && !vw_indicator_nbh_level(v->ind);
    fmt_ind(v, sim, v->ind, v->rel, t, nbh, d, val, sizeof val);
    if (district_value) {
        snprintf(val2, sizeof val2, "%.90s %.100s", val, vw_tr(v->lang, VW_S_DISTRICT_VALUE));
        snprintf(val, sizeof val, "%.90s", val2);
    }
    row_text(v, s, x, x1, &y, lpx, vw_tr(v->lang, vw_indicators[v->ind].label), val);
    vw_cv_rect(s, x, y - lpx / 3, x1 - x, 1, VW_GRID);
    static const char *const rows[] = {"dwellings", "label-b", "energy-poor", "substandard",
                                       "retrofitted", "owner", "social", "private"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0] && y + lpx < r->y + r->h; i++) {
        int ind = vw_indicator_find(rows[i]);
        if (ind < 0 || ind == v->ind)
            continue;
        fmt_ind(v, sim, ind, 1, t, nbh, d, val, sizeof val);
        row_text(v, s, x, x1, &y, lpx, vw_tr(v->lang, vw_indicators[ind].label), val);
    }
    SDL_SetClipRect(s, NULL);
}

/* ------------------------------------------------------------------ timeline */

static void draw_timeline(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    if (L->timeline.h <= 0)
        return;
    double u = L->u;
    const SDL_Rect *tl = &L->timeline, *p = &L->play, *t = &L->track;
    vw_cv_rect(s, tl->x, tl->y, tl->w, tl->h, VW_PANEL);
    vw_cv_rect(s, tl->x, tl->y, tl->w, 1, VW_FRAME);
    /* play / pause button */
    vw_cv_disc(s, p->x + p->w / 2.0, p->y + p->h / 2.0, p->w / 2.0, vw_series_rgb[0], 255);
    double cx = p->x + p->w / 2.0, cy = p->y + p->h / 2.0, a = p->w * 0.22;
    if (v->playing) {
        vw_cv_rect(s, (int)lround(cx - a), (int)lround(cy - a), (int)lround(a * 0.7),
                   (int)lround(2 * a), 0xffffff);
        vw_cv_rect(s, (int)lround(cx + a * 0.3), (int)lround(cy - a), (int)lround(a * 0.7),
                   (int)lround(2 * a), 0xffffff);
    } else {
        double tri[6] = {cx - a * 0.7, cy - a * 1.1, cx - a * 0.7, cy + a * 1.1, cx + a * 1.2, cy};
        int rs[2] = {0, 3};
        vw_cv_poly(s, tri, rs, 1, 0xffffff, 255);
    }
    char sp[64], num[32];
    vw_format_number(v->lang, vw_speeds[v->speed], 0, num, sizeof num);
    snprintf(sp, sizeof sp, "%s %s", num, vw_tr(v->lang, VW_S_MONTHS_PER_S));
    vw_text_draw(v->text, s, p->x + p->w + vw_px(u, 12), p->y + p->h / 2 - vw_px(u, 8),
                 VW_FONT_BOLD, vw_ts(u, VW_TS_BODY), VW_INK, VW_AL_MIDDLE, sp);
    vw_text_draw(v->text, s, p->x + p->w + vw_px(u, 12), p->y + p->h / 2 + vw_px(u, 10),
                 VW_FONT_REGULAR, vw_ts(u, VW_TS_SMALL), VW_MUTED, VW_AL_MIDDLE,
                 vw_tr(v->lang, VW_S_HELP_HINT));
    /* track */
    vw_cv_rect(s, t->x, t->y, t->w, t->h, VW_GRID);
    double xm = vw_view_month_x(v, v->month, t->x, t->x + t->w);
    vw_cv_rect(s, t->x, t->y, (int)lround(xm - t->x), t->h, vw_series_rgb[0]);
    int y0 = ws_month_year(v->first), y1 = ws_month_year(v->last);
    int every = (y1 - y0) > 0 && t->w / (y1 - y0 + 1) < vw_px(u, 44) ? 2 : 1;
    for (int yr = y0; yr <= y1; yr++) {
        double x = vw_view_month_x(v, yr * 12, t->x, t->x + t->w);
        if (x < t->x - 0.5)
            continue;
        int major = yr % 5 == 0;
        vw_cv_rect(s, (int)lround(x), t->y + t->h, 1, vw_px(u, major ? 7 : 4), VW_MUTED);
        if ((yr - y0) % every == 0 || major) {
            char yl[16];
            snprintf(yl, sizeof yl, "%d", yr);
            vw_text_draw(v->text, s, (int)lround(x), t->y + t->h + vw_px(u, 8),
                         major ? VW_FONT_BOLD : VW_FONT_REGULAR, vw_ts(u, VW_TS_SMALL),
                         major ? VW_INK : VW_MUTED, VW_AL_CENTER, yl);
        }
    }
    vw_cv_disc(s, xm, t->y + t->h / 2.0, vw_px(u, 9), 0xffffff, 255);
    vw_cv_disc(s, xm, t->y + t->h / 2.0, vw_px(u, 7), vw_series_rgb[0], 255);
}

/* ------------------------------------------------------------------ help */

static void draw_help(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    double u = L->u;
    static const vw_str keys[] = {VW_S_K_PLAY, VW_S_K_STEP, VW_S_K_YEAR, VW_S_K_HOME,
                                  VW_S_K_SPEED, VW_S_K_IND, VW_S_K_ABS, VW_S_K_DOTS,
                                  VW_S_K_NAMES, VW_S_K_LANG, VW_S_K_PRESENT,
                                  VW_S_K_CONTROLS, VW_S_K_FULL, VW_S_K_SHOT, VW_S_K_HELP,
                                  VW_S_K_RUN, VW_S_K_DIFF, VW_S_K_TABLE, VW_S_K_LEVERS,
                                  VW_S_K_SAVE_LEVERS, VW_S_K_QUIT, VW_S_K_MOUSE};
    int n = (int)(sizeof keys / sizeof keys[0]);
    int lpx = vw_ts(u, VW_TS_BODY), lh = lpx * 16 / 10;
    int w = vw_px(u, 640), h = vw_px(u, 64) + n * lh;
    if (w > L->w - 20)
        w = L->w - 20;
    int x = (L->w - w) / 2, y = (L->h - h) / 2;
    vw_cv_rect_blend(s, 0, 0, L->w, L->h, 0x000000, 90);
    vw_cv_rect(s, x, y, w, h, VW_PANEL);
    vw_cv_frame(s, x, y, w, h, 2, VW_INK);
    SDL_Rect clip = {x, y, w, h};
    SDL_SetClipRect(s, &clip);
    vw_text_draw(v->text, s, x + vw_px(u, 20), y + vw_px(u, 14), VW_FONT_BOLD,
                 vw_ts(u, VW_TS_HEAD), VW_INK,
                 VW_AL_TOP, vw_tr(v->lang, VW_S_HELP_TITLE));
    int ky = y + vw_px(u, 52);
    for (int i = 0; i < n; i++, ky += lh) {
        const char *line = vw_tr(v->lang, keys[i]);
        const char *tab = strchr(line, '\t');
        char key[64];
        size_t kl = tab ? (size_t)(tab - line) : 0;
        if (kl >= sizeof key)
            kl = sizeof key - 1;
        memcpy(key, line, kl);
        key[kl] = '\0';
        vw_text_draw(v->text, s, x + vw_px(u, 20), ky, VW_FONT_BOLD, lpx, VW_INK, VW_AL_TOP, key);
        vw_text_draw(v->text, s, x + vw_px(u, 210), ky, VW_FONT_REGULAR, lpx, VW_INK, VW_AL_TOP,
                     tab ? tab + 1 : line);
    }
    SDL_SetClipRect(s, NULL);
}

/* ------------------------------------------------------------------ frame */

void vw_draw_frame(vw_view *v, SDL_Surface *s, vw_layout *out)
{
    vw_layout L;
    vw_layout_compute(v, s->w, s->h, &L);
    SDL_SetClipRect(s, NULL);
    vw_cv_rect(s, 0, 0, s->w, s->h, VW_BG);
    draw_header(v, s, &L);
    if (v->table) {
        SDL_Rect tr = {L.panel[0].x, L.panel[0].y, 0, 0};
        const SDL_Rect *last = &L.panel[L.npanels - 1];
        tr.w = last->x + last->w - tr.x;
        tr.h = last->y + last->h - tr.y;
        vw_table_draw(v, s, tr, L.u);
    } else {
        for (int k = 0; k < L.npanels; k++)
            draw_panel(v, s, &L, k);
    }
    if (!v->table)
        draw_caption(v, s, &L);
    draw_source(v, s, &L);
    draw_legend(v, s, &L);
    for (int c = 0; c < L.ncharts; c++)
        L.chart_plot[c] = vw_chart_draw(v, s, L.chart[c], L.u,
                                        c == 0 ? v->sim[0]->nd : v->district,
                                        v->hover_chart == c ? v->hover_x : -1);
    draw_info(v, s, &L);
    draw_timeline(v, s, &L);
    if (v->status[0]) {
        int spx = vw_ts(L.u, VW_TS_BODY);
        int y = (L.timeline.h > 0 ? L.timeline.y : L.h) - spx - vw_px(L.u, 4);
        vw_text_set_halo(v->text, VW_BG);
        vw_text_draw(v->text, s, vw_px(L.u, 16), y, VW_FONT_REGULAR, spx, VW_INK,
                     VW_AL_TOP | VW_AL_HALO, v->status);
    }
    vw_levers_draw(v, s, &L); /* the lever panel, when shown */
    if (v->help)
        draw_help(v, s, &L);
    if (out)
        *out = L;
}

int vw_hit_nbh(const vw_view *v, const vw_layout *L, int x, int y, int *panel)
{
    for (int k = 0; k < L->npanels; k++) {
        const SDL_Rect *r = &L->map[k];
        if (x < r->x || y < r->y || x >= r->x + r->w || y >= r->y + r->h)
            continue;
        const vw_xform *xf = &L->xf[k];
        double mx = (x + 0.5 - xf->ox) / xf->s, my = (xf->oy - (y + 0.5)) / xf->s;
        const vw_timeline *sim = v->sim[vw_view_panel_sim(v, k)];
        for (int b = 0; b < sim->nnbh; b++) {
            int a = sim->area_of_nbh[b];
            if (a >= 0 && ws_map_contains(&sim->map->areas[a], mx, my)) {
                if (panel)
                    *panel = k;
                return b;
            }
        }
    }
    return -1;
}
