/* Wijkpaspoort: per-district A4 pages in PDF through cairo, from ws_run_many's runs. */
#include "passport.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "theme.h"
#include "woonsim/goals.h"
#include "woonsim/map.h"
#include "woonsim/run.h"
#include "woonsim/world.h"

/* A4 in points, and the page's margin. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 42.0
#define FONT "DejaVu Sans"

#define INK 0x1e1e1eu
#define MUTED 0x6b6b6bu
#define RULE 0xd6d4ccu
#define ACCENT 0x1f6f8bu
#define OTHER 0xe6e4deu
#define STRIPE 0xf6f5f0u

/* ------------------------------------------------------------------ texts */

enum {
    T_KICKER, T_NBH, T_AT_START, T_RUNS, T_RUN1, T_KEY_FIGURES, T_START, T_DEC, T_BAND_NOTE,
    T_TRENDS, T_GOALS, T_NO_GOALS, T_SOURCE, T_PAGE, T_SCHEMATIC, T_REAL,
    T_DWELLINGS, T_OWNER, T_SOCIAL, T_PRIVATE, T_LABEL_B, T_SUBST, T_RETRO, T_POOR,
    T_POOR_CHILD, T_NET_ADDED, T_NEIGHBOURHOODS, T_READ, T_IN, T_TILE_LABEL_B,
    T_TILE_POOR, T_TILE_NET, T_BY, T_WHOLE_AREA, T_THIS_DISTRICT, T_MODEL, T_GOAL_NOTE,
    T_NT
};

static const char *const texts[T_NT][VW_NLANG] = {
    [T_KICKER] = {"WIJKPASPOORT", "DISTRICT PASSPORT"},
    [T_NBH] = {"buurten", "neighbourhoods"},
    [T_AT_START] = {"woningen bij de start", "dwellings at the start"},
    [T_RUNS] = {"simulaties", "runs"},
    [T_RUN1] = {"1 simulatie (geen band)", "1 run (no band)"},
    [T_KEY_FIGURES] = {"Kerncijfers", "Key figures"},
    [T_START] = {"start", "start"},
    [T_DEC] = {"december", "December"},
    [T_BAND_NOTE] = {"Mediaan over de simulaties; klein eronder de band van 5\xe2\x80\x93" "95 %.",
                     "Median over the runs; below it, small, the 5\xe2\x80\x93" "95 % band."},
    [T_TRENDS] = {"Verloop", "Trends"},
    [T_GOALS] = {"Doelen", "Goals"},
    [T_NO_GOALS] = {"Dit scenario noemt geen doelen voor deze wijk.",
                    "The scenario sets no goals for this district."},
    [T_SOURCE] = {"Modelresultaat, geen prognose", "Model result, not a forecast"},
    [T_PAGE] = {"pagina", "page"},
    [T_SCHEMATIC] = {"Schematische kaart, geen echte grenzen",
                     "Schematic map, not real boundaries"},
    [T_REAL] = {"Buurtgrenzen", "Neighbourhood boundaries"},
    [T_DWELLINGS] = {"Woningen", "Dwellings"},
    [T_OWNER] = {"Koop", "Owner-occupied"},
    [T_SOCIAL] = {"Sociale huur", "Social rent"},
    [T_PRIVATE] = {"Particuliere huur", "Private rent"},
    [T_LABEL_B] = {"Energielabel B of beter", "Energy label B or better"},
    [T_SUBST] = {"Woningen onder de maat", "Substandard dwellings"},
    [T_RETRO] = {"Verduurzaamd (sinds start)", "Retrofitted (since start)"},
    [T_POOR] = {"Energiearme huishoudens", "Energy-poor households"},
    [T_POOR_CHILD] = {"  waarvan met kinderen", "  of which with children"},
    [T_NET_ADDED] = {"Netto toegevoegd (sinds start)", "Net added (since start)"},
    [T_NEIGHBOURHOODS] = {"Buurten", "Neighbourhoods"},
    [T_IN] = {"In", "In"},
    [T_BY] = {"in", "by"},
    [T_WHOLE_AREA] = {"doel voor het hele gebied", "goal for the whole area"},
    [T_THIS_DISTRICT] = {"doel voor deze wijk", "goal for this district"},
    [T_MODEL] = {"model:", "model:"},
    [T_GOAL_NOTE] = {"Kans dat het doel gehaald wordt: aandeel van de simulaties.",
                     "Probability that the goal is met: share of the runs."},
    [T_TILE_LABEL_B] = {"label B of beter", "label B or better"},
    [T_TILE_POOR] = {"energiearme huishoudens", "energy-poor households"},
    [T_TILE_NET] = {"netto toegevoegd", "net added"},
    [T_READ] = {"Elke simulatie is een mogelijke toekomst onder dezelfde aannames; de "
                "band toont waar 90 % van de simulaties uitkomt. De getallen volgen de "
                "regels van de CSV van woonsim run.",
                "Each run is one possible future under the same assumptions; the band "
                "shows where 90 % of the runs end up. The figures follow the rules of "
                "woonsim run's CSV."},
};

