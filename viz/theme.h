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

/* The type scale (issue 18, docs/VIEWER.md "Type scale"): every text the viewer, its
 * exports and the wijkpaspoort draw has a size base x 1.2^step (a modular scale, the
 * minor third), never a size of its own. The viewer's base is 12 px at 1600 x 900 times
 * the frame's scale u (set by the window's height and width); the passport's is 8 pt on
 * A4. Presentation mode moves a text one step up; text that must fit shrinks by whole
 * steps. */
#define VW_TYPE_RATIO 1.2
#define VW_TYPE_BASE_PX 12.0
#define VW_TYPE_BASE_PT 8.0

/* The named steps. */
enum {
    VW_TS_NOTE = -1,   /* flags on charts, the passport's small print */
    VW_TS_SMALL = 0,   /* ticks, footnotes, the source line, the scale bar */
    VW_TS_BODY = 1,    /* labels, legends, table rows, district names */
    VW_TS_LEAD = 2,    /* subtitles, panel captions, chart and legend titles */
    VW_TS_HEAD = 3,    /* overlay titles, the table's title */
    VW_TS_TITLE = 4,   /* the frame's title */
    VW_TS_DISPLAY = 7  /* the date */
};

/* Size of step on the scale from base (px or pt). */
static inline double vw_type_size(double base, int step)
{
    return base * pow(VW_TYPE_RATIO, step);
}

/* The viewer's size in pixels of step at the frame's scale u. */
static inline int vw_ts(double u, int step)
{
    return vw_px(u, vw_type_size(VW_TYPE_BASE_PX, step));
}

#endif
