/* The world: allocation, the monthly step as one table of processes, running totals,
 * energy and affordability accounting (process 5), indicators (process 6), invariants. */
#include "world_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

const ws_indicator_info ws_indicator_table[WS_NIND] = {
    [WS_I_DWELLINGS] = {"dwellings", 0, WS_KIND_STATE, 1},
    [WS_I_COMPLETIONS] = {"completions", 0, WS_KIND_FLOW, 1},
    [WS_I_DEMOLITIONS] = {"demolitions", 0, WS_KIND_FLOW, 1},
    [WS_I_NET_ADDED] = {"net_added", 0, WS_KIND_CUMUL, 1},
    [WS_I_PIPELINE] = {"pipeline", 0, WS_KIND_STATE, 1},
    [WS_I_OWNER] = {"owner", 0, WS_KIND_STATE, 1},
    [WS_I_SOCIAL] = {"social", 0, WS_KIND_STATE, 1},
    [WS_I_PRIVATE] = {"private", 0, WS_KIND_STATE, 1},
    [WS_I_PRIVATE_IN_ZONE] = {"private_in_zone", 0, WS_KIND_STATE, 1},
    [WS_I_PERMITS_ACTIVE] = {"permits_active", 0, WS_KIND_STATE, 1},
    [WS_I_INSPECTIONS] = {"inspections", 0, WS_KIND_FLOW, 1},
    [WS_I_VIOLATIONS_FOUND] = {"violations_found", 0, WS_KIND_CUMUL, 1},
    [WS_I_SUBSTANDARD] = {"substandard", 0, WS_KIND_STATE, 1},
    [WS_I_RETROFIT_OFFERED] = {"retrofit_offered", 0, WS_KIND_CUMUL, 1},
    [WS_I_RETROFIT_ADOPTED] = {"retrofit_adopted", 0, WS_KIND_CUMUL, 1},
    [WS_I_RETROFIT_COMPLETED] = {"retrofit_completed", 0, WS_KIND_CUMUL, 1},
    [WS_I_GAS_M3] = {"gas_m3", 0, WS_KIND_STATE, 1},
    [WS_I_CO2_T] = {"co2_t", 1, WS_KIND_STATE, 1},
    [WS_I_ENERGY_COST_EUR] = {"energy_cost_eur", 0, WS_KIND_STATE, 0},
    [WS_I_ENERGY_POOR] = {"energy_poor", 0, WS_KIND_STATE, 1},
    [WS_I_LIVEABILITY] = {"liveability", 2, WS_KIND_STATE, 0},
    [WS_I_ELECTRICITY_KWH] = {"electricity_kwh", 0, WS_KIND_STATE, 1},
    [WS_I_VACANT] = {"vacant", 0, WS_KIND_STATE, 1},
    [WS_I_LABEL_B_OR_BETTER] = {"label_b_or_better", 0, WS_KIND_STATE, 1},
    [WS_I_SUBSIDY_EUR] = {"subsidy_eur", 0, WS_KIND_CUMUL, 1},
    [WS_I_RETROFIT_QUEUE] = {"retrofit_queue", 0, WS_KIND_STATE, 1},
    [WS_I_PERMIT_QUEUE] = {"permit_queue", 0, WS_KIND_STATE, 1},
    [WS_I_LANDLORD_EXITS] = {"landlord_exits", 0, WS_KIND_CUMUL, 1},
    [WS_I_FEES_EUR] = {"fees_eur", 0, WS_KIND_CUMUL, 1},
    [WS_I_FINES_EUR] = {"fines_eur", 0, WS_KIND_CUMUL, 1},
    [WS_I_INSPECTION_HOURS] = {"inspection_hours", 0, WS_KIND_CUMUL, 1},
    [WS_I_SALES] = {"sales", 0, WS_KIND_FLOW, 1},
    [WS_I_BUY_TO_LET] = {"buy_to_let", 0, WS_KIND_FLOW, 1},
};

/* kWh in a cubic metre of Groningen-quality gas (lower heating value about 31.65 MJ). */
#define KWH_PER_M3 8.79
/* Seasonal efficiency of the gas boiler the heat demand is expressed against. */
#define BOILER_EFFICIENCY 0.9

static int process_energy(ws_world *w);
static int process_indicators(ws_world *w);

/* The monthly step, in SPEC order: the only place the order is written down. */
static const struct {
    const char *name;
    int (*run)(ws_world *w);
} process_table[] = {
    {"construction pipeline and demolition", ws_woondeal_step},
    {"landlord permit", ws_permit_step},
    {"retrofit programme", ws_retrofit_step},
    {"tenure and market", ws_market_step},
    {"energy and affordability", process_energy},
    {"indicators", process_indicators},
};
#define NPROCESS ((int)(sizeof process_table / sizeof process_table[0]))

