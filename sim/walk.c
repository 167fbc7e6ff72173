/* Batched walks through the stock for the market (process 4): the runs of districts,
 * geometric skips in batches, prefetching and the branch-free compactions. What the
 * events are and how likely stays in sim/market.c; this file makes finding them cheap
 * (see sim/walk.h). */
#include "walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- runs of districts */

/* Finds the runs of consecutive dwellings of one district, in stock order, and returns
 * their number. Counts them per district into fill; with out, also places each at
 * out[span0[d] + fill[d]]. */
static long each_span(const ws_world *w, ws_walk_span *out, long *fill, const long *span0)
{
    long nspans = 0;
    const ws_stock *st = w->st;
    for (long i = 0; i < st->n;) {
        int d = ws_w_district(w, i);
        long j = i + 1;
        while (j < st->n && ws_w_district(w, j) == d)
            j++;
        if (out)
            out[span0[d] + fill[d]++] = (ws_walk_span){(uint32_t)i, (uint32_t)(j - i)};
        else
            fill[d]++;
        nspans++;
        i = j;
    }
    return nspans;
}

/* Counts the runs per district, then places them. */
int ws_walk_runs_init(ws_walk_runs *r, const ws_world *w)
{
    memset(r, 0, sizeof *r);
    r->span0 = calloc((size_t)w->nd + 1, sizeof *r->span0);
    r->count = calloc((size_t)w->nd + 1, sizeof *r->count);
    long *fill = calloc((size_t)w->nd + 1, sizeof *fill);
    if (!r->span0 || !r->count || !fill) {
        free(fill);
        return WS_ENOMEM;
    }
    long nspans = each_span(w, NULL, fill, NULL);
    for (int d = 1; d <= w->nd; d++)
        r->span0[d] = r->span0[d - 1] + fill[d - 1];
    r->spans = malloc(sizeof *r->spans * (size_t)(nspans ? nspans : 1));
    if (!r->spans) {
        free(fill);
        return WS_ENOMEM;
    }
    memset(fill, 0, sizeof *fill * ((size_t)w->nd + 1));
    each_span(w, r->spans, fill, r->span0);
    free(fill);
    for (int d = 0; d < w->nd; d++)
        for (long k = r->span0[d]; k < r->span0[d + 1]; k++)
            r->count[d] += r->spans[k].len;
    return WS_OK;
}

