/* Process 3, the retrofit programme (verduurzaming): offers to homeowners, Bass-type
 * adoption per neighbourhood times an economic factor, drop-out, a contractor queue,
 * works, and the change of label, heating and energy use on completion.
 *
 * Everything that grows with the run is allocated in ws_retrofit_alloc: the ranked list
 * of eligible dwellings, the undecided offers (at most those of decision-months + 1
 * months), the contractor queue and the works under way. The monthly step walks only
 * these lists, so its cost follows the programme, not the size of the stock. The model
 * and its parameters are described in sim/MODEL.md (retrofit section). */
#include "energy.h"
#include "ledger.h"
#include "retrofit.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The economic factor e = exp(s * g), g = -(P - P_ref)/tau_P - (c - c_ref)/tau_c, with P
 * the payback time of the net cost (years) and c the owner's own cash as a share of a
 * year's household income. The references are the median of the default scenario's
 * offered homes at the pilot's terms (80 % up to EUR 12,000) and 2024 prices, so that
 * p and q, fitted to the pilot, hold for the median home; the scales are estimates. */
static const double payback_ref = 9.4;    /* years */
static const double cash_ref = 0.10;      /* share of yearly income */
static const double payback_scale = 10.0; /* years: e falls by 1/e per 10 years more */
static const double cash_scale = 0.25;    /* own cash of a quarter year's income: 1/e */
/* Savings below this (EUR/yr) count as this, so that payback stays finite. */
static const double min_saving = 50.0;
static const double min_income = 5000.0;
/* Warmtefonds (national heat fund) loan: 0 % interest up to EUR 27,000 for household
 * incomes up to EUR 60,000 (docs/SOURCES.md). */
static const double loan_income_limit = 60000.0;
static const double loan_max = 27000.0;

/* An offer waiting for the owner's yes. Adoption uses one uniform per offer: the owner
 * says yes in the first month in which the survival (the product of 1 - h over the
 * months decided) falls to u or below. For u uniform on [0,1) that month has the law of
 * independent monthly draws with probabilities h: P(no yes after t months) = P(u < S_t)
 * = S_t. The record holds what the monthly decision reads, so the walk over the
 * undecided offers stays in this array. */
typedef struct {
    int32_t i;        /* the dwelling */
    int32_t nbh;      /* its neighbourhood */
    int32_t until;    /* month of declining: offer month + decision-months */
    int32_t e_year;   /* year e was evaluated in (-1: not yet) */
    double survive;   /* P(no yes so far) */
    double u;         /* the offer's uniform */
    double e;         /* economic factor as of e_year */
    double net;       /* expected net cost to the owner with full grants (EUR) */
    double dgas;      /* expected yearly saving of gas and district heat (m3) */
    double delec;     /* expected yearly saving of electricity (kWh; < 0 with a heat pump) */
} pending;

/* An adopter waiting for a contractor, or with works under way. */
typedef struct {
    int32_t i;        /* the dwelling */
    int32_t end;      /* month the works end */
    int32_t pkg;      /* the package chosen */
} job;

struct ws_retrofit_state {
    int32_t *cand;           /* eligible dwellings at the start, sorted by key */
    long ncand, next_cand;   /* cand[0..next_cand-1] have had their turn */
    long *bucket_end;        /* end of each run of equal keys in cand (ties); read-only,
                                and the base's when shared_ranking */
    int shared_ranking;
    long nbuckets, bucket;   /* the bucket of next_cand */
    long nslots, noffered;   /* offers possible and made */
    long noffered_private;   /* of which to private-landlord homes */
    pending *und;            /* undecided offers */
    long nund, und_cap;
    int32_t *fresh;          /* dwellings whose owner said yes this month */
    long nfresh;
    job *queue;              /* waiting for a contractor, FIFO in [qhead, qtail) */
    long qhead, qtail;
    job *works;              /* works under way */
    long nworks;
    long *adopters, *offered; /* per neighbourhood: A and M of the Bass hazard */
    double *bass;            /* per neighbourhood: p + q A/M, updated with A and M */
    double net_full[WS_NTYPE]; /* expected net cost by dwelling type with full grants */
    long long budget, committed; /* subsidy in whole euros */
    uint16_t *after;         /* after_index by package and index (0: not yet known) */
    long after_lo, after_n;  /* for indices after_lo .. after_lo + after_n - 1 */
};

