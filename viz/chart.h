/* Viewer line charts: an indicator over time per scenario, with the 5-95 % band. */
#ifndef VW_CHART_H
#define VW_CHART_H

#include <SDL.h>
#include "view.h"

/* Draws the line chart of the indicator over time for district d of sim[0]'s numbering
 * (nd = the whole area) of every scenario: the median over the runs (or the chosen run)
 * with the 5-95 % band when several runs are loaded, the woondeal target on the area's
 * net-added chart, a marker at the view's date, and with hover_x inside the plot the
 * values at the month under it (hover_x < 0: none). Returns the plot area. Never
 * fails. */
SDL_Rect vw_chart_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, int d, int hover_x);

#endif
