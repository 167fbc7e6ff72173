/* Viewer drawing tests, headless: map fills against independently computed indicator
 * values, the legend ramp, dates, Dutch and English labels, GML boundaries, hit tests. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "canvas.h"
#include "draw.h"
#include "gml.h"
#include "view.h"
#include "woonsim/map.h"
#include "woonsim/world.h"

#define W 1600
#define H 900

typedef struct {
    unsigned long s;
} lcg;

static double lcg_u(void *state)
{
    lcg *g = state;
    g->s = g->s * 6364136223846793005ul + 1442695040888963407ul;
    return (double)(g->s >> 11) / 9007199254740992.0;
}

/* A view of one scenario (path NULL: the default), or NULL. */
static int make_view(vw_view *v, const char *path, const char *gml, int runs)
{
    ws_error err = {0};
    vw_text *text = vw_text_alloc(NULL, &err);
    if (!text) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    if (!sc || vw_map_prepare(sc, gml, NULL, &err) != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        ws_scenario_free(sc);
        vw_text_free(text);
        return -1;
    }
    vw_timeline *sim = vw_timeline_alloc(sc, runs, 2, &err);
    if (!sim) {
        fprintf(stderr, "%s\n", err.msg);
        vw_text_free(text);
        return -1;
    }
    if (vw_view_init(v, sim, NULL, text, VW_LANG_NL) != WS_OK)
        return -1;
    v->names = 0;
    return 0;
}

/* Distance from (x, y) to the nearest edge of area a on screen. */
static double edge_distance(const ws_map_area *a, const vw_xform *xf, double x, double y)
{
    double best = INFINITY;
    for (int r = 0; r < a->nrings; r++) {
        int p0 = a->ring_start[r], p1 = a->ring_start[r + 1];
        for (int i = p0; i < p1; i++) {
            int j = i + 1 < p1 ? i + 1 : p0;
            double ax, ay, bx, by;
            vw_xform_apply(xf, a->points[i].x, a->points[i].y, &ax, &ay);
            vw_xform_apply(xf, a->points[j].x, a->points[j].y, &bx, &by);
            double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            best = fmin(best, hypot(ax + t * dx - x, ay + t * dy - y));
        }
    }
    return best;
}

/* Interior screen points of area a, at least 5 px from its edges: up to n into xy. */
static int interior_points(const ws_map_area *a, const vw_xform *xf, int n, int *xy)
{
    lcg g = {12345};
    int k = 0;
    for (int tries = 0; tries < 400 && k < n; tries++) {
        ws_point p = ws_map_sample(a, lcg_u, &g);
        double sx, sy;
        vw_xform_apply(xf, p.x, p.y, &sx, &sy);
        int ix = (int)floor(sx), iy = (int)floor(sy);
        if (edge_distance(a, xf, ix + 0.5, iy + 0.5) < 5)
            continue;
        xy[2 * k] = ix;
        xy[2 * k + 1] = iy;
        k++;
    }
    return k;
}

/* The world of run 1 stepped to month m (an independent run, not the viewer's). */
static ws_world *world_at(const ws_scenario *sc, ws_month m)
{
    ws_error err = {0};
    ws_world *w = ws_world_alloc(sc, 1, &err);
    while (w && ws_world_month(w) < m)
        ws_world_step(w);
    return w;
}

/* Each neighbourhood's fill equals the colour of its value, computed here from an
 * independent run: per neighbourhood from the stock (label B or better), per district
 * from the world's indicators (energy cost). */
