/* Viewer figures as a table: the CSV of --render -o FILE.csv and the on-screen table (t). */
#include "table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "canvas.h"
#include "monitor.h"
#include "theme.h"
#include "woonsim/world.h"

/* World indicators the timeline keeps, with their figure field (timeline.h). The names
 * and decimals are the library's (ws_indicator_table), as woonsim compare prints them. */
static const struct {
    int ws, field;
} kept[] = {
    {WS_I_DWELLINGS, VW_F_STANDING},
    {WS_I_NET_ADDED, VW_F_NET_ADDED},
    {WS_I_PIPELINE, VW_F_PIPELINE},
    {WS_I_OWNER, VW_F_OWNER},
    {WS_I_SOCIAL, VW_F_SOCIAL},
    {WS_I_PRIVATE, VW_F_PRIVATE},
    {WS_I_PRIVATE_IN_ZONE, VW_F_ZONE_PRIVATE},
    {WS_I_PERMITS_ACTIVE, VW_F_PERMITS},
    {WS_I_SUBSTANDARD, VW_F_SUBSTANDARD},
    {WS_I_RETROFIT_COMPLETED, VW_F_RETRO_DONE},
    {WS_I_GAS_M3, VW_F_GAS},
    {WS_I_CO2_T, VW_F_CO2},
    {WS_I_ENERGY_COST_EUR, VW_F_ENERGY_COST},
    {WS_I_ENERGY_POOR, VW_F_POOR},
    {WS_I_LIVEABILITY, VW_F_LIVEABILITY},
    {WS_I_VACANT, VW_F_VACANT},
    {WS_I_LABEL_B_OR_BETTER, VW_F_LABEL_B},
};
#define NKEPT ((int)(sizeof kept / sizeof kept[0]))

/* A number with decimals in the CSV's convention ("1234.5", or "1234,5" for nl); NaN
 * gives an empty field. */
static void csv_number(ws_buf *b, double x, int dec, int nl)
{
    if (!isfinite(x))
        return;
    char num[64];
    snprintf(num, sizeof num, "%.*f", dec, x);
    if (strcmp(num, "-0") == 0 || (num[0] == '-' && strspn(num + 1, "0.") == strlen(num + 1)))
        memmove(num, num + 1, strlen(num)); /* no "-0.0" */
    if (nl)
        for (char *p = num; *p; p++)
            if (*p == '.')
                *p = ',';
    ws_buf_printf(b, "%s", num);
}

/* A text field, quoted when it holds the separator, a quote or a line break. */
static void csv_text(ws_buf *b, const char *s, char sep)
{
    if (!strchr(s, sep) && !strchr(s, '"') && !strchr(s, '\n') && !strchr(s, '\r')) {
        ws_buf_append(b, s, strlen(s));
        return;
    }
    ws_buf_append(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ws_buf_append(b, "\"\"", 2);
        else
            ws_buf_append(b, p, 1);
    }
    ws_buf_append(b, "\"", 1);
}

/* One row: scenario, date, level, area id, area name, indicator, unit, then the median,
 * 5 % and 95 % of the runs' values v (reordered). */
static void csv_row(ws_buf *b, const char *const text[7], double *v, int n, int dec, int nl)
{
    char sep = nl ? ';' : ',';
    for (int i = 0; i < 7; i++) {
        csv_text(b, text[i], sep);
        ws_buf_append(b, &sep, 1);
    }
    double q[3];
    vw_quantiles(v, n, q);
    csv_number(b, q[0], dec, nl);
    ws_buf_append(b, &sep, 1);
    csv_number(b, q[1], dec, nl);
    ws_buf_append(b, &sep, 1);
    csv_number(b, q[2], dec, nl);
    ws_buf_append(b, "\r\n", 2);
}

/* The rows of one area of scenario k: district d (d = nd: the whole area) when nbh < 0,
 * else neighbourhood nbh. */
static void area_rows(const vw_view *v, int k, int t, int d, int nbh, const char *date, int nl,
                      ws_buf *b)
{
    const vw_timeline *s = v->sim[k];
    const ws_scenario *sc = s->sc;
    const char *level = nbh >= 0 ? "neighbourhood" : d == s->nd ? "total" : "district";
    const char *id = nbh >= 0 ? sc->nbh[nbh].id : d == s->nd ? "total" : sc->districts[d].id;
    const char *name = nbh >= 0 ? sc->nbh[nbh].name : d == s->nd ? "" : sc->districts[d].name;
    double *val = s->tmp;
    for (int i = 0; i < NKEPT; i++) {
        if (nbh >= 0 && kept[i].field >= VW_NF_NBH)
            continue; /* not counted per neighbourhood */
        for (int r = 0; r < s->runs; r++)
            val[r] = nbh >= 0 ? vw_timeline_nbh_run(s, r, t, nbh)[kept[i].field]
                              : vw_timeline_fig(s, r, t, d)[kept[i].field];
        const char *text[7] = {sc->name, date, level, id, name,
                               ws_indicator_table[kept[i].ws].name, ""};
        csv_row(b, text, val, s->runs, ws_indicator_table[kept[i].ws].decimals, nl);
    }
    /* the map's indicator in the form shown (per dwelling unless --absolute) */
    if (nbh >= 0 && !vw_indicator_nbh_level(v->ind))
        return;
    for (int r = 0; r < s->runs; r++)
        val[r] = vw_indicator_value(v->ind, v->rel,
                                    nbh >= 0 ? vw_timeline_nbh_run(s, r, t, nbh)
                                             : vw_timeline_fig(s, r, t, d));
    const char *text[7] = {sc->name, date, level, id, name, vw_indicators[v->ind].key,
                           vw_tr(VW_LANG_EN, vw_indicator_unit(v->ind, v->rel))};
    csv_row(b, text, val, s->runs, vw_indicator_decimals(v->ind, v->rel) + 1, nl);
}