/* ---------------------------------------------------------------- helpers */

static int tenure_eligible(const ws_retrofit_params *r, int tenure)
{
    return tenure == WS_TENURE_OWNER || (r->include_private && tenure == WS_TENURE_PRIVATE);
}

/* Grant for a package of this cost: share of the cost up to the maximum, in whole euros,
 * and never more than what is left of the budget. */
static long long grant_for(const ws_retrofit_params *r, double cost, long long left)
{
    double g = floor(fmin(r->subsidy_share * cost, r->subsidy_max));
    long long n = g > 0 ? (long long)g : 0;
    return n < left ? n : left > 0 ? left : 0;
}

/* The lower edge of a label's band of energy indices. */
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
    double v = ws_label_move(idx, to);
    long n = ws_round(v * (1 - pk->gas_saving));
    return (uint16_t)(n < 1 ? 1 : n > 65535 ? 65535 : n);
}

/* after_index, remembered for the candidates' range of indices: the offers (through
 * the economic factor) and the completions ask for the same few hundred values. */
static uint16_t after_index_of(const ws_retrofit_state *s, uint16_t idx, int k,
                               const ws_package *pk)
{
    long x = (long)idx - s->after_lo;
    if (x < 0 || x >= s->after_n)
        return after_index(idx, pk);
    uint16_t *v = &s->after[(long)k * s->after_n + x];
    if (*v == 0)
        *v = after_index(idx, pk); /* never 0 */
    return *v;
}

/* The dwelling's part of the economic factor, taken when the offer is made: the
 * share-weighted net cost with full grants, and the share-weighted yearly saving in gas
 * (with district heat, priced as gas) and electricity, from the foundation's energy
 * accounting (ws_energy_use) with each package's label and heating applied. These stay
 * valid while the owner decides: a standing dwelling's label, heating, type and floor
 * area change only by its own retrofit works. Only prices, the budget left, tenure and
 * income are read anew when e is evaluated. */
static void economic_data(ws_world *w, ws_retrofit_state *s, long i, pending *p)
{
    const ws_retrofit_params *r = &w->sc->retrofit;
    const ws_stock *st = w->st;
    long gas, elec, heat;
    ws_energy_use(w, i, &gas, &elec, &heat);
    double gas0 = (double)(gas + heat), elec0 = (double)elec;
    uint16_t idx = st->energy_index[i];
    int heating = ws_stock_heating(st, i);
    p->net = s->net_full[ws_stock_type(st, i)];
    p->dgas = p->delec = 0;
    for (int k = 0; k < r->npackages; k++) {
        const ws_package *pk = &r->packages[k];
        if (pk->share <= 0)
            continue;
        /* The energy after the works (the stock is not changed until they are done). */
        ws_energy_use_as(w, i, after_index_of(s, idx, k, pk),
                       pk->heating >= 0 ? pk->heating : heating, &gas, &elec, &heat);
        p->dgas += pk->share * (gas0 - (double)(gas + heat));
        p->delec += pk->share * (elec0 - (double)elec);
    }
}

/* Share-weighted net cost of the packages for a dwelling of this type, with the grants
 * the budget left allows (budget_left >= the per-dwelling maximum: full grants). */
static double net_cost(const ws_retrofit_params *r, int type, long long budget_left)
{
    double net = 0;
    for (int k = 0; k < r->npackages; k++) {
        const ws_package *pk = &r->packages[k];
        if (pk->share <= 0)
            continue;
        double cost = pk->cost[type];
        net += pk->share * (cost - (double)grant_for(r, cost, budget_left));
    }
    return net;
}

/* The economic factor of an offer (see the constants above), from the net cost and
 * saving of the packages at the current prices, the grant the budget still allows, the
 * household income and the loan. Private landlords have no income in the model and no
 * Warmtefonds loan: for them only the payback counts (the rent follows the better
 * label). */
