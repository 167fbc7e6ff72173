/* Viewer monitoring in the table view (key t, issue 19): the actuals of the view's date
 * (--actuals; per indicator and district the latest monitored month at or before it)
 * with their verdicts against the simulated band, and the goals with the probability
 * that the runs meet them. */
#ifndef VW_MONITOR_H
#define VW_MONITOR_H

#include <SDL.h>
#include "view.h"

/* One actual against the first scenario's runs at its month. */
typedef struct {
    int actual;                /* index in v->actuals */
    double median, p5, p95;    /* over the runs (vw_quantiles, as woonsim track) */
    int verdict;               /* ws_track_verdict, by woonsim track's rule */
} vw_monitor_row;

/* The rows of month m into out[0..max): for each indicator and district the viewer
 * keeps (a figure field) that the actuals name, the latest actual dated at or before m
 * and inside the timeline. Returns the number of rows (0 without actuals). */
int vw_monitor_rows(const vw_view *v, ws_month m, vw_monitor_row *out, int max);

/* The probability that goal i of the first scenario is met: the share of its runs whose
 * value at the goal's month meets it (ws_goal_met), or NaN when the viewer does not keep
 * the goal's indicator. */
double vw_monitor_goal_p(const vw_view *v, int i);

/* Draws the monitoring section (the rows of the view's date, then the goals) in r from
 * y down, with type size px (a step of the type scale) and row height lh. Returns the y
 * under it; draws nothing and returns y when there are neither actuals nor goals. */
int vw_monitor_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u, int y, int px, int lh);

#endif