int ws_world_nprocesses(void) { return NPROCESS; }

const char *ws_world_process(int k)
{
    return k >= 0 && k < NPROCESS ? process_table[k].name : NULL;
}

/* ---------------------------------------------------------------- streams */

static unsigned long long splitmix64(unsigned long long x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

unsigned long ws_stream_seed(unsigned long seed, int run, int k)
{
    unsigned long long h = splitmix64(seed);
    h = splitmix64(h ^ (unsigned long long)(unsigned)run);
    h = splitmix64(h ^ ((unsigned long long)(unsigned)k << 32));
    return (unsigned long)h; /* the generator (rng.h) takes all of it */
}

/* ---------------------------------------------------------------- energy */

/* Heat demand as the gas a condensing boiler would burn: calibrated factor x the
 * effective energy index x floor area x type factor. The effective index
 * I_ref (I / I_ref)^elasticity damps the label-based differences, as measured use
 * differs far less between labels than the label calculation says (MODEL.md 3.2).
 * A hybrid heat pump leaves a share of the demand to gas and covers the rest at its
 * COP; a heat pump covers it all; district heat is priced as gas-equivalent. */
static void energy_tables(ws_world *w)
{
    const ws_energy_params *e = &w->sc->energy;
    if (w->proto)
        memcpy(w->index_effective, w->proto->index_effective,
               sizeof *w->index_effective * WS_INDEX_TABLE);
    else
        for (int k = 0; k < WS_INDEX_TABLE; k++)
            w->index_effective[k] =
                WS_INDEX_REFERENCE * pow(k / WS_INDEX_REFERENCE, e->index_elasticity);
    for (int t = 0; t < WS_NTYPE; t++)
        w->demand_coef[t] = e->gas_per_index * e->type_factor[t];
    double heat_kwh = KWH_PER_M3 * BOILER_EFFICIENCY; /* kWh of heat per m3 of demand */
    for (int h = 0; h < WS_NHEAT; h++)
        w->gas_share[h] = w->elec_per_demand[h] = w->heat_share[h] = 0;
    w->gas_share[WS_HEAT_GAS] = 1;
    w->gas_share[WS_HEAT_HYBRID] = e->hybrid_gas_share;
    w->elec_per_demand[WS_HEAT_HYBRID] = heat_kwh * (1 - e->hybrid_gas_share) / e->heat_pump_cop;
    w->elec_per_demand[WS_HEAT_PUMP] = heat_kwh / e->heat_pump_cop;
    w->heat_share[WS_HEAT_DISTRICT] = 1;
    w->label_b_max = (int)floor(ws_label_upper(WS_LABEL_B));
    for (int y = 0; y < w->nyears; y++) {
        w->gas_year[y] = ws_series_at(&w->sc->gas_price, ws_month_year(w->sc->start) + y);
        w->elec_year[y] = ws_series_at(&w->sc->elec_price, ws_month_year(w->sc->start) + y);
    }
    /* Lowest and highest gas and electricity prices from year y to the end. */
    double *lo = w->price_bounds, *hi = w->price_bounds + 2 * w->nyears;
    for (int y = w->nyears - 1; y >= 0; y--) {
        int last = y == w->nyears - 1;
        lo[2 * y] = last ? w->gas_year[y] : fmin(w->gas_year[y], lo[2 * y + 2]);
        lo[2 * y + 1] = last ? w->elec_year[y] : fmin(w->elec_year[y], lo[2 * y + 3]);
        hi[2 * y] = last ? w->gas_year[y] : fmax(w->gas_year[y], hi[2 * y + 2]);
        hi[2 * y + 1] = last ? w->elec_year[y] : fmax(w->elec_year[y], hi[2 * y + 3]);
    }
}

/* Energy use of a dwelling of this type, heating system, energy index and floor area. */
static inline void energy_at(const ws_world *w, int type, int h, uint16_t ei, uint16_t area,
                             long *gas, long *elec, long *heat)
{
    double eff = ei < WS_INDEX_TABLE ? w->index_effective[ei]
                                     : WS_INDEX_REFERENCE * pow(ei / WS_INDEX_REFERENCE,
                                                                w->sc->energy.index_elasticity);
    double demand = w->demand_coef[type] * eff * area;
    *gas = ws_round(demand * w->gas_share[h]);
    *elec = ws_round(w->sc->energy.base_electricity + demand * w->elec_per_demand[h]);
    *heat = ws_round(demand * w->heat_share[h]);
}

static inline void energy_of(const ws_world *w, long i, long *gas, long *elec, long *heat)
{
    const ws_stock *st = w->st;
    energy_at(w, ws_stock_type(st, i), ws_stock_heating(st, i), st->energy_index[i],
              st->floor_area[i], gas, elec, heat);
}

void ws_w_energy(const ws_world *w, long i, long *gas, long *elec, long *heat)
{
    energy_of(w, i, gas, elec, heat);
}

void ws_w_energy_as(const ws_world *w, long i, uint16_t index, int heating, long *gas,
                    long *elec, long *heat)
{
    energy_at(w, ws_stock_type(w->st, i), heating, index, w->st->floor_area[i], gas, elec, heat);
}

/* Energy poverty (the one place the rule is written): a low-income household whose
 * energy costs at the prices (gas_price, elec_price) exceed poverty-share of its
 * income. */
static inline double poverty_cost(double gas_heat, double elec, double gas_price,
                                  double elec_price)
{
    return gas_heat * gas_price + elec * elec_price;
}

static inline double poverty_limit(const ws_world *w, long i)
{
    return w->sc->energy.poverty_share * w->st->income[i] * 10.0;
}

static inline int poor_at(const ws_world *w, long i, long gas, long elec, long heat,
                          double gas_price, double elec_price)
{
    /* Both sides evaluated, without a branch on the income band (a coin toss). */
    return (w->st->income_band[i] == WS_INCOME_LOW) &
           (poverty_cost((double)(gas + heat), (double)elec, gas_price, elec_price) >
            poverty_limit(w, i));
}

/* Decides the poverty flag of occupied dwelling i at the current prices, and the
 * first later year of the run whose prices would decide otherwise (its review year):
 * use and income do not change without a new decision (ws_w_account), so only prices
 * can change it, and the yearly re-decision visits only the dwellings due. */
static void decide_poverty(ws_world *w, long i, long gas, long elec, long heat)
{
    ws_stock *st = w->st;
    int poor = poor_at(w, i, gas, elec, heat, w->gas_price, w->elec_price);
    st->flags[i] = (uint8_t)(poor ? st->flags[i] | WS_F_POOR : st->flags[i] & ~WS_F_POOR);
    int review = 255;
    if (st->income_band[i] == WS_INCOME_LOW) {
        /* poor_at, year by year, with what does not change hoisted. */
        double g = (double)(gas + heat), e = (double)elec, limit = poverty_limit(w, i);
        const double *gy = w->gas_year, *ey = w->elec_year;
        int y = w->price_year - ws_month_year(w->sc->start) + 1;
        /* Most households are far from the limit: the cost at the lowest (highest)
         * later prices already shows that they stay poor (not poor). Rounding is
         * monotonic, so the bound holds for the computed costs too. */
        const double *lo = w->price_bounds, *hi = w->price_bounds + 2 * w->nyears;
        if (y < w->nyears &&
            ((poor && poverty_cost(g, e, lo[2 * y], lo[2 * y + 1]) > limit) ||
             (!poor && !(poverty_cost(g, e, hi[2 * y], hi[2 * y + 1]) > limit))))
            y = w->nyears;
        for (; y < w->nyears; y++) {
            if ((poverty_cost(g, e, gy[y], ey[y]) > limit) != poor) {
                review = y;
                break;
            }
        }
    }
    st->review[i] = (uint8_t)review;
}

void ws_w_account(ws_world *w, long i, int sign)
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
    t->substandard += sign * ws_w_substandard(w, i);
    w->cond_hist[(size_t)d * (size_t)w->cond_bins + cond] += (uint32_t)sign;
    t->label_b += sign * (st->energy_index[i] <= w->label_b_max);
    int zone_private = (f & WS_F_ZONE) && tenure == WS_TENURE_PRIVATE;
    t->zone_private += sign * zone_private;
    t->permits += sign * (zone_private && (f & WS_F_PERMIT));
    if (!occupied)
        return;
    long gas, elec, heat;
    energy_of(w, i, &gas, &elec, &heat);
    t->gas += sign * gas;
    t->elec += sign * elec;
    t->heat += sign * heat;
    /* The poverty flag is decided when the dwelling enters the totals, so that taking
     * it out again removes exactly what was added. */
    if (sign > 0)
        decide_poverty(w, i, gas, elec, heat);
    t->poor += sign * ((st->flags[i] & WS_F_POOR) != 0);
}