static double economic_factor(const ws_world *w, const pending *p, long long budget_left)
{
    const ws_retrofit_params *r = &w->sc->retrofit;
    const ws_stock *st = w->st;
    long i = p->i;
    /* Less than one grant left: the grants are cut (p->net holds the full ones, the
     * same as here whenever at least one grant is left). */
    double net = budget_left < r->subsidy_max ? net_cost(r, ws_stock_type(st, i), budget_left) : p->net;
    double saving = p->dgas * w->gas_price + p->delec * w->elec_price;
    double payback = net / fmax(saving, min_saving);
    double g = -(payback - payback_ref) / payback_scale;
    if (ws_stock_tenure(st, i) == WS_TENURE_OWNER) {
        double income = 10.0 * st->income[i];
        double loan = income <= loan_income_limit ? fmin(r->loan_uptake * net, loan_max) : 0;
        double cash = (net - loan) / fmax(income, min_income);
        g -= (cash - cash_ref) / cash_scale;
    }
    return exp(r->economic_sensitivity * g);
}

/* ---------------------------------------------------------------- life cycle */

/* What ranking the candidates reads: which dwellings are eligible (standing at the
 * start, owner-occupied or, where the scenario says so, let by a private landlord, in
 * the districts named), and from one pass over them their number, the range of their
 * energy indices, per neighbourhood their count and index sum, and (for the orders by
 * index) how many have each index. */
typedef struct {
    const ws_stock *st;
    uint8_t ok[256];  /* by tenure: eligible */
    uint8_t *on;      /* nnbh: in the programme's districts */
    long *cnt;        /* nnbh: eligible dwellings */
    double *sum;      /* nnbh: the sum of their energy indices */
    uint32_t *pos;    /* 65536: eligible dwellings by index (NULL for the random order) */
    long n;           /* eligible dwellings */
    unsigned lo, hi;  /* their lowest and highest energy index */
} ranking;

static int eligible(const ranking *k, long i)
{
    const ws_stock *st = k->st;
    return ws_stock_life(st, i) == WS_LIFE_STANDING && k->ok[ws_stock_tenure(st, i)] &&
           k->on[st->nbh[i]];
}

static void ranking_clear(ranking *k)
{
    free(k->on);
    free(k->cnt);
    free(k->sum);
    free(k->pos);
}

/* Counts the eligible dwellings of w into k (by index too when by_index). Returns WS_OK,
 * or WS_ENOMEM (then ranking_clear frees what was allocated). */
static int ranking_init(ranking *k, const ws_world *w, int by_index)
{
    const ws_scenario *sc = w->sc;
    const ws_retrofit_params *r = &sc->retrofit;
    const ws_stock *st = w->st;
    int nnbh = sc->nnbh;
    memset(k, 0, sizeof *k);
    k->st = st;
    k->on = malloc((size_t)nnbh + 1);
    k->cnt = calloc((size_t)nnbh + 1, sizeof *k->cnt);
    k->sum = calloc((size_t)nnbh + 1, sizeof *k->sum);
    k->pos = by_index ? calloc(65536, sizeof *k->pos) : NULL;
    if (!k->on || !k->cnt || !k->sum || (by_index && !k->pos))
        return WS_ENOMEM;
    for (int b = 0; b < nnbh; b++)
        k->on[b] = r->district_on[sc->nbh[b].district] != 0;
    for (int t = 0; t < WS_NTENURE; t++)
        k->ok[t] = (uint8_t)tenure_eligible(r, t);
    k->lo = 65535;
    k->hi = 0;
    for (long i = 0; i < st->n; i++) {
        if (!eligible(k, i))
            continue;
        unsigned x = st->energy_index[i];
        k->n++;
        k->cnt[st->nbh[i]]++;
        k->sum[st->nbh[i]] += x;
        if (k->pos)
            k->pos[x]++;
        k->lo = x < k->lo ? x : k->lo;
        k->hi = x > k->hi ? x : k->hi;
    }
    return WS_OK;
}

