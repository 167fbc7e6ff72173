/* Viewer text: DejaVu fonts through SDL2_ttf, rendered once per (string, size, colour)
 * and cached, blended into ARGB8888 surfaces. */
#ifndef VW_TEXT_H
#define VW_TEXT_H

#include <SDL.h>
#include "scale.h"
#include "woonsim/common.h"

typedef struct vw_text vw_text;

enum { VW_FONT_REGULAR, VW_FONT_BOLD, VW_NFONT };

/* Alignment flags of vw_text_draw: horizontal and vertical anchor of (x, y), and a halo
 * (a light outline that keeps text readable on any fill). */
enum {
    VW_AL_LEFT = 0, VW_AL_CENTER = 1, VW_AL_RIGHT = 2,
    VW_AL_TOP = 0, VW_AL_MIDDLE = 4, VW_AL_BOTTOM = 8,
    VW_AL_HALO = 16
};

/* Opens the text system (TTF_Init) with the DejaVu fonts in dir, or when dir is NULL in
 * $WOONSIM_FONT_DIR or /usr/share/fonts/truetype/dejavu. Returns a handle owned by the
 * caller, or NULL with err set (WS_EIO when the fonts are missing). */
vw_text *vw_text_alloc(const char *dir, ws_error *err);

/* Releases the cache, the fonts and TTF; NULL is allowed. */
void vw_text_free(vw_text *t);

/* Size in pixels of s in font at px pixels. Returns 0, or -1 when the font cannot be
 * opened (then *w = *h = 0). */
int vw_text_size(vw_text *t, int font, int px, const char *s, int *w, int *h);

/* Draws s (UTF-8) into dst (ARGB8888) anchored at (x, y) per flags, clipped by dst's
 * clip rectangle, in colour c (halo colour h when VW_AL_HALO). Returns the rectangle
 * covered ({0} for empty text or failure: text is never essential enough to fail). */
SDL_Rect vw_text_draw(vw_text *t, SDL_Surface *dst, int x, int y, int font, int px,
                      vw_rgb c, int flags, const char *s);

/* Halo colour used by VW_AL_HALO. */
void vw_text_set_halo(vw_text *t, vw_rgb halo);

#endif
