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
#include "woonsim/track.h"

/* Dot modes. */
enum { VW_DOTS_OFF, VW_DOTS_TENURE, VW_DOTS_LABEL, VW_DOTS_RETRO, VW_NDOTS };

/* Most scenarios shown at once (small multiples). */
#define VW_MAX_SIM 4

typedef struct vw_view {
    vw_timeline *sim[VW_MAX_SIM]; /* owned; sim[1..] are NULL unless comparing */
    int nsim;
    int run;             /* the run shown (0-based), or -1: the median over the runs */
    int diff;            /* difference mode: the maps show each scenario minus the first */
    int table;           /* table view of the current date instead of the maps */
    int hover_chart, hover_x; /* chart under the pointer (-1: none) and the pointer's x */
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
    int range_ind, range_rel, range_run, range_diff;
    int diff_fixed;      /* difference map: one colour scale for all months (--diff-fixed) */
    int range_t;         /* the month index of a cached difference scale (-1: all) */
    ws_actuals *actuals; /* owned: monitored figures (--actuals), or NULL */
    struct vw_levers *levers; /* the live lever panel, or NULL (viz/levers.h, owned) */
} vw_view;

/* Playback speeds in months per second. */
extern const double vw_speeds[];
extern const int vw_nspeeds;

/* Sets up a view of one or two timelines (taking ownership of sims and text, also on
 * failure): the first indicator, the first month, district 0, controls on. Returns
 * WS_OK or WS_ENOMEM. */
int vw_view_init(vw_view *v, vw_timeline *a, vw_timeline *b, vw_text *text, vw_lang lang);

/* Adds a third or fourth scenario (taking ownership of s, also on failure). Returns
 * WS_OK, WS_EINPUT when VW_MAX_SIM are shown already, or WS_ENOMEM. */
int vw_view_add(vw_view *v, vw_timeline *s);

/* Whether difference mode can be shown: at least two scenarios with the same
 * neighbourhoods and the same number of runs (differences are paired by run), or one
 * scenario with the lever panel (the levers' result minus the loaded scenario, paired by
 * run: the same seeds). */
int vw_view_can_diff(const vw_view *v);

/* Releases what the view owns; the struct itself is the caller's. */
void vw_view_clear(vw_view *v);

/* The colour range of the current indicator and form (one scale for all panels); in
 * difference mode symmetric around zero. */
vw_range vw_view_range(vw_view *v);

/* Whether the maps show differences now (diff asked and possible). */
int vw_view_diffing(const vw_view *v);

/* Number of map panels: a scenario each, or in difference mode one per scenario after
 * the first (of one scenario with levers: one); and which scenario panel k shows. */
int vw_view_npanels(const vw_view *v);
int vw_view_panel_sim(const vw_view *v, int k);

/* Whether the colour scale is diverging (differences, signed quantities). */
int vw_view_diverging(const vw_view *v);

/* What panel k shows for map unit b at the view's date: the median (or the chosen
 * run's) value, or in difference mode the paired difference to the first scenario. */
double vw_view_value(const vw_view *v, int k, int b);

/* The scale's colour of val (sequential or diverging). */
vw_rgb vw_view_color(vw_view *v, double val);

/* What the figures are, into buf: "mediaan van 20 simulaties, 5-95 %", "simulatie 3
 * van 20 (geen mediaan)" or "een simulatie" in the view's language. */
void vw_view_stat_note(const vw_view *v, char *buf, size_t n);

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