/* WS_ORDER_RANDOM: the candidates in stock order, one bucket (all tied). */
static int rank_random(ws_retrofit_state *s, const ranking *k)
{
    s->bucket_end = malloc(sizeof *s->bucket_end);
    if (!s->bucket_end)
        return WS_ENOMEM;
    s->bucket_end[0] = k->n;
    s->nbuckets = 1;
    for (long i = 0, c = 0; i < k->st->n; i++)
        if (eligible(k, i))
            s->cand[c++] = (int32_t)i;
    return WS_OK;
}

/* Sorts the candidates into dst by energy index, the highest first (a counting sort:
 * positions by index, from the highest down), and returns the number of distinct
 * indices. Afterwards k->pos[x] is the end of index x's run in dst. */
static long sort_worst_first(ranking *k, int32_t *dst)
{
    long nb = 0;
    if (k->n > 0) {
        long at = 0;
        for (unsigned x = k->hi + 1; x-- > k->lo;) {
            long c = k->pos[x];
            k->pos[x] = (uint32_t)at;
            at += c;
            nb += c > 0;
        }
    }
    for (long i = 0; i < k->st->n; i++)
        if (eligible(k, i))
            dst[k->pos[k->st->energy_index[i]]++] = (int32_t)i;
    return nb;
}

/* WS_ORDER_WORST_FIRST: the highest energy index first; a bucket per index. */
static int rank_worst_first(ws_retrofit_state *s, ranking *k)
{
    long nb = sort_worst_first(k, s->cand);
    s->bucket_end = malloc(sizeof *s->bucket_end * (size_t)(nb ? nb : 1));
    if (!s->bucket_end)
        return WS_ENOMEM;
    long prev = 0;
    s->nbuckets = 0;
    if (k->n > 0)
        for (unsigned x = k->hi + 1; x-- > k->lo;)
            if (k->pos[x] > prev)
                prev = s->bucket_end[s->nbuckets++] = k->pos[x];
    return WS_OK;
}

/* The wave of each neighbourhood (out: wave[b]): the neighbourhoods by their
 * candidates' mean energy index, worst first, ties by number. */
static void wave_ranks(const ranking *k, int nnbh, long *wave)
{
    for (int b = 0; b < nnbh; b++) {
        /* Rank b by counting the neighbourhoods that come before it. */
        double mb = k->cnt[b] ? k->sum[b] / (double)k->cnt[b] : 0;
        long rank = 0;
        for (int c = 0; c < nnbh; c++) {
            double mc = k->cnt[c] ? k->sum[c] / (double)k->cnt[c] : 0;
            rank += mc > mb || (mc == mb && c < b);
        }
        wave[b] = rank;
    }
}

/* 1 if candidate c ends a bucket of the waves: the last, or the next differs in
 * neighbourhood or index. (Every candidate has been placed by the waves' distribution,
 * which clang's analyser cannot count: NOLINT.) */
static int wave_bucket_ends(const ws_retrofit_state *s, const ws_stock *st, long c)
{
    // NOLINTNEXTLINE(clang-analyzer-core.uninitialized.ArraySubscript)
    return c + 1 == s->ncand || st->nbh[s->cand[c]] != st->nbh[s->cand[c + 1]] ||
           st->energy_index[s->cand[c]] != st->energy_index[s->cand[c + 1]];
}

/* WS_ORDER_BY_NEIGHBOURHOOD: in waves, a neighbourhood each (wave_ranks), the worst
 * index first within a wave (a stable distribution of the list sorted by index); a
 * bucket per neighbourhood and index. */