static void test_fills(vw_view *v, SDL_Surface *s)
{
    const vw_timeline *sim = v->sim[0];
    const ws_scenario *sc = sim->sc;
    ws_month m = sc->start + 7 * 12 + 2; /* 2031-03 */
    vw_view_set_month(v, m);
    ws_world *w = world_at(sc, m);
    CHECK(w != NULL, "world");
    if (!w)
        return;
    const ws_stock *st = ws_world_stock(w);

    /* label B or better, per neighbourhood */
    v->ind = vw_indicator_find("label-b");
    v->rel = 1;
    vw_layout L;
    vw_draw_frame(v, s, &L);
    vw_range r = vw_view_range(v);
    CHECK(r.lo < r.hi, "range %g..%g", r.lo, r.hi);
    int checked = 0, distinct = 0;
    vw_rgb first = 0;
    for (int b = 0; b < sc->nnbh; b++) {
        long n = 0, good = 0;
        for (long i = 0; i < st->n; i++)
            if (st->nbh[i] == b && ws_stock_life(st, i) == WS_LIFE_STANDING) {
                n++;
                good += ws_label_of_index(st->energy_index[i]) <= WS_LABEL_B;
            }
        double val = n ? 100.0 * good / n : NAN;
        vw_rgb want = vw_range_color(r, val);
        CHECK(want == vw_draw_fill(v, 0, b), "fill of %s", sc->nbh[b].id);
        int xy[16];
        const ws_map_area *a = &sim->map->areas[sim->area_of_nbh[b]];
        int np = interior_points(a, &L.xf[0], 8, xy);
        CHECK(np >= 3, "%s: interior points %d", sc->nbh[b].id, np);
        for (int k = 0; k < np; k++) {
            vw_rgb got = vw_cv_get(s, xy[2 * k], xy[2 * k + 1]);
            CHECK(got == want, "%s at (%d,%d): %06x, want %06x (value %g)", sc->nbh[b].id,
                  xy[2 * k], xy[2 * k + 1], got, want, val);
            int panel = -1;
            CHECK(vw_hit_nbh(v, &L, xy[2 * k], xy[2 * k + 1], &panel) == b && panel == 0,
                  "hit test %s", sc->nbh[b].id);
            checked++;
        }
        if (b == 0)
            first = want;
        else
            distinct += want != first;
    }
    CHECK(checked >= 3 * sc->nnbh, "points checked: %d", checked);
    CHECK(distinct > 0, "neighbourhoods differ in colour");

    /* energy cost, per district: every neighbourhood shows its district's value */
    v->ind = vw_indicator_find("energy-cost");
    vw_draw_frame(v, s, &L);
    r = vw_view_range(v);
    for (int b = 0; b < sc->nnbh; b++) {
        int d = sc->nbh[b].district;
        double val = ws_world_indicators(w, d)[WS_I_ENERGY_COST_EUR];
        vw_rgb want = vw_range_color(r, val);
        int xy[8];
        const ws_map_area *a = &sim->map->areas[sim->area_of_nbh[b]];
        int np = interior_points(a, &L.xf[0], 4, xy);
        for (int k = 0; k < np; k++)
            CHECK(vw_cv_get(s, xy[2 * k], xy[2 * k + 1]) == want,
                  "energy cost of %s (district %s) at (%d,%d)", sc->nbh[b].id,
                  sc->districts[d].id, xy[2 * k], xy[2 * k + 1]);
    }
    ws_world_free(w);
    v->ind = vw_indicator_find("label-b");
}

/* The legend ramp shows the scale, from viridis' dark purple to its yellow. */
static void test_legend(vw_view *v, SDL_Surface *s)
{
    vw_layout L;
    vw_draw_frame(v, s, &L);
    const SDL_Rect *r = &L.ramp;
    CHECK(r->w > 100 && r->h > 4, "ramp %dx%d", r->w, r->h);
    int bad = 0;
    for (int i = 0; i < r->w; i++)
        bad += vw_cv_get(s, r->x + i, r->y + r->h / 2) != vw_ramp((i + 0.5) / r->w);
    CHECK(bad == 0, "%d ramp columns differ from the scale", bad);
    CHECK(vw_ramp(0) == 0x440154 && vw_ramp(1) == 0xfde725, "viridis ends");
    CHECK(vw_cv_get(s, r->x, r->y + 1) == 0x440154, "ramp starts dark purple");
    /* a colour-blind-safe sequential scale gets lighter all the way */
    double prev = -1;
    int mono = 1;
    for (int i = 0; i <= 20; i++) {
        vw_rgb c = vw_ramp(i / 20.0);
        double lum = 0.2126 * (c >> 16) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255);
        mono &= lum > prev;
        prev = lum;
    }
    CHECK(mono, "ramp luminance increases");
}

