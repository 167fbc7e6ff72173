/* Viewer line charts: an indicator over time per scenario, with the 5-95 % band. */
#ifndef VW_CHART_H
#define VW_CHART_H

#include <SDL.h>
#include "view.h"

/* Draws the line chart of the indicator over time for district d of sim[0]'s numbering
 * (nd = the whole area) of every scenario, with the 5-95 % band when several runs are
 * loaded and a marker at the view's date. Never fails. */
void vw_chart_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, int d);

#endif