int vw_table_csv(const vw_view *v, ws_month m, int nl, ws_buf *b)
{
    char sep = nl ? ';' : ',', date[8];
    ws_month_format(m, date);
    ws_buf_printf(b, "scenario%cdate%clevel%carea%cname%cindicator%cunit%cmedian%cp5%cp95\r\n",
                  sep, sep, sep, sep, sep, sep, sep, sep, sep);
    for (int k = 0; k < v->nsim; k++) {
        const vw_timeline *s = v->sim[k];
        if (m < s->start || m > s->end)
            continue;
        int t = vw_timeline_index(s, m);
        for (int d = 0; d <= s->nd; d++)
            area_rows(v, k, t, d, -1, date, nl, b);
        for (int nb = 0; nb < s->nnbh; nb++)
            area_rows(v, k, t, 0, nb, date, nl, b);
    }
    return b->failed ? WS_ENOMEM : WS_OK;
}

void vw_table_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u)
{
    vw_cv_rect(s, r.x, r.y, r.w, r.h, VW_PANEL);
    vw_cv_frame(s, r.x, r.y, r.w, r.h, 1, VW_FRAME);
    SDL_SetClipRect(s, &r);
    const vw_timeline *s0 = v->sim[0];
    int lpx = vw_ts(u, VW_TS_BODY + v->present), lh = lpx * 17 / 10;
    int x = r.x + vw_px(u, 16), y = r.y + vw_px(u, 12);
    char line[300], date[64];
    vw_format_date(v->lang, v->month, date, sizeof date);
    snprintf(line, sizeof line, "%s \xe2\x80\x94 %s, %s", vw_tr(v->lang, VW_S_TABLE_TITLE),
             vw_tr(v->lang, vw_indicators[v->ind].label), date);
    vw_text_draw(v->text, s, x, y, VW_FONT_BOLD, vw_ts(u, VW_TS_LEAD + v->present), VW_INK,
                 VW_AL_TOP, line);
    y += vw_px(u, 34);
    vw_view_stat_note(v, line, sizeof line);
    vw_text_draw(v->text, s, x, y, VW_FONT_REGULAR, lpx, VW_MUTED, VW_AL_TOP, line);
    y += lh + vw_px(u, 4);
    /* columns: the area, then one per scenario */
    int namew = (r.w - vw_px(u, 32)) * 3 / 10;
    int colw = (r.w - vw_px(u, 32) - namew) / v->nsim;
    vw_text_draw(v->text, s, x, y, VW_FONT_BOLD, lpx, VW_INK, VW_AL_TOP,
                 vw_tr(v->lang, VW_S_AREA));
    for (int k = 0; k < v->nsim; k++) {
        const char *nm = v->sim[k]->sc->name;
        SDL_Rect clip = {x + namew + k * colw, y, colw - vw_px(u, 8), lh};
        SDL_SetClipRect(s, &clip);
        vw_text_draw(v->text, s, x + namew + (k + 1) * colw - vw_px(u, 8), y, VW_FONT_BOLD, lpx,
                     vw_series_rgb[k], VW_AL_TOP | VW_AL_RIGHT, nm);
        SDL_SetClipRect(s, &r);
    }
    y += lh;
    vw_cv_rect(s, x, y - lh / 5, r.w - vw_px(u, 32), 1, VW_FRAME);
    int dec = vw_indicator_decimals(v->ind, v->rel);
    for (int d = 0; d <= s0->nd && y + lh < r.y + r.h; d++, y += lh) {
        const char *label = d == s0->nd ? vw_tr(v->lang, VW_S_WHOLE_AREA)
                                        : s0->sc->districts[d].name;
        vw_text_draw(v->text, s, x, y, d == s0->nd ? VW_FONT_BOLD : VW_FONT_REGULAR, lpx, VW_INK,
                     VW_AL_TOP, label);
        for (int k = 0; k < v->nsim; k++) {
            const vw_timeline *sk = v->sim[k];
            int dk = d == s0->nd ? sk->nd : ws_scenario_district(sk->sc, s0->sc->districts[d].id);
            if (dk < 0)
                continue;
            double q[3];
            vw_district_value(sk, v->ind, v->rel, v->run, vw_timeline_index(sk, v->month), dk, q);
            char a[48], lo[48], hi[48];
            vw_format_number(v->lang, q[0], dec, a, sizeof a);
            vw_format_number(v->lang, q[1], dec, lo, sizeof lo);
            vw_format_number(v->lang, q[2], dec, hi, sizeof hi);
            if (!vw_timeline_covers(sk, v->month))
                snprintf(line, sizeof line, "%s", vw_tr(v->lang, VW_S_NO_DATA));
            else if (sk->runs > 1 && v->run < 0)
                snprintf(line, sizeof line, "%s  [%s \xe2\x80\x93 %s]", a, lo, hi);
            else
                snprintf(line, sizeof line, "%s", a);
            vw_text_draw(v->text, s, x + namew + (k + 1) * colw - vw_px(u, 8), y,
                         d == s0->nd ? VW_FONT_BOLD : VW_FONT_REGULAR, lpx, VW_INK,
                         VW_AL_TOP | VW_AL_RIGHT, line);
        }
    }
    vw_monitor_draw(v, s, r, u, y, lpx, lh); /* --actuals' verdicts, the goals */
    SDL_SetClipRect(s, NULL);
}