/* Two dates give different images where the indicators differ. */
static void test_dates(vw_view *v, SDL_Surface *s)
{
    SDL_Surface *s2 = vw_cv_alloc(W, H);
    const vw_timeline *sim = v->sim[0];
    vw_layout L;
    vw_view_set_month(v, sim->start);
    vw_draw_frame(v, s, &L);
    vw_view_set_month(v, sim->end);
    vw_draw_frame(v, s2, NULL);
    int nbh_diff = 0;
    for (int b = 0; b < sim->nnbh; b++) {
        double a = vw_map_value(sim, v->ind, v->rel, 0, b);
        double z = vw_map_value(sim, v->ind, v->rel, sim->months - 1, b);
        vw_range r = vw_view_range(v);
        if (vw_range_color(r, a) == vw_range_color(r, z))
            continue;
        nbh_diff++;
        int xy[2];
        if (interior_points(&sim->map->areas[sim->area_of_nbh[b]], &L.xf[0], 1, xy) == 1)
            CHECK(vw_cv_get(s, xy[0], xy[1]) != vw_cv_get(s2, xy[0], xy[1]),
                  "%s differs between the dates", sim->sc->nbh[b].id);
    }
    CHECK(nbh_diff >= 3, "neighbourhoods whose value changes: %d", nbh_diff);
    long diff = 0;
    for (int y = L.map[0].y; y < L.map[0].y + L.map[0].h; y++)
        for (int x = L.map[0].x; x < L.map[0].x + L.map[0].w; x++)
            diff += vw_cv_get(s, x, y) != vw_cv_get(s2, x, y);
    CHECK(diff > 10000, "map pixels that differ: %ld", diff);
    SDL_FreeSurface(s2);
}

/* The box of a text drawn by the frame holds exactly that text (rendered alone on the
 * header's background at the same place). */
static int text_matches(vw_view *v, const SDL_Surface *frame, SDL_Rect box, int font, int size,
                        vw_rgb colour, const char *text)
{
    SDL_Surface *ref = vw_cv_alloc(frame->w, frame->h);
    vw_cv_rect(ref, 0, 0, ref->w, ref->h, VW_PANEL);
    SDL_Rect r = vw_text_draw(v->text, ref, box.x, box.y, font, size, colour, VW_AL_TOP, text);
    int same = r.w == box.w && r.h == box.h && r.w > 0;
    for (int y = box.y; same && y < box.y + box.h; y++)
        for (int x = box.x; same && x < box.x + box.w; x++)
            same = vw_cv_get(ref, x, y) == vw_cv_get(frame, x, y);
    SDL_FreeSurface(ref);
    return same;
}