static const char *tx(vw_lang lang, int id)
{
    return texts[id][lang];
}

/* ------------------------------------------------------------------ figures */

/* The rows of the key-figure table, each from the world's indicators of one run. */
enum {
    P_DWELLINGS, P_OWNER, P_SOCIAL, P_PRIVATE, P_LABEL_B, P_SUBST, P_RETRO, P_POOR,
    P_POOR_CHILD, P_NET_ADDED, NP
};
static const int row_text[NP] = {T_DWELLINGS, T_OWNER, T_SOCIAL, T_PRIVATE, T_LABEL_B,
                                 T_SUBST, T_RETRO, T_POOR, T_POOR_CHILD, T_NET_ADDED};
/* 1 for rows shown as a % of the dwellings. */
static const int row_share[NP] = {0, 1, 1, 1, 1, 0, 0, 0, 0, 0};

static double share(double part, double whole)
{
    return whole > 0 ? 100 * part / whole : NAN;
}

/* Row p's value from one run's indicators v (WS_NIND values). */
static double row_value(int p, const double *v)
{
    double dw = v[WS_I_DWELLINGS];
    switch (p) {
    case P_DWELLINGS: return dw;
    case P_OWNER: return share(v[WS_I_OWNER], dw);
    case P_SOCIAL: return share(v[WS_I_SOCIAL], dw);
    case P_PRIVATE: return share(v[WS_I_PRIVATE], dw);
    case P_LABEL_B: return share(v[WS_I_LABEL_B_OR_BETTER], dw);
    case P_SUBST: return v[WS_I_SUBSTANDARD];
    case P_RETRO: return v[WS_I_RETROFIT_COMPLETED];
    case P_POOR: return v[WS_I_ENERGY_POOR];
    case P_POOR_CHILD: return v[WS_I_ENERGY_POOR_CHILDREN];
    default: return v[WS_I_NET_ADDED];
    }
}

typedef struct {
    double lo, med, hi; /* 5 %, 50 %, 95 % over the runs */
} band;

/* What the pages show: the months kept (the start, each December, the end) and the
 * bands of every row per month and district. */
typedef struct {
    const ws_scenario *sc;
    int nat, nd;
    ws_month *at;
    band *b;       /* nat x nd x NP */
    ws_month mile[3];
    int nmile, mile_at[3]; /* milestone months and their index in at */
    int runs;
    vw_lang lang;
    char date[64]; /* the day the passport was made */
    double goal_p[WS_MAX_GOALS]; /* each goal's probability over the runs */
    band goal_v[WS_MAX_GOALS];   /* and its indicator's value at its month */
} pp_data;

static band *pp_band(const pp_data *pd, int k, int d, int p)
{
    return &pd->b[((size_t)k * pd->nd + d) * NP + p];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of sorted x[0..n-1], linear between order statistics (as vw_band). */
static double quantile(const double *x, int n, double q)
{
    double h = (n - 1) * q;
    int i = (int)floor(h);
    return i + 1 < n ? x[i] + (h - i) * (x[i + 1] - x[i]) : x[n - 1];
}

/* The months kept: the start, every December after it, and the end. */
static int months_kept(const ws_scenario *sc, ws_month *at)
{
    int n = 0;
    at[n++] = sc->start;
    for (ws_month m = sc->start + 1; m <= sc->end; m++)
        if (ws_month_of_year(m) == 12 || m == sc->end)
            at[n++] = m;
    return n;
}

/* Bands of every row from the runs' indicators. Returns WS_OK or WS_ENOMEM. */
static int compute_bands(pp_data *pd, const ws_run_result *res)
{
    int nd = pd->nd, runs = pd->runs;
    double *x = malloc((size_t)runs * sizeof *x);
    pd->b = malloc((size_t)pd->nat * nd * NP * sizeof *pd->b);
    if (!x || !pd->b) {
        free(x);
        return WS_ENOMEM;
    }
    for (int k = 0; k < pd->nat; k++)
        for (int d = 0; d < nd; d++)
            for (int p = 0; p < NP; p++) {
                for (int r = 0; r < runs; r++)
                    x[r] = row_value(p, res[r].at + ((size_t)k * nd + d) * WS_NIND);
                qsort(x, (size_t)runs, sizeof *x, cmp_double);
                *pp_band(pd, k, d, p) = (band){quantile(x, runs, 0.05),
                                               quantile(x, runs, 0.5),
                                               quantile(x, runs, 0.95)};
            }
    free(x);
    return WS_OK;
}

/* Each goal's probability and value band over the runs (ws_goal_*). Returns WS_OK or
 * WS_ENOMEM. */
static int judge_goals(pp_data *pd, const ws_run_result *res, int nat)
{
    const ws_goals *gs = &pd->sc->goals;
    double *v = malloc((size_t)pd->runs * sizeof *v);
    if (!v)
        return WS_ENOMEM;
    for (int i = 0; i < gs->n; i++) {
        for (int r = 0; r < pd->runs; r++)
            v[r] = ws_goal_value(pd->sc, &gs->goal[i], pd->at, nat, res[r].at);
        pd->goal_p[i] = ws_goal_probability(&gs->goal[i], v, NULL, pd->runs);
        qsort(v, (size_t)pd->runs, sizeof *v, cmp_double);
        pd->goal_v[i] = (band){quantile(v, pd->runs, 0.05), quantile(v, pd->runs, 0.5),
                               quantile(v, pd->runs, 0.95)};
    }
    free(v);
    return WS_OK;
}

/* "5 december 2026" (or SOURCE_DATE_EPOCH's day, for reproducible files). */
static void today(vw_lang lang, char *buf, size_t size)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, size, "%d %s %d", tm.tm_mday, vw_month_name(lang, tm.tm_mon + 1),
             tm.tm_year + 1900);
}