void ws_w_rehouse(ws_world *w, long i, gsl_rng *rng)
{
    ws_stock_draw_household(w->st, w->sc, i, rng);
    ws_w_moved_in(w, i);
}

void ws_w_moved_in(ws_world *w, long i)
{
    ws_stock *st = w->st;
    ws_totals *t = &w->tot[ws_w_district(w, i)];
    long gas, elec, heat;
    energy_of(w, i, &gas, &elec, &heat);
    if (st->flags[i] & WS_F_OCCUPIED) {
        t->poor -= (st->flags[i] & WS_F_POOR) != 0;
    } else {
        t->occupied++;
        t->vacant--;
        t->gas += gas;
        t->elec += elec;
        t->heat += heat;
        st->flags[i] |= WS_F_OCCUPIED;
    }
    decide_poverty(w, i, gas, elec, heat);
    t->poor += (st->flags[i] & WS_F_POOR) != 0;
}

void ws_w_vacate(ws_world *w, int d, long i)
{
    ws_stock *st = w->st;
    ws_totals *t = &w->tot[d];
    long gas, elec, heat;
    energy_of(w, i, &gas, &elec, &heat);
    t->occupied--;
    t->vacant++;
    t->gas -= gas;
    t->elec -= elec;
    t->heat -= heat;
    t->poor -= (st->flags[i] & WS_F_POOR) != 0;
    /* Its review year stays: the yearly review passes over a vacant dwelling (which
     * saves a write to memory on a large stock). */
    st->flags[i] &= (uint8_t)~(WS_F_OCCUPIED | WS_F_POOR);
}