static int rank_by_neighbourhood(ws_retrofit_state *s, ranking *k, int nnbh)
{
    const ws_stock *st = k->st;
    long n = k->n;
    int rc = WS_ENOMEM;
    int32_t *sorted = calloc((size_t)(n ? n : 1), sizeof *sorted);
    long *wave = malloc(sizeof *wave * ((size_t)nnbh + 1));
    long *wave_pos = calloc((size_t)nnbh + 1, sizeof *wave_pos);
    if (!sorted || !wave || !wave_pos)
        goto out;
    sort_worst_first(k, sorted);
    wave_ranks(k, nnbh, wave);
    for (int b = 0; b < nnbh; b++)
        wave_pos[wave[b]] = k->cnt[b];
    for (long c = 0, at = 0; c < nnbh; c++) {
        long len = wave_pos[c];
        wave_pos[c] = at;
        at += len;
    }
    for (long c = 0; c < n; c++)
        s->cand[wave_pos[wave[st->nbh[sorted[c]]]]++] = sorted[c];
    long nb = 0;
    for (long c = 0; c < n; c++)
        nb += wave_bucket_ends(s, st, c);
    s->bucket_end = malloc(sizeof *s->bucket_end * (size_t)(nb ? nb : 1));
    if (!s->bucket_end)
        goto out;
    s->nbuckets = 0;
    for (long c = 0; c < n; c++)
        if (wave_bucket_ends(s, st, c))
            s->bucket_end[s->nbuckets++] = c + 1;
    rc = WS_OK;
out:
    free(sorted);
    free(wave);
    free(wave_pos);
    return rc;
}

/* Collects the eligible dwellings (see ranking) into s->cand, sorted by the scenario's
 * order (one function per ws_retrofit_order). Equal keys form buckets (s->bucket_end);
 * the order inside a bucket is drawn only when make_offers reaches it, one candidate at
 * a time, so ties cost random numbers only for the dwellings whose turn comes. Two
 * passes over the stock (count, then place) and no other memory of its size. Returns
 * WS_OK or WS_ENOMEM. */
static int rank_candidates(ws_world *w, ws_retrofit_state *s)
{
    ws_retrofit_order order = w->sc->retrofit.order;
    ranking k;
    int rc = ranking_init(&k, w, order != WS_ORDER_RANDOM);
    if (rc == WS_OK) {
        s->cand = malloc(sizeof *s->cand * (size_t)(k.n ? k.n : 1));
        rc = s->cand ? WS_OK : WS_ENOMEM;
    }
    if (rc == WS_OK) {
        s->ncand = k.n;
        s->after_lo = k.lo;
        s->after_n = k.n > 0 ? (long)k.hi - (long)k.lo + 1 : 0;
        switch (order) {
        case WS_ORDER_RANDOM:
            rc = rank_random(s, &k);
            break;
        case WS_ORDER_BY_NEIGHBOURHOOD:
            rc = rank_by_neighbourhood(s, &k, w->sc->nnbh);
            break;
        case WS_ORDER_WORST_FIRST:
        default:
            rc = rank_worst_first(s, &k);
            break;
        }
    }
    ranking_clear(&k);
    return rc;
}

/* The offer schedule: the cumulative count after month k (0-based from start) of the
 * offer period, for n offers. With a pilot, its min(pilot-offers, n) offers are all made
 * in the first month (as in the pilot's calibration, sim/MODEL.md 3.6), the others evenly
 * over the months from pilot-months on; without one, all evenly over offer-months. */
static long schedule_target(const ws_retrofit_params *r, long n, long k)
{
    if (k >= r->offer_months)
        k = r->offer_months - 1;
    long kp = r->pilot_months;
    if (kp <= 0)
        return (long)((long long)n * (k + 1) / r->offer_months);
    long np = r->pilot_offers < n ? r->pilot_offers : n;
    if (k < kp)
        return np;
    return np + (long)((long long)(n - np) * (k - kp + 1) / (r->offer_months - kp));
}

/* Offers made up to month m (inclusive) at most, by the schedule of make_offers; none
 * before the run starts. */
static long offers_by(const ws_scenario *sc, long nslots, ws_month m)
{
    long k = (long)m - sc->retrofit.start;
    if (m < sc->start || k < 0)
        return 0;
    return schedule_target(&sc->retrofit, nslots, k);
}

static int retrofit_active(const ws_retrofit_params *r)
{
    return r->enabled && r->offers > 0 && r->npackages > 0;
}

int ws_retrofit_prepare(ws_world *w)
{
    ws_retrofit_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->rf = s;
    return retrofit_active(&w->sc->retrofit) ? rank_candidates(w, s) : WS_OK;
}

/* The ranking of the base's world p (the same initial stock): the candidates copied
 * (their ties are drawn in place), the buckets shared. */
