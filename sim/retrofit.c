/* Process 3, the retrofit programme (verduurzaming): offers to homeowners, Bass-type
 * adoption per neighbourhood times an economic factor, drop-out, a contractor queue,
 * works, and the change of label, heating and energy use on completion.
 *
 * Everything that grows with the run is allocated in ws_retrofit_alloc: the ranked list
 * of eligible dwellings and one slot per offer (slot j = the j-th offer made). The
 * monthly step walks only the lists of undecided, waiting and working offers, so its
 * cost follows the programme, not the size of the stock. The model and its parameters
 * are described in sim/MODEL.md (retrofit section). */
#include "world_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* The economic factor e = exp(s * g), g = -(P - P_ref)/tau_P - (c - c_ref)/tau_c, with P
 * the payback time of the net cost (years) and c the owner's own cash as a share of a
 * year's household income. The references are the median of the default scenario's
 * offered homes at the pilot's terms (80 % up to EUR 12,000) and 2024 prices, so that
 * p and q, fitted to the pilot, hold for the median home; the scales are estimates. */
static const double payback_ref = 4.0;    /* years */
static const double cash_ref = 0.10;      /* share of yearly income */
static const double payback_scale = 10.0; /* years: e falls by 1/e per 10 years more */
static const double cash_scale = 0.25;    /* own cash of a quarter year's income: 1/e */
/* Savings below this (EUR/yr) count as this, so that payback stays finite. */
static const double min_saving = 50.0;
static const double min_income = 5000.0;
/* Warmtefonds (national heat fund) loan: 0 % interest up to EUR 27,000 for household
 * incomes up to EUR 60,000 (leeuwarden-oost.md). */
static const double loan_income_limit = 60000.0;
static const double loan_max = 27000.0;
/* The bottom of the energy index scale (sim/stock.c), the lower edge of label A. */
static const double label_a_floor = 40.0;

struct ws_retrofit_state {
    long ncand, next_cand;   /* eligible dwellings at the start, in offer order */
    int32_t *cand;
    long nslots, noffered;   /* offers possible and made */
    long noffered_private;   /* of which to private-landlord homes */
    int32_t *dw;             /* per slot: the dwelling */
    int32_t *offer_month;    /* per slot: month of the offer */
    int32_t *works_end;      /* per slot: month the works end */
    uint8_t *pkg;            /* per slot: the package chosen */
    int32_t *und;            /* undecided slots */
    long nund;
    int32_t *fresh;          /* slots that adopted this month */
    double *e;               /* economic factor of each slot, as of e_year */
    int16_t *e_year;
    long nfresh;
    int32_t *queue;          /* slots waiting for a contractor, FIFO in [qhead, qtail) */
    long qhead, qtail;
    int32_t *works;          /* slots with works under way */
    long nworks;
    long *adopters, *offered; /* per neighbourhood: A and M of the Bass hazard */
    long long budget, committed; /* subsidy in whole euros */
};

/* ---------------------------------------------------------------- helpers */

static int tenure_eligible(const ws_retrofit *r, int tenure)
{
    return tenure == WS_TENURE_OWNER || (r->include_private && tenure == WS_TENURE_PRIVATE);
}

static int eligible_at_start(const ws_world *w, long i)
{
    const ws_stock *st = w->st;
    const ws_retrofit *r = &w->sc->retrofit;
    return st->life[i] == WS_LIFE_STANDING && tenure_eligible(r, st->tenure[i]) &&
           r->district_on[ws_w_district(w, i)];
}

/* Grant for a package of this cost: share of the cost up to the maximum, in whole euros,
 * and never more than what is left of the budget. */
static long long grant_for(const ws_retrofit *r, double cost, long long left)
{
    double g = floor(fmin(r->subsidy_share * cost, r->subsidy_max));
    long long n = g > 0 ? (long long)g : 0;
    return n < left ? n : left > 0 ? left : 0;
}

static double label_lower(int label)
{
    return label > WS_LABEL_A ? ws_label_upper(label - 1) : label_a_floor;
}

/* Energy index after a package: label_steps bands better, and at least min_label, at
 * the same relative position inside the new band as inside the old; then gas_saving
 * lowers the heat demand (the index) by that further share. */