/* Runs the scenario and fills pd. Returns WS_OK or an error status with err set. */
static int pp_data_init(pp_data *pd, const ws_scenario *sc, const vw_passport_opts *o,
                        ws_error *err)
{
    memset(pd, 0, sizeof *pd);
    pd->sc = sc;
    pd->nd = sc->ndistricts + 1;
    pd->runs = o->runs > 0 ? o->runs : 1;
    pd->lang = o->lang;
    pd->at = malloc(((size_t)(sc->end - sc->start) + 2 + WS_MAX_GOALS) * sizeof *pd->at);
    ws_run_result *res = calloc((size_t)pd->runs, sizeof *res);
    if (!pd->at || !res) {
        free(res);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    pd->nat = months_kept(sc, pd->at);
    pd->nmile = ws_milestones(sc, pd->mile);
    for (int i = 0; i < pd->nmile; i++)
        for (int k = 0; k < pd->nat; k++)
            if (pd->at[k] == pd->mile[i])
                pd->mile_at[i] = k;
    /* the goals' months go after the charts' (which stay in order) */
    int nat = pd->nat;
    ws_goals_add_months(sc, pd->at, &nat);
    ws_run_options ro = {1, pd->runs, o->jobs, 0, pd->at, nat};
    int rc = ws_run_many(sc, &ro, res, err);
    if (rc == WS_OK && compute_bands(pd, res) != WS_OK)
        rc = ws_error_set(err, WS_ENOMEM, "out of memory");
    if (rc == WS_OK && judge_goals(pd, res, nat) != WS_OK)
        rc = ws_error_set(err, WS_ENOMEM, "out of memory");
    ws_run_results_clear(res, pd->runs);
    free(res);
    today(o->lang, pd->date, sizeof pd->date);
    return rc;
}

static void pp_data_clear(pp_data *pd)
{
    free(pd->at);
    free(pd->b);
}

/* ------------------------------------------------------------------ drawing helpers */

static void rgb(cairo_t *cr, unsigned c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                         (c & 255) / 255.0);
}

static void rgba(cairo_t *cr, unsigned c, double a)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                          (c & 255) / 255.0, a);
}

enum { AL_LEFT, AL_CENTER, AL_RIGHT };

/* A size in points on the type scale (theme.h): every text on the page has one. */
#define PT(step) vw_type_size(VW_TYPE_BASE_PT, (step))

/* Draws s with its baseline at y, anchored at x by align. Returns its width. */
static double text(cairo_t *cr, double x, double y, double size, int bold, int align,
                   unsigned colour, const char *s)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    double w = e.x_advance;
    rgb(cr, colour);
    cairo_move_to(cr, align == AL_RIGHT ? x - w : align == AL_CENTER ? x - w / 2 : x, y);
    cairo_show_text(cr, s);
    return w;
}

/* Appends src[0..n) to dst (holding len bytes, of size size), truncating; returns the
 * new length. */
static size_t append_span(char *dst, size_t len, size_t size, const char *src, size_t n)
{
    if (len + n >= size)
        n = size - len - 1;
    memcpy(dst + len, src, n);
    dst[len + n] = 0;
    return len + n;
}

/* Draws s in lines no wider than width from baseline y; returns the next baseline. */
static double paragraph(cairo_t *cr, double x, double y, double width, double size,
                        double lead, unsigned colour, const char *s)
{
    char line[512] = "", trial[512];
    size_t len = 0;
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    while (*s) {
        size_t n = strcspn(s, " ");
        size_t tl = append_span(trial, 0, sizeof trial, line, len);
        if (len)
            tl = append_span(trial, tl, sizeof trial, " ", 1);
        tl = append_span(trial, tl, sizeof trial, s, n);
        cairo_text_extents_t e;
        cairo_text_extents(cr, trial, &e);
        if (e.x_advance > width && len) {
            text(cr, x, y, size, 0, AL_LEFT, colour, line);
            y += lead;
            len = append_span(line, 0, sizeof line, s, n);
        } else {
            len = append_span(line, 0, sizeof line, trial, tl);
        }
        s += n;
        s += strspn(s, " ");
    }
    if (len) {
        text(cr, x, y, size, 0, AL_LEFT, colour, line);
        y += lead;
    }
    return y;
}