/* Stores condition value stored (units + decay offset) for standing dwelling i of
 * district d, keeping its district's histogram and substandard count. */
static inline void condition_store(ws_world *w, int d, long i, uint16_t stored)
{
    ws_stock *st = w->st;
    ws_totals *t = &w->tot[d];
    uint32_t *hist = w->cond_hist + (size_t)d * (size_t)w->cond_bins;
    t->substandard -= ws_w_substandard(w, i);
    hist[st->condition[i]]--;
    st->condition[i] = stored;
    hist[stored]++;
    t->substandard += ws_w_substandard(w, i);
}

void ws_w_set_condition(ws_world *w, int d, long i, int condition)
{
    ws_stock *st = w->st;
    condition = condition < 0 ? 0 : condition > 255 ? 255 : condition;
    uint16_t stored = (uint16_t)(condition + st->decay_offset);
    if (ws_stock_life(st, i) != WS_LIFE_STANDING)
        st->condition[i] = stored;
    else
        condition_store(w, d, i, stored);
}

void ws_w_raise_condition(ws_world *w, int d, long i, int condition)
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

void ws_w_decay(ws_world *w, int units)
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
    st->decay_offset += units;
}

static void set_prices(ws_world *w, int year)
{
    const ws_scenario *sc = w->sc;
    w->price_year = year;
    w->gas_price = ws_series_at(&sc->gas_price, year);
    w->elec_price = ws_series_at(&sc->elec_price, year);
    w->grid_co2 = ws_series_at(&sc->grid_co2, year);
}

static void totals_rebuild(ws_world *w)
{
    memset(w->tot, 0, sizeof *w->tot * (size_t)w->nd);
    memset(w->cond_hist, 0, sizeof *w->cond_hist * (size_t)w->nd * (size_t)w->cond_bins);
    for (long i = 0; i < w->st->n; i++)
        ws_w_account(w, i, +1);
}

/* Re-decides energy poverty at the new year's prices: only the households whose
 * review year it is can change (found by a byte scan of the review years, in batches
 * whose dwellings are prefetched: on a large stock each is a cache miss). */
static void poverty_review(ws_world *w)
{
    ws_stock *st = w->st;
    int y = w->price_year - ws_month_year(w->sc->start);
    const uint8_t *review = st->review, *end = review + st->n, *p = review;
    for (int more = 1; more;) {
        long due[32];
        int n = 0;
        while (n < 32 && (p = memchr(p, y, (size_t)(end - p))) != NULL) {
            due[n] = p - review;
            __builtin_prefetch(&st->flags[due[n]]);
            __builtin_prefetch(&st->energy_index[due[n]]);
            __builtin_prefetch(&st->floor_area[due[n]]);
            __builtin_prefetch(&st->fabric[due[n]]);
            __builtin_prefetch(&st->income_band[due[n]]);
            __builtin_prefetch(&st->income[due[n]]);
            __builtin_prefetch(&st->nbh[due[n]]);
            n++;
            p++;
        }
        more = n == 32;
        for (int k = 0; k < n; k++) {
            long i = due[k];
            if (ws_stock_life(st, i) != WS_LIFE_STANDING || !(st->flags[i] & WS_F_OCCUPIED)) {
                st->review[i] = 255;
                continue;
            }
            long gas, elec, heat;
            energy_of(w, i, &gas, &elec, &heat);
            int was = (st->flags[i] & WS_F_POOR) != 0;
            decide_poverty(w, i, gas, elec, heat);
            w->tot[ws_w_district(w, i)].poor += ((st->flags[i] & WS_F_POOR) != 0) - was;
        }
    }
}

/* Process 5. Running totals carry the month-to-month changes; prices change by year, so
 * in a new year energy poverty is re-decided where the new prices change it. */
static int process_energy(ws_world *w)
{
    int year = ws_month_year(w->month);
    if (year != w->price_year) {
        set_prices(w, year);
        poverty_review(w);
    }
    return WS_OK;
}

