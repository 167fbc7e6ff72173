/* Viewer theme: the colours and the type-size rule every drawing module shares (the
 * frame in draw.c, the charts in chart.c), so that neither includes the other. */
#ifndef VW_THEME_H
#define VW_THEME_H

#include <math.h>

/* Colours (0xRRGGBB). */
#define VW_BG 0xf2f1ecu
#define VW_PANEL 0xffffffu
#define VW_INK 0x1e1e1eu
#define VW_MUTED 0x5f5f5fu
#define VW_GRID 0xe2e2e2u
#define VW_FRAME 0xd2d2d2u
#define VW_OUTSIDE 0xdcdcdcu

/* A size in pixels: base (at 1600 x 900) times the frame's scale u, at least 8. */
static inline int vw_px(double u, double base)
{
    int p = (int)lround(base * u);
    return p < 8 ? 8 : p;
}

#endif