static uint16_t after_index(uint16_t idx, const ws_package *pk)
{
    int from = ws_label_of_index(idx);
    int to = from - pk->label_steps;
    if (to > pk->min_label)
        to = pk->min_label;
    if (to < WS_LABEL_A)
        to = WS_LABEL_A;
    double v = idx;
    if (to < from) {
        double lo = label_lower(from), hi = ws_label_upper(from);
        double f = (v - lo) / (hi - lo);
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        double lo2 = label_lower(to), hi2 = ws_label_upper(to);
        long n = ws_round(lo2 + f * (hi2 - lo2));
        /* Band edges are whole numbers; a label covers (lower, upper]. */
        if (n <= (long)lo2)
            n = (long)lo2 + 1;
        if (n > (long)hi2)
            n = (long)hi2;
        v = (double)n;
    }
    long n = ws_round(v * (1 - pk->gas_saving));
    return (uint16_t)(n < 1 ? 1 : n > 65535 ? 65535 : n);
}

/* Yearly energy cost of dwelling i at the current prices. */
static double energy_cost(const ws_world *w, long i)
{
    long gas, elec, heat;
    ws_w_energy(w, i, &gas, &elec, &heat);
    return (double)(gas + heat) * w->gas_price + (double)elec * w->elec_price;
}

/* The economic factor of dwelling i (see the constants above), from the share-weighted
 * net cost and saving of the packages, the grant the budget still allows, the household
 * income and the loan. Private landlords have no income in the model and no Warmtefonds
 * loan: for them only the payback counts (the rent follows the better label). */
static double economic_factor(ws_world *w, long i, long long budget_left)
{
    const ws_retrofit *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    double before = energy_cost(w, i);
    uint16_t idx = st->energy_index[i];
    uint8_t heat = st->heating[i];
    double net = 0, saving = 0;
    for (int k = 0; k < r->npackages; k++) {
        const ws_package *pk = &r->packages[k];
        if (pk->share <= 0)
            continue;
        double cost = pk->cost[st->type[i]];
        net += pk->share * (cost - (double)grant_for(r, cost, budget_left));
        /* The energy after the works, with the dwelling changed for a moment only: the
         * running totals are not touched, and the original is restored at once. */
        st->energy_index[i] = after_index(idx, pk);
        if (pk->heating >= 0)
            st->heating[i] = (uint8_t)pk->heating;
        saving += pk->share * (before - energy_cost(w, i));
        st->energy_index[i] = idx;
        st->heating[i] = heat;
    }
    double payback = net / fmax(saving, min_saving);
    double g = -(payback - payback_ref) / payback_scale;
    if (st->tenure[i] == WS_TENURE_OWNER) {
        double income = 10.0 * st->income[i];
        double loan = income <= loan_income_limit ? fmin(r->loan_uptake * net, loan_max) : 0;
        double cash = (net - loan) / fmax(income, min_income);
        g -= (cash - cash_ref) / cash_scale;
    }
    return exp(r->economic_sensitivity * g);
}

/* ---------------------------------------------------------------- life cycle */

/* Orders the eligible dwellings cand[0..n-1] by the scenario's rule: worst energy index
 * first, at random, or in waves by neighbourhood (the worst mean index first). A bucket
 * sort on the key (energy index or wave) with a random order inside each bucket, so
 * ties are broken at random and the memory is the candidate list itself. Returns WS_OK
 * or WS_ENOMEM. */
