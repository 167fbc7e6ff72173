/* Viewer drawing primitives on ARGB8888 software surfaces. */
#include "canvas.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>

/* The vector copy being made (vw_cv_vector_begin), or none. Static state in the viewer
 * only: the viewer draws in one thread, and one copy is made at a time. */
static struct {
    const SDL_Surface *target;
    cairo_t *cr;
} vec;

/* Starts a vector primitive on s: NULL unless s is the copy's target; else cr, saved,
 * clipped to s's clip rectangle and coloured c at alpha (0..255). */
static cairo_t *vec_start(const SDL_Surface *s, vw_rgb c, int alpha)
{
    if (!vec.cr || s != vec.target)
        return NULL;
    cairo_t *cr = vec.cr;
    const SDL_Rect *cl = &s->clip_rect;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, cl->x, cl->y, cl->w, cl->h);
    cairo_clip(cr);
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                          (c & 255) / 255.0, (alpha > 255 ? 255 : alpha) / 255.0);
    return cr;
}

static void vec_fill(cairo_t *cr)
{
    cairo_fill(cr);
    cairo_restore(cr);
}

void vw_cv_vector_begin(const SDL_Surface *target, cairo_t *cr)
{
    vec.target = target;
    vec.cr = cr;
}

void vw_cv_vector_end(void)
{
    vec.target = NULL;
    vec.cr = NULL;
}

void vw_cv_vector_text(const SDL_Surface *dst, SDL_Rect r, int bold, int px, vw_rgb c,
                       long halo, const char *s)
{
    cairo_t *cr = vec_start(dst, c, 255);
    if (!cr)
        return;
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, px);
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    /* SDL_ttf's box is the font's height with the baseline at its ascent. */
    cairo_move_to(cr, r.x, r.y + fe.ascent);
    if (halo >= 0) {
        vw_rgb h = (vw_rgb)halo;
        cairo_text_path(cr, s);
        cairo_set_source_rgb(cr, ((h >> 16) & 255) / 255.0, ((h >> 8) & 255) / 255.0,
                             (h & 255) / 255.0);
        cairo_set_line_width(cr, px >= 28 ? 4 : 2);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                             (c & 255) / 255.0);
        cairo_move_to(cr, r.x, r.y + fe.ascent);
    }
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

SDL_Surface *vw_cv_alloc(int w, int h)
{
    if (w < 1 || h < 1)
        return NULL;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s)
        SDL_FillRect(s, NULL, 0xff000000u);
    return s;
}