static void hrule(cairo_t *cr, double x0, double x1, double y, double width, unsigned c)
{
    rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

/* A row value as text: counts whole, shares with one decimal and " %". */
static void fmt_value(vw_lang lang, int p, double v, char *buf, size_t size)
{
    char num[40];
    vw_format_number(lang, v, row_share[p] ? 1 : 0, num, sizeof num);
    snprintf(buf, size, "%s%s", num, row_share[p] && isfinite(v) ? " %" : "");
}

/* A section heading: bold, with a short accent bar before it. */
static void heading(cairo_t *cr, double x, double y, const char *s)
{
    rgb(cr, ACCENT);
    cairo_rectangle(cr, x, y - 8.5, 3, 10);
    cairo_fill(cr);
    text(cr, x + 8, y, PT(VW_TS_LEAD), 1, AL_LEFT, INK, s);
}

/* ------------------------------------------------------------------ the map */

/* Neighbourhood colours (Tableau 10: distinct, readable in print). */
static const unsigned palette[10] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xb07aa1, 0xedc948,
                                     0x76b7b2, 0xe15759, 0x9c755f, 0xff9da7, 0xbab0ac};

/* The district of map area a, or -1 when it is not one of the scenario's. */
static int area_district(const ws_scenario *sc, const ws_map_area *a)
{
    int b = ws_scenario_nbh(sc, a->id);
    return b >= 0 ? sc->nbh[b].district : -1;
}

static void area_path(cairo_t *cr, const ws_map_area *ar, double s, double ox, double oy)
{
    cairo_new_path(cr);
    for (int r = 0; r < ar->nrings; r++) {
        for (int i = ar->ring_start[r]; i < ar->ring_start[r + 1]; i++) {
            double x = ox + s * ar->points[i].x, y = oy - s * ar->points[i].y;
            if (i == ar->ring_start[r])
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_close_path(cr);
    }
}

/* The map of district d in the box (x, y, w, h): its neighbourhoods in the palette,
 * numbered (the list beside the map names them), the other districts grey. */
static void draw_map(cairo_t *cr, const pp_data *pd, int d, double x, double y, double w,
                     double h)
{
    const ws_map *map = pd->sc->map;
    double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
    for (int a = 0; a < map->nareas; a++)
        if (area_district(pd->sc, &map->areas[a]) == d) {
            bx0 = fmin(bx0, map->areas[a].x0);
            by0 = fmin(by0, map->areas[a].y0);
            bx1 = fmax(bx1, map->areas[a].x1);
            by1 = fmax(by1, map->areas[a].y1);
        }
    if (!isfinite(bx0))
        bx0 = map->x0, by0 = map->y0, bx1 = map->x1, by1 = map->y1;
    double pad = 0.18 * fmax(bx1 - bx0, by1 - by0) + 1;
    bx0 -= pad, by0 -= pad, bx1 += pad, by1 += pad;
    double s = fmin(w / (bx1 - bx0), h / (by1 - by0));
    double ox = x + w / 2 - s * (bx0 + bx1) / 2, oy = y + h / 2 + s * (by0 + by1) / 2;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    rgb(cr, 0xfbfaf7);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int a = 0; a < map->nareas; a++) {
            int mine = area_district(pd->sc, &map->areas[a]) == d;
            if (mine != pass)
                continue;
            area_path(cr, &map->areas[a], s, ox, oy);
            rgb(cr, mine ? palette[k++ % 10] : OTHER);
            cairo_fill_preserve(cr);
            rgb(cr, 0xffffff);
            cairo_set_line_width(cr, mine ? 1.2 : 0.7);
            cairo_stroke(cr);
        }
    k = 0;
    for (int a = 0; a < map->nareas; a++) {
        if (area_district(pd->sc, &map->areas[a]) != d)
            continue;
        double cx, cy;
        ws_map_centroid(&map->areas[a], &cx, &cy);
        cx = ox + s * cx;
        cy = oy - s * cy;
        cairo_arc(cr, cx, cy, 6.5, 0, 6.283185307179586);
        rgb(cr, 0xffffff);
        cairo_fill(cr);
        char num[16];
        snprintf(num, sizeof num, "%d", ++k);
        text(cr, cx, cy + 2.8, PT(VW_TS_SMALL), 1, AL_CENTER, INK, num);
    }
    cairo_restore(cr);
    rgb(cr, RULE);
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, x, y, w, h);
    cairo_stroke(cr);
    text(cr, x, y + h + 11, PT(VW_TS_NOTE), 0, AL_LEFT, MUTED,
         tx(pd->lang, map->schematic ? T_SCHEMATIC : T_REAL));
}

