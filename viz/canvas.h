/* Viewer drawing primitives on ARGB8888 software surfaces: rectangles, even-odd polygon
 * fill, anti-aliased lines and discs. Everything honours the surface's clip rectangle,
 * so the window, the exports and the tests draw exactly the same pixels. */
#ifndef VW_CANVAS_H
#define VW_CANVAS_H

#include <SDL.h>
#include "scale.h"

/* A new opaque ARGB8888 surface of w x h, or NULL (SDL_GetError tells why). The caller
 * frees it with SDL_FreeSurface. */
SDL_Surface *vw_cv_alloc(int w, int h);

/* The colour (0xRRGGBB) at (x, y), or 0 outside the surface. */
vw_rgb vw_cv_get(const SDL_Surface *s, int x, int y);

/* Fills a rectangle with c. */
void vw_cv_rect(SDL_Surface *s, int x, int y, int w, int h, vw_rgb c);

/* Blends c over a rectangle with opacity alpha (0..255). */
void vw_cv_rect_blend(SDL_Surface *s, int x, int y, int w, int h, vw_rgb c, int alpha);

/* Outline of a rectangle, t pixels thick, inside it. */
void vw_cv_frame(SDL_Surface *s, int x, int y, int w, int h, int t, vw_rgb c);

/* Fills a polygon of nrings rings (even-odd rule, so holes work): ring k is
 * xy[2*ring_start[k] .. 2*ring_start[k+1]), each closed implicitly. A pixel is filled when
 * its centre is inside. alpha 255 is opaque. Allocates a scratch edge list; on failure
 * draws nothing. */
void vw_cv_poly(SDL_Surface *s, const double *xy, const int *ring_start, int nrings,
                vw_rgb c, int alpha);

/* An anti-aliased line of the given width (pixels) with round ends. */
void vw_cv_line(SDL_Surface *s, double x0, double y0, double x1, double y1, double width,
                vw_rgb c, int alpha);

/* An anti-aliased filled disc. */
void vw_cv_disc(SDL_Surface *s, double cx, double cy, double r, vw_rgb c, int alpha);

/* A precomputed disc mask for many dots of one radius (dwelling dots). */
typedef struct {
    double r;           /* radius (for a vector copy) */
    int size;           /* side of the mask */
    unsigned char a[256]; /* coverage 0..255, size*size <= 256 */
} vw_cv_stamp;

/* Prepares a stamp of radius r (clamped to 0.5..7.5 pixels). Never fails. */
void vw_cv_stamp_init(vw_cv_stamp *st, double r);

/* Draws the stamp centred near (cx, cy) in colour c. */
void vw_cv_stamp_draw(SDL_Surface *s, const vw_cv_stamp *st, double cx, double cy, vw_rgb c);

/* A vector copy of one surface's drawing: between begin and end, every primitive drawn
 * on target (and every text, through vw_cv_vector_text) is also drawn into cr, in the
 * same pixel coordinates and within the surface's clip rectangle, so an SVG or PDF shows
 * the same frame as the PNG. One copy at a time (the viewer draws in one thread); cr is
 * the caller's. */
typedef struct _cairo cairo_t;
void vw_cv_vector_begin(const SDL_Surface *target, cairo_t *cr);
void vw_cv_vector_end(void);

/* Called by the text module after drawing s into dst in the box r: the vector copy's
 * text (DejaVu Sans, bold for bold, px pixels high, colour c; a halo of colour halo
 * when halo >= 0). Does nothing unless dst is the copy's target. */
void vw_cv_vector_text(const SDL_Surface *dst, SDL_Rect r, int bold, int px, vw_rgb c,
                       long halo, const char *s);

#endif
