/* Figures per neighbourhood counted from the stock, and the liveability formula. */
#include "woonsim/figures.h"

#include <string.h>
#include "ledger.h"
#include "world_int.h"

/* The rules are ws_ledger_figures_book's, which the running totals book with too; the
 * district totals (ws_ledger_account) count the same way: a change to what counts as
 * what is made there together; tests compare them every month. */
void ws_figures_nbh(const ws_world *w, ws_figures *out)
{
    const ws_stock *st = w->st;
    memset(out, 0, (size_t)w->sc->nnbh * sizeof *out);
    for (long i = 0; i < st->n; i++)
        if (ws_stock_life(st, i) == WS_LIFE_STANDING)
            ws_ledger_figures_book(w, &out[st->nbh[i]], i, +1);
}

int ws_figures_track(ws_world *w)
{
    return ws_ledger_keep_nbh(w);
}

void ws_figures_current(const ws_world *w, ws_figures *out)
{
    if (w->nfig)
        memcpy(out, w->nfig, (size_t)w->sc->nnbh * sizeof *out);
    else
        ws_figures_nbh(w, out);
}

void ws_figures_add(ws_figures *sum, const ws_figures *f)
{
    sum->standing += f->standing;
    for (int k = 0; k < WS_NTENURE; k++)
        sum->tenure[k] += f->tenure[k];
    sum->occupied += f->occupied;
    sum->vacant += f->vacant;
    sum->substandard += f->substandard;
    sum->poor += f->poor;
    sum->poor_lihe += f->poor_lihe;
    sum->poor_lilek += f->poor_lilek;
    sum->label_b += f->label_b;
    sum->zone_private += f->zone_private;
    sum->permits += f->permits;
    sum->retrofitted += f->retrofitted;
}

/* The order of the operations is part of the CSV's bits: keep it. */
double ws_figures_liveability(const ws_liveability_params *lv, long standing, long occupied,
                              long substandard, long poor, long vacant)
{
    double n = standing ? (double)standing : 1;
    double live = lv->base - lv->w_substandard * substandard / n -
                  lv->w_poverty * poor / (occupied ? (double)occupied : 1) -
                  lv->w_vacancy * vacant / n;
    return live < 0 ? 0 : live > 10 ? 10 : live;
}
