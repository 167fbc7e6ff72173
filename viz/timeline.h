/* Viewer simulation timeline: one scenario simulated month by month through the public
 * world API (ws_world_step), with a snapshot per month so that the viewer can play, step
 * and scrub in both directions without re-running: figures per district and area for
 * every run (the world's indicators), figures per neighbourhood (woonsim/figures.h, the
 * CSV's rules) and the state of every dwelling for run 1. The viewer derives no model
 * rule itself. */
#ifndef VW_TIMELINE_H
#define VW_TIMELINE_H

#include <stdatomic.h>
#include <stdint.h>
#include "woonsim/common.h"
#include "woonsim/map.h"
#include "woonsim/scenario.h"

/* Figures kept per area unit: the same fields at neighbourhood, district and area
 * level, so that an indicator is one formula everywhere. NaN where a level lacks it. */
enum {
    VW_F_STANDING, VW_F_OWNER, VW_F_SOCIAL, VW_F_PRIVATE, VW_F_OCCUPIED, VW_F_VACANT,
    VW_F_SUBSTANDARD, VW_F_POOR, VW_F_LABEL_B, VW_F_RETRO_DONE, VW_F_PERMITS,
    VW_F_ZONE_PRIVATE, VW_F_LIVEABILITY,
    /* district and area level only (the world's accounting) */
    VW_F_NET_ADDED, VW_F_ENERGY_COST, VW_F_GAS, VW_F_CO2, VW_F_PIPELINE,
    VW_NF
};
/* Fields that exist per neighbourhood (ws_figures_nbh, ws_figures_liveability). */
#define VW_NF_NBH (VW_F_LIVEABILITY + 1)

/* Dwelling dot codes per month: label | tenure << 3 | retrofit class << 5 for standing
 * dwellings, or one of these. Retrofit class: 0 none, 1 offered or decided, 2 works,
 * 3 done. */
#define VW_DOT_NONE 0xffu
#define VW_DOT_BUILDING 0xfeu

/* A map edge: inner (between neighbourhoods of one district) or a district border. */
typedef struct {
    double x0, y0, x1, y1;
    int border;
} vw_edge;

typedef struct vw_timeline {
    ws_scenario *sc;     /* owned */
    const ws_map *map;   /* sc->map (never NULL: a grid is made for map-less scenarios) */
    int months, runs, nd, nnbh;
    ws_month start, end;
    double *fig;         /* runs x months x (nd + 1) x VW_NF; d = nd is the whole area */
    double *nbh;         /* runs x months x nnbh x VW_NF */
    uint8_t *dots;       /* months x ndw (run dots_run) */
    int dots_run;        /* the run (0-based) of dots and pos: vw_timeline_median_run */
    long ndw;
    float *pos;          /* ndw x 2: RD New x, y */
    int *area_of_nbh;    /* nnbh: index into map->areas */
    int *district_of_area; /* map->nareas: district index, or -1 (not in the scenario) */
    double *label_xy;    /* nd x 2: where district names go */
    vw_edge *edges;
    int nedges;
    double *tmp;         /* runs doubles of scratch for medians (drawing thread) */
} vw_timeline;

/* Simulates runs 1..runs of sc (taking ownership of sc, also on failure): run 1 step by
 * step in this thread with snapshots and dwelling dots, the others on jobs threads with
 * their district and neighbourhood figures (for medians and the band; the same runs,
 * seeds and streams as ws_run_many and woonsim compare); then, with more than one run,
 * the run closest to the median once more for its dwelling dots (one run's time more). Needs sc->map (see vw_map_prepare). Returns the timeline, or NULL with err set. */
vw_timeline *vw_timeline_alloc(ws_scenario *sc, int runs, int jobs, ws_error *err);

/* The same, stopped early when *cancel (may be NULL) becomes non-zero: checked between
 * runs; then NULL with err "cancelled" (WS_ERUNTIME). For the lever panel's worker. */
vw_timeline *vw_timeline_alloc_cancel(ws_scenario *sc, int runs, int jobs,
                                      const atomic_int *cancel, ws_error *err);

/* The same, with the median run's dots only when median_dots is non-zero (else run 1's,
 * dots_run 0, until vw_timeline_median_dots): the lever panel's worker leaves them out
 * while no dots are shown, which saves a run per change. */
vw_timeline *vw_timeline_alloc_opt(ws_scenario *sc, int runs, int jobs,
                                   const atomic_int *cancel, int median_dots, ws_error *err);

/* Makes the dots those of the run closest to the median (one run stepped again, in this
 * thread) unless they are already. Returns WS_OK, or the failure with err set; then the
 * dots are unchanged. */
int vw_timeline_median_dots(vw_timeline *s, ws_error *err);

/* The run (0-based) closest to the median: the least sum over months and the whole
 * area's figures of ((x - median) / mean absolute deviation)^2 (figures that do not vary
 * are left out; the lowest run on a tie; 0 for one run or when memory runs out). Its
 * dwellings are the ones drawn as dots, so that one run stands for the median's map. */
int vw_timeline_median_run(const vw_timeline *s);

/* Releases a timeline and its scenario; NULL is allowed. */
void vw_timeline_free(vw_timeline *s);

/* Index of month m in the timeline, clamped to 0..months-1. */
int vw_timeline_index(const vw_timeline *s, ws_month m);

/* 1 if month m is within the scenario's period: outside it a scenario has no data (two
 * scenarios over different years must not show a clamped value). */
int vw_timeline_covers(const vw_timeline *s, ws_month m);

/* Figures (VW_NF values) of district d (nd = the whole area) in run r (0-based) at index
 * t, or of neighbourhood b at index t (run 1, or run r). Owned by the timeline. */
const double *vw_timeline_fig(const vw_timeline *s, int r, int t, int d);
const double *vw_timeline_nbh(const vw_timeline *s, int t, int b);
const double *vw_timeline_nbh_run(const vw_timeline *s, int r, int t, int b);

#endif