static void test_languages(vw_view *v, SDL_Surface *s)
{
    vw_layout L;
    v->ind = vw_indicator_find("label-b");
    v->rel = 1;
    ws_month m;
    ws_month_parse("2030-12", &m);
    vw_view_set_month(v, m);
    double u = fmin(W / 1600.0, H / 900.0);
    int spx = vw_ts(u, VW_TS_LEAD), dpx = vw_ts(u, VW_TS_DISPLAY); /* the type scale */
    v->lang = VW_LANG_NL;
    vw_draw_frame(v, s, &L);
    SDL_Rect nl_sub = L.subtitle_box, nl_date = L.date_box;
    char note[160], want[400];
    vw_view_stat_note(v, note, sizeof note);
    snprintf(want, sizeof want, "Energielabel B of beter \xe2\x80\x94 %% van de woningen \xc2\xb7 %s",
             note);
    CHECK(strstr(note, "simulatie") != NULL, "Dutch: simulaties, not runs");
    CHECK(text_matches(v, s, L.subtitle_box, VW_FONT_REGULAR, spx, VW_MUTED, want),
          "Dutch subtitle");
    CHECK(text_matches(v, s, L.date_box, VW_FONT_BOLD, dpx, VW_INK, "december 2030"),
          "Dutch date");
    v->lang = VW_LANG_EN;
    vw_draw_frame(v, s, &L);
    vw_view_stat_note(v, note, sizeof note);
    snprintf(want, sizeof want, "Energy label B or better \xe2\x80\x94 %% of dwellings \xc2\xb7 %s",
             note);
    CHECK(text_matches(v, s, L.subtitle_box, VW_FONT_REGULAR, spx, VW_MUTED, want),
          "English subtitle");
    CHECK(text_matches(v, s, L.date_box, VW_FONT_BOLD, dpx, VW_INK, "December 2030"),
          "English date");
    CHECK(nl_sub.w != L.subtitle_box.w && nl_date.w != L.date_box.w,
          "Dutch and English boxes differ");
    CHECK(strcmp(vw_tr(VW_LANG_NL, VW_S_WHOLE_AREA), vw_tr(VW_LANG_EN, VW_S_WHOLE_AREA)) != 0,
          "labels differ");
    for (int i = 0; i < VW_NSTR; i++)
        CHECK(strcmp(vw_tr(VW_LANG_NL, i), "?") && strcmp(vw_tr(VW_LANG_EN, i), "?"),
              "string %d has both languages", i);
    char num[32];
    vw_format_number(VW_LANG_NL, 12345.5, 1, num, sizeof num);
    CHECK(!strcmp(num, "12.345,5"), "Dutch number %s", num);
    vw_format_number(VW_LANG_EN, 12345.5, 1, num, sizeof num);
    CHECK(!strcmp(num, "12,345.5"), "English number %s", num);
    v->lang = VW_LANG_NL;
}

/* Presentation mode: large type and no timeline; the help overlay shows the keys. */
static void test_modes(vw_view *v, SDL_Surface *s)
{
    vw_layout a, b;
    vw_draw_frame(v, s, &a);
    v->present = 1;
    v->controls = 0;
    vw_draw_frame(v, s, &b);
    CHECK(a.timeline.h > 0 && b.timeline.h == 0, "timeline hidden when presenting");
    CHECK(b.date_box.h > a.date_box.h, "larger date when presenting");
    v->present = 0;
    v->controls = 1;
    v->help = 1;
    vw_draw_frame(v, s, &a);
    int dark = 0; /* the overlay dims the frame around the help box */
    dark = vw_cv_get(s, 2, a.h - 2) != VW_PANEL && vw_cv_get(s, 2, a.h - 2) != VW_BG;
    CHECK(dark, "help overlay dims the frame");
    v->help = 0;
    v->dots = VW_DOTS_TENURE;
    vw_draw_frame(v, s, &a);
    long dots = 0;
    for (int y = a.map[0].y; y < a.map[0].y + a.map[0].h; y++)
        for (int x = a.map[0].x; x < a.map[0].x + a.map[0].w; x++)
            dots += vw_cv_get(s, x, y) == vw_tenure_rgb[1];
    CHECK(dots > 500, "social-rent dots drawn: %ld pixels", dots);
    v->dots = VW_DOTS_OFF;
}