static int copy_ranking(ws_retrofit_state *s, const ws_retrofit_state *p)
{
    s->cand = malloc(sizeof *s->cand * (size_t)(p->ncand ? p->ncand : 1));
    if (!s->cand)
        return WS_ENOMEM;
    memcpy(s->cand, p->cand, sizeof *s->cand * (size_t)p->ncand);
    s->ncand = p->ncand;
    s->bucket_end = p->bucket_end;
    s->nbuckets = p->nbuckets;
    s->shared_ranking = 1;
    s->after_lo = p->after_lo;
    s->after_n = p->after_n;
    return WS_OK;
}

int ws_retrofit_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    const ws_retrofit_params *r = &sc->retrofit;
    ws_retrofit_state *s = calloc(1, sizeof *s);
    if (!s)
        return WS_ENOMEM;
    w->rf = s;
    if (!retrofit_active(r))
        return WS_OK;
    const ws_retrofit_state *p = w->proto ? w->proto->rf : NULL;
    if ((p ? copy_ranking(s, p) : rank_candidates(w, s)) != WS_OK)
        return WS_ENOMEM;
    s->nslots = s->ncand < r->offers ? s->ncand : r->offers;
    /* Undecided at once: at most the offers of decision-months + 1 consecutive months
     * (an offer made in month m decides in months m .. m + d - 1 and declines in month
     * m + d, after that month's offers have joined). */
    for (ws_month m = sc->start; m <= sc->end; m++) {
        long c = offers_by(sc, s->nslots, m) - offers_by(sc, s->nslots, m - r->decision_months - 1);
        s->und_cap = c > s->und_cap ? c : s->und_cap;
    }
    /* Works under way: at most capacity a month for floor(works-months) + 2 months. */
    long works_cap = s->nslots;
    if (r->capacity > 0 && (double)r->capacity * (floor(r->works_months) + 2) < (double)works_cap)
        works_cap = r->capacity * ((long)floor(r->works_months) + 2);
    size_t m = (size_t)(s->nslots ? s->nslots : 1);
    size_t mu = (size_t)(s->und_cap ? s->und_cap : 1);
    s->und = malloc(mu * sizeof *s->und);
    s->fresh = malloc(mu * sizeof *s->fresh);
    s->queue = malloc(m * sizeof *s->queue);
    s->works = malloc((size_t)(works_cap ? works_cap : 1) * sizeof *s->works);
    s->adopters = calloc((size_t)sc->nnbh + 1, sizeof *s->adopters);
    s->offered = calloc((size_t)sc->nnbh + 1, sizeof *s->offered);
    s->bass = calloc((size_t)sc->nnbh + 1, sizeof *s->bass);
    s->after = calloc((size_t)r->npackages * (size_t)s->after_n + 1, sizeof *s->after);
    if (!s->und || !s->fresh || !s->queue || !s->works || !s->adopters || !s->offered ||
        !s->bass || !s->after)
        return WS_ENOMEM;
    for (int t = 0; t < WS_NTYPE; t++)
        s->net_full[t] = net_cost(r, t, LLONG_MAX);
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
    if (!s->shared_ranking)
        free(s->bucket_end);
    free(s->und);
    free(s->fresh);
    free(s->queue);
    free(s->works);
    free(s->adopters);
    free(s->offered);
    free(s->bass);
    free(s->after);
    free(s);
    w->rf = NULL;
}

/* ---------------------------------------------------------------- the month */

/* The neighbourhood's part of the hazard, p + q A/M, after a change of A or M. */
static void update_bass(const ws_retrofit_params *r, ws_retrofit_state *s, int b)
{
    s->bass[b] = r->innovation + r->imitation * (double)s->adopters[b] / (double)s->offered[b];
}

/* Offers of this month: month k of the offer period brings the cumulative count to
 * schedule_target (months before the run's start are caught up in its first month). A ranked dwelling that is gone or has changed to an
 * ineligible tenure is passed over for the next one. Ties in the ranking are broken
 * here: the next candidate is drawn at random from the rest of its bucket. */