static int rank_candidates(ws_world *w, int32_t *cand, long n)
{
    const ws_scenario *sc = w->sc;
    const ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_RETROFIT];
    int order = sc->retrofit.order;
    if (order == 1) {
        gsl_ran_shuffle(rng, cand, (size_t)n, sizeof *cand);
        return WS_OK;
    }
    /* Bucket keys: 65535 - energy index (worst first), or the neighbourhood's wave. */
    long nkeys = order == 2 ? sc->nnbh : 65536;
    long *start = calloc((size_t)nkeys + 1, sizeof *start);
    int32_t *out = malloc(sizeof *out * (size_t)(n ? n : 1));
    long *wave = order == 2 ? calloc((size_t)sc->nnbh + 1, sizeof *wave) : NULL;
    if (!start || !out || (order == 2 && !wave)) {
        free(start);
        free(out);
        free(wave);
        return WS_ENOMEM;
    }
    if (order == 2) {
        /* Waves: neighbourhoods by their candidates' mean energy index, worst first. */
        double *sum = calloc((size_t)sc->nnbh + 1, sizeof *sum);
        long *cnt = calloc((size_t)sc->nnbh + 1, sizeof *cnt);
        if (!sum || !cnt) {
            free(sum);
            free(cnt);
            free(start);
            free(out);
            free(wave);
            return WS_ENOMEM;
        }
        for (long k = 0; k < n; k++) {
            sum[st->nbh[cand[k]]] += st->energy_index[cand[k]];
            cnt[st->nbh[cand[k]]]++;
        }
        for (int b = 0; b < sc->nnbh; b++) {
            /* Rank b by counting the neighbourhoods that come before it. */
            double mb = cnt[b] ? sum[b] / (double)cnt[b] : 0;
            long r = 0;
            for (int c = 0; c < sc->nnbh; c++) {
                double mc = cnt[c] ? sum[c] / (double)cnt[c] : 0;
                r += mc > mb || (mc == mb && c < b);
            }
            wave[b] = r;
        }
        free(sum);
        free(cnt);
    }
    for (long k = 0; k < n; k++) {
        long key = order == 2 ? wave[st->nbh[cand[k]]] : 65535 - st->energy_index[cand[k]];
        start[key + 1]++;
    }
    for (long key = 0; key < nkeys; key++)
        start[key + 1] += start[key];
    for (long k = 0; k < n; k++) {
        long key = order == 2 ? wave[st->nbh[cand[k]]] : 65535 - st->energy_index[cand[k]];
        out[start[key]++] = cand[k];
    }
    /* start[key] now ends bucket key; shuffle each bucket. */
    long from = 0;
    for (long key = 0; key < nkeys; key++) {
        if (start[key] - from > 1)
            gsl_ran_shuffle(rng, out + from, (size_t)(start[key] - from), sizeof *out);
        from = start[key];
    }
    memcpy(cand, out, sizeof *cand * (size_t)n);
    free(out);
    free(start);
    free(wave);
    return WS_OK;
}

int ws_retrofit_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    const ws_retrofit *r = &sc->retrofit;
    ws_retrofit_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->rf = s;
    if (!r->enabled || r->offers <= 0 || r->npackages == 0)
        return WS_OK;
    const ws_stock *st = w->st;
    long n = 0;
    for (long i = 0; i < st->n; i++)
        n += eligible_at_start(w, i);
    s->cand = malloc((size_t)(n ? n : 1) * sizeof *s->cand);
    if (!s->cand)
        return WS_ENOMEM;
    for (long i = 0, k = 0; i < st->n; i++)
        if (eligible_at_start(w, i))
            s->cand[k++] = (int32_t)i;
    if (rank_candidates(w, s->cand, n) != WS_OK)
        return WS_ENOMEM;
    s->ncand = n;
    s->nslots = n < r->offers ? n : r->offers;
    size_t m = (size_t)(s->nslots ? s->nslots : 1);
    s->dw = malloc(m * sizeof *s->dw);
    s->offer_month = malloc(m * sizeof *s->offer_month);
    s->works_end = malloc(m * sizeof *s->works_end);
    s->pkg = malloc(m * sizeof *s->pkg);
    s->und = malloc(m * sizeof *s->und);
    s->fresh = malloc(m * sizeof *s->fresh);
    s->e = malloc(m * sizeof *s->e);
    s->e_year = malloc(m * sizeof *s->e_year);
    s->queue = malloc(m * sizeof *s->queue);
    s->works = malloc(m * sizeof *s->works);
    s->adopters = calloc((size_t)sc->nnbh + 1, sizeof *s->adopters);
    s->offered = calloc((size_t)sc->nnbh + 1, sizeof *s->offered);
    if (!s->dw || !s->offer_month || !s->works_end || !s->pkg || !s->und || !s->fresh ||
        !s->e || !s->e_year ||
        !s->queue || !s->works || !s->adopters || !s->offered)
        return WS_ENOMEM;
    /* Whole euros: the budget test is exact, so spent never exceeds it by a rounding. */
    s->budget = r->budget < 9e15 ? (long long)floor(r->budget) : (long long)9e15;
    return WS_OK;
}

