/* Viewer frame: the layout of a frame of any size and the drawing of everything in it
 * (header, maps, legend, charts, figures, timeline, help) into an ARGB8888 surface. The
 * window, the headless exports and the tests call the same vw_draw_frame. */
#ifndef VW_DRAW_H
#define VW_DRAW_H

#include <SDL.h>
#include "theme.h"
#include "view.h"

/* Map to screen: sx = ox + s * x, sy = oy - s * y (RD New has north up). */
typedef struct {
    double s, ox, oy;
} vw_xform;

static inline void vw_xform_apply(const vw_xform *xf, double x, double y, double *sx,
                                  double *sy)
{
    *sx = xf->ox + xf->s * x;
    *sy = xf->oy - xf->s * y;
}

/* The transform that fits the map's bounding box, centred, into r. */
vw_xform vw_xform_fit(const ws_map *map, SDL_Rect r);

typedef struct {
    int w, h;
    double u;              /* scale of type and lines (1 at 1600 x 900) */
    int npanels, ncharts;
    SDL_Rect header, sidebar, timeline;
    SDL_Rect panel[VW_MAX_SIM]; /* a scenario's panel: caption, map, footnote */
    SDL_Rect map[VW_MAX_SIM];   /* where the map is fitted */
    vw_xform xf[VW_MAX_SIM];
    SDL_Rect source;       /* the source line under the maps (presentation) */
    SDL_Rect legend, ramp; /* the legend and its colour ramp */
    SDL_Rect chart[2];     /* area, selected district */
    SDL_Rect chart_plot[2]; /* their plot areas (set by vw_draw_frame), for hover */
    SDL_Rect info;         /* figures of the neighbourhood under the pointer */
    SDL_Rect play, track;  /* timeline button and track */
    /* where texts went (set by vw_draw_frame) */
    SDL_Rect title_box, subtitle_box, date_box;
    SDL_Rect scale_box[VW_MAX_SIM]; /* map k's scale bar and north arrow ({0}: none) */
} vw_layout;

/* Computes the layout of a w x h frame for the view's modes. Never fails. */
void vw_layout_compute(const vw_view *v, int w, int h, vw_layout *out);

/* Draws the frame of the view's current state into s (ARGB8888) and stores its layout
 * in *out (may be NULL). Never fails: a text that cannot be rendered is left out. */
void vw_draw_frame(vw_view *v, SDL_Surface *s, vw_layout *out);

/* The fill colour of neighbourhood b of panel k at the view's date (what the map shows
 * when dots are off). */
vw_rgb vw_draw_fill(vw_view *v, int k, int b);

/* The neighbourhood of panel *panel under screen point (x, y), or -1. */
int vw_hit_nbh(const vw_view *v, const vw_layout *L, int x, int y, int *panel);

/* The month under x on the timeline track (clamped). */
ws_month vw_track_month(const vw_view *v, const vw_layout *L, int x);

#endif