static inline Uint32 *row(const SDL_Surface *s, int y)
{
    return (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
}

vw_rgb vw_cv_get(const SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return 0;
    return row(s, y)[x] & 0xffffffu;
}

/* Blends colour c with coverage a (0..255) into *p. */
static inline void put(Uint32 *p, vw_rgb c, unsigned a)
{
    if (a >= 255) {
        *p = 0xff000000u | c;
        return;
    }
    Uint32 d = *p;
    unsigned r = (((c >> 16) & 255) * a + ((d >> 16) & 255) * (255 - a) + 127) / 255;
    unsigned g = (((c >> 8) & 255) * a + ((d >> 8) & 255) * (255 - a) + 127) / 255;
    unsigned b = ((c & 255) * a + (d & 255) * (255 - a) + 127) / 255;
    *p = 0xff000000u | r << 16 | g << 8 | b;
}

/* Intersects (x, y, w, h) with the clip rectangle; returns 0 when nothing is left. */
static int clip_rect(const SDL_Surface *s, int *x, int *y, int *w, int *h)
{
    SDL_Rect r = {*x, *y, *w, *h}, out;
    if (!SDL_IntersectRect(&r, &s->clip_rect, &out))
        return 0;
    *x = out.x;
    *y = out.y;
    *w = out.w;
    *h = out.h;
    return 1;
}

void vw_cv_rect(SDL_Surface *s, int x, int y, int w, int h, vw_rgb c)
{
    SDL_Rect r = {x, y, w, h};
    if (w > 0 && h > 0)
        SDL_FillRect(s, &r, 0xff000000u | c);
    cairo_t *cr = w > 0 && h > 0 ? vec_start(s, c, 255) : NULL;
    if (cr) {
        cairo_rectangle(cr, x, y, w, h);
        vec_fill(cr);
    }
}

void vw_cv_rect_blend(SDL_Surface *s, int x, int y, int w, int h, vw_rgb c, int alpha)
{
    if (alpha <= 0 || !clip_rect(s, &x, &y, &w, &h))
        return;
    cairo_t *cr = vec_start(s, c, alpha);
    if (cr) {
        cairo_rectangle(cr, x, y, w, h);
        vec_fill(cr);
    }
    for (int py = y; py < y + h; py++) {
        Uint32 *p = row(s, py);
        for (int px = x; px < x + w; px++)
            put(&p[px], c, (unsigned)alpha);
    }
}

void vw_cv_frame(SDL_Surface *s, int x, int y, int w, int h, int t, vw_rgb c)
{
    vw_cv_rect(s, x, y, w, t, c);
    vw_cv_rect(s, x, y + h - t, w, t, c);
    vw_cv_rect(s, x, y + t, t, h - 2 * t, c);
    vw_cv_rect(s, x + w - t, y + t, t, h - 2 * t, c);
}

typedef struct {
    double x0, y0, x1, y1; /* y0 < y1 */
} edge;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The vector copy of a polygon (even-odd, as the pixels). */
static void vec_poly(const SDL_Surface *s, const double *xy, const int *ring_start,
                     int nrings, vw_rgb c, int alpha)
{
    cairo_t *cr = vec_start(s, c, alpha);
    if (!cr)
        return;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int k = 0; k < nrings; k++) {
        cairo_new_sub_path(cr);
        for (int i = ring_start[k]; i < ring_start[k + 1]; i++)
            if (isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1]))
                cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
        cairo_close_path(cr);
    }
    vec_fill(cr);
}

void vw_cv_poly(SDL_Surface *s, const double *xy, const int *ring_start, int nrings,
                vw_rgb c, int alpha)
{
    if (nrings <= 0 || alpha <= 0)
        return;
    int npts = ring_start[nrings] - ring_start[0];
    if (npts < 3)
        return;
    vec_poly(s, xy, ring_start, nrings, c, alpha);
    edge *e = malloc((size_t)npts * sizeof *e);
    double *xs = malloc((size_t)npts * sizeof *xs);
    if (!e || !xs) {
        free(e);
        free(xs);
        return;
    }
    int ne = 0;
    double ymin = INFINITY, ymax = -INFINITY;
    for (int k = 0; k < nrings; k++) {
        int a = ring_start[k], b = ring_start[k + 1];
        for (int i = a; i < b; i++) {
            int j = i + 1 < b ? i + 1 : a;
            double xa = xy[2 * i], ya = xy[2 * i + 1], xb = xy[2 * j], yb = xy[2 * j + 1];
            if (ya == yb || !isfinite(ya) || !isfinite(yb) || !isfinite(xa) || !isfinite(xb))
                continue;
            e[ne++] = ya < yb ? (edge){xa, ya, xb, yb} : (edge){xb, yb, xa, ya};
            ymin = fmin(ymin, fmin(ya, yb));
            ymax = fmax(ymax, fmax(ya, yb));
        }
    }
    const SDL_Rect *cl = &s->clip_rect;
    int py0 = (int)fmax(ceil(ymin - 0.5), cl->y);
    int py1 = (int)fmin(ceil(ymax - 0.5) - 1, cl->y + cl->h - 1);
    for (int py = py0; py <= py1; py++) {
        double yc = py + 0.5;
        int n = 0;
        for (int i = 0; i < ne; i++) {
            if (yc >= e[i].y0 && yc < e[i].y1)
                xs[n++] = e[i].x0 + (yc - e[i].y0) * (e[i].x1 - e[i].x0) / (e[i].y1 - e[i].y0);
        }
        if (n < 2)
            continue;
        qsort(xs, (size_t)n, sizeof *xs, cmp_double);
        Uint32 *p = row(s, py);
        for (int i = 0; i + 1 < n; i += 2) {
            /* pixels whose centre x + 0.5 lies in [xs[i], xs[i+1]) */
            int xa = (int)ceil(xs[i] - 0.5), xb = (int)ceil(xs[i + 1] - 0.5) - 1;
            if (xa < cl->x)
                xa = cl->x;
            if (xb > cl->x + cl->w - 1)
                xb = cl->x + cl->w - 1;
            if (alpha >= 255)
                for (int px = xa; px <= xb; px++)
                    p[px] = 0xff000000u | c;
            else
                for (int px = xa; px <= xb; px++)
                    put(&p[px], c, (unsigned)alpha);
        }
    }
    free(e);
    free(xs);
}