/* The neighbourhoods' names beside the map, numbered and coloured as on it. Returns
 * the next baseline. */
static double draw_nbh_list(cairo_t *cr, const pp_data *pd, int d, double x, double y)
{
    const ws_map *map = pd->sc->map;
    text(cr, x, y, PT(VW_TS_SMALL), 1, AL_LEFT, MUTED, tx(pd->lang, T_NEIGHBOURHOODS));
    y += 15;
    int k = 0;
    for (int a = 0; a < map->nareas; a++) {
        if (area_district(pd->sc, &map->areas[a]) != d)
            continue;
        rgb(cr, palette[k % 10]);
        cairo_rectangle(cr, x, y - 8, 10, 10);
        cairo_fill(cr);
        char line[160];
        const ws_map_area *ar = &map->areas[a];
        snprintf(line, sizeof line, "%d  %s", ++k, *ar->name ? ar->name : ar->id);
        text(cr, x + 16, y, PT(VW_TS_BODY), 0, AL_LEFT, INK, line);
        y += 14;
    }
    return y;
}

/* ------------------------------------------------------------------ page parts */

/* The title block: kicker, district name, a line of context. */
static void draw_header(cairo_t *cr, const pp_data *pd, int d)
{
    const ws_scenario *sc = pd->sc;
    vw_lang L = pd->lang;
    rgb(cr, ACCENT);
    cairo_rectangle(cr, 0, 0, PAGE_W, 6);
    cairo_fill(cr);
    text(cr, MARGIN, 40, PT(VW_TS_SMALL), 1, AL_LEFT, ACCENT, tx(L, T_KICKER));
    text(cr, PAGE_W - MARGIN, 40, PT(VW_TS_SMALL), 0, AL_RIGHT, MUTED, sc->name);
    text(cr, MARGIN, 74, PT(VW_TS_TITLE + 2), 1, AL_LEFT, INK, sc->districts[d].name);
    int nnbh = 0;
    for (int b = 0; b < sc->nnbh; b++)
        nnbh += sc->nbh[b].district == d;
    char dw[32], start[40], runs[48], line[300];
    vw_format_number(L, pp_band(pd, 0, d, P_DWELLINGS)->med, 0, dw, sizeof dw);
    vw_format_date(L, sc->start, start, sizeof start);
    if (pd->runs > 1)
        snprintf(runs, sizeof runs, "%d %s", pd->runs, tx(L, T_RUNS));
    else
        snprintf(runs, sizeof runs, "%s", tx(L, T_RUN1));
    snprintf(line, sizeof line, "%d %s  \xc2\xb7  %s %s (%s)  \xc2\xb7  %s", nnbh,
             tx(L, T_NBH), dw, tx(L, T_AT_START), start, runs);
    text(cr, MARGIN, 94, PT(VW_TS_BODY), 0, AL_LEFT, MUTED, line);
    hrule(cr, MARGIN, PAGE_W - MARGIN, 108, 0.8, RULE);
}

/* One cell of the table: the median right-aligned at x, the band small below it. */
static void draw_cell(cairo_t *cr, vw_lang L, int p, const band *b, double x, double y)
{
    char med[64], lo[64], hi[64], bandtxt[140];
    fmt_value(L, p, b->med, med, sizeof med);
    text(cr, x, y, PT(VW_TS_BODY), p == P_DWELLINGS, AL_RIGHT, INK, med);
    vw_format_number(L, b->lo, row_share[p] ? 1 : 0, lo, sizeof lo);
    vw_format_number(L, b->hi, row_share[p] ? 1 : 0, hi, sizeof hi);
    if (strcmp(lo, hi) != 0) { /* no band where the runs agree to the digits shown */
        /* a spaced dash when a bound is negative: "-1 \u2013 0", not "-1\u20130" */
        snprintf(bandtxt, sizeof bandtxt, b->lo < 0 ? "%s \xe2\x80\x93 %s" : "%s\xe2\x80\x93%s",
                 lo, hi);
        text(cr, x, y + 9, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, bandtxt);
    }
}

/* The key-figure table from baseline y: a row per figure, a column for the start and
 * each milestone. Returns the y below it. */