/* Keys change the view as the help says. */
static void test_keys(vw_view *v)
{
    ws_month m0 = v->first + 5;
    v->month = m0;
    CHECK(vw_view_key(v, SDLK_RIGHT, 0) == VW_ACT_REDRAW && v->month == m0 + 1, "right");
    vw_view_key(v, SDLK_LEFT, 0);
    vw_view_key(v, SDLK_LEFT, 0);
    CHECK(v->month == m0 - 1, "left");
    vw_view_key(v, SDLK_UP, 0);
    CHECK(v->month == m0 + 11, "up: a year on");
    vw_view_key(v, SDLK_HOME, 0);
    CHECK(v->month == v->first, "home");
    vw_view_key(v, SDLK_LEFT, 0);
    CHECK(v->month == v->first, "clamped at the start");
    vw_view_key(v, SDLK_END, 0);
    CHECK(v->month == v->last, "end");
    vw_view_key(v, SDLK_SPACE, 0);
    CHECK(v->playing && v->month == v->first, "play at the end starts again");
    vw_view_key(v, SDLK_SPACE, 0);
    CHECK(!v->playing, "pause");
    int ind = v->ind;
    vw_view_key(v, SDLK_i, 0);
    CHECK(v->ind == (ind + 1) % vw_nindicators, "next indicator");
    vw_view_key(v, SDLK_TAB, 1);
    CHECK(v->ind == ind, "previous indicator");
    vw_view_key(v, SDLK_3, 0);
    CHECK(v->ind == 2, "indicator 3");
    int speed = v->speed;
    vw_view_key(v, SDLK_PLUS, 0);
    CHECK(v->speed == speed + 1, "faster");
    vw_view_key(v, SDLK_MINUS, 0);
    CHECK(v->speed == speed, "slower");
    vw_view_key(v, SDLK_d, 0);
    CHECK(v->dots == VW_DOTS_TENURE, "dots");
    for (int k = 1; k < VW_NDOTS; k++)
        vw_view_key(v, SDLK_d, 0);
    CHECK(v->dots == VW_DOTS_OFF, "dots cycle");
    vw_view_key(v, SDLK_l, 0);
    CHECK(v->lang == VW_LANG_EN, "language");
    vw_view_key(v, SDLK_l, 0);
    vw_view_key(v, SDLK_h, 0);
    CHECK(v->help, "help");
    CHECK(vw_view_key(v, SDLK_ESCAPE, 0) == VW_ACT_REDRAW && !v->help, "escape closes help");
    CHECK(vw_view_key(v, SDLK_ESCAPE, 0) == VW_ACT_QUIT, "escape quits");
    CHECK(vw_view_key(v, SDLK_s, 0) == VW_ACT_SCREENSHOT, "screenshot");
    CHECK(vw_view_key(v, SDLK_p, 0) == VW_ACT_PRESENT, "presentation");
    CHECK(vw_view_key(v, SDLK_z, 0) == VW_ACT_NONE, "unknown key");
    int rel = v->rel;
    vw_view_key(v, SDLK_a, 0);
    CHECK(v->rel == !rel, "absolute");
    vw_view_key(v, SDLK_a, 0);
    v->ind = vw_indicator_find("label-b");
}

/* GML 3.2: one square per neighbourhood (id by buurtcode, or by name), one with a hole. */
static int write_gml(const ws_scenario *sc, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\"\n"
               "  xmlns:gml=\"http://www.opengis.net/gml/3.2\" "
               "xmlns:cbs=\"http://example.org/cbs\">\n");
    for (int b = 0; b < sc->nnbh; b++) {
        double x = 150000 + (b % 4) * 1000.0, y = 400000 + (b / 4) * 1000.0, e = 900;
        fprintf(f, "  <wfs:member><cbs:buurten gml:id=\"f%d\">\n", b);
        if (b % 3 == 1) /* matched by name */
            fprintf(f, "    <cbs:naam>%s</cbs:naam>\n", sc->nbh[b].name);
        else
            fprintf(f, "    <cbs:buurtcode>%s</cbs:buurtcode>\n", sc->nbh[b].id);
        fprintf(f, "    <cbs:geom><gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::28992\">"
                   "<gml:exterior><gml:LinearRing><gml:posList srsDimension=\"2\">"
                   "%.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f"
                   "</gml:posList></gml:LinearRing></gml:exterior>",
                x, y, x + e, y, x + e, y + e, x, y + e, x, y);
        if (b == 0)
            fprintf(f, "<gml:interior><gml:LinearRing><gml:posList>"
                       "%.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f"
                       "</gml:posList></gml:LinearRing></gml:interior>",
                    x + 300, y + 300, x + 300, y + 600, x + 600, y + 600, x + 600, y + 300,
                    x + 300, y + 300);
        fprintf(f, "</gml:Polygon></cbs:geom>\n  </cbs:buurten></wfs:member>\n");
    }
    fprintf(f, "  <wfs:member><cbs:buurten><cbs:buurtcode>BU99999999</cbs:buurtcode>"
               "<cbs:geom><gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::28992\"><gml:exterior>"
               "<gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10 0 0</gml:posList>"
               "</gml:LinearRing></gml:exterior>"
               "</gml:Polygon></cbs:geom></cbs:buurten></wfs:member>\n");
    fprintf(f, "</wfs:FeatureCollection>\n");
    return fclose(f) == 0 ? 0 : -1;
}