/* Distance from (px, py) to the segment (x0, y0)-(x1, y1). */
static double seg_dist(double px, double py, double x0, double y0, double x1, double y1)
{
    double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = x0 + t * dx - px, ey = y0 + t * dy - py;
    return sqrt(ex * ex + ey * ey);
}

void vw_cv_line(SDL_Surface *s, double x0, double y0, double x1, double y1, double width,
                vw_rgb c, int alpha)
{
    if (!(isfinite(x0) && isfinite(y0) && isfinite(x1) && isfinite(y1)) || alpha <= 0)
        return;
    cairo_t *cr = vec_start(s, c, alpha);
    if (cr) {
        cairo_set_line_width(cr, width);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_move_to(cr, x0, y0);
        cairo_line_to(cr, x1, y1);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    double hw = width / 2;
    const SDL_Rect *cl = &s->clip_rect;
    int steep = fabs(y1 - y0) > fabs(x1 - x0);
    /* Walk the major axis; on each step only the pixels within reach of the line. */
    double a0 = steep ? y0 : x0, a1 = steep ? y1 : x1, b0 = steep ? x0 : y0,
           b1 = steep ? x1 : y1;
    if (a1 < a0) {
        double t = a0;
        a0 = a1;
        a1 = t;
        t = b0;
        b0 = b1;
        b1 = t;
    }
    double len = hypot(a1 - a0, b1 - b0);
    double slope = a1 > a0 ? (b1 - b0) / (a1 - a0) : 0;
    double reach = (len > 0 ? hw * len / (a1 - a0 > 1e-9 ? a1 - a0 : 1e-9) : hw) + 1.5;
    if (reach > hw + 1.5 + 64)
        reach = hw + 1.5 + 64;
    int amin = steep ? cl->y : cl->x, amax = steep ? cl->y + cl->h - 1 : cl->x + cl->w - 1;
    int bmin = steep ? cl->x : cl->y, bmax = steep ? cl->x + cl->w - 1 : cl->y + cl->h - 1;
    int ia0 = (int)floor(a0 - hw - 1), ia1 = (int)ceil(a1 + hw + 1);
    if (ia0 < amin)
        ia0 = amin;
    if (ia1 > amax)
        ia1 = amax;
    for (int ia = ia0; ia <= ia1; ia++) {
        double ac = ia + 0.5;
        double at = ac < a0 ? a0 : ac > a1 ? a1 : ac;
        double bc = b0 + (at - a0) * slope;
        int ib0 = (int)floor(bc - reach), ib1 = (int)ceil(bc + reach);
        if (ib0 < bmin)
            ib0 = bmin;
        if (ib1 > bmax)
            ib1 = bmax;
        for (int ib = ib0; ib <= ib1; ib++) {
            double px = steep ? ib + 0.5 : ac, py = steep ? ac : ib + 0.5;
            double d = seg_dist(px, py, x0, y0, x1, y1);
            double cov = hw + 0.5 - d;
            if (cov <= 0)
                continue;
            if (cov > 1)
                cov = 1;
            if (width < 1)
                cov *= width;
            int x = steep ? ib : ia, y = steep ? ia : ib;
            put(&row(s, y)[x], c, (unsigned)lround(cov * alpha));
        }
    }
}

/* The vector copy of a disc. */
static void vec_disc(const SDL_Surface *s, double cx, double cy, double r, vw_rgb c,
                     int alpha)
{
    cairo_t *cr = vec_start(s, c, alpha);
    if (cr) {
        cairo_arc(cr, cx, cy, r, 0, 6.283185307179586);
        vec_fill(cr);
    }
}

void vw_cv_disc(SDL_Surface *s, double cx, double cy, double r, vw_rgb c, int alpha)
{
    vec_disc(s, cx, cy, r, c, alpha);
    const SDL_Rect *cl = &s->clip_rect;
    int x0 = (int)floor(cx - r - 1), x1 = (int)ceil(cx + r + 1);
    int y0 = (int)floor(cy - r - 1), y1 = (int)ceil(cy + r + 1);
    if (x0 < cl->x)
        x0 = cl->x;
    if (y0 < cl->y)
        y0 = cl->y;
    if (x1 > cl->x + cl->w - 1)
        x1 = cl->x + cl->w - 1;
    if (y1 > cl->y + cl->h - 1)
        y1 = cl->y + cl->h - 1;
    for (int y = y0; y <= y1; y++) {
        Uint32 *p = row(s, y);
        for (int x = x0; x <= x1; x++) {
            double cov = r + 0.5 - hypot(x + 0.5 - cx, y + 0.5 - cy);
            if (cov <= 0)
                continue;
            put(&p[x], c, (unsigned)lround((cov > 1 ? 1 : cov) * alpha));
        }
    }
}

void vw_cv_stamp_init(vw_cv_stamp *st, double r)
{
    r = r < 0.5 ? 0.5 : r > 7.5 ? 7.5 : r;
    st->r = r;
    int size = (int)ceil(2 * r + 1);
    if (size > 16)
        size = 16;
    st->size = size;
    double c = size / 2.0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            double cov = r + 0.5 - hypot(x + 0.5 - c, y + 0.5 - c);
            st->a[y * size + x] = (unsigned char)lround((cov < 0 ? 0 : cov > 1 ? 1 : cov) * 255);
        }
}

void vw_cv_stamp_draw(SDL_Surface *s, const vw_cv_stamp *st, double cx, double cy, vw_rgb c)
{
    int x0 = (int)lround(cx - st->size / 2.0), y0 = (int)lround(cy - st->size / 2.0);
    const SDL_Rect *cl = &s->clip_rect;
    vec_disc(s, x0 + st->size / 2.0, y0 + st->size / 2.0, st->r, c, 255);
    if (x0 >= cl->x && y0 >= cl->y && x0 + st->size <= cl->x + cl->w &&
        y0 + st->size <= cl->y + cl->h) {
        for (int y = 0; y < st->size; y++) {
            Uint32 *p = row(s, y0 + y) + x0;
            const unsigned char *a = st->a + y * st->size;
            for (int x = 0; x < st->size; x++)
                if (a[x])
                    put(&p[x], c, a[x]);
        }
        return;
    }
    for (int y = 0; y < st->size; y++)
        for (int x = 0; x < st->size; x++) {
            int px = x0 + x, py = y0 + y;
            if (st->a[y * st->size + x] && px >= cl->x && py >= cl->y &&
                px < cl->x + cl->w && py < cl->y + cl->h)
                put(&row(s, py)[px], c, st->a[y * st->size + x]);
        }
}
