/* The viewer's state: set-up, the shared colour range, the date. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL.h>
#include "levers.h"

const double vw_speeds[] = {1, 2, 3, 6, 12, 24, 48};
const int vw_nspeeds = (int)(sizeof vw_speeds / sizeof vw_speeds[0]);

/* (Re)allocates the charts' scratch for the scenarios shown. */
static int alloc_scratch(vw_view *v)
{
    size_t n = 0;
    for (int k = 0; k < v->nsim; k++)
        n += 6 * (size_t)v->sim[k]->months + (size_t)v->sim[k]->runs;
    free(v->scratch);
    v->scratch = malloc(n * sizeof *v->scratch);
    return v->scratch ? WS_OK : WS_ENOMEM;
}

int vw_view_init(vw_view *v, vw_timeline *a, vw_timeline *b, vw_text *text, vw_lang lang)
{
    memset(v, 0, sizeof *v);
    v->sim[0] = a;
    v->sim[1] = b;
    v->nsim = b ? 2 : 1;
    v->text = text;
    v->lang = lang;
    v->rel = 1;
    v->names = 1;
    v->controls = 1;
    v->hover_panel = v->hover_nbh = -1;
    v->speed = 3;
    v->ui_scale = 1;
    v->range_ind = -1;
    v->first = a->start;
    v->last = a->end;
    if (b) {
        v->first = b->start < v->first ? b->start : v->first;
        v->last = b->end > v->last ? b->end : v->last;
    }
    v->month = v->first;
    v->run = -1;
    v->hover_chart = -1;
    return alloc_scratch(v);
}

int vw_view_add(vw_view *v, vw_timeline *s)
{
    if (v->nsim >= VW_MAX_SIM) {
        vw_timeline_free(s);
        return WS_EINPUT;
    }
    v->sim[v->nsim++] = s;
    v->first = s->start < v->first ? s->start : v->first;
    v->last = s->end > v->last ? s->end : v->last;
    v->range_ind = -1;
    return alloc_scratch(v);
}

int vw_view_can_diff(const vw_view *v)
{
    if (v->nsim == 1) /* the lever result against the loaded scenario */
        return vw_levers_reference(v) != NULL;
    for (int k = 1; k < v->nsim; k++)
        if (v->sim[k]->nnbh != v->sim[0]->nnbh || v->sim[k]->runs != v->sim[0]->runs ||
            v->sim[k]->nd != v->sim[0]->nd)
            return 0;
    return v->nsim >= 2;
}

void vw_view_clear(vw_view *v)
{
    vw_levers_detach(v); /* first: it frees the baseline unless sim[0] is it */
    for (int k = 0; k < VW_MAX_SIM; k++)
        vw_timeline_free(v->sim[k]);
    vw_text_free(v->text);
    free(v->scratch);
    ws_actuals_free(v->actuals);
    memset(v, 0, sizeof *v);
}

vw_range vw_view_range(vw_view *v)
{
    /* the difference map's scale is the month's own unless fixed (vw_diff_range) */
    int t = v->diff && !v->diff_fixed ? vw_timeline_index(v->sim[0], v->month) : -1;
    if (v->range_ind != v->ind || v->range_rel != v->rel || v->range_run != v->run ||
        v->range_diff != v->diff || v->range_t != t) {
        const vw_timeline *s[VW_MAX_SIM] = {v->sim[0], v->sim[1], v->sim[2], v->sim[3]};
        int n = v->nsim;
        if (n == 1 && vw_view_can_diff(v)) { /* levers: the result minus the baseline */
            s[1] = v->sim[0];
            s[0] = vw_levers_reference(v);
            n = 2;
        }
        v->range = v->diff && vw_view_can_diff(v)
                       ? vw_diff_range(s, n, v->ind, v->rel, v->run, t)
                       : vw_map_range(s, v->nsim, v->ind, v->rel, v->run);
        v->range_t = t;
        v->range_ind = v->ind;
        v->range_rel = v->rel;
        v->range_run = v->run;
        v->range_diff = v->diff;
    }
    return v->range;
}

void vw_view_set_month(vw_view *v, ws_month m)
{
    v->month = m < v->first ? v->first : m > v->last ? v->last : m;
}

