/* woonsim world: one simulation run. An opaque handle that owns the stock, the state of
 * every process and the run's random streams; two worlds never share anything but the
 * read-only scenario, so runs can go in parallel threads.
 *
 *   w = ws_world_alloc(sc, run, &err);            state before the first month
 *   while (!ws_world_done(w)) ws_world_step(w);   one month per step
 *   ws_world_indicators(w, d)                     the month's indicators per district
 *   ws_world_free(w); */
#ifndef WOONSIM_WORLD_H
#define WOONSIM_WORLD_H

#include <stddef.h>
#include "woonsim/common.h"
#include "woonsim/scenario.h"
#include "woonsim/stock.h"

/* Indicators, in the order of the CSV columns (the normative ones first), then further ones. */
enum {
    WS_I_DWELLINGS, WS_I_COMPLETIONS, WS_I_DEMOLITIONS, WS_I_NET_ADDED, WS_I_PIPELINE,
    WS_I_OWNER, WS_I_SOCIAL, WS_I_PRIVATE, WS_I_PRIVATE_IN_ZONE, WS_I_PERMITS_ACTIVE,
    WS_I_INSPECTIONS, WS_I_VIOLATIONS_FOUND, WS_I_SUBSTANDARD, WS_I_RETROFIT_OFFERED,
    WS_I_RETROFIT_ADOPTED, WS_I_RETROFIT_COMPLETED, WS_I_GAS_M3, WS_I_CO2_T,
    WS_I_ENERGY_COST_EUR, WS_I_ENERGY_POOR, WS_I_LIVEABILITY,
    /* further indicators */
    WS_I_ELECTRICITY_KWH, WS_I_VACANT, WS_I_LABEL_B_OR_BETTER, WS_I_SUBSIDY_EUR,
    WS_I_RETROFIT_QUEUE, WS_I_PERMIT_QUEUE, WS_I_LANDLORD_EXITS, WS_I_FEES_EUR,
    WS_I_FINES_EUR, WS_I_INSPECTION_HOURS, WS_I_SALES, WS_I_BUY_TO_LET,
    /* energy poverty's two legs (CBS/TNO monitor); energy_poor is their union */
    WS_I_ENERGY_POOR_LIHE, WS_I_ENERGY_POOR_LILEK,
    WS_I_ENERGY_POOR_CHILDREN, WS_I_CORPORATION_WORKS,
    WS_I_PRIVATE_SOLD_TO_OWNER,
    WS_NIND
};

/* How an indicator's value arises. */
enum {
    WS_KIND_STATE, /* a property of the stock at the end of the month */
    WS_KIND_FLOW,  /* events during the month */
    WS_KIND_CUMUL  /* events since the start */
};

typedef struct {
    const char *name; /* CSV column */
    int decimals;     /* 0 for counts */
    int kind;         /* WS_KIND_* */
    int additive;     /* 1: the area total is the sum of the districts */
} ws_indicator_info;

extern const ws_indicator_info ws_indicator_table[WS_NIND];

/* Number of normative CSV columns among the indicators (dwellings..liveability). */
#define WS_NIND_NORMATIVE (WS_I_LIVEABILITY + 1)

typedef struct ws_world ws_world;

/* Creates run number run (>= 1) of sc: generates the initial stock from the seed,
 * derives the processes' random streams from (seed, run) and sets up every process. The scenario must outlive the
 * world. Returns NULL with err set on failure (out of memory). */
ws_world *ws_world_alloc(const ws_scenario *sc, int run, ws_error *err);

/* The initial stock of a scenario. It depends on the scenario and its seed only, not
 * on the run, so runs can share one: generate it once with ws_base_alloc and create each
 * run from it with ws_world_alloc_from (a copy, bitwise the same world as
 * ws_world_alloc would create). Read-only once made; threads may share it. The scenario
 * must outlive the base, and the base the worlds made from it (they read parts of it:
 * the market's runs of districts, the retrofit's ranking). */
typedef struct ws_base ws_base;
ws_base *ws_base_alloc(const ws_scenario *sc, ws_error *err);
void ws_base_free(ws_base *b);
ws_world *ws_world_alloc_from(const ws_base *base, int run, ws_error *err);

/* A run of sc from a base made for another scenario whose stock inputs are the same
 * (ws_scenario_same_base(base's scenario, sc) is 1; a sweep's points that vary only
 * what the stock does not depend on): bitwise the world ws_world_alloc(sc, run) would
 * create. sc and the base's scenario must outlive the world. NULL with err set on
 * failure (out of memory). */
ws_world *ws_world_alloc_shared(const ws_scenario *sc, const ws_base *base, int run,
                                ws_error *err);

/* 1 when a base made for a serves b exactly: the two scenarios are the same byte for
 * byte (their arrays too) in everything but the fields no part of a base reads (the
 * name and path, the landlord permit's parameters other than its zones, the
 * corporations, goals, liveability weights, captions and uncertain declarations);
 * 0 otherwise (also when out of memory). sim/scenario_base.c. */
int ws_scenario_same_base(const ws_scenario *a, const ws_scenario *b);

/* Releases a world; NULL is allowed. */
void ws_world_free(ws_world *w);

/* Advances one month through the processes in order: construction pipeline and
 * demolition, landlord permit, retrofit, the corporations' programme, tenure and market,
 * energy and affordability, indicators. Returns WS_OK, or WS_EINPUT after the last month. */
int ws_world_step(ws_world *w);

/* 1 when the last month has been simulated. */
int ws_world_done(const ws_world *w);

/* The month the indicators describe (start - 1 before the first step). */
ws_month ws_world_month(const ws_world *w);

/* Indicators of district d (0..ndistricts-1), or of the whole area for d = ndistricts:
 * an array of WS_NIND values owned by the world, valid until the next step. */
const double *ws_world_indicators(const ws_world *w, int d);

/* The stock, read-only. */
const ws_stock *ws_world_stock(const ws_world *w);
const ws_scenario *ws_world_scenario(const ws_world *w);

/* The number of processes, and the name of process k (0-based, in the order the step
 * runs them), or NULL when k is out of range. */
int ws_world_nprocesses(void);
const char *ws_world_process(int k);

/* Checks the invariants: running totals equal a recount of the stock, the stock
 * accounting identity, totals are the sums of the districts, no negative counts,
 * offered >= adopted >= completed. Returns WS_OK, or WS_ERUNTIME with msg describing
 * the first violation. Costs a pass over the stock; tests call it after every step. */
int ws_world_check(const ws_world *w, char *msg, size_t size);

/* The seed of random stream k of a run (exposed for tests of stream independence). */
unsigned long ws_stream_seed(unsigned long seed, int run, int k);

#endif
