/* The viewer's state: the scenarios' timelines and everything the user can change
 * (indicator, date, dots, language, modes). One struct, passed to every part; the
 * window, the exports and the tests all draw from it. */
#ifndef VW_VIEW_H
#define VW_VIEW_H

#include "ind.h"
#include "lang.h"
#include "scale.h"
#include "timeline.h"
#include "text.h"

/* Dot modes. */
enum { VW_DOTS_OFF, VW_DOTS_TENURE, VW_DOTS_LABEL, VW_DOTS_RETRO, VW_NDOTS };

typedef struct vw_view {
    vw_timeline *sim[2];      /* owned; sim[1] is NULL unless comparing */
    int nsim;
    vw_text *text;       /* owned */
    vw_lang lang;
    int ind, rel;        /* indicator (vw_indicators) and per-dwelling form */
    int dots;            /* VW_DOTS_* */
    int names;           /* district names on the map */
    int present;         /* presentation mode */
    int controls;        /* timeline and buttons shown (in presentation: on request) */
    int help;            /* keyboard help shown */
    ws_month month;      /* the date shown */
    ws_month first, last; /* the range of the timeline */
    int district;        /* district of the second chart (index in sim[0]) */
    int hover_panel, hover_nbh; /* neighbourhood under the pointer, or -1 */
    int playing;
    int speed;           /* index into vw_speeds */
    double ui_scale;     /* extra factor on the type size (1; high-DPI sets more) */
    char title[160];     /* presentation title ("" = the scenario's name) */
    char status[600];    /* a short message at the bottom (screenshot saved ...) */
    double *scratch;     /* owned, for charts */
    vw_range range;      /* colour scale of (ind, rel), cached */
    int range_ind, range_rel;
    struct vw_levers *levers; /* the live lever panel, or NULL (viz/levers.h, owned) */
} vw_view;

/* Playback speeds in months per second. */
extern const double vw_speeds[];
extern const int vw_nspeeds;

/* Sets up a view of one or two timelines (taking ownership of sims and text, also on
 * failure): the first indicator, the first month, district 0, controls on. Returns
 * WS_OK or WS_ENOMEM. */
int vw_view_init(vw_view *v, vw_timeline *a, vw_timeline *b, vw_text *text, vw_lang lang);

/* Releases what the view owns; the struct itself is the caller's. */
void vw_view_clear(vw_view *v);

/* The colour range of the current indicator and form (one scale for both panels). */
vw_range vw_view_range(vw_view *v);

/* Moves the date to m, clamped to the timeline. */
void vw_view_set_month(vw_view *v, ws_month m);

/* x of month m on a span [x0, x1] of the view's timeline range (the timeline track,
 * a chart's axis). */
double vw_view_month_x(const vw_view *v, ws_month m, double x0, double x1);

/* What a key asks of the window beyond the view's state. */
enum { VW_ACT_NONE, VW_ACT_REDRAW, VW_ACT_QUIT, VW_ACT_SCREENSHOT, VW_ACT_FULLSCREEN,
       VW_ACT_PRESENT };

/* Applies key sym (an SDL_Keycode; shift held or not) to the view: playback, stepping,
 * speed, indicator, dots, language, help... Returns VW_ACT_NONE for keys it does not
 * know, VW_ACT_REDRAW when the view changed, or what the window must do. */
int vw_view_key(vw_view *v, int sym, int shift);

#endif