int vw_view_key(vw_view *v, int sym, int shift)
{
    int step = 0;
    switch (sym) {
    case SDLK_SPACE:
        if (!v->playing && v->month >= v->last)
            v->month = v->first;
        v->playing = !v->playing;
        break;
    case SDLK_RIGHT: step = 1; break;
    case SDLK_LEFT: step = -1; break;
    case SDLK_UP: case SDLK_PAGEUP: step = 12; break;
    case SDLK_DOWN: case SDLK_PAGEDOWN: step = -12; break;
    case SDLK_HOME: v->month = v->first; v->playing = 0; break;
    case SDLK_END: v->month = v->last; v->playing = 0; break;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
        if (v->speed + 1 < vw_nspeeds)
            v->speed++;
        break;
    case SDLK_MINUS: case SDLK_KP_MINUS:
        if (v->speed > 0)
            v->speed--;
        break;
    case SDLK_i: case SDLK_TAB:
        v->ind = (v->ind + (shift ? vw_nindicators - 1 : 1)) % vw_nindicators;
        break;
    case SDLK_1: case SDLK_2: case SDLK_3: case SDLK_4: case SDLK_5: case SDLK_6:
    case SDLK_7: case SDLK_8: case SDLK_9:
        if (sym - SDLK_1 < vw_nindicators)
            v->ind = sym - SDLK_1;
        break;
    case SDLK_a: v->rel = !v->rel; break;
    case SDLK_d:
        v->dots = (v->dots + 1) % VW_NDOTS;
        for (int k = 0; k < v->nsim && v->dots != VW_DOTS_OFF; k++) {
            ws_error err = {0, ""}; /* a lever result may have left them out */
            if (vw_timeline_median_dots(v->sim[k], &err) != WS_OK)
                snprintf(v->status, sizeof v->status, "%s", err.msg);
        }
        break;
    case SDLK_n: v->names = !v->names; break;
    case SDLK_l: v->lang = v->lang == VW_LANG_NL ? VW_LANG_EN : VW_LANG_NL; break;
    case SDLK_c: v->controls = !v->controls; break;
    case SDLK_r: /* median, run 1, run 2, ..., median */
        v->run = v->run + 1 >= v->sim[0]->runs ? -1 : v->run + 1;
        if (v->sim[0]->runs <= 1)
            v->run = -1;
        break;
    case SDLK_m:
        v->diff = !v->diff;
        if (v->diff && !vw_view_can_diff(v)) {
            v->diff = 0;
            snprintf(v->status, sizeof v->status, "%s", vw_tr(v->lang, VW_S_DIFF_NEEDS));
        }
        break;
    case SDLK_t: v->table = !v->table; break;
    case SDLK_h: case SDLK_F1: case SDLK_QUESTION: v->help = !v->help; break;
    case SDLK_p: return VW_ACT_PRESENT;
    case SDLK_f: case SDLK_F11: return VW_ACT_FULLSCREEN;
    case SDLK_s: case SDLK_F12: return VW_ACT_SCREENSHOT;
    case SDLK_ESCAPE:
        if (v->help)
            v->help = 0;
        else if (v->present)
            return VW_ACT_PRESENT;
        else
            return VW_ACT_QUIT;
        break;
    case SDLK_q: return VW_ACT_QUIT;
    default: return VW_ACT_NONE;
    }
    if (step) {
        v->playing = 0;
        vw_view_set_month(v, v->month + step);
    }
    return VW_ACT_REDRAW;
}

double vw_view_month_x(const vw_view *v, ws_month m, double x0, double x1)
{
    int span = v->last - v->first;
    return span > 0 ? x0 + (x1 - x0) * (m - v->first) / span : (x0 + x1) / 2;
}

int vw_view_diffing(const vw_view *v)
{
    return v->diff && vw_view_can_diff(v);
}

int vw_view_npanels(const vw_view *v)
{
    return vw_view_diffing(v) && v->nsim > 1 ? v->nsim - 1 : v->nsim;
}

int vw_view_panel_sim(const vw_view *v, int k)
{
    return vw_view_diffing(v) && v->nsim > 1 ? k + 1 : k;
}

int vw_view_diverging(const vw_view *v)
{
    return vw_view_diffing(v) || vw_indicators[v->ind].is_signed;
}

double vw_view_value(const vw_view *v, int k, int b)
{
    const vw_timeline *s = v->sim[vw_view_panel_sim(v, k)];
    int t = vw_timeline_index(s, v->month);
    const vw_timeline *ref = v->nsim > 1 ? v->sim[0] : vw_levers_reference(v);
    if (!vw_timeline_covers(s, v->month) ||
        (vw_view_diffing(v) && !vw_timeline_covers(ref, v->month)))
        return NAN;
    if (vw_view_diffing(v))
        return vw_diff_value(ref, s, v->ind, v->rel, v->run, vw_timeline_index(ref, v->month),
                             b);
    return vw_map_value_run(s, v->ind, v->rel, v->run, t, b);
}

vw_rgb vw_view_color(vw_view *v, double val)
{
    double t = vw_range_t(vw_view_range(v), val);
    return vw_view_diverging(v) ? vw_ramp_diverging(t) : vw_ramp(t);
}

void vw_view_stat_note(const vw_view *v, char *buf, size_t n)
{
    int runs = v->sim[0]->runs;
    if (runs <= 1)
        snprintf(buf, n, "%s", vw_tr(v->lang, VW_S_SINGLE_RUN));
    else if (v->run >= 0)
        snprintf(buf, n, vw_tr(v->lang, VW_S_ONE_RUN_OF), v->run + 1, runs);
    else
        snprintf(buf, n, vw_tr(v->lang, VW_S_MEDIAN_OF), runs);
}
