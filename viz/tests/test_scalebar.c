/* The scale bar and north arrow never touch a district: on one, two and four maps, in
 * the window's frame and in the presentation frame, at 1280 x 720 and 1920 x 1080, the
 * box they are drawn in keeps 4 px clear of every area's bounding box on the screen
 * (issue 18). */
#include <math.h>
#include <stdio.h>
#include "canvas.h"
#include "check.h"
#include "draw.h"
#include "gml.h"
#include "view.h"
#include "view_sim.h"

static vw_timeline *make_sim(const char *path)
{
    return test_sim(path, 1, 1);
}

/* Areas of panel k whose screen bounding box comes within 4 px of the box b (0: none). */
static int touching(const vw_view *v, const vw_layout *L, int k, SDL_Rect b)
{
    b = (SDL_Rect){b.x - 4, b.y - 4, b.w + 8, b.h + 8};
    const ws_map *map = v->sim[vw_view_panel_sim(v, k)]->map;
    int n = 0;
    for (int a = 0; a < map->nareas; a++) {
        const ws_map_area *ar = &map->areas[a];
        double x0, y0, x1, y1;
        vw_xform_apply(&L->xf[k], ar->x0, ar->y1, &x0, &y0);
        vw_xform_apply(&L->xf[k], ar->x1, ar->y0, &x1, &y1);
        n += x0 < b.x + b.w && b.x < x1 && y0 < b.y + b.h && b.y < y1;
    }
    return n;
}

static void check_frames(vw_view *v, const char *what)
{
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    for (int present = 0; present < 2; present++)
        for (int i = 0; i < 2; i++) {
            v->present = present;
            v->controls = !present;
            SDL_Surface *s = vw_cv_alloc(sizes[i][0], sizes[i][1]);
            vw_layout L;
            vw_draw_frame(v, s, &L);
            for (int k = 0; k < L.npanels; k++) {
                SDL_Rect b = L.scale_box[k], m = L.map[k];
                CHECK(b.w > 0 && b.h > 0, "%s %dx%d%s map %d: a scale bar", what, sizes[i][0],
                      sizes[i][1], present ? " presentation" : "", k);
                CHECK(b.x >= m.x && b.y >= m.y && b.x + b.w <= m.x + m.w &&
                          b.y + b.h <= m.y + m.h,
                      "%s map %d: the scale bar inside its map", what, k);
                int n = touching(v, &L, k, b);
                CHECK(n == 0, "%s %dx%d%s map %d: scale bar at %d,%d %dx%d touches %d areas",
                      what, sizes[i][0], sizes[i][1], present ? " presentation" : "", k, b.x,
                      b.y, b.w, b.h, n);
            }
            SDL_FreeSurface(s);
        }
}

int main(void)
{
    ws_error err = {0};
    static const char *const files[] = {
        "scenarios/leeuwarden-oost.xml", "scenarios/woondeal-delayed.xml",
        "scenarios/retrofit-accelerated.xml", "scenarios/no-permit.xml"};
    vw_text *text = vw_text_alloc(NULL, &err);
    vw_timeline *sims[4];
    for (int k = 0; k < 4; k++)
        sims[k] = make_sim(files[k]);
    vw_view one, many;
    if (!text || !sims[0] || !sims[1] || !sims[2] || !sims[3] ||
        vw_view_init(&many, sims[0], sims[1], text, VW_LANG_NL) != WS_OK ||
        vw_view_add(&many, sims[2]) != WS_OK || vw_view_add(&many, sims[3]) != WS_OK) {
        CHECK(0, "four scenarios");
        return CHECK_DONE("view_scalebar");
    }
    check_frames(&many, "four maps");
    vw_view_clear(&many); /* frees the text and the timelines */
    text = vw_text_alloc(NULL, &err);
    vw_timeline *a = make_sim(files[0]), *b = make_sim(files[2]);
    if (!text || !a || !b || vw_view_init(&one, a, b, text, VW_LANG_NL) != WS_OK) {
        CHECK(0, "two scenarios");
        return CHECK_DONE("view_scalebar");
    }
    check_frames(&one, "two maps");
    one.diff = 1;
    check_frames(&one, "difference map");
    vw_view_clear(&one);
    SDL_Quit();
    return CHECK_DONE("view_scalebar");
}