static void test_gml(SDL_Surface *s)
{
    char dir[] = "/tmp/woonsim-view-test-XXXXXX", path[128];
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/buurten.gml", dir);
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc && write_gml(sc, path) == 0, "write GML");
    ws_scenario_free(sc);
    vw_view v;
    if (make_view(&v, NULL, path, 1) != 0) {
        CHECK(0, "view with GML");
        remove(path);
        rmdir(dir);
        return;
    }
    const vw_timeline *sim = v.sim[0];
    /* BU99999999 matches nothing: grey context after the neighbourhoods (viz/gml.c) */
    CHECK(!sim->map->schematic && sim->map->nareas == sim->nnbh + 1,
          "GML map replaces the shipped one");
    vw_layout L;
    vw_view_set_month(&v, sim->start + 60);
    vw_draw_frame(&v, s, &L);
    for (int b = 0; b < sim->nnbh; b++) {
        double x = 150000 + (b % 4) * 1000.0, y = 400000 + (b / 4) * 1000.0, sx, sy;
        /* inside the square (away from the hole of the first) */
        vw_xform_apply(&L.xf[0], x + 150, y + 150, &sx, &sy);
        CHECK(vw_cv_get(s, (int)sx, (int)sy) == vw_draw_fill(&v, 0, b), "GML square %s filled",
              sim->sc->nbh[b].id);
        /* the gap between squares stays empty */
        vw_xform_apply(&L.xf[0], x + 950, y + 450, &sx, &sy);
        if (b % 4 != 3)
            CHECK(vw_cv_get(s, (int)sx, (int)sy) == VW_PANEL, "gap right of %s is empty",
                  sim->sc->nbh[b].id);
    }
    double hx, hy;
    vw_xform_apply(&L.xf[0], 150000 + 450, 400000 + 450, &hx, &hy);
    CHECK(vw_cv_get(s, (int)hx, (int)hy) == VW_PANEL, "the hole of the first square is empty");
    /* the dwellings were placed inside the GML polygons: checked on the stock's own
     * positions (the viewer keeps floats, 3 cm apart at RD's 400 km, for drawing) */
    long outside = 0, n = 0;
    ws_world *w = ws_world_alloc(sim->sc, 1, &err);
    CHECK(w != NULL, "world on the GML map: %s", err.msg);
    const ws_stock *st = w ? ws_world_stock(w) : NULL;
    for (long i = 0; st && i < st->n; i++) {
        double x, y;
        ws_stock_position(st, i, &x, &y);
        int in = 0;
        for (int a = 0; a < sim->map->nareas && !in; a++)
            in = ws_map_contains(&sim->map->areas[a], x, y);
        outside += !in;
        n++;
    }
    ws_world_free(w);
    CHECK(n > 1000 && outside == 0, "%ld of %ld dwellings outside the GML polygons", outside, n);
    vw_view_clear(&v);

    /* a GML without srsName is bad input (it was taken for RD New; a subset of the
     * neighbourhoods is fine now: viz/tests/test_geo.c) */
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("<?xml version=\"1.0\"?>\n<wfs:FeatureCollection "
              "xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" "
              "xmlns:gml=\"http://www.opengis.net/gml/3.2\"><wfs:member><b><code>vlietzone</code>"
              "<g><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 1 0 0"
              "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></g></b></wfs:member>"
              "</wfs:FeatureCollection>\n", f);
        fclose(f);
    }
    sc = ws_scenario_load(NULL, NULL, 0, &err);
    int rc = sc ? vw_map_prepare(sc, path, NULL, &err) : -99;
    CHECK(rc == WS_EINPUT && strstr(err.msg, "no coordinate reference system"), "no CRS: %s",
          err.msg);
    ws_scenario_free(sc);
    remove(path);
    rmdir(dir);
}

