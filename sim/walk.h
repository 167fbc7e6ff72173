/* Batched walks through the stock (sim/walk.c): how the market (process 4) finds the
 * dwellings that have an event fast, apart from what the events are. A district's
 * dwellings are visited by geometric skips at the largest probability of an event,
 * in batches whose positions are drawn first, then prefetched, then thinned to each
 * dwelling's own probability without a branch. Internal to the core. */
#ifndef WOONSIM_WALK_H
#define WOONSIM_WALK_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "world_int.h"

/* A run of consecutive dwellings of one district (stock < 2^32). The initial stock is
 * generated neighbourhood by neighbourhood and each woondeal batch is consecutive, so a
 * district is a few runs, and the walks need no list of its dwellings. */
typedef struct {
    uint32_t first, len;
} ws_walk_span;

/* The runs of every district of a stock. */
typedef struct {
    ws_walk_span *spans; /* grouped by district, in stock order within one */
    long *span0;         /* nd + 1: first span of each district */
    long *count;         /* nd: dwellings of each district */
} ws_walk_runs;

/* Finds the runs of every dwelling of w's stock (the woondeal's planned ones included)
 * into caller-provided r. Returns WS_OK or WS_ENOMEM; either way ws_walk_runs_clear
 * frees what it holds. */
int ws_walk_runs_init(ws_walk_runs *r, const ws_world *w);
void ws_walk_runs_clear(ws_walk_runs *r);

/* What the events of a walk read besides the status byte every visit reads: what the
 * walk prefetches for them on a large stock. */
typedef enum {
    WS_WALK_PREFETCH_CONDITION, /* the condition (written) */
    WS_WALK_PREFETCH_DWELLING,  /* the energy use and the household */
    WS_WALK_PREFETCH_MOVE       /* the energy use; the household of owner-occupied ones
                                   (their sale brings a new one) */
} ws_walk_prefetch;

/* An event's law, fixed for the run, from its probability p[tenure] per visit (a
 * month, or a year): the largest of them, pmax, and the mean geometric jump factor it
 * gives, and for each value f of the status byte whether a dwelling can have the
 * event (standing, a tenure with p > 0, occupied where the event needs a household)
 * and, for thinning, the threshold a 53-bit random integer must stay below to keep the
 * visit (0 where it cannot have the event, 2^53 where its p is pmax, p / pmax of 2^53
 * in between): the visit's filter is one load, without a branch to mispredict. */
typedef struct {
    double pmax, per_jump;
    int thin; /* some tenure has 0 < p < pmax (may be set to 0: no thinning draws) */
    ws_walk_prefetch prefetch;
    uint8_t eligible[256];
    uint64_t keep[256];
} ws_walk_law;

/* Sets law from the probabilities by tenure (owner, social, private). Cannot fail. */
void ws_walk_law_init(ws_walk_law *law, const double p[WS_NTENURE], int needs_household,
                      ws_walk_prefetch prefetch);

/* Visits per batch. */
#define WS_WALK_BATCH 32

/* A walk through one district: initialise with ws_walk_start, then iterate with
 * ws_walk_next until it returns -1. */
typedef struct {
    const ws_walk_law *law;
    const ws_stock *st;
    gsl_rng *rng;
    const ws_walk_span *sp; /* the run holding k, which starts at k = base */
    long base, k, count;    /* k counts through the district's count dwellings */
    int more;
} ws_walk;

/* Starts a walk of district d of runs with law, drawing from rng. */
void ws_walk_start(ws_walk *it, const ws_walk_runs *runs, int d, const ws_walk_law *law,
                   const ws_stock *st, gsl_rng *rng);

/* The next batch of dwellings that have the event, in stock order (OUT: batch), with
 * what their events read prefetched on a large stock. Returns their number (0 ..
 * WS_WALK_BATCH; 0 is not the end), or -1 when the walk is over. An event changes only
 * its own dwelling, so the status bytes read here hold until the batch is handled. */
int ws_walk_next(ws_walk *it, uint32_t batch[WS_WALK_BATCH]);

/* Splits batch[0 .. n) without a branch: the owner-occupied dwellings stay in batch,
 * in order, and their number is returned; the others go to rest (OUT, *nrest). */
int ws_walk_split_owners(const ws_stock *st, uint32_t *batch, int n, uint32_t *rest,
                         int *nrest);

/* Vacancies decided per chunk of a vacancy list. */
#define WS_WALK_CHUNK 64

/* Draws for the entries list[k0 .. k1) of a vacancy list (k1 - k0 <= WS_WALK_CHUNK)
 * whether each finds a tenant: a uniform from rng for every entry, and one still vacant
 * (standing, unoccupied) is let with probability p. The let ones go to let (OUT, their
 * number returned); the ones still vacant and not let are moved down to list[*kept ..]
 * in order (*kept advances). Without a branch on the draws; prefetches what the new
 * households read on a large stock. */
int ws_walk_vacancies(const ws_stock *st, uint32_t *list, long k0, long k1, long *kept,
                      double p, gsl_rng *rng, uint32_t let[WS_WALK_CHUNK]);

#endif