/* Process 6. */
static int process_indicators(ws_world *w)
{
    const ws_liveability_params *lv = &w->sc->liveability;
    int nd = w->nd;
    ws_totals all;
    memset(&all, 0, sizeof all);
    /* Which indicators are flows (the month's) rather than counts since the start. */
    uint8_t is_flow[WS_NIND];
    for (int k = 0; k < WS_NIND; k++)
        is_flow[k] = ws_indicator_table[k].kind == WS_KIND_FLOW;
    double *area_flow = w->flow + nd * WS_NIND;
    for (int d = 0; d <= nd; d++) {
        double *v = w->ind + d * WS_NIND;
        double *flow = w->flow + d * WS_NIND, *cum = w->cum + d * WS_NIND;
        /* District flows also feed the area's (whose row comes last). */
        if (d < nd)
            for (int k = 0; k < WS_NIND; k++)
                area_flow[k] += flow[k];
        for (int k = 0; k < WS_NIND; k++) {
            double c = cum[k] + flow[k];
            cum[k] = c;
            v[k] = is_flow[k] ? flow[k] : c;
        }
        const ws_totals *t;
        long pipeline;
        if (d < nd) {
            t = &w->tot[d];
            pipeline = w->pipeline[d];
            all.standing += t->standing;
            all.occupied += t->occupied;
            all.vacant += t->vacant;
            all.substandard += t->substandard;
            all.poor += t->poor;
            all.zone_private += t->zone_private;
            all.permits += t->permits;
            all.label_b += t->label_b;
            for (int k = 0; k < WS_NTENURE; k++)
                all.tenure[k] += t->tenure[k];
            all.gas += t->gas;
            all.elec += t->elec;
            all.heat += t->heat;
        } else {
            t = &all;
            pipeline = 0;
            for (int k = 0; k < nd; k++)
                pipeline += w->pipeline[k];
        }
        v[WS_I_DWELLINGS] = (double)t->standing;
        v[WS_I_NET_ADDED] = cum[WS_I_COMPLETIONS] - cum[WS_I_DEMOLITIONS];
        v[WS_I_PIPELINE] = (double)pipeline;
        v[WS_I_OWNER] = (double)t->tenure[WS_TENURE_OWNER];
        v[WS_I_SOCIAL] = (double)t->tenure[WS_TENURE_SOCIAL];
        v[WS_I_PRIVATE] = (double)t->tenure[WS_TENURE_PRIVATE];
        v[WS_I_PRIVATE_IN_ZONE] = (double)t->zone_private;
        v[WS_I_PERMITS_ACTIVE] = (double)t->permits;
        v[WS_I_SUBSTANDARD] = (double)t->substandard;
        v[WS_I_GAS_M3] = (double)t->gas;
        v[WS_I_ELECTRICITY_KWH] = (double)t->elec;
        v[WS_I_CO2_T] =
            ((double)t->gas * w->sc->energy.co2_gas + (double)t->elec * w->grid_co2) / 1000.0;
        v[WS_I_ENERGY_COST_EUR] =
            t->occupied ? ((double)(t->gas + t->heat) * w->gas_price +
                           (double)t->elec * w->elec_price) / (double)t->occupied
                        : 0;
        v[WS_I_ENERGY_POOR] = (double)t->poor;
        v[WS_I_VACANT] = (double)t->vacant;
        v[WS_I_LABEL_B_OR_BETTER] = (double)t->label_b;
        double n = t->standing ? (double)t->standing : 1;
        double live = lv->base - lv->w_substandard * t->substandard / n -
                      lv->w_poverty * t->poor / (t->occupied ? (double)t->occupied : 1) -
                      lv->w_vacancy * t->vacant / n;
        v[WS_I_LIVEABILITY] = live < 0 ? 0 : live > 10 ? 10 : live;
    }
    return WS_OK;
}

/* ---------------------------------------------------------------- life cycle */

/* A base: the initial stock and the woondeal's planned dwellings (their attributes;
 * when they are built is the run's), with what follows from them alone: landlord-permit
 * zone flags, running totals, the condition histogram and the poverty flags at the
 * start year's prices. It depends on the scenario and its seed only (the stock stream
 * is derived from (seed, run 0)), so every run of a scenario starts from the same
 * stock; runs copy it instead of generating it again (MODEL.md 3.1). It is kept as a
 * world that never steps: its stock, totals, histogram and energy tables are copied
 * into each run, and its market and retrofit states hold what the runs share
 * (ws_world.proto). */
struct ws_base {
    const ws_scenario *sc;
    ws_world *w;
};

/* Histogram geometry: stored conditions grow by the yearly decay, so there is room for
 * every year of the run. */
static int cond_bins_of(const ws_scenario *sc)
{
    int decay_units = (int)lround(255 * sc->quality.decay_per_year);
    int bins = 256 + decay_units * ((sc->end - sc->start) / 12 + 2);
    return bins > 65536 ? 65536 : bins;
}

