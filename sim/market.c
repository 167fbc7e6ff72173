/* Process 4: tenure and market transitions.
 *
 * Monthly, per district: sales of owner-occupied homes (a new household moves in; a
 * share is bought by landlords and becomes private rent, except where the buy-to-let
 * protection applies), tenancies of rented homes ending (vacancy) and re-letting after
 * a geometric vacancy, and corporation demolition outside the woondeal projects.
 * Yearly, in January: housing condition decays and some owners maintain.
 *
 * Event counts are drawn as binomials from the district's running totals and the
 * dwellings are then picked at random from the district (rejection on tenure and
 * lifecycle), so the monthly cost grows with the number of events, not the stock. */
#include "world_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#define PICK_TRIES 1000

struct ws_market_state {
    uint32_t *by_district; /* dwelling ids grouped by district (stock < 2^32) */
    long *first, *count;   /* slice of each district */
    uint32_t *vacant;      /* vacant dwellings (unordered) */
    long nvacant;
    uint32_t next_landlord;
};

int ws_market_alloc(ws_world *w)
{
    ws_market_state *m = calloc(1, sizeof *m);
    if (!m)
        return WS_ENOMEM;
    w->mk = m;
    ws_stock *st = w->st;
    size_t cap = (size_t)(st->cap > 0 ? st->cap : 1);
    m->by_district = malloc(cap * sizeof *m->by_district);
    m->vacant = malloc(cap * sizeof *m->vacant);
    m->first = calloc((size_t)w->nd + 1, sizeof *m->first);
    m->count = calloc((size_t)w->nd + 1, sizeof *m->count);
    if (!m->by_district || !m->vacant || !m->first || !m->count)
        return WS_ENOMEM;
    /* Counting sort of every dwelling (the woondeal's planned ones included) by district. */
    for (long i = 0; i < st->n; i++)
        m->count[ws_w_district(w, i)]++;
    for (int d = 1; d <= w->nd; d++)
        m->first[d] = m->first[d - 1] + m->count[d - 1];
    long *fill = calloc((size_t)w->nd + 1, sizeof *fill);
    if (!fill)
        return WS_ENOMEM;
    for (long i = 0; i < st->n; i++) {
        int d = ws_w_district(w, i);
        m->by_district[m->first[d] + fill[d]++] = (uint32_t)i;
    }
    free(fill);
    for (long i = 0; i < st->n; i++)
        if (st->landlord[i] > m->next_landlord)
            m->next_landlord = st->landlord[i];
    return WS_OK;
}

void ws_market_free(ws_world *w)
{
    if (!w->mk)
        return;
    free(w->mk->by_district);
    free(w->mk->vacant);
    free(w->mk->first);
    free(w->mk->count);
    free(w->mk);
    w->mk = NULL;
}

/* A random standing dwelling of district d with this tenure (and occupied if asked),
 * or -1 after PICK_TRIES misses. */
static long pick(ws_world *w, int d, int tenure, int occupied)
{
    const ws_market_state *m = w->mk;
    const ws_stock *st = w->st;
    if (m->count[d] == 0)
        return -1;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    for (int t = 0; t < PICK_TRIES; t++) {
        long i = m->by_district[m->first[d] + (long)gsl_rng_uniform_int(rng, (unsigned long)m->count[d])];
        if (st->life[i] == WS_LIFE_STANDING && (tenure < 0 || st->tenure[i] == tenure) &&
            (!occupied || (st->flags[i] & WS_F_OCCUPIED)))
            return i;
    }
    return -1;
}

static void sales(ws_world *w, int d)
{
    const ws_market *mk = &w->sc->market;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    unsigned n = gsl_ran_binomial(rng, mk->sale_rate / 12,
                                  (unsigned)w->tot[d].tenure[WS_TENURE_OWNER]);
    /* The protection forbids renting out a home bought in the named districts (WOZ up to
     * EUR 260,000, nearly the whole stock here) for four years: no buy-to-let there. */
    int protected_ = mk->protection_district[d] && w->month >= mk->protection_start;
    for (unsigned k = 0; k < n; k++) {
        long i = pick(w, d, WS_TENURE_OWNER, 1);
        if (i < 0)
            break;
        ws_w_account(w, i, -1);
        if (!protected_ && gsl_rng_uniform(rng) < mk->buy_to_let_share) {
            st->tenure[i] = WS_TENURE_PRIVATE;
            st->landlord[i] = ++w->mk->next_landlord;
            st->flags[i] &= (uint8_t)~WS_F_PERMIT;
            ws_w_count(w, d, WS_I_BUY_TO_LET, 1);
        }
        st->bought[i] = (int16_t)(w->month - w->sc->start);
        ws_stock_draw_household(st, w->sc, i, rng);
        ws_w_account(w, i, +1);
        ws_w_count(w, d, WS_I_SALES, 1);
    }
}