static double draw_table(cairo_t *cr, const pp_data *pd, int d, double y)
{
    vw_lang L = pd->lang;
    const double x0 = MARGIN, x1 = PAGE_W - MARGIN, row_h = 20.5;
    int ncol = 1 + pd->nmile, col_k[4] = {0};
    for (int i = 0; i < pd->nmile; i++)
        col_k[i + 1] = pd->mile_at[i];
    double colw = (x1 - x0 - 190) / ncol;
    heading(cr, x0, y, tx(L, T_KEY_FIGURES));
    text(cr, x1, y, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, tx(L, T_BAND_NOTE));
    y += 20;
    for (int c = 0; c < ncol; c++) {
        double cx = x0 + 190 + (c + 1) * colw - 4;
        char top[40], sub[40];
        ws_month m = pd->at[col_k[c]];
        if (c == 0) {
            snprintf(top, sizeof top, "%s", tx(L, T_START));
            vw_format_date(L, m, sub, sizeof sub);
        } else {
            snprintf(top, sizeof top, "%d", ws_month_year(m));
            snprintf(sub, sizeof sub, "%s", vw_month_name(L, ws_month_of_year(m)));
        }
        text(cr, cx, y, PT(VW_TS_BODY), 1, AL_RIGHT, INK, top);
        text(cr, cx, y + 9, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, sub);
    }
    y += 15;
    hrule(cr, x0, x1, y, 0.8, INK);
    for (int p = 0; p < NP; p++) {
        if (p % 2 == 0) {
            rgb(cr, STRIPE);
            cairo_rectangle(cr, x0, y, x1 - x0, row_h);
            cairo_fill(cr);
        }
        double base = y + 10;
        text(cr, x0 + 6, base + 2, PT(VW_TS_BODY), p == P_DWELLINGS, AL_LEFT,
             p == P_POOR_CHILD ? MUTED : INK, tx(L, row_text[p]));
        for (int c = 0; c < ncol; c++)
            draw_cell(cr, L, p, pp_band(pd, col_k[c], d, p),
                      x0 + 190 + (c + 1) * colw - 4, base);
        y += row_h;
    }
    hrule(cr, x0, x1, y, 0.8, INK);
    return y;
}

/* A small trend chart of row p in (x, y, w, h): the band over the runs, the median,
 * the milestones as thin verticals. */
static void draw_trend(cairo_t *cr, const pp_data *pd, int d, int p, double x, double y,
                       double w, double h)
{
    vw_lang L = pd->lang;
    text(cr, x, y - 6, PT(VW_TS_SMALL), 1, AL_LEFT, INK, tx(L, row_text[p]));
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < pd->nat; k++) {
        const band *b = pp_band(pd, k, d, p);
        if (isfinite(b->lo) && isfinite(b->hi)) {
            lo = fmin(lo, b->lo);
            hi = fmax(hi, b->hi);
        }
    }
    if (!isfinite(lo))
        return;
    if (lo > 0 && lo < 0.35 * hi)
        lo = 0;
    double span = hi - lo > 1e-9 ? hi - lo : fmax(1, fabs(hi));
    lo -= 0.08 * span;
    hi += 0.08 * span;
    ws_month m0 = pd->at[0], m1 = pd->at[pd->nat - 1];
#define TX(m) (x + w * (double)((m) - m0) / (double)(m1 > m0 ? m1 - m0 : 1))
#define TY(v) (y + h - h * ((v) - lo) / (hi - lo))
    rgb(cr, 0xfbfaf7);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    for (int i = 0; i < pd->nmile; i++) {
        rgb(cr, RULE);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, TX(pd->mile[i]), y);
        cairo_line_to(cr, TX(pd->mile[i]), y + h);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
    for (int k = 0; k < pd->nat; k++)
        cairo_line_to(cr, TX(pd->at[k]), TY(pp_band(pd, k, d, p)->hi));
    for (int k = pd->nat - 1; k >= 0; k--)
        cairo_line_to(cr, TX(pd->at[k]), TY(pp_band(pd, k, d, p)->lo));
    cairo_close_path(cr);
    rgba(cr, ACCENT, 0.22);
    cairo_fill(cr);
    cairo_new_path(cr);
    for (int k = 0; k < pd->nat; k++)
        cairo_line_to(cr, TX(pd->at[k]), TY(pp_band(pd, k, d, p)->med));
    rgb(cr, ACCENT);
    cairo_set_line_width(cr, 1.3);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    hrule(cr, x, x + w, y + h, 0.6, MUTED);
    char a[64], b[64], line[140];
    fmt_value(L, p, pp_band(pd, 0, d, p)->med, a, sizeof a);
    snprintf(line, sizeof line, "%d  %s", ws_month_year(m0), a);
    text(cr, x, y + h + 10, PT(VW_TS_NOTE), 0, AL_LEFT, MUTED, line);
    fmt_value(L, p, pp_band(pd, pd->nat - 1, d, p)->med, b, sizeof b);
    double bw = text(cr, x + w, y + h + 10, PT(VW_TS_NOTE), 1, AL_RIGHT, ACCENT, b);
    snprintf(line, sizeof line, "%d  ", ws_month_year(m1));
    text(cr, x + w - bw, y + h + 10, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, line);
#undef TX
#undef TY
}

/* One goal's line at baseline y: what it asks, the runs' median value with its band,
 * and the probability as a bar and a percentage. */
