/* Viewer monitoring in the table view: the actuals' verdicts and the goals' probabilities. */
#include "monitor.h"

#include <math.h>
#include <stdio.h>
#include "canvas.h"
#include "overlay.h"
#include "theme.h"
#include "woonsim/goals.h"
#include "woonsim/track.h"
#include "woonsim/world.h"

/* The figure field (VW_F_*) holding world indicator wsi, or -1 when the viewer does not
 * keep it. */
static int field_of(int wsi)
{
    for (int f = 0; f < VW_NF; f++)
        if (vw_indicator_of_field(f) == wsi)
            return f;
    return -1;
}

/* The timeline's district index of a goal or actual district (WS_GOAL_TOTAL: nd). */
static int fig_district(const vw_timeline *s, int d)
{
    return d == WS_GOAL_TOTAL ? s->nd : d;
}

/* 1 when less of indicator wsi in district d is better: a goal on both says at-most
 * (woonsim track's rule). */
static int less_is_better(const ws_scenario *sc, int wsi, int d)
{
    for (int i = 0; i < sc->goals.n; i++) {
        const ws_goal *g = &sc->goals.goal[i];
        if (g->indicator == wsi && g->district == d)
            return g->direction == WS_GOAL_AT_MOST;
    }
    return 0;
}

int vw_monitor_rows(const vw_view *v, ws_month m, vw_monitor_row *out, int max)
{
    const ws_actuals *act = v->actuals;
    const vw_timeline *s = v->sim[0];
    int n = 0;
    for (int i = 0; act && i < act->n && n < max; i++) {
        const ws_actual *a = &act->a[i];
        int f = field_of(a->indicator);
        if (f < 0 || a->date > m || a->date < s->start || a->date > s->end)
            continue;
        int later = 0; /* a later one of the same figure, still at or before m */
        for (int j = 0; j < act->n && !later; j++) {
            const ws_actual *b = &act->a[j];
            later = j != i && b->indicator == a->indicator && b->district == a->district &&
                    b->date <= m && b->date <= s->end &&
                    (b->date > a->date || (b->date == a->date && j > i));
        }
        if (later)
            continue;
        int t = vw_timeline_index(s, a->date), d = fig_district(s, a->district);
        for (int r = 0; r < s->runs; r++)
            s->tmp[r] = vw_timeline_fig(s, r, t, d)[f];
        double q[3];
        vw_quantiles(s->tmp, s->runs, q);
        int low = a->value < q[1], high = a->value > q[2];
        if (less_is_better(s->sc, a->indicator, a->district)) {
            int tmp = low;
            low = high;
            high = tmp;
        }
        out[n++] = (vw_monitor_row){i, q[0], q[1], q[2],
                                    low    ? WS_TRACK_BEHIND
                                    : high ? WS_TRACK_AHEAD
                                           : WS_TRACK_ON_TRACK};
    }
    return n;
}

double vw_monitor_goal_p(const vw_view *v, int i)
{
    const vw_timeline *s = v->sim[0];
    const ws_goal *g = &s->sc->goals.goal[i];
    int f = field_of(g->indicator);
    if (f < 0)
        return NAN;
    int t = vw_timeline_index(s, g->by), d = fig_district(s, g->district), met = 0;
    for (int r = 0; r < s->runs; r++)
        met += ws_goal_met(g, vw_timeline_fig(s, r, t, d)[f]);
    return (double)met / s->runs;
}

/* The name of world indicator wsi in the view's language: the viewer's indicator with
 * that numerator, else the CSV column. */
static const char *indicator_name(const vw_view *v, int wsi)
{
    int f = field_of(wsi);
    for (int k = 0; k < vw_nindicators; k++)
        if (vw_indicators[k].num == f)
            return vw_tr(v->lang, vw_indicators[k].label);
    return ws_indicator_table[wsi].name;
}

static const char *district_name(const vw_view *v, int d)
{
    const ws_scenario *sc = v->sim[0]->sc;
    return d == WS_GOAL_TOTAL ? vw_tr(v->lang, VW_S_WHOLE_AREA) : sc->districts[d].name;
}