/* Dwellings a run's stock holds: the initial ones and every one the woondeal plans. */
static long stock_capacity(const ws_scenario *sc)
{
    long n = ws_woondeal_capacity(sc);
    for (int g = 0; g < sc->ngroups; g++)
        n += sc->groups[g].count;
    return n;
}

/* Generates the initial stock into w (whose stock is empty) and counts it: the part of
 * a world that a ws_base holds. */
static int world_initial(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    gsl_rng *rng = gsl_rng_alloc(ws_rng_type);
    if (!rng)
        return WS_ENOMEM;
    gsl_rng_set(rng, ws_stream_seed(sc->seed, 0, WS_RNG_STOCK));
    int st = ws_stock_generate(w->st, sc, rng);
    if (st == WS_OK)
        st = ws_woondeal_plan(w->st, sc, rng);
    gsl_rng_free(rng);
    if (st != WS_OK)
        return st;
    /* The zone flag never changes (a dwelling keeps its neighbourhood); set before the
     * first count, so that private_in_zone is right also with the regime off. */
    for (long i = 0; i < w->st->n; i++)
        if (sc->permit.zone_nbh[w->st->nbh[i]])
            w->st->flags[i] |= WS_F_ZONE;
    set_prices(w, ws_month_year(sc->start));
    totals_rebuild(w);
    return WS_OK;
}

/* Allocates and fills what counting a stock needs: the district totals, the condition
 * histogram (its geometry from the scenario) and the effective energy index table.
 * Returns WS_OK or WS_ENOMEM. */
static int counts_alloc(ws_world *w)
{
    const ws_scenario *sc = w->sc;
    w->tot = calloc((size_t)w->nd + 1, sizeof *w->tot);
    w->index_effective = malloc(sizeof *w->index_effective * WS_INDEX_TABLE);
    w->cond_cut = (int)ceil(255 * sc->quality.threshold - 1e-9);
    w->cond_bins = cond_bins_of(sc);
    w->cond_hist = calloc((size_t)w->nd * (size_t)w->cond_bins + 1, sizeof *w->cond_hist);
    w->nyears = ws_month_year(sc->end) - ws_month_year(sc->start) + 1;
    w->gas_year = malloc(sizeof *w->gas_year * (size_t)w->nyears);
    w->elec_year = malloc(sizeof *w->elec_year * (size_t)w->nyears);
    w->price_bounds = malloc(sizeof *w->price_bounds * 4 * (size_t)w->nyears);
    if (!w->tot || !w->index_effective || !w->cond_hist || !w->gas_year || !w->elec_year ||
        !w->price_bounds)
        return WS_ENOMEM;
    energy_tables(w);
    return WS_OK;
}

static ws_world *world_create(const ws_scenario *sc, const ws_base *base, int run,
                              ws_error *err)
{
    gsl_set_error_handler_off();
    ws_world *w = calloc(1, sizeof *w);
    if (!w)
        goto nomem;
    w->sc = sc;
    w->proto = base ? base->w : NULL;
    w->run = run;
    w->nd = sc->ndistricts;
    w->month = sc->start - 1;
    w->st = ws_stock_alloc(stock_capacity(sc), sc->nnbh);
    size_t rows = (size_t)(w->nd + 1);
    w->pipeline = calloc(rows, sizeof *w->pipeline);
    w->flow = calloc(rows * WS_NIND, sizeof *w->flow);
    w->cum = calloc(rows * WS_NIND, sizeof *w->cum);
    w->ind = calloc(rows * WS_NIND, sizeof *w->ind);
    w->prev_dwellings = calloc(rows, sizeof *w->prev_dwellings);
    if (!w->st || !w->pipeline || !w->flow || !w->cum || !w->ind || !w->prev_dwellings ||
        counts_alloc(w) != WS_OK)
        goto nomem;
    /* The processes' streams (the stock's is used only by world_initial): one
     * generator, cloned (ws_rng_reseed). */
    for (int k = 0, first = -1; k < WS_NRNG; k++) {
        if (k == WS_RNG_STOCK)
            continue;
        w->rng[k] = first < 0 ? gsl_rng_alloc(ws_rng_type) : gsl_rng_clone(w->rng[first]);
        if (!w->rng[k])
            goto nomem;
        first = first < 0 ? k : first;
        ws_rng_reseed(w->rng[k], ws_stream_seed(sc->seed, run, k));
    }
    if (base) {
        const ws_world *p = base->w;
        ws_stock_copy(w->st, p->st);
        memcpy(w->tot, p->tot, sizeof *w->tot * (size_t)w->nd);
        memcpy(w->cond_hist, p->cond_hist,
               sizeof *w->cond_hist * ((size_t)w->nd * (size_t)w->cond_bins + 1));
        set_prices(w, ws_month_year(sc->start));
    } else if (world_initial(w) != WS_OK) {
        goto nomem;
    }
    if (ws_woondeal_alloc(w) != WS_OK || ws_permit_alloc(w) != WS_OK ||
        ws_retrofit_alloc(w) != WS_OK || ws_market_alloc(w) != WS_OK)
        goto nomem;
    /* The state before the first month, so that the identity holds from month one. */
    process_indicators(w);
    for (int d = 0; d <= w->nd; d++)
        w->prev_dwellings[d] = lround(w->ind[d * WS_NIND + WS_I_DWELLINGS]);
    return w;
nomem:
    ws_world_free(w);
    ws_error_set(err, WS_ENOMEM, "out of memory creating run %d", run);
    return NULL;
}

