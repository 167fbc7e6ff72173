/* The ledger: the running totals of every district, which every process books its
 * changes of a dwelling into, so that the month's indicators (sim/indicators.c) need no
 * pass over the stock. Calls down only, into the energy rules (sim/energy.h). */
#include "ledger.h"
#include "energy.h"

#include <stdlib.h>
#include <string.h>

/* Books occupied dwelling i's energy poverty (sign +1 in, -1 out) into t: each leg,
 * and the union that energy_poor shows. The LIHE leg is the stored flag. */
static inline void poverty_book(const ws_world *w, ws_totals *t, long i, int sign)
{
    int lihe = (w->st->flags[i] & WS_F_POOR) != 0, lilek = ws_energy_lilek(w, i);
    t->poor_lihe += sign * lihe;
    t->poor_lilek += sign * lilek;
    t->poor += sign * (lihe | lilek);
    t->poor_children += sign * ((lihe | lilek) & ws_stock_children(w->st, i));
}

/* Books dwelling i, if standing, (sign +1 in, -1 out) into its neighbourhood's running
 * figures and condition histogram when they are kept: -1 before a change of the
 * dwelling, +1 after (and after its energy poverty is decided). */
static inline void nbh_book(ws_world *w, long i, int sign)
{
    if (!w->nfig || ws_stock_life(w->st, i) != WS_LIFE_STANDING)
        return;
    int b = w->st->nbh[i];
    ws_ledger_figures_book(w, &w->nfig[b], i, sign);
    w->ncond_hist[(size_t)b * (size_t)w->cond_bins + w->st->condition[i]] += (uint32_t)sign;
}

int ws_ledger_keep_nbh(ws_world *w)
{
    if (w->nfig)
        return WS_OK;
    size_t nb = (size_t)w->sc->nnbh;
    w->nfig = calloc(nb + 1, sizeof *w->nfig);
    w->ncond_hist = calloc(nb * (size_t)w->cond_bins + 1, sizeof *w->ncond_hist);
    if (!w->nfig || !w->ncond_hist) {
        free(w->nfig);
        free(w->ncond_hist);
        w->nfig = NULL;
        w->ncond_hist = NULL;
        return WS_ENOMEM;
    }
    for (long i = 0; i < w->st->n; i++)
        nbh_book(w, i, +1);
    return WS_OK;
}

/* The district's half of ws_ledger_account. */
static inline void district_account(ws_world *w, long i, int sign)
{
    ws_stock *st = w->st;
    if (ws_stock_life(st, i) != WS_LIFE_STANDING)
        return;
    int d = ws_w_district(w, i);
    ws_totals *t = &w->tot[d];
    unsigned f = st->flags[i], tenure = ws_stock_tenure(st, i), cond = st->condition[i];
    int occupied = (f & WS_F_OCCUPIED) != 0;
    t->standing += sign;
    t->tenure[tenure] += sign;
    t->occupied += sign * occupied;
    t->vacant += sign * !occupied;
    t->substandard += sign * ws_ledger_substandard(w, i);
    w->cond_hist[(size_t)d * (size_t)w->cond_bins + cond] += (uint32_t)sign;
    t->label_b += sign * (st->energy_index[i] <= w->label_b_max);
    int zone_private = (f & WS_F_ZONE) && tenure == WS_TENURE_PRIVATE;
    t->zone_private += sign * zone_private;
    t->permits += sign * (zone_private && (f & WS_F_PERMIT));
    if (!occupied)
        return;
    long gas, elec, heat;
    ws_energy_use(w, i, &gas, &elec, &heat);
    t->gas += sign * gas;
    t->elec += sign * elec;
    t->heat += sign * heat;
    /* The poverty flag is decided when the dwelling enters the totals, so that taking
     * it out again removes exactly what was added. */
    if (sign > 0)
        ws_energy_decide_poverty(w, i, gas, elec, heat);
    poverty_book(w, t, i, sign);
}

void ws_ledger_account(ws_world *w, long i, int sign)
{
    if (sign < 0)
        nbh_book(w, i, -1);
    district_account(w, i, sign);
    if (sign > 0)
        nbh_book(w, i, +1);
}

/* The new household's half of a move into standing dwelling i, whose old household
 * (if any) is already out of the poverty totals. */
static void move_in(ws_world *w, long i)
{
    ws_stock *st = w->st;
    ws_totals *t = &w->tot[ws_w_district(w, i)];
    long gas, elec, heat;
    ws_energy_use(w, i, &gas, &elec, &heat);
    if (!(st->flags[i] & WS_F_OCCUPIED)) {
        t->occupied++;
        t->vacant--;
        t->gas += gas;
        t->elec += elec;
        t->heat += heat;
        st->flags[i] |= WS_F_OCCUPIED;
    }
    ws_energy_decide_poverty(w, i, gas, elec, heat);
    poverty_book(w, t, i, +1);
}

void ws_ledger_rehouse(ws_world *w, long i, gsl_rng *rng)
{
    nbh_book(w, i, -1);
    /* the old household's energy poverty out before its income is replaced */
    if (w->st->flags[i] & WS_F_OCCUPIED)
        poverty_book(w, &w->tot[ws_w_district(w, i)], i, -1);
    ws_stock_draw_household(w->st, w->sc, i, rng);
    move_in(w, i);
    nbh_book(w, i, +1);
}