static void make_offers(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit_params *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_RETROFIT];
    long k = (long)w->month - r->start;
    if (k < 0)
        return;
    long target = schedule_target(r, s->nslots, k);
    while (s->noffered < target && s->next_cand < s->ncand && s->nund < s->und_cap) {
        while (s->bucket_end[s->bucket] <= s->next_cand)
            s->bucket++;
        long rest = s->bucket_end[s->bucket] - s->next_cand;
        if (rest > 1) {
            long x = s->next_cand + (long)gsl_rng_uniform_int(rng, (unsigned long)rest);
            int32_t t = s->cand[x];
            s->cand[x] = s->cand[s->next_cand];
            s->cand[s->next_cand] = t;
        }
        long i = s->cand[s->next_cand++];
        if (ws_stock_life(st, i) != WS_LIFE_STANDING || !tenure_eligible(r, ws_stock_tenure(st, i)))
            continue;
        /* At most private-share of the offers go to landlords' homes: the ranking skips
         * a landlord's home that would exceed it. */
        if (ws_stock_tenure(st, i) == WS_TENURE_PRIVATE &&
            (double)(s->noffered_private + 1) > r->private_share * (double)s->nslots)
            continue;
        s->noffered_private += ws_stock_tenure(st, i) == WS_TENURE_PRIVATE;
        s->noffered++;
        pending *p = &s->und[s->nund++];
        p->i = (int32_t)i;
        p->nbh = st->nbh[i];
        p->until = w->month + r->decision_months;
        p->e_year = -1;
        p->survive = 1;
        p->u = ws_rng_uniform(rng);
        p->e = 1;
        if (r->economic_sensitivity > 0)
            economic_data(w, s, i, p);
        s->offered[p->nbh]++;
        update_bass(r, s, p->nbh);
        st->retrofit[i] = WS_RETRO_OFFERED;
        ws_ledger_count(w, ws_w_district(w, i), WS_I_RETROFIT_OFFERED, 1);
    }
}

static int gone(const uint8_t *status, long i)
{
    return (status[i] & WS_F_LIFE) != WS_LIFE_STANDING << WS_F_LIFE_SHIFT;
}

/* Each undecided owner adopts with probability h = (p + q A/M) e, A and M of the
 * neighbourhood as they stood at the start of the month (this month's offers included):
 * adopters are collected in fresh and counted into A (and bass) only afterwards. The
 * draw is the offer's uniform against the survival (see pending). */
static void decide(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit_params *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    const uint8_t *status = st->flags;
    const double *bass = s->bass;
    const ws_month month = w->month;
    long long left = s->budget - s->committed;
    int year = ws_month_year(month);
    int economic = r->economic_sensitivity > 0;
    /* e changes with the prices, so it is kept for a calendar year; near the end of the
     * budget (less than one grant left) it is re-evaluated every month. */
    int every_month = left < r->subsidy_max;
    pending *und = s->und;
    long nund = s->nund, nfresh = 0;
    for (long k = 0; k < nund;) {
        pending *p = &und[k];
        long i = p->i;
        /* An owner who has not said yes within decision-months declines (the pilot:
         * "about three quarters said yes"; MODEL.md, calibration). A demolished home's
         * offer is dropped: looked at only when the offer ends (a yes or the deadline),
         * as the walk then stays in this array (on a large stock each dwelling looked at
         * is a cache miss); no draw depends on it. */
        if (month >= p->until) {
            st->retrofit[i] = gone(status, i) ? WS_RETRO_DROPPED : WS_RETRO_DECLINED;
            *p = und[--nund];
            continue;
        }
        double h = bass[p->nbh];
        /* Skipped, not multiplied by 1, when the sensitivity is 0: e is then exactly 1. */
        if (economic) {
            if (p->e_year != year || every_month) {
                p->e = economic_factor(w, p, left);
                p->e_year = year;
            }
            h *= p->e;
        }
        double survive = h < 1 ? p->survive * (1 - h) : 0;
        if (survive <= p->u) {
            if (gone(status, i)) {
                st->retrofit[i] = WS_RETRO_DROPPED;
            } else {
                st->retrofit[i] = WS_RETRO_ADOPTED;
                s->fresh[nfresh++] = (int32_t)i;
            }
            *p = und[--nund];
            continue;
        }
        p->survive = survive;
        k++;
    }
    s->nund = nund;
    s->nfresh = nfresh;
}

