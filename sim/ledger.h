/* The ledger (sim/ledger.c): the running totals of each district, kept exact on every
 * change of a dwelling, and the month's event counts. Every process books into it; it
 * calls nothing above it. Internal to the core. */
#ifndef WOONSIM_LEDGER_H
#define WOONSIM_LEDGER_H

#include <gsl/gsl_rng.h>

#include "energy.h"
#include "world_int.h"

/* Running totals of one district, kept up to date on every change of a dwelling. */
struct ws_totals {
    long standing, occupied, vacant, substandard, poor, zone_private, permits, label_b;
    long tenure[WS_NTENURE];
    /* energy poverty's two legs (MODEL.md 3.2); poor above counts their union */
    long poor_lihe, poor_lilek;
    long poor_children;        /* energy-poor households with children (ws_stock_children) */
    long long gas, elec, heat; /* m3, kWh, m3 gas-equivalent of district heat, per year */
};

/* 1 if dwelling i counts as substandard (the one place the rule is written): its
 * condition in 1/255 units is below cond_cut = ceil(threshold x 255). */
static inline int ws_ledger_substandard(const ws_world *w, long i)
{
    return (int)w->st->condition[i] < w->cond_cut + w->st->decay_offset;
}

/* Adds (sign +1) or removes (sign -1) standing dwelling i's counts to f: the one place
 * the rules of a neighbourhood's figures are written (ws_figures_nbh counts the stock
 * with it, the running neighbourhood totals book with it). */
static inline void ws_ledger_figures_book(const ws_world *w, ws_figures *f, long i, int sign)
{
    const ws_stock *st = w->st;
    unsigned flags = st->flags[i];
    int tenure = ws_stock_tenure(st, i);
    int occupied = (flags & WS_F_OCCUPIED) != 0;
    int zone_private = (flags & WS_F_ZONE) && tenure == WS_TENURE_PRIVATE;
    int lihe = occupied && (flags & WS_F_POOR);
    int lilek = occupied && ws_energy_lilek(w, i);
    f->standing += sign;
    f->tenure[tenure] += sign;
    f->occupied += sign * occupied;
    f->vacant += sign * !occupied;
    f->substandard += sign * ws_ledger_substandard(w, i);
    f->poor += sign * (lihe || lilek);
    f->poor_lihe += sign * lihe;
    f->poor_lilek += sign * lilek;
    f->label_b += sign * (st->energy_index[i] <= w->label_b_max);
    f->zone_private += sign * zone_private;
    f->permits += sign * (zone_private && (flags & WS_F_PERMIT));
    f->retrofitted += sign * (st->retrofit[i] == WS_RETRO_DONE);
}

/* Starts keeping w's neighbourhood figures as running totals (w->nfig, counted now from
 * the stock; every booking below keeps them from then on). Returns WS_OK, or WS_ENOMEM
 * with nothing kept. */
int ws_ledger_keep_nbh(ws_world *w);

/* Adds (sign +1) or removes (sign -1) dwelling i's contribution to its district's
 * totals. Call with -1 before changing a standing dwelling and +1 after. Entering the
 * totals, an occupied dwelling's energy poverty is decided (sim/energy.c). */
void ws_ledger_account(ws_world *w, long i, int sign);

/* A new household (drawn from rng) moves into standing dwelling i, occupied or vacant
 * before; nothing else about the dwelling changes. The same as ws_ledger_account -1,
 * setting the occupied flag and the household, +1, but with one energy computation. */
void ws_ledger_rehouse(ws_world *w, long i, gsl_rng *rng);

/* ws_ledger_rehouse in two halves, for moves into a vacant dwelling handled in a
 * batch: the households drawn first (ws_stock_draw_household), then for each the rest
 * of the move (ws_ledger_moved_in). Only into a vacant dwelling: the totals' energy
 * poverty of an occupied one depends on the household the draw replaced. The second
 * half of one move does not wait for the draws of the next: the processor overlaps the
 * moves' long chains of dependent arithmetic. */
/* ws_ledger_rehouse in two halves, for moves handled in a batch: the households drawn
 * first (ws_stock_draw_household), then for each the rest of the move
 * (ws_ledger_moved_in). Only into a vacant dwelling: in an occupied one the drawn
 * household would replace one still counted (its type is gone); ws_ledger_rehouse
 * takes the old one out first. The second half of one move does not wait for the draws of the
 * next: the processor overlaps the moves' long chains of dependent arithmetic. */
void ws_ledger_moved_in(ws_world *w, long i);

/* The household of standing, occupied dwelling i of district d moves out (the totals
 * follow). */
void ws_ledger_vacate(ws_world *w, int d, long i);

/* Sets the condition of dwelling i of district d (0..255 units, clipped), keeping the
 * totals exact; cheaper than a full ws_ledger_account pair because only the substandard
 * count and the condition histogram depend on it. The caller passes d (the market's
 * walks know it: on a large stock looking it up is a cache miss). */
void ws_ledger_set_condition(ws_world *w, int d, long i, int condition);

/* The same for a standing dwelling i and a condition in 0..255 units, but only if that
 * is better than its condition now; without a branch on the comparison, whose outcome
 * is a coin toss (maintenance). */
void ws_ledger_raise_condition(ws_world *w, int d, long i, int condition);

/* A year's decay of every dwelling's condition by units (1/255): one addition to the
 * stock's offset, and the dwellings that cross the threshold are counted from the
 * per-district histogram of stored conditions. */
void ws_ledger_decay(ws_world *w, int units);

/* Sets (on 1) or clears (on 0) dwelling i's permit flag. Of a dwelling's totals only
 * the permit count depends on it, so that count is kept directly instead of taking the
 * whole dwelling out and back in. */
void ws_ledger_set_permit(ws_world *w, long i, int on);

/* Recounts the totals and the condition histogram from the stock (deciding every
 * occupied dwelling's energy poverty at the current prices). Cannot fail. */
void ws_ledger_rebuild(ws_world *w);

/* Records n events of indicator k in district d this month. Flow indicators show the
 * month's sum, cumulative ones the sum since start; a state indicator that is not
 * derived from the totals (a queue length) is kept by counting its changes (+1, -1). */
static inline void ws_ledger_count(ws_world *w, int d, int k, double n)
{
    w->flow[d * WS_NIND + k] += n;
}

#endif