static void draw_goal(cairo_t *cr, const pp_data *pd, int i, double y)
{
    vw_lang L = pd->lang;
    const ws_goal *g = &pd->sc->goals.goal[i];
    char tgt[40], by[40], what[300], val[64], lo[40], hi[40], pct[16];
    vw_format_number(L, g->target, 0, tgt, sizeof tgt);
    vw_format_date(L, g->by, by, sizeof by);
    snprintf(what, sizeof what, "%s %s %s %s %s", ws_indicator_table[g->indicator].name,
             g->direction == WS_GOAL_AT_LEAST ? "\xe2\x89\xa5" : "\xe2\x89\xa4", tgt,
             tx(L, T_BY), by);
    text(cr, MARGIN + 8, y, PT(VW_TS_SMALL), 1, AL_LEFT, INK, g->name);
    text(cr, MARGIN + 95, y, PT(VW_TS_SMALL), 0, AL_LEFT, INK, what);
    text(cr, MARGIN + 95, y + 8.5, PT(VW_TS_NOTE), 0, AL_LEFT, MUTED,
         g->district == WS_GOAL_TOTAL ? tx(L, T_WHOLE_AREA) : tx(L, T_THIS_DISTRICT));
    const band *b = &pd->goal_v[i];
    vw_format_number(L, b->med, 0, val, sizeof val);
    vw_format_number(L, b->lo, 0, lo, sizeof lo);
    vw_format_number(L, b->hi, 0, hi, sizeof hi);
    char line[200];
    if (strcmp(lo, hi) != 0)
        snprintf(line, sizeof line, "%s %s (%s\xe2\x80\x93%s)", tx(L, T_MODEL), val, lo, hi);
    else
        snprintf(line, sizeof line, "%s %s", tx(L, T_MODEL), val);
    text(cr, MARGIN + 375, y, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, line);
    double bx = MARGIN + 385, bw = PAGE_W - MARGIN - 38 - bx;
    rgb(cr, 0xe9e7e0);
    cairo_rectangle(cr, bx, y - 7, bw, 8);
    cairo_fill(cr);
    rgb(cr, ACCENT);
    cairo_rectangle(cr, bx, y - 7, bw * pd->goal_p[i], 8);
    cairo_fill(cr);
    snprintf(pct, sizeof pct, "%.0f %%", 100 * pd->goal_p[i]);
    text(cr, PAGE_W - MARGIN, y, PT(VW_TS_BODY), 1, AL_RIGHT, INK, pct);
}

/* The goals of this district and of the whole area, with their probability. Returns
 * the y below. */
static double draw_goals(cairo_t *cr, const pp_data *pd, int d, double y)
{
    vw_lang L = pd->lang;
    heading(cr, MARGIN, y, tx(L, T_GOALS));
    text(cr, PAGE_W - MARGIN, y, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, tx(L, T_GOAL_NOTE));
    y += 17;
    int shown = 0;
    for (int i = 0; i < pd->sc->goals.n && shown < 4; i++) {
        const ws_goal *g = &pd->sc->goals.goal[i];
        if (g->district != d && g->district != WS_GOAL_TOTAL)
            continue;
        draw_goal(cr, pd, i, y);
        y += 19.5;
        shown++;
    }
    if (!shown)
        text(cr, MARGIN + 8, y, PT(VW_TS_SMALL), 0, AL_LEFT, MUTED, tx(L, T_NO_GOALS));
    return y;
}

/* The source line and the page number at the foot. */
static void draw_footer(cairo_t *cr, const pp_data *pd, int page, int npages)
{
    vw_lang L = pd->lang;
    double y = PAGE_H - 34;
    hrule(cr, MARGIN, PAGE_W - MARGIN, y - 12, 0.6, RULE);
    char line[512], pg[40];
    snprintf(line, sizeof line, "%s \xe2\x80\x94 %s, woonsim %s, %s", tx(L, T_SOURCE),
             pd->sc->name, WS_VERSION, pd->date);
    text(cr, MARGIN, y, PT(VW_TS_NOTE), 0, AL_LEFT, MUTED, line);
    snprintf(pg, sizeof pg, "%s %d/%d", tx(L, T_PAGE), page, npages);
    text(cr, PAGE_W - MARGIN, y, PT(VW_TS_NOTE), 0, AL_RIGHT, MUTED, pg);
}

/* Three headline figures at the middle milestone in (x, y, w): big medians, what they
 * are, their band. Returns the baseline of their last line. */