void ws_ledger_moved_in(ws_world *w, long i)
{
    /* vacant until now: its figures do not depend on the household drawn already */
    nbh_book(w, i, -1);
    move_in(w, i);
    nbh_book(w, i, +1);
}

void ws_ledger_vacate(ws_world *w, int d, long i)
{
    ws_stock *st = w->st;
    ws_totals *t = &w->tot[d];
    long gas, elec, heat;
    nbh_book(w, i, -1);
    ws_energy_use(w, i, &gas, &elec, &heat);
    t->occupied--;
    t->vacant++;
    t->gas -= gas;
    t->elec -= elec;
    t->heat -= heat;
    poverty_book(w, t, i, -1);
    /* Its review year stays: the yearly review passes over a vacant dwelling (which
     * saves a write to memory on a large stock). */
    st->flags[i] &= (uint8_t)~(WS_F_OCCUPIED | WS_F_POOR);
    nbh_book(w, i, +1);
}

/* Stores condition value stored (units + decay offset) for standing dwelling i of
 * district d, keeping its district's histogram and substandard count. */
static inline void condition_store(ws_world *w, int d, long i, uint16_t stored)
{
    ws_stock *st = w->st;
    ws_totals *t = &w->tot[d];
    uint32_t *hist = w->cond_hist + (size_t)d * (size_t)w->cond_bins;
    uint16_t old = st->condition[i];
    int was = ws_ledger_substandard(w, i);
    hist[old]--;
    st->condition[i] = stored;
    hist[stored]++;
    int now = ws_ledger_substandard(w, i);
    t->substandard += now - was;
    if (w->nfig) {
        /* of a neighbourhood's figures only these depend on the condition (the hottest
         * booking: maintenance raises many conditions a month) */
        int b = st->nbh[i];
        uint32_t *nhist = w->ncond_hist + (size_t)b * (size_t)w->cond_bins;
        nhist[old]--;
        nhist[stored]++;
        w->nfig[b].substandard += now - was;
    }
}

void ws_ledger_set_condition(ws_world *w, int d, long i, int condition)
{
    ws_stock *st = w->st;
    condition = condition < 0 ? 0 : condition > 255 ? 255 : condition;
    uint16_t stored = (uint16_t)(condition + st->decay_offset);
    if (ws_stock_life(st, i) != WS_LIFE_STANDING)
        st->condition[i] = stored;
    else
        condition_store(w, d, i, stored);
}

void ws_ledger_raise_condition(ws_world *w, int d, long i, int condition)
{
    ws_stock *st = w->st;
    unsigned old = st->condition[i], fresh = (unsigned)(condition + st->decay_offset);
    /* fresh > old in stored units is the comparison in condition units (both carry the
     * offset; a stored value below the offset, a condition decayed below 0, is lower
     * than any fresh one, as 0 units is not above the clamped 0). Not better: the old
     * value is stored again and the histogram's -1 and +1 cancel. */
    unsigned better = (fresh > old) & (condition > 0);
    condition_store(w, d, i, (uint16_t)(old ^ ((old ^ fresh) & (0u - better))));
}

void ws_ledger_decay(ws_world *w, int units)
{
    ws_stock *st = w->st;
    if (units <= 0)
        return;
    if (st->decay_offset + units + 256 > w->cond_bins)
        units = w->cond_bins - 256 - st->decay_offset; /* beyond the run's horizon */
    int from = w->cond_cut + st->decay_offset, to = from + units;
    for (int d = 0; d < w->nd; d++) {
        const uint32_t *hist = w->cond_hist + (size_t)d * (size_t)w->cond_bins;
        long crossed = 0;
        for (int b = from; b < to && b < w->cond_bins; b++)
            crossed += hist[b];
        w->tot[d].substandard += crossed;
    }
    for (int b = 0; w->nfig && b < w->sc->nnbh; b++) {
        const uint32_t *hist = w->ncond_hist + (size_t)b * (size_t)w->cond_bins;
        for (int c = from; c < to && c < w->cond_bins; c++)
            w->nfig[b].substandard += hist[c];
    }
    st->decay_offset += units;
}

void ws_ledger_set_permit(ws_world *w, long i, int on)
{
    ws_stock *st = w->st;
    if (!(st->flags[i] & WS_F_PERMIT) == !on)
        return;
    nbh_book(w, i, -1);
    st->flags[i] ^= WS_F_PERMIT;
    nbh_book(w, i, +1);
    if ((st->flags[i] & WS_F_ZONE) && ws_stock_life(st, i) == WS_LIFE_STANDING &&
        ws_stock_tenure(st, i) == WS_TENURE_PRIVATE)
        w->tot[ws_w_district(w, i)].permits += on ? 1 : -1;
}

void ws_ledger_rebuild(ws_world *w)
{
    memset(w->tot, 0, sizeof *w->tot * (size_t)w->nd);
    memset(w->cond_hist, 0, sizeof *w->cond_hist * (size_t)w->nd * (size_t)w->cond_bins);
    if (w->nfig) {
        memset(w->nfig, 0, sizeof *w->nfig * (size_t)w->sc->nnbh);
        memset(w->ncond_hist, 0,
               sizeof *w->ncond_hist * (size_t)w->sc->nnbh * (size_t)w->cond_bins);
    }
    for (long i = 0; i < w->st->n; i++)
        ws_ledger_account(w, i, +1);
}
