/* Viewer figures as a table: the CSV that --render writes for FILE.csv (the numbers
 * behind the picture, the same medians and quantiles as woonsim compare) and the
 * on-screen table of the current date (key t). */
#ifndef VW_TABLE_H
#define VW_TABLE_H

#include <SDL.h>
#include "view.h"
#include "woonsim/run.h"

/* Appends to b the CSV of month m: a header, then one row per scenario x area (every
 * district, the whole area as "total", every neighbourhood) x indicator with the
 * median, 5 % and 95 % over the runs (vw_quantiles, woonsim compare's definition).
 * Indicators: the world's (names and decimals of ws_indicator_table, absolute) that the
 * viewer keeps at that level, then the map's indicator in the form shown. nl: ';' and a
 * decimal comma (Dutch spreadsheets), else ',' and a point. Lines end in CRLF, as the
 * woonsim CSV. Returns WS_OK or WS_ENOMEM. */
int vw_table_csv(const vw_view *v, ws_month m, int nl, ws_buf *b);

/* Draws the table of the view's indicator at its date in r: a row per district and
 * the whole area, a column per scenario, median [5 %, 95 %]. Never fails. */
void vw_table_draw(vw_view *v, SDL_Surface *s, SDL_Rect r, double u);

#endif