/* Positions of the viewer's dwellings lie in their neighbourhoods (shipped map). */
static void test_positions(const vw_view *v)
{
    const vw_timeline *sim = v->sim[0];
    const ws_scenario *sc = sim->sc;
    ws_error err = {0};
    ws_world *w = ws_world_alloc(sc, 1, &err);
    const ws_stock *st = w ? ws_world_stock(w) : NULL;
    long bad = 0, n = st ? st->n : 0;
    for (long i = 0; i < n; i++) {
        const ws_map_area *a = &sim->map->areas[sim->area_of_nbh[st->nbh[i]]];
        bad += !ws_map_contains(a, sim->pos[2 * i], sim->pos[2 * i + 1]) &&
               /* quantised positions may sit a hair over an edge */
               !(sim->pos[2 * i] >= a->x0 && sim->pos[2 * i] <= a->x1);
    }
    CHECK(n > 1000 && bad == 0, "%ld of %ld dwellings outside their neighbourhood", bad, n);
    ws_world_free(w);
}

/* Several runs give a band around the series. */
static void test_band(void)
{
    vw_view v;
    if (make_view(&v, "scenarios/leeuwarden-oost.xml", NULL, 4) != 0) {
        CHECK(0, "view with 4 runs");
        return;
    }
    const vw_timeline *sim = v.sim[0];
    int T = sim->months;
    double *lo = malloc(3 * (size_t)T * sizeof *lo + (size_t)sim->runs * sizeof *lo);
    double *hi = lo + T, *line = lo + 2 * T, *scratch = lo + 3 * T;
    int ind = vw_indicator_find("retrofitted");
    vw_band(sim, ind, 1, sim->nd, lo, hi, scratch);
    vw_series(sim, ind, 1, sim->nd, 0, line);
    int ordered = 1, wide = 0;
    for (int t = 0; t < T; t++) {
        ordered &= lo[t] <= hi[t];
        wide += hi[t] > lo[t];
    }
    CHECK(ordered && wide > T / 4, "band: ordered %d, wide in %d months", ordered, wide);
    SDL_Surface *s = vw_cv_alloc(W, H);
    vw_layout L;
    v.ind = ind;
    vw_draw_frame(&v, s, &L);
    /* the band's tint (series blue at 60/255 over white) appears in the area chart */
    vw_rgb tint = vw_mix(VW_PANEL, vw_series_rgb[0], 60 / 255.0);
    long n = 0;
    for (int y = L.chart[0].y; y < L.chart[0].y + L.chart[0].h; y++)
        for (int x = L.chart[0].x; x < L.chart[0].x + L.chart[0].w; x++) {
            vw_rgb c = vw_cv_get(s, x, y);
            n += abs((int)(c >> 16) - (int)(tint >> 16)) <= 2 &&
                 abs((int)((c >> 8) & 255) - (int)((tint >> 8) & 255)) <= 2;
        }
    CHECK(n > 50, "band pixels in the chart: %ld", n);
    SDL_FreeSurface(s);
    free(lo);
    vw_view_clear(&v);
}

int main(void)
{
    vw_view v;
    if (make_view(&v, NULL, NULL, 1) != 0) {
        CHECK(0, "default view");
        return CHECK_DONE("view_draw");
    }
    SDL_Surface *s = vw_cv_alloc(W, H);
    CHECK(s != NULL, "surface");
    if (s) {
        test_fills(&v, s);
        test_legend(&v, s);
        test_dates(&v, s);
        test_languages(&v, s);
        test_modes(&v, s);
        test_keys(&v);
        test_positions(&v);
        test_gml(s);
    }
    SDL_FreeSurface(s);
    vw_view_clear(&v);
    test_band();
    SDL_Quit();
    return CHECK_DONE("view_draw");
}
