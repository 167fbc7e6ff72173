/* Viewer overlay of monitoring on the charts: the actuals (--actuals, woonsim/track.h)
 * as points and the scenario's goals (woonsim/goals.h) as target lines, each in the
 * chart's indicator and form when the indicator is theirs. */
#ifndef VW_OVERLAY_H
#define VW_OVERLAY_H

#include <SDL.h>
#include "scale.h"
#include "view.h"

/* The world indicator (WS_I_*) behind figure field f (VW_F_*), or -1 (timeline.c's
 * fig_from_indicators read backwards). */
int vw_indicator_of_field(int f);

/* Widens [*lo, *hi] so that the chart of district d (nd = the whole area) also shows
 * the actuals and goal targets it will draw. Cannot fail. */
void vw_overlay_extend(const vw_view *v, int d, double *lo, double *hi);

/* Draws the goal lines and the actual points of district d into plot p, whose value
 * range is yr (u: the frame's scale). Draws nothing when the view has no actuals and
 * the scenario no goal on the chart's indicator. Cannot fail. */
void vw_overlay_draw(const vw_view *v, SDL_Surface *s, SDL_Rect p, double u, vw_range yr,
                     int d);

#endif