static void tenancies(ws_world *w, int d)
{
    ws_market_state *m = w->mk;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    const ws_totals *t = &w->tot[d];
    long rented = t->tenure[WS_TENURE_SOCIAL] + t->tenure[WS_TENURE_PRIVATE] - t->vacant;
    unsigned n = gsl_ran_binomial(rng, w->sc->market.vacancy_rate / 12,
                                  (unsigned)(rented > 0 ? rented : 0));
    for (unsigned k = 0; k < n; k++) {
        long i = pick(w, d, gsl_rng_uniform(rng) * (t->tenure[WS_TENURE_SOCIAL] +
                                                    t->tenure[WS_TENURE_PRIVATE]) <
                                    t->tenure[WS_TENURE_SOCIAL]
                                ? WS_TENURE_SOCIAL
                                : WS_TENURE_PRIVATE,
                      1);
        if (i < 0)
            continue;
        ws_w_account(w, i, -1);
        st->flags[i] &= (uint8_t)~WS_F_OCCUPIED;
        ws_w_account(w, i, +1);
        m->vacant[m->nvacant++] = (uint32_t)i;
    }
}

static void corporation_demolition(ws_world *w, int d)
{
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    unsigned n = gsl_ran_binomial(rng, w->sc->market.corp_demolition / 12,
                                  (unsigned)w->tot[d].tenure[WS_TENURE_SOCIAL]);
    for (unsigned k = 0; k < n; k++) {
        long i = pick(w, d, WS_TENURE_SOCIAL, 0);
        if (i < 0)
            break;
        ws_w_account(w, i, -1);
        st->life[i] = WS_LIFE_DEMOLISHED;
        st->flags[i] &= (uint8_t)~WS_F_OCCUPIED;
        ws_w_count(w, d, WS_I_DEMOLITIONS, 1);
    }
}

/* Re-letting: each vacant dwelling finds a tenant with probability 1/relet_months. */
static void relet(ws_world *w)
{
    ws_market_state *m = w->mk;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    double p = w->sc->market.relet_months > 1 ? 1 / w->sc->market.relet_months : 1;
    for (long k = 0; k < m->nvacant;) {
        long i = m->vacant[k];
        int gone = st->life[i] != WS_LIFE_STANDING || (st->flags[i] & WS_F_OCCUPIED);
        if (!gone && gsl_rng_uniform(rng) < p) {
            ws_w_account(w, i, -1);
            st->flags[i] |= WS_F_OCCUPIED;
            ws_stock_draw_household(st, w->sc, i, rng);
            ws_w_account(w, i, +1);
            gone = 1;
        }
        if (gone)
            m->vacant[k] = m->vacant[--m->nvacant];
        else
            k++;
    }
}

/* Yearly: condition decays; with the tenure's maintenance probability it is restored to
 * a fresh draw around the tenure's mean (if that is better). */
static void condition_year(ws_world *w)
{
    ws_stock *st = w->st;
    const ws_quality *q = &w->sc->quality;
    gsl_rng *rng = w->rng[WS_RNG_MARKET];
    int decay = (int)lround(255 * q->decay_per_year);
    for (long i = 0; i < st->n; i++) {
        if (st->life[i] != WS_LIFE_STANDING)
            continue;
        int c = st->condition[i] - decay;
        int t = st->tenure[i];
        if (gsl_rng_uniform(rng) < q->maintenance[t]) {
            double fresh = q->mean[t] + q->sd[t] * gsl_ran_ugaussian(rng);
            int f = (int)lround(255 * (fresh < 0 ? 0 : fresh > 1 ? 1 : fresh));
            if (f > c)
                c = f;
        }
        ws_w_set_condition(w, i, c);
    }
}

int ws_market_step(ws_world *w)
{
    if (ws_month_of_year(w->month) == 1 && w->month != w->sc->start)
        condition_year(w);
    relet(w);
    for (int d = 0; d < w->nd; d++) {
        sales(w, d);
        tenancies(w, d);
        corporation_demolition(w, d);
    }
    return WS_OK;
}