/* One line of text in columns: left at x, the rest right-aligned at the column ends. */
static void row(vw_view *v, SDL_Surface *s, int x, const int *col, int y, int px, int font,
                vw_rgb c, const char *const *cell, int n)
{
    vw_text_draw(v->text, s, x, y, font, px, VW_INK, VW_AL_TOP, cell[0]);
    for (int i = 1; i < n; i++)
        vw_text_draw(v->text, s, col[i], y, font, px, i == n - 1 ? c : VW_INK,
                     VW_AL_TOP | VW_AL_RIGHT, cell[i]);
}

int vw_monitor_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, int y, int px, int lh)
{
    const ws_scenario *sc = v->sim[0]->sc;
    vw_monitor_row rows[64];
    int n = vw_monitor_rows(v, v->month, rows, 64);
    if (n == 0 && sc->goals.n == 0)
        return y;
    static const vw_rgb verdict_rgb[3] = {0x1a7f37, 0xc0392b, 0x1f5fbf};
    static const vw_str verdict_str[3] = {VW_S_ON_TRACK, VW_S_BEHIND, VW_S_AHEAD};
    int x = r.x + vw_px(u, 16), w = r.w - vw_px(u, 32);
    int col[4] = {0, x + w * 50 / 100, x + w * 80 / 100, x + w};
    char a[48], md[48], lo[48], hi[48], when[48], band[160], name[320];
    y += lh / 2;
    vw_text_draw(v->text, s, x, y, VW_FONT_BOLD, px, VW_INK, VW_AL_TOP,
                 vw_tr(v->lang, VW_S_MONITORED));
    y += lh;
    for (int i = 0; i < n && y + lh < r.y + r.h; i++, y += lh) {
        const ws_actual *ac = &v->actuals->a[rows[i].actual];
        int dec = ws_indicator_table[ac->indicator].decimals;
        vw_format_number(v->lang, ac->value, dec, a, sizeof a);
        vw_format_number(v->lang, rows[i].median, dec, md, sizeof md);
        vw_format_number(v->lang, rows[i].p5, dec, lo, sizeof lo);
        vw_format_number(v->lang, rows[i].p95, dec, hi, sizeof hi);
        vw_format_date(v->lang, ac->date, when, sizeof when);
        snprintf(name, sizeof name, "%s, %s (%s)", district_name(v, ac->district),
                 indicator_name(v, ac->indicator), when);
        snprintf(band, sizeof band, "%s  [%s \xe2\x80\x93 %s]", md, lo, hi);
        const char *cell[4] = {name, a, band, vw_tr(v->lang, verdict_str[rows[i].verdict])};
        row(v, s, x, col, y, px, VW_FONT_REGULAR, verdict_rgb[rows[i].verdict], cell, 4);
    }
    for (int i = 0; i < sc->goals.n && y + lh < r.y + r.h; i++, y += lh) {
        const ws_goal *g = &sc->goals.goal[i];
        double p = vw_monitor_goal_p(v, i);
        char tgt[48], pct[48];
        vw_format_number(v->lang, g->target, ws_indicator_table[g->indicator].decimals, tgt,
                         sizeof tgt);
        vw_format_date(v->lang, g->by, when, sizeof when);
        snprintf(name, sizeof name, "%s %s: %s %s, %s, %s", vw_tr(v->lang, VW_S_TARGET),
                 g->name, g->direction == WS_GOAL_AT_MOST ? "\xe2\x89\xa4" : "\xe2\x89\xa5",
                 tgt, district_name(v, g->district), when);
        if (isfinite(p))
            snprintf(pct, sizeof pct, "%s %.0f %%", vw_tr(v->lang, VW_S_GOAL_P), 100 * p);
        else
            snprintf(pct, sizeof pct, "%s \xe2\x80\x94", vw_tr(v->lang, VW_S_GOAL_P));
        const char *cell[2] = {name, pct};
        int gcol[2] = {0, x + w};
        row(v, s, x, gcol, y, px, VW_FONT_REGULAR, VW_INK, cell, 2);
    }
    return y;
}
