/* Process 3b, the housing corporations' own programme (verduurzaming corporatiebezit):
 * the national performance agreements of 2022 for the social stock. E, F and G labels
 * are gone from it by a deadline, and further social dwellings are insulated at a
 * yearly pace to an end month; the works change the label and, through the ledger,
 * the tenants' energy use, costs and energy poverty (sim/MODEL.md 3.7).
 *
 * The social dwellings worse than the label the works reach are listed once, worst
 * energy index first, when the world is made; each month the programme takes the next
 * ones from the head of the list, so its cost follows the works, not the stock. */
#include "corporations.h"
#include "ledger.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ws_corp_state {
    int32_t *list;      /* social dwellings due for works, worst index first */
    long n;             /* list's length */
    long efg_end;       /* list[0 .. efg_end-1] had label E, F or G at the start */
    long next_efg;      /* list[0 .. next_efg-1] have had their turn */
    long next_other;    /* list[efg_end .. next_other-1] have had their turn */
    double per_month;   /* the insulation pace: dwellings a month */
    double owed;        /* works the pace asks for and not yet done */
};

/* The label the programme's works aim at: the better of the two targets, so that the
 * list holds every dwelling either part could take. */
static int list_label(const ws_corporation_params *cp)
{
    return cp->efg_label < cp->insulation_label ? cp->efg_label : cp->insulation_label;
}

static int due(const ws_stock *st, long i, int label)
{
    return ws_stock_life(st, i) == WS_LIFE_STANDING &&
           ws_stock_tenure(st, i) == WS_TENURE_SOCIAL &&
           ws_label_of_index(st->energy_index[i]) > label;
}

int ws_corp_alloc(ws_world *w)
{
    const ws_corporation_params *cp = &w->sc->corporations;
    const ws_stock *st = w->st;
    if (!cp->enabled)
        return WS_OK;
    ws_corp_state *s = calloc(1, sizeof *s);
    w->cp = s;
    uint32_t *pos = calloc(65536, sizeof *pos);
    if (!s || !pos)
        goto nomem;
    int label = list_label(cp);
    long social = 0;
    for (long i = 0; i < st->n; i++) {
        if (ws_stock_life(st, i) == WS_LIFE_STANDING &&
            ws_stock_tenure(st, i) == WS_TENURE_SOCIAL)
            social++;
        if (due(st, i, label)) {
            pos[st->energy_index[i]]++;
            s->n++;
        }
    }
    s->list = malloc(sizeof *s->list * (size_t)(s->n ? s->n : 1));
    if (!s->list)
        goto nomem;
    /* A counting sort, the highest index first; the E, F and G dwellings form the
     * head of the list. */
    int e_lowest = (int)floor(ws_label_upper(WS_LABEL_D)) + 1;
    long at = 0;
    for (long x = 65535; x >= 0; x--) {
        long c = pos[x];
        pos[x] = (uint32_t)at;
        at += c;
        if (x == e_lowest)
            s->efg_end = at;
    }
    for (long i = 0; i < st->n; i++)
        if (due(st, i, label))
            s->list[pos[st->energy_index[i]]++] = (int32_t)i;
    s->next_other = s->efg_end;
    s->per_month = cp->insulation_per_year * (double)social / 12.0;
    free(pos);
    return WS_OK;
nomem:
    free(pos);
    ws_corp_free(w);
    return WS_ENOMEM;
}

void ws_corp_free(ws_world *w)
{
    if (!w->cp)
        return;
    free(w->cp->list);
    free(w->cp);
    w->cp = NULL;
}

/* Works on social dwelling i to label: out of the totals, the new index, back in
 * (its energy use, cost and poverty follow). */
static void upgrade(ws_world *w, long i, int label)
{
    ws_stock *st = w->st;
    ws_ledger_account(w, i, -1);
    st->energy_index[i] = ws_label_move(st->energy_index[i], label);
    ws_ledger_account(w, i, +1);
    ws_ledger_count(w, ws_w_district(w, i), WS_I_CORPORATION_WORKS, 1);
}

/* Works on up to n dwellings of list[*next .. end-1], to label; those no longer due
 * (demolished, no longer social) are passed over. Returns the works done. */
static long works(ws_world *w, long *next, long end, long n, int label)
{
    ws_corp_state *s = w->cp;
    long done = 0;
    while (done < n && *next < end) {
        long i = s->list[(*next)++];
        if (!due(w->st, i, label))
            continue;
        upgrade(w, i, label);
        done++;
    }
    return done;
}

int ws_corp_step(ws_world *w)
{
    ws_corp_state *s = w->cp;
    const ws_corporation_params *cp = &w->sc->corporations;
    if (!s || w->month < cp->start)
        return WS_OK;
    /* The deadline: what is left of the E, F and G dwellings spread evenly over the
     * months to it (all at once from the deadline on). */
    long efg_left = s->efg_end - s->next_efg;
    long months_left = cp->efg_deadline - w->month + 1;
    long n_efg = months_left > 1 ? (efg_left + months_left - 1) / months_left : efg_left;
    works(w, &s->next_efg, s->efg_end, n_efg, cp->efg_label);
    /* The insulation pace for the other labels, on top of the deadline's works. */
    if (w->month <= cp->insulation_end) {
        s->owed += s->per_month;
        long n = (long)floor(s->owed);
        s->owed -= (double)works(w, &s->next_other, s->n, n, cp->insulation_label);
        /* Nothing left to insulate: the pace owes nothing more. */
        if (s->next_other >= s->n)
            s->owed = 0;
    }
    return WS_OK;
}