void ws_retrofit_free(ws_world *w)
{
    ws_retrofit_state *s = w->rf;
    if (!s)
        return;
    free(s->cand);
    free(s->dw);
    free(s->offer_month);
    free(s->works_end);
    free(s->pkg);
    free(s->und);
    free(s->fresh);
    free(s->e);
    free(s->e_year);
    free(s->queue);
    free(s->works);
    free(s->adopters);
    free(s->offered);
    free(s);
    w->rf = NULL;
}

/* ---------------------------------------------------------------- the month */

/* Offers of this month: month k of the offer period brings the cumulative count to
 * n(k+1)/offer_months, so offers are spread evenly (and months before the run's start are
 * caught up in its first month). A ranked dwelling that is gone or has changed to an
 * ineligible tenure is passed over for the next one. */
static void make_offers(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    long k = (long)w->month - r->start;
    if (k < 0)
        return;
    if (k >= r->offer_months)
        k = r->offer_months - 1;
    long target = (long)((long long)s->nslots * (k + 1) / r->offer_months);
    while (s->noffered < target && s->next_cand < s->ncand) {
        long i = s->cand[s->next_cand++];
        if (st->life[i] != WS_LIFE_STANDING || !tenure_eligible(r, st->tenure[i]))
            continue;
        /* At most private-share of the offers go to landlords' homes: the ranking skips
         * a landlord's home that would exceed it. */
        if (st->tenure[i] == WS_TENURE_PRIVATE &&
            (double)(s->noffered_private + 1) > r->private_share * (double)s->nslots)
            continue;
        s->noffered_private += st->tenure[i] == WS_TENURE_PRIVATE;
        long j = s->noffered++;
        s->dw[j] = (int32_t)i;
        s->offer_month[j] = w->month;
        s->und[s->nund++] = (int32_t)j;
        s->e_year[j] = -1;
        s->offered[st->nbh[i]]++;
        st->retrofit[i] = WS_RETRO_OFFERED;
        ws_w_count(w, ws_w_district(w, i), WS_I_RETROFIT_OFFERED, 1);
    }
}

/* Each undecided owner adopts with probability h = (p + q A/M) e, A and M of the
 * neighbourhood as they stood at the start of the month (this month's offers included):
 * adopters are collected in fresh and counted into A only afterwards. */
static void decide(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_RETROFIT];
    long long left = s->budget - s->committed;
    s->nfresh = 0;
    for (long k = 0; k < s->nund;) {
        int32_t j = s->und[k];
        long i = s->dw[j];
        int gone = st->life[i] != WS_LIFE_STANDING;
        /* An owner who has not said yes within decision-months declines (the pilot:
         * "about three quarters said yes"; MODEL.md, calibration). */
        if (gone || w->month - s->offer_month[j] >= r->decision_months) {
            st->retrofit[i] = gone ? WS_RETRO_DROPPED : WS_RETRO_DECLINED;
            s->und[k] = s->und[--s->nund];
            continue;
        }
        int b = st->nbh[i];
        double h = r->innovation +
                   r->imitation * (double)s->adopters[b] / (double)s->offered[b];
        /* Skipped, not multiplied by 1, when the sensitivity is 0: e is then exactly 1.
         * e changes with the prices, so it is kept for a calendar year; near the end of
         * the budget (less than one grant left) it is re-evaluated every month. */
        if (r->economic_sensitivity > 0) {
            int year = ws_month_year(w->month);
            if (s->e_year[j] != year || left < r->subsidy_max) {
                s->e[j] = economic_factor(w, i, left);
                s->e_year[j] = (int16_t)year;
            }
            h *= s->e[j];
        }
        if (gsl_rng_uniform(rng) < h) {
            st->retrofit[i] = WS_RETRO_ADOPTED;
            s->fresh[s->nfresh++] = j;
            s->und[k] = s->und[--s->nund];
            continue;
        }
        k++;
    }
}

static int draw_package(const ws_retrofit *r, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng), acc = 0;
    int last = 0;
    for (int k = 0; k < r->npackages; k++) {
        if (r->packages[k].share <= 0)
            continue;
        acc += r->packages[k].share;
        last = k;
        if (u < acc)
            return k;
    }
    return last;
}