ws_world *ws_world_alloc(const ws_scenario *sc, int run, ws_error *err)
{
    return world_create(sc, NULL, run, err);
}

ws_world *ws_world_alloc_from(const ws_base *base, int run, ws_error *err)
{
    return world_create(base->sc, base, run, err);
}

ws_base *ws_base_alloc(const ws_scenario *sc, ws_error *err)
{
    ws_base *b = calloc(1, sizeof *b);
    ws_world *w = calloc(1, sizeof *w);
    long n = stock_capacity(sc);
    if (!b || !w)
        goto nomem;
    b->sc = sc;
    b->w = w;
    w->sc = sc;
    w->nd = sc->ndistricts;
    w->st = ws_stock_alloc(n, sc->nnbh);
    if (!w->st || counts_alloc(w) != WS_OK || world_initial(w) != WS_OK ||
        ws_retrofit_prepare(w) != WS_OK || ws_market_prepare(w) != WS_OK)
        goto nomem;
    return b;
nomem:
    ws_world_free(w);
    free(b);
    ws_error_set(err, WS_ENOMEM, "out of memory generating the stock");
    return NULL;
}

void ws_base_free(ws_base *b)
{
    if (!b)
        return;
    ws_world_free(b->w);
    free(b);
}

void ws_world_free(ws_world *w)
{
    if (!w)
        return;
    ws_woondeal_free(w);
    ws_permit_free(w);
    ws_retrofit_free(w);
    ws_market_free(w);
    for (int k = 0; k < WS_NRNG; k++)
        gsl_rng_free(w->rng[k]);
    ws_stock_free(w->st);
    free(w->tot);
    free(w->pipeline);
    free(w->flow);
    free(w->cum);
    free(w->ind);
    free(w->prev_dwellings);
    free(w->index_effective);
    free(w->cond_hist);
    free(w->gas_year);
    free(w->elec_year);
    free(w->price_bounds);
    free(w);
}

int ws_world_step(ws_world *w)
{
    if (ws_world_done(w))
        return WS_EINPUT;
    for (int d = 0; d <= w->nd; d++)
        w->prev_dwellings[d] = lround(w->ind[d * WS_NIND + WS_I_DWELLINGS]);
    memset(w->flow, 0, sizeof(double) * (size_t)(w->nd + 1) * WS_NIND);
    w->month++;
    for (int p = 0; p < NPROCESS; p++) {
        int st = process_table[p].run(w);
        if (st != WS_OK)
            return st;
    }
#ifdef WS_CHECK_INVARIANTS
    /* Test builds (make SAN=1) check every invariant after every step. */
    char msg[256];
    int check = ws_world_check(w, msg, sizeof msg);
    if (check == WS_ERUNTIME) {
        char date[8];
        ws_month_format(w->month, date);
        fprintf(stderr, "woonsim: invariant violated in run %d at %s: %s\n", w->run, date, msg);
    }
    if (check != WS_OK)
        return check; /* a violation, or no memory to check with */
#endif
    return WS_OK;
}

int ws_world_done(const ws_world *w) { return w->month >= w->sc->end; }
ws_month ws_world_month(const ws_world *w) { return w->month; }
const ws_stock *ws_world_stock(const ws_world *w) { return w->st; }
const ws_scenario *ws_world_scenario(const ws_world *w) { return w->sc; }

const double *ws_world_indicators(const ws_world *w, int d)
{
    return w->ind + (size_t)d * WS_NIND;
}

/* ---------------------------------------------------------------- invariants */