void ws_walk_runs_clear(ws_walk_runs *r)
{
    free(r->spans);
    free(r->span0);
    free(r->count);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- laws */

void ws_walk_law_init(ws_walk_law *law, const double p[WS_NTENURE], int needs_household,
                      ws_walk_prefetch prefetch)
{
    _Static_assert(WS_TENURE_OWNER == 0 && WS_TENURE_SOCIAL == 1 && WS_TENURE_PRIVATE == 2 &&
                       WS_NTENURE == 3,
                   "tenure order");
    law->prefetch = prefetch;
    law->pmax = 0;
    for (int t = 0; t < WS_NTENURE; t++)
        law->pmax = p[t] > law->pmax ? p[t] : law->pmax;
    law->thin = 0;
    for (int t = 0; t < WS_NTENURE; t++)
        law->thin |= p[t] > 0 && p[t] < law->pmax;
    /* The failures before the next success: an exponential over the rate -log(1 - p),
     * floored (P(jump >= j) = (1 - p)^j). */
    law->per_jump = law->pmax > 0 && law->pmax < 1 ? -1 / log1p(-law->pmax) : 0;
    for (unsigned f = 0; f < 256; f++) {
        unsigned life = (f & WS_F_LIFE) >> WS_F_LIFE_SHIFT, t = f >> WS_F_TENURE_SHIFT;
        law->eligible[f] = (uint8_t)(life == WS_LIFE_STANDING && t < WS_NTENURE && p[t] > 0 &&
                                     (!needs_household || (f & WS_F_OCCUPIED)));
        law->keep[f] = !law->eligible[f]  ? 0
                       : p[t] >= law->pmax ? UINT64_C(1) << 53
                                           : (uint64_t)ceil(p[t] / law->pmax * 0x1p53);
    }
}

/* ---------------------------------------------------------------- prefetching */

/* Prefetching: asks the memory system for what an event at dwelling i reads, beyond the
 * status byte every visit reads (flags, life, tenure). On a large stock every visit is
 * a cache miss in each attribute array, and a batch of them in flight at once costs
 * little more than one. What the energy use reads (any change of the totals): */
static void prefetch_energy(const ws_stock *st, long i)
{
    __builtin_prefetch(&st->energy_index[i]);
    __builtin_prefetch(&st->floor_area[i]);
    __builtin_prefetch(&st->fabric[i]);
}

/* What a new household (a sale, a re-letting) reads and writes besides. (Not what a
 * purchase to let reads more, the condition and the landlord: a sale becomes one in a
 * few cases in a hundred, and a line asked for in vain takes the place of one needed.) */
static void prefetch_household(const ws_stock *st, long i)
{
    __builtin_prefetch(&st->nbh[i]);
    __builtin_prefetch(&st->review[i], 1);
    __builtin_prefetch(&st->income_band[i], 1);
    __builtin_prefetch(&st->income[i], 1);
}

/* What an event of this law reads. */
static void prefetch_event(const ws_stock *st, ws_walk_prefetch what, long i)
{
    if (what == WS_WALK_PREFETCH_CONDITION) {
        __builtin_prefetch(&st->condition[i], 1);
        return;
    }
    prefetch_energy(st, i);
    if (what == WS_WALK_PREFETCH_DWELLING || ws_stock_tenure(st, i) == WS_TENURE_OWNER)
        prefetch_household(st, i);
}

static void prefetch_visit(const ws_stock *st, long i)
{
    __builtin_prefetch(&st->flags[i]);
}

/* A stock this large no longer fits the caches: prefetch (below, it costs more than it
 * saves). */
#define PREFETCH_FROM 200000

/* ---------------------------------------------------------------- the walk */

void ws_walk_start(ws_walk *it, const ws_walk_runs *runs, int d, const ws_walk_law *law,
                   const ws_stock *st, gsl_rng *rng)
{
    it->law = law;
    it->st = st;
    it->rng = rng;
    it->sp = runs->spans + runs->span0[d];
    it->base = 0;
    it->k = -1;
    it->count = runs->count[d];
    it->more = law->pmax > 0 && it->count > 0;
}

/* Draws the positions of the next batch of visits (OUT: batch) and returns their
 * number; at the end of the district clears it->more. */
static int next_visits(ws_walk *it, uint32_t batch[WS_WALK_BATCH])
{
    double per_jump = it->law->per_jump;
    int nb = 0;
    while (nb < WS_WALK_BATCH) {
        /* The jump (the floor of a non-negative number, so a cast) is compared as a
         * double first: it can be huge. */
        double jump = ws_rng_exponential(it->rng) * per_jump;
        if (jump >= (double)(it->count - 1 - it->k)) {
            it->more = 0;
            break;
        }
        it->k += 1 + (long)jump;
        while (it->k >= it->base + (long)it->sp->len)
            it->base += it->sp++->len;
        batch[nb++] = it->sp->first + (uint32_t)(it->k - it->base);
    }
    return nb;
}

int ws_walk_next(ws_walk *it, uint32_t batch[WS_WALK_BATCH])
{
    if (!it->more)
        return -1;
    const ws_walk_law *law = it->law;
    const ws_stock *st = it->st;
    int nb = next_visits(it, batch);
    /* In two passes on a large stock: the visits' status bytes first, then what the
     * events among them read. */
    int prefetch = st->n > PREFETCH_FROM;
    if (prefetch)
        for (int b = 0; b < nb; b++)
            prefetch_visit(st, batch[b]);
    /* The compaction keeps the count no larger than the entries filled before it (an
     * entry adds 0 or 1); clang's static analyser, which follows only a few turns of a
     * loop, takes the reads for uninitialised ones: NOLINT. */
    // NOLINTBEGIN(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    /* The visits that have the event: those that can have it, and where some tenures
     * have a smaller p than the walk's, thinned to their own with a draw for every
     * visit, kept or not without a branch (which tenure a visit finds is a coin toss). */
    int na = 0;
    if (law->thin) {
        ws_rng_state *g = ws_rng_of(it->rng);
        for (int b = 0; b < nb; b++) {
            uint32_t i = batch[b];
            batch[na] = i;
            na += (ws_rng_next(g) >> 11) < law->keep[st->flags[i]];
        }
    } else {
        for (int b = 0; b < nb; b++) {
            uint32_t i = batch[b];
            batch[na] = i;
            na += law->eligible[st->flags[i]];
        }
    }
    if (prefetch)
        for (int b = 0; b < na; b++)
            prefetch_event(st, law->prefetch, batch[b]);
    // NOLINTEND(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    return na;
}

int ws_walk_split_owners(const ws_stock *st, uint32_t *batch, int n, uint32_t *rest,
                         int *nrest)
{
    int nowner = 0, nother = 0;
    // NOLINTBEGIN(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    for (int b = 0; b < n; b++) {
        uint32_t i = batch[b];
        int owner = ws_stock_tenure(st, i) == WS_TENURE_OWNER;
        batch[nowner] = i;
        nowner += owner;
        rest[nother] = i;
        nother += !owner;
    }
    // NOLINTEND(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    *nrest = nother;
    return nowner;
}

/* ---------------------------------------------------------------- vacancy lists */

int ws_walk_vacancies(const ws_stock *st, uint32_t *list, long k0, long k1, long *kept,
                      double p, gsl_rng *rng, uint32_t let[WS_WALK_CHUNK])
{
    int prefetch = st->n > PREFETCH_FROM;
    if (prefetch)
        for (long k = k0; k < k1; k++)
            prefetch_visit(st, list[k]);
    int nlet = 0;
    long nkept = *kept;
    /* As in ws_walk_next: nlet never exceeds the entries filled. */
    // NOLINTBEGIN(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    for (long k = k0; k < k1; k++) {
        uint32_t i = list[k];
        /* Still vacant (not re-let by another process, not demolished)? */
        int vacant = (st->flags[i] & (WS_F_LIFE | WS_F_OCCUPIED)) ==
                     (unsigned)WS_LIFE_STANDING << WS_F_LIFE_SHIFT;
        int taken = vacant & (ws_rng_uniform(rng) < p);
        let[nlet] = i;
        nlet += taken;
        list[nkept] = i;
        nkept += vacant & !taken;
    }
    if (prefetch)
        for (int b = 0; b < nlet; b++) {
            prefetch_energy(st, let[b]);
            prefetch_household(st, let[b]);
        }
    // NOLINTEND(clang-analyzer-core.CallAndMessage,clang-analyzer-core.uninitialized.Assign)
    *kept = nkept;
    return nlet;
}