/* This month's adopters: counted into A, a package each, drop-out; those who stay get
 * their grant committed (while the budget lasts) and join the contractor queue. */
static void commit(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_RETROFIT];
    for (long f = 0; f < s->nfresh; f++) {
        int32_t j = s->fresh[f];
        long i = s->dw[j];
        int d = ws_w_district(w, i);
        s->adopters[st->nbh[i]]++;
        ws_w_count(w, d, WS_I_RETROFIT_ADOPTED, 1);
        /* Both draws always happen, so the dropout share does not shift other draws. */
        double u = gsl_rng_uniform(rng);
        s->pkg[j] = (uint8_t)draw_package(r, rng);
        if (u < r->dropout) {
            st->retrofit[i] = WS_RETRO_DROPPED;
            continue;
        }
        long long grant =
            grant_for(r, r->packages[s->pkg[j]].cost[st->type[i]], s->budget - s->committed);
        s->committed += grant;
        ws_w_count(w, d, WS_I_SUBSIDY_EUR, (double)grant);
        st->retrofit[i] = WS_RETRO_WAITING;
        s->queue[s->qtail++] = j;
        ws_w_count(w, d, WS_I_RETROFIT_QUEUE, 1);
    }
}

/* Works duration in whole months with mean works_months: its integer part plus one
 * more month with probability its fraction (0 means the works end in the same month). */
static int32_t draw_duration(double months, gsl_rng *rng)
{
    double whole = floor(months);
    return (int32_t)whole + (gsl_rng_uniform(rng) < months - whole);
}

/* Contractors start works for the queue in order of adoption, at most capacity a month
 * (0: no limit). Dwellings gone from the stock leave the queue first. */
static void start_works(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    long out = s->qhead;
    for (long k = s->qhead; k < s->qtail; k++) {
        int32_t j = s->queue[k];
        if (st->life[s->dw[j]] != WS_LIFE_STANDING) {
            st->retrofit[s->dw[j]] = WS_RETRO_DROPPED;
            ws_w_count(w, ws_w_district(w, s->dw[j]), WS_I_RETROFIT_QUEUE, -1);
            continue;
        }
        s->queue[out++] = j;
    }
    s->qtail = out;
    for (long started = 0;
         s->qhead < s->qtail && (r->capacity == 0 || started < r->capacity); started++) {
        int32_t j = s->queue[s->qhead++];
        long i = s->dw[j];
        st->retrofit[i] = WS_RETRO_WORKS;
        ws_w_count(w, ws_w_district(w, i), WS_I_RETROFIT_QUEUE, -1);
        s->works_end[j] = w->month + draw_duration(r->works_months, w->rng[WS_RNG_RETROFIT]);
        s->works[s->nworks++] = j;
    }
}

/* Completed works change the dwelling: label, heating, and through them its energy use,
 * cost and energy poverty in the running totals. */
static void complete_works(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    for (long k = 0; k < s->nworks;) {
        int32_t j = s->works[k];
        long i = s->dw[j];
        int gone = st->life[i] != WS_LIFE_STANDING;
        if (!gone && s->works_end[j] > w->month) {
            k++;
            continue;
        }
        if (gone) {
            st->retrofit[i] = WS_RETRO_DROPPED;
        } else {
            const ws_package *pk = &r->packages[s->pkg[j]];
            ws_w_account(w, i, -1);
            st->energy_index[i] = after_index(st->energy_index[i], pk);
            if (pk->heating >= 0)
                st->heating[i] = (uint8_t)pk->heating;
            ws_w_account(w, i, +1);
            st->retrofit[i] = WS_RETRO_DONE;
            ws_w_count(w, ws_w_district(w, i), WS_I_RETROFIT_COMPLETED, 1);
        }
        s->works[k] = s->works[--s->nworks];
    }
}

int ws_retrofit_step(ws_world *w)
{
    ws_retrofit_state *s = w->rf;
    if (!s || s->nslots == 0)
        return WS_OK;
    make_offers(w, s);
    decide(w, s);
    commit(w, s);
    start_works(w, s);
    complete_works(w, s);
    return WS_OK;
}
