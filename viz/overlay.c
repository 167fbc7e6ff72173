/* Viewer overlay: actuals as points and goals as target lines on the charts. */
#include "overlay.h"

#include <math.h>
#include "canvas.h"
#include "theme.h"
#include "woonsim/goals.h"
#include "woonsim/track.h"
#include "woonsim/world.h"

int vw_indicator_of_field(int f)
{
    static const int map[VW_NF] = {
        [VW_F_STANDING] = WS_I_DWELLINGS, [VW_F_OWNER] = WS_I_OWNER,
        [VW_F_SOCIAL] = WS_I_SOCIAL, [VW_F_PRIVATE] = WS_I_PRIVATE,
        [VW_F_OCCUPIED] = -1, [VW_F_VACANT] = WS_I_VACANT,
        [VW_F_SUBSTANDARD] = WS_I_SUBSTANDARD, [VW_F_POOR] = WS_I_ENERGY_POOR,
        [VW_F_LABEL_B] = WS_I_LABEL_B_OR_BETTER, [VW_F_RETRO_DONE] = WS_I_RETROFIT_COMPLETED,
        [VW_F_PERMITS] = WS_I_PERMITS_ACTIVE, [VW_F_ZONE_PRIVATE] = WS_I_PRIVATE_IN_ZONE,
        [VW_F_LIVEABILITY] = WS_I_LIVEABILITY, [VW_F_NET_ADDED] = WS_I_NET_ADDED,
        [VW_F_ENERGY_COST] = WS_I_ENERGY_COST_EUR, [VW_F_GAS] = WS_I_GAS_M3,
        [VW_F_CO2] = WS_I_CO2_T, [VW_F_PIPELINE] = WS_I_PIPELINE,
    };
    return f >= 0 && f < VW_NF ? map[f] : -1;
}

/* A figure of indicator ind in district dk (WS_GOAL_TOTAL: the area) at month m as the
 * chart shows it: the value replaces the numerator in run 1's figures of that month, so
 * a per-dwelling form divides by the simulated denominator. NaN when the chart's
 * indicator is another or the month lies outside the timeline. */
static double as_shown(const vw_view *v, int d, int ind, int dk, ws_month m, double value)
{
    const vw_timeline *s = v->sim[0];
    int chart_dk = d < s->nd ? d : WS_GOAL_TOTAL;
    if (dk != chart_dk || ind != vw_indicator_of_field(vw_indicators[v->ind].num) ||
        m < s->start || m > s->end)
        return NAN;
    double f[VW_NF];
    const double *sim = vw_timeline_fig(s, 0, vw_timeline_index(s, m), d < s->nd ? d : s->nd);
    for (int k = 0; k < VW_NF; k++)
        f[k] = sim[k];
    f[vw_indicators[v->ind].num] = value;
    return vw_indicator_value(v->ind, v->rel, f);
}

/* Widens [*lo, *hi] to y with some room beyond it (a goal's flag stands above its
 * line). */
static void widen(double y, double *lo, double *hi)
{
    if (!isfinite(y))
        return;
    double room = 0.06 * fmax(fabs(*hi - *lo), fabs(y) * 0.1);
    *lo = fmin(*lo, y - (y < *lo ? room : 0));
    *hi = fmax(*hi, y + (y >= *hi - room ? room : 0));
}

void vw_overlay_extend(const vw_view *v, int d, double *lo, double *hi)
{
    const ws_scenario *sc = v->sim[0]->sc;
    for (int i = 0; i < sc->goals.n; i++) {
        const ws_goal *g = &sc->goals.goal[i];
        widen(as_shown(v, d, g->indicator, g->district, g->by, g->target), lo, hi);
    }
    const ws_actuals *act = v->actuals;
    for (int i = 0; act && i < act->n; i++) {
        widen(as_shown(v, d, act->a[i].indicator, act->a[i].district, act->a[i].date,
                       act->a[i].value), lo, hi);
    }
}

#define GOAL_RGB 0xc0392bu

/* A goal: a dashed line at its target up to its month, a flag there. */
static void draw_goal(const vw_view *v, SDL_Surface *s, SDL_Rect p, double u, vw_range yr,
                      int d, const ws_goal *g)
{
    double val = as_shown(v, d, g->indicator, g->district, g->by, g->target);
    if (!isfinite(val))
        return;
    double y = p.y + p.h - (val - yr.lo) / (yr.hi - yr.lo) * p.h;
    double x0 = p.x, xb = vw_view_month_x(v, g->by, p.x, p.x + p.w);
    double dash = vw_px(u, 8), lw = fmax(1, 1.5 * u);
    for (double x = x0; x < xb; x += 2 * dash)
        vw_cv_line(s, x, y, fmin(x + dash, xb), y, lw, GOAL_RGB, 255);
    vw_cv_line(s, xb, y, xb, y - vw_px(u, 12), lw, GOAL_RGB, 255);
    double fx[6] = {xb, y - vw_px(u, 12), xb + vw_px(u, 9), y - vw_px(u, 9), xb,
                    y - vw_px(u, 6)};
    int rs[2] = {0, 3};
    vw_cv_poly(s, fx, rs, 1, GOAL_RGB, 255);
    vw_text_draw(v->text, s, (int)lround(xb) - vw_px(u, 4), (int)lround(y) - vw_px(u, 3),
                 VW_FONT_REGULAR, vw_ts(u, VW_TS_NOTE), GOAL_RGB,
                 VW_AL_RIGHT | VW_AL_BOTTOM | VW_AL_HALO,
                 g->name);
}

void vw_overlay_draw(const vw_view *v, SDL_Surface *s, SDL_Rect p, double u, vw_range yr,
                     int d)
{
    if (p.w < 10 || p.h < 10 || !(yr.hi > yr.lo))
        return;
    const ws_scenario *sc = v->sim[0]->sc;
    for (int i = 0; i < sc->goals.n; i++)
        draw_goal(v, s, p, u, yr, d, &sc->goals.goal[i]);
    const ws_actuals *act = v->actuals;
    double r = fmax(2.5, 4.5 * u);
    for (int i = 0; act && i < act->n; i++) {
        const ws_actual *a = &act->a[i];
        double val = as_shown(v, d, a->indicator, a->district, a->date, a->value);
        if (!isfinite(val))
            continue;
        double x = vw_view_month_x(v, a->date, p.x, p.x + p.w);
        double y = p.y + p.h - (val - yr.lo) / (yr.hi - yr.lo) * p.h;
        vw_cv_disc(s, x, y, r + 1.5, 0xffffff, 255);
        vw_cv_disc(s, x, y, r, VW_INK, 255);
    }
}