static int draw_package(const ws_retrofit_params *r, gsl_rng *rng)
{
    double u = ws_rng_uniform(rng), acc = 0;
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
    const ws_retrofit_params *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    gsl_rng *rng = w->rng[WS_RNG_RETROFIT];
    for (long f = 0; f < s->nfresh; f++) {
        long i = s->fresh[f];
        int d = ws_w_district(w, i);
        s->adopters[st->nbh[i]]++;
        update_bass(r, s, st->nbh[i]);
        ws_ledger_count(w, d, WS_I_RETROFIT_ADOPTED, 1);
        /* Both draws always happen, so the dropout share does not shift other draws. */
        double u = ws_rng_uniform(rng);
        int pkg = draw_package(r, rng);
        if (u < r->dropout) {
            st->retrofit[i] = WS_RETRO_DROPPED;
            continue;
        }
        long long grant =
            grant_for(r, r->packages[pkg].cost[ws_stock_type(st, i)], s->budget - s->committed);
        s->committed += grant;
        ws_ledger_count(w, d, WS_I_SUBSIDY_EUR, (double)grant);
        st->retrofit[i] = WS_RETRO_WAITING;
        s->queue[s->qtail++] = (job){.i = (int32_t)i, .end = 0, .pkg = pkg};
        ws_ledger_count(w, d, WS_I_RETROFIT_QUEUE, 1);
    }
}

/* Works duration in whole months with mean works_months: its integer part plus one
 * more month with probability its fraction (0 means the works end in the same month). */
static int32_t draw_duration(double months, gsl_rng *rng)
{
    double whole = floor(months);
    return (int32_t)whole + (ws_rng_uniform(rng) < months - whole);
}

/* Contractors start works for the queue in order of adoption, at most capacity a month
 * (0: no limit). Dwellings gone from the stock leave the queue first. */
static void start_works(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit_params *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    long out = s->qhead;
    for (long k = s->qhead; k < s->qtail; k++) {
        job jb = s->queue[k];
        if (ws_stock_life(st, jb.i) != WS_LIFE_STANDING) {
            st->retrofit[jb.i] = WS_RETRO_DROPPED;
            ws_ledger_count(w, ws_w_district(w, jb.i), WS_I_RETROFIT_QUEUE, -1);
            continue;
        }
        s->queue[out++] = jb;
    }
    s->qtail = out;
    for (long started = 0;
         s->qhead < s->qtail && (r->capacity == 0 || started < r->capacity); started++) {
        job jb = s->queue[s->qhead++];
        st->retrofit[jb.i] = WS_RETRO_WORKS;
        ws_ledger_count(w, ws_w_district(w, jb.i), WS_I_RETROFIT_QUEUE, -1);
        jb.end = w->month + draw_duration(r->works_months, w->rng[WS_RNG_RETROFIT]);
        s->works[s->nworks++] = jb;
    }
}

/* Completed works change the dwelling: label, heating, and through them its energy use,
 * cost and energy poverty in the running totals. */
static void complete_works(ws_world *w, ws_retrofit_state *s)
{
    const ws_retrofit_params *r = &w->sc->retrofit;
    ws_stock *st = w->st;
    for (long k = 0; k < s->nworks;) {
        const job *jb = &s->works[k];
        long i = jb->i;
        int gone = ws_stock_life(st, i) != WS_LIFE_STANDING;
        if (!gone && jb->end > w->month) {
            k++;
            continue;
        }
        if (gone) {
            st->retrofit[i] = WS_RETRO_DROPPED;
        } else {
            const ws_package *pk = &r->packages[jb->pkg];
            ws_ledger_account(w, i, -1);
            st->energy_index[i] = after_index_of(s, st->energy_index[i], jb->pkg, pk);
            if (pk->heating >= 0)
                ws_stock_set_heating(st, i, (uint8_t)pk->heating);
            st->retrofit[i] = WS_RETRO_DONE; /* before it counts again: retrofitted */
            ws_ledger_account(w, i, +1);
            ws_ledger_count(w, ws_w_district(w, i), WS_I_RETROFIT_COMPLETED, 1);
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