static double draw_tiles(cairo_t *cr, const pp_data *pd, int d, double x, double y, double w)
{
    if (pd->nmile == 0)
        return y;
    vw_lang L = pd->lang;
    double end = y;
    int k = pd->mile_at[pd->nmile >= 2 ? 1 : 0];
    char head[80];
    snprintf(head, sizeof head, "%s %d", tx(L, T_IN), ws_month_year(pd->at[k]));
    text(cr, x, y, PT(VW_TS_SMALL), 1, AL_LEFT, MUTED, head);
    static const int rows[3] = {P_LABEL_B, P_POOR, P_NET_ADDED};
    static const int names[3] = {T_TILE_LABEL_B, T_TILE_POOR, T_TILE_NET};
    double tw = w / 3;
    for (int i = 0; i < 3; i++) {
        const band *b = pp_band(pd, k, d, rows[i]);
        double tx0 = x + i * tw;
        rgb(cr, ACCENT);
        cairo_rectangle(cr, tx0, y + 8, tw - 10, 1.5);
        cairo_fill(cr);
        char v[64], lo[40], hi[40], bt[100];
        fmt_value(L, rows[i], b->med, v, sizeof v);
        text(cr, tx0, y + 29, PT(VW_TS_TITLE), 1, AL_LEFT, ACCENT, v);
        double by = paragraph(cr, tx0, y + 41, tw - 12, PT(VW_TS_NOTE), 8.5, INK, tx(L, names[i]));
        vw_format_number(L, b->lo, row_share[rows[i]] ? 1 : 0, lo, sizeof lo);
        vw_format_number(L, b->hi, row_share[rows[i]] ? 1 : 0, hi, sizeof hi);
        snprintf(bt, sizeof bt, "%s\xe2\x80\x93%s", lo, hi);
        text(cr, tx0, by + 1, PT(VW_TS_NOTE), 0, AL_LEFT, MUTED, bt);
        end = fmax(end, by + 1);
    }
    return end;
}

/* One district's page. */
static void draw_page(cairo_t *cr, const pp_data *pd, int d, int page, int npages)
{
    rgb(cr, 0xffffff);
    cairo_paint(cr);
    draw_header(cr, pd, d);
    double top = 122, mapw = 262, maph = 172;
    draw_map(cr, pd, d, MARGIN, top, mapw, maph);
    double lx = MARGIN + mapw + 22, ly = draw_nbh_list(cr, pd, d, lx, top + 8);
    double ty = draw_tiles(cr, pd, d, lx, fmax(ly + 4, top + 80), PAGE_W - MARGIN - lx);
    paragraph(cr, lx, fmax(ty + 12, top + maph - 12), PAGE_W - MARGIN - lx, PT(VW_TS_NOTE), 9,
              MUTED, tx(pd->lang, T_READ));
    double y = draw_table(cr, pd, d, top + maph + 38);
    y += 28;
    heading(cr, MARGIN, y, tx(pd->lang, T_TRENDS));
    static const int trends[4] = {P_DWELLINGS, P_LABEL_B, P_POOR, P_SUBST};
    double gap = 18, cw = (PAGE_W - 2 * MARGIN - 3 * gap) / 4;
    for (int i = 0; i < 4; i++)
        draw_trend(cr, pd, d, trends[i], MARGIN + i * (cw + gap), y + 22, cw, 52);
    y += 22 + 52 + 34;
    draw_goals(cr, pd, d, y);
    draw_footer(cr, pd, page, npages);
}

/* ------------------------------------------------------------------ the file */

int vw_passport_district(const ws_scenario *sc, const char *name)
{
    for (int d = 0; d < sc->ndistricts; d++)
        if (!strcasecmp(sc->districts[d].id, name) || !strcasecmp(sc->districts[d].name, name))
            return d;
    return -1;
}

/* Draws the pages into a PDF at tmp. Returns WS_OK or WS_EIO with err set. */
static int write_pdf(const pp_data *pd, int district, const char *tmp, const char *path,
                     ws_error *err)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(tmp, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, pd->sc->name);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "woonsim-view " WS_VERSION);
    cairo_t *cr = cairo_create(surf);
    int d0 = district >= 0 ? district : 0;
    int d1 = district >= 0 ? district + 1 : pd->sc->ndistricts;
    for (int d = d0; d < d1; d++) {
        draw_page(cr, pd, d, d - d0 + 1, d1 - d0);
        cairo_show_page(cr);
    }
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    cairo_debug_reset_static_data(); /* font caches: no other cairo object is alive */
    FcFini();
    if (st != CAIRO_STATUS_SUCCESS)
        return ws_error_set(err, WS_EIO, "cannot write %s: %s", path,
                            cairo_status_to_string(st));
    return WS_OK;
}

int vw_passport_write(const ws_scenario *sc, const vw_passport_opts *o, ws_error *err)
{
    if (o->district >= sc->ndistricts || !sc->map)
        return ws_error_set(err, WS_EINPUT, "no such district");
    pp_data pd;
    int rc = pp_data_init(&pd, sc, o, err);
    if (rc == WS_OK) {
        char tmp[4200];
        const char *slash = strrchr(o->path, '/');
        int dirlen = slash ? (int)(slash - o->path + 1) : 0;
        snprintf(tmp, sizeof tmp, "%.*s.%s.tmp-%ld", dirlen, o->path, o->path + dirlen,
                 (long)getpid());
        rc = write_pdf(&pd, o->district, tmp, o->path, err);
        if (rc == WS_OK && rename(tmp, o->path) != 0)
            rc = ws_error_set(err, WS_EIO, "cannot write %s: %s", o->path, strerror(errno));
        if (rc != WS_OK)
            remove(tmp);
    }
    pp_data_clear(&pd);
    return rc;
}
