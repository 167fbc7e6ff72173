/* Viewer lever panel: a slider per lever the scenario declares (woonsim/levers.h);
 * moving one re-simulates the runs from the changed scenario on a worker thread (a
 * newer change cancels the older computation) and swaps the result into the view as it
 * arrives, the loaded scenario staying drawn as a faint baseline in the charts. `S`
 * saves the lever values as a variant scenario. The window, the headless paths and the
 * benchmark share it. */
#ifndef VW_LEVERS_H
#define VW_LEVERS_H

#include <SDL.h>
#include "woonsim/levers.h"
#include "draw.h"
#include "view.h"

/* What a lever computation needs besides the lever values: how the view's first
 * scenario was made. The strings must outlive the panel. */
typedef struct {
    const char *path;          /* scenario file, NULL for the embedded default */
    const char *const *sets;   /* the command line's --set, applied first */
    int nsets;
    const char *gml, *gml_id;  /* as vw_map_prepare */
    int runs, jobs;
} vw_levers_opts;

typedef struct vw_levers vw_levers;

/* Reads the scenario's levers and starts the worker thread; attaches the panel to v
 * (v->levers; v->sim[0] becomes the baseline, kept while the view shows others).
 * shown: the panel visible at first. Returns WS_OK, or an error status with err set
 * (bad levers: WS_EINPUT with FILE:LINE). */
int vw_levers_attach(vw_view *v, const vw_levers_opts *o, int shown, ws_error *err);

/* Stops the worker and releases the panel and the baseline (unless v shows it). Called
 * by vw_view_clear; NULL is allowed. */
void vw_levers_detach(vw_view *v);

/* Sets lever name to value text (the headless --lever NAME=VALUE). Returns WS_OK, or
 * WS_EINPUT with err set (no such lever, a value out of its range or not one of its
 * values). Does not compute: see vw_levers_apply. */
int vw_levers_set_text(vw_view *v, const char *name, const char *value, ws_error *err);

/* Moves lever k to slider position x and asks the worker to recompute. */
void vw_levers_move(vw_view *v, int k, double x);

/* Computes the current lever values in this thread and puts the result into the view
 * (headless paths). Returns WS_OK or an error status with err set. */
int vw_levers_apply(vw_view *v, ws_error *err);

/* Takes a finished computation into the view. Returns 1 when the view changed. Cheap;
 * the window calls it every turn of its loop. */
int vw_levers_poll(vw_view *v);

/* Waits (up to ms milliseconds) until the newest change is computed and taken into the
 * view. Returns 1 when it was, 0 on time-out. */
int vw_levers_wait(vw_view *v, int ms);

/* Saves the current values as a scenario that extends the loaded one (see
 * ws_levers_save): to path, or when path is NULL to "levers-YYYYMMDD-HHMMSS.xml" in the
 * current directory; the file's name goes into v->status. Returns WS_OK or an error
 * status with err set. */
int vw_levers_save(vw_view *v, const char *path, ws_error *err);

/* Draws the panel (when shown) beside the first map (vw_levers_layout) and records
 * where its sliders are. */
void vw_levers_draw(vw_view *v, SDL_Surface *s, const vw_layout *L);

/* Narrows the first map's rectangle so that the panel (when shown) stands beside it,
 * on its left, instead of over it. Cannot fail. */
void vw_levers_layout(const vw_view *v, double u, SDL_Rect *map);

/* Widens the chart's value range [*lo, *hi] to the loaded scenario's line for district
 * id (NULL: the whole area) when the view shows a changed scenario. Cannot fail. */
void vw_levers_extend(vw_view *v, const char *id, double *lo, double *hi);

/* The loaded scenario's line in a chart's plot p (value range lo..hi) for district id
 * (NULL: the whole area), faint, when the view shows a changed scenario. */
void vw_levers_chart(vw_view *v, SDL_Surface *s, SDL_Rect p, double lo, double hi,
                     const char *id);

/* The timeline a difference map of one scenario subtracts: the loaded scenario's (the
 * baseline) when the panel is attached and the view shows one scenario, else NULL. The
 * view keeps it; valid until the panel is detached. */
const vw_timeline *vw_levers_reference(const vw_view *v);

/* The difference map's caption into buf: "With levers - baseline" in the view's
 * language. */
void vw_levers_caption(const vw_view *v, char *buf, size_t n);

/* Keys: v shows or hides the panel, S (shift s) saves. Returns 1 when the key was the
 * panel's. */
int vw_levers_key(vw_view *v, int sym, int shift);

/* A mouse event at output pixel (x, y): type is SDL_MOUSEBUTTONDOWN, SDL_MOUSEMOTION or
 * SDL_MOUSEBUTTONUP. Returns 1 when the panel took it. */
int vw_levers_mouse(vw_view *v, int type, int x, int y);

/* The event type the worker pushes when a result is ready (wakes a waiting window). */
Uint32 vw_levers_event(void);

/* Changes lever 0 n times headless, each from the change to the redrawn w x h frame;
 * returns the median milliseconds (wall clock), *cpu_ms the median CPU time of the
 * process (all threads) per change, or -1 with err set. */
double vw_levers_bench(vw_view *v, int n, int w, int h, double *cpu_ms, ws_error *err);

#endif
