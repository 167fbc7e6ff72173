/* Figures per neighbourhood counted from the stock, and the liveability formula. */
#include "woonsim/figures.h"

#include <string.h>
#include "energy.h"
#include "ledger.h"
#include "world_int.h"

/* The same definitions as the running totals (ws_ledger_account): a change to what counts
 * as what is made there and here together; tests compare the two every month. */
void ws_figures_nbh(const ws_world *w, ws_figures *out)
{
    const ws_stock *st = w->st;
    memset(out, 0, (size_t)w->sc->nnbh * sizeof *out);
    for (long i = 0; i < st->n; i++) {
        if (ws_stock_life(st, i) != WS_LIFE_STANDING)
            continue;
        ws_figures *f = &out[st->nbh[i]];
        unsigned flags = st->flags[i];
        int tenure = ws_stock_tenure(st, i);
        int occupied = (flags & WS_F_OCCUPIED) != 0;
        int zone_private = (flags & WS_F_ZONE) && tenure == WS_TENURE_PRIVATE;
        f->standing++;
        f->tenure[tenure]++;
        f->occupied += occupied;
        f->vacant += !occupied;
        f->substandard += ws_ledger_substandard(w, i);
        int lihe = occupied && (flags & WS_F_POOR);
        int lilek = occupied && ws_energy_lilek(w, i);
        f->poor += lihe || lilek;
        f->poor_lihe += lihe;
        f->poor_lilek += lilek;
        f->label_b += st->energy_index[i] <= w->label_b_max;
        f->zone_private += zone_private;
        f->permits += zone_private && (flags & WS_F_PERMIT);
        f->retrofitted += st->retrofit[i] == WS_RETRO_DONE;
    }
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