int ws_world_check(const ws_world *w, char *msg, size_t size)
{
    int nd = w->nd;
    ws_totals *re = calloc((size_t)nd, sizeof *re);
    if (!re) {
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    /* Recount from the stock with the stored poverty flags. */
    const ws_stock *st = w->st;
    int failed = 0;
    for (long i = 0; i < st->n; i++) {
        if (st->landlord[i] > st->landlords && !failed) {
            failed = 1; /* a new landlord would get a taken id */
            snprintf(msg, size, "dwelling %ld: landlord %lu above the %lu in use", i,
                     (unsigned long)st->landlord[i], (unsigned long)st->landlords);
        }
        if (ws_stock_life(st, i) != WS_LIFE_STANDING)
            continue;
        ws_totals *t = &re[ws_w_district(w, i)];
        int occ = (st->flags[i] & WS_F_OCCUPIED) != 0;
        int zp = (st->flags[i] & WS_F_ZONE) && ws_stock_tenure(st, i) == WS_TENURE_PRIVATE;
        t->standing++;
        t->tenure[ws_stock_tenure(st, i)]++;
        t->occupied += occ;
        t->vacant += !occ;
        t->substandard += ws_w_substandard(w, i);
        t->label_b += ws_label_of_index(st->energy_index[i]) <= WS_LABEL_B;
        t->zone_private += zp;
        t->permits += zp && (st->flags[i] & WS_F_PERMIT);
        if (occ) {
            long g, e, h;
            ws_w_energy(w, i, &g, &e, &h);
            t->gas += g;
            t->elec += e;
            t->heat += h;
            int poor = (st->flags[i] & WS_F_POOR) != 0;
            t->poor += poor;
            /* The stored flag is the rule at this year's prices (the review years). */
            int rule = poor_at(w, i, g, e, h, w->gas_price, w->elec_price);
            if (poor != rule && !failed) {
                failed = 1;
                snprintf(msg, size, "dwelling %ld: energy poverty %d, but the rule says %d",
                         i, poor, rule);
            }
        }
    }
    if (failed) {
        free(re);
        return WS_ERUNTIME;
    }
    int rc = WS_ERUNTIME;
    size_t bins = (size_t)w->cond_bins;
    uint32_t *hist = calloc((size_t)nd * bins + 1, sizeof *hist);
    if (!hist) {
        free(re);
        snprintf(msg, size, "out of memory");
        return WS_ENOMEM;
    }
    for (long i = 0; i < st->n; i++)
        if (ws_stock_life(st, i) == WS_LIFE_STANDING)
            hist[(size_t)ws_w_district(w, i) * bins + st->condition[i]]++;
    if (memcmp(hist, w->cond_hist, sizeof *hist * (size_t)nd * bins) != 0) {
        snprintf(msg, size, "condition histogram differs from a recount");
        goto out;
    }
    for (int d = 0; d < nd; d++) {
        if (memcmp(&re[d], &w->tot[d], sizeof re[d]) != 0) {
            snprintf(msg, size, "district %s: running totals differ from a recount",
                     w->sc->districts[d].id);
            goto out;
        }
    }
    for (int d = 0; d <= nd; d++) {
        const double *v = w->ind + d * WS_NIND;
        const char *id = d < nd ? w->sc->districts[d].id : "total";
        if (lround(v[WS_I_DWELLINGS]) !=
            w->prev_dwellings[d] + lround(v[WS_I_COMPLETIONS]) - lround(v[WS_I_DEMOLITIONS])) {
            snprintf(msg, size, "%s: dwellings %.0f != %ld + %.0f - %.0f", id,
                     v[WS_I_DWELLINGS], w->prev_dwellings[d], v[WS_I_COMPLETIONS],
                     v[WS_I_DEMOLITIONS]);
            goto out;
        }
        for (int k = 0; k < WS_NIND; k++) {
            /* net_added is negative while demolition runs ahead of construction. */
            if ((v[k] < 0 && k != WS_I_NET_ADDED) || !isfinite(v[k])) {
                snprintf(msg, size, "%s: %s = %g", id, ws_indicator_table[k].name, v[k]);
                goto out;
            }
        }
        if (!(v[WS_I_RETROFIT_OFFERED] >= v[WS_I_RETROFIT_ADOPTED] &&
              v[WS_I_RETROFIT_ADOPTED] >= v[WS_I_RETROFIT_COMPLETED])) {
            snprintf(msg, size, "%s: retrofit offered %.0f adopted %.0f completed %.0f", id,
                     v[WS_I_RETROFIT_OFFERED], v[WS_I_RETROFIT_ADOPTED],
                     v[WS_I_RETROFIT_COMPLETED]);
            goto out;
        }
    }
    for (int k = 0; k < WS_NIND; k++) {
        if (!ws_indicator_table[k].additive)
            continue;
        double sum = 0;
        for (int d = 0; d < nd; d++)
            sum += w->ind[d * WS_NIND + k];
        double tot = w->ind[nd * WS_NIND + k];
        if (fabs(sum - tot) > 1e-6 * (fabs(tot) + 1)) {
            snprintf(msg, size, "total %s = %g but districts sum to %g",
                     ws_indicator_table[k].name, tot, sum);
            goto out;
        }
    }
    rc = WS_OK;
out:
    free(hist);
    free(re);
    return rc;
}
