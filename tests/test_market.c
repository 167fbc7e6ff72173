/* Tenure and market (process 4): the laws the model states (MODEL.md 3.4), observed on
 * the stock month by month over whole runs of the default scenario:
 *   - an owner-occupied home is sold with probability sale_rate / 12 a month;
 *   - a tenancy ends (the home falls vacant) with probability vacancy_rate / 12;
 *   - a vacant home is let again with probability 1 / relet_months;
 *   - a private rental (let or vacant) is sold to an owner-occupier with probability
 *     private_sale_rate / 12 a month;
 *   - in January, after the year's decay, a dwelling is maintained with its tenure's
 *     probability m and its condition raised to a fresh draw round(255 clamp(mean +
 *     sd Z, 0, 1)) if that is higher: it rises with probability m P(fresh > c), computed
 *     here from the normal distribution (outside the permit's zone, where no repair
 *     interferes).
 * Each count is compared with its expectation (within 4.5 standard deviations plus 1 %
 * for the few dwellings other processes touch in the same month). A skip walk that
 * visits one dwelling too many or too few, a re-letting that draws twice, or a wrong
 * table for the fresh condition moves these counts by far more.
 * The batched walk itself (sim/walk.c) is also tested alone, on a hand-made stock, and
 * the stationary law the initial conditions are drawn from (ws_market_settled_laws)
 * on known answers: a fixed point of one year of the chain, the fresh law without
 * decay or maintenance, ruin without maintenance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "check.h"
#include "market.h" /* the settled conditions' law */
#include "walk.h" /* the batched walk, tested alone */
#include "woonsim/scenario.h"
#include "woonsim/stock.h"
#include "woonsim/world.h"

#define RUNS 3

typedef struct {
    double trials, events, p;
} law;

/* P(fresh condition > c units) for tenure t. */
static double p_fresh_above(const ws_quality_params *q, int t, int c)
{
    if (c >= 255)
        return 0;
    if (q->sd[t] <= 0)
        return (int)(255 * q->mean[t] + 0.5) > c;
    return gsl_cdf_gaussian_Q((c + 0.5) / 255 - q->mean[t], q->sd[t]);
}

static void law_check(const law *l, const char *what)
{
    double expect = l->trials * l->p;
    double sd = sqrt(l->trials * l->p * (1 - l->p));
    CHECK(fabs(l->events - expect) <= 4.5 * sd + 0.01 * expect,
          "%s: %.0f events in %.0f trials, %.0f expected (sd %.1f)", what, l->events,
          l->trials, expect, sd);
    printf("  %-14s %9.0f events in %10.0f trials: %.5f a trial, law %.5f\n", what,
           l->events, l->trials, l->events / l->trials, l->p);
}

/* The walk alone: district 0 is dwellings 0..999 and 2000..2999 (two runs), district 1
 * the thousand between; tenures cycle owner, social, private. With p = 0.2 for owners,
 * 0 for social rent and 0.05 for private rent (thinned), 400 walks of district 0 visit
 * only its dwellings, each batch in stock order, with the laws' frequencies. */
static void walk_alone(void)
{
    ws_stock *st = ws_stock_alloc(3000, 1);
    gsl_rng *rng = gsl_rng_alloc(ws_rng_type);
    CHECK(st && rng, "allocation");
    if (!st || !rng) {
        ws_stock_free(st);
        gsl_rng_free(rng);
        return;
    }
    st->n = 3000;
    for (long i = 0; i < st->n; i++) {
        st->flags[i] = 0;
        ws_stock_set_life(st, i, WS_LIFE_STANDING);
        ws_stock_set_tenure(st, i, (int)(i % 3));
    }
    ws_walk_span spans[3] = {{0, 1000}, {2000, 1000}, {1000, 1000}};
    long span0[3] = {0, 2, 3}, count[2] = {2000, 1000};
    ws_walk_runs runs = {spans, span0, count};
    const double p[WS_NTENURE] = {0.2, 0, 0.05};
    ws_walk_law wl;
    ws_walk_law_init(&wl, p, 0, WS_WALK_PREFETCH_DWELLING);
    CHECK(wl.thin && wl.keep[st->flags[1]] == 0 && wl.eligible[st->flags[2]],
          "the law thins, social rent never has the event");
    gsl_rng_set(rng, 7);
    double events[WS_NTENURE] = {0};
    int inside = 1, ordered = 1;
    for (int k = 0; k < 400; k++) {
        ws_walk it;
        uint32_t batch[WS_WALK_BATCH];
        int n;
        ws_walk_start(&it, &runs, 0, &wl, st, rng);
        while ((n = ws_walk_next(&it, batch)) >= 0) {
            for (int b = 0; b < n; b++) {
                inside &= batch[b] < 1000 || batch[b] >= 2000;
                ordered &= b == 0 || batch[b] > batch[b - 1];
                events[ws_stock_tenure(st, batch[b])]++;
            }
        }
    }
    CHECK(inside && ordered, "visits inside district 0 (%d), in stock order (%d)", inside,
          ordered);
    law_check(&(law){400 * 667.0, events[WS_TENURE_OWNER], 0.2}, "walk: owners");
    law_check(&(law){400 * 667.0, events[WS_TENURE_PRIVATE], 0.05}, "walk: private");
    CHECK(events[WS_TENURE_SOCIAL] == 0, "no social rent event");
    ws_stock_free(st);
    gsl_rng_free(rng);
}

/* One year of the chain on units 0..255 for one tenure, as MODEL.md 3.4 states it:
 * decay by units (clamped at 0), then with probability pm max(c, fresh). */
static void chain_year(const double *pi, int units, double pm, const double *f, double *out)
{
    double d[256] = {0};
    for (int k = 0; k < 256; k++)
        d[k - units > 0 ? k - units : 0] += pi[k];
    for (int k = 0; k < 256; k++)
        out[k] = (1 - pm) * d[k];
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++)
            out[a > b ? a : b] += pm * d[a] * f[b];
}

static void settled_laws(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "default scenario: %s", err.msg);
    if (!sc)
        return;
    double pi[WS_NTENURE][256], f[256], next[256];
    /* Social rent changes no tenure: its law is a fixed point of one year. */
    ws_market_settled_laws(sc, pi);
    int units = (int)(255 * sc->quality.decay_per_year + 0.5);
    ws_market_fresh_mass(&sc->quality, WS_TENURE_SOCIAL, f);
    chain_year(pi[WS_TENURE_SOCIAL], units, sc->quality.maintenance[WS_TENURE_SOCIAL], f, next);
    double l1 = 0, sub = 0, fresh_sub = 0;
    int cut = (int)ceil(255 * sc->quality.threshold - 1e-9);
    for (int k = 0; k < 256; k++) {
        l1 += fabs(next[k] - pi[WS_TENURE_SOCIAL][k]);
        sub += k < cut ? pi[WS_TENURE_PRIVATE][k] : 0;
        fresh_sub += k < cut ? f[k] : 0;
    }
    CHECK(l1 < 1e-9, "settled social law moves by %g in a year", l1);
    printf("  settled law: fixed point to %.1e; private substandard %.3f\n", l1, sub);
    /* Neither decay nor maintenance: the fresh law itself. */
    sc->quality.decay_per_year = 0;
    for (int t = 0; t < WS_NTENURE; t++)
        sc->quality.maintenance[t] = 0;
    ws_market_settled_laws(sc, pi);
    ws_market_fresh_mass(&sc->quality, WS_TENURE_SOCIAL, f);
    l1 = 0;
    for (int k = 0; k < 256; k++)
        l1 += fabs(pi[WS_TENURE_SOCIAL][k] - f[k]);
    CHECK(l1 < 1e-12 && fresh_sub > 0, "without decay or maintenance: %g from the fresh law", l1);
    /* Decay without maintenance: every condition at 0. */
    sc->quality.decay_per_year = 0.01;
    ws_market_settled_laws(sc, pi);
    for (int t = 0; t < WS_NTENURE; t++)
        CHECK(fabs(pi[t][0] - 1) < 1e-12, "no maintenance (%s): P(0) = %g", ws_tenure_names[t],
              pi[t][0]);
    ws_scenario_free(sc);
}

int main(void)
{
    walk_alone();
    settled_laws();
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "default scenario: %s", err.msg);
    if (!sc)
        return CHECK_DONE("market");
    const ws_market_params *mk = &sc->market;
    law sale = {0, 0, mk->sale_rate / 12}, end = {0, 0, mk->vacancy_rate / 12};
    law let = {0, 0, 1 / mk->relet_months};
    law private_sale = {0, 0, mk->private_sale_rate / 12};
    const ws_quality_params *q = &sc->quality;
    int decay = (int)(255 * q->decay_per_year + 0.5);
    /* by tenure: conditions raised, expected, variance, dwellings */
    double raised[WS_NTENURE] = {0}, raised_mean[WS_NTENURE] = {0};
    double raised_var[WS_NTENURE] = {0}, maintained_trials[WS_NTENURE] = {0};
    int *cond = NULL;
    ws_base *base = ws_base_alloc(sc, &err);
    CHECK(base != NULL, "base: %s", err.msg);
    uint8_t *before = NULL;
    for (int run = 1; base && run <= RUNS; run++) {
        ws_world *w = ws_world_alloc_from(base, run, &err);
        CHECK(w != NULL, "run %d: %s", run, err.msg);
        if (!w)
            break;
        const ws_stock *st = ws_world_stock(w);
        free(before);
        free(cond);
        before = malloc((size_t)st->cap);
        cond = malloc(sizeof *cond * (size_t)st->cap);
        while (before && cond && !ws_world_done(w)) {
            long n = st->n;
            memcpy(before, st->flags, (size_t)n);
            ws_month next = ws_world_month(w) + 1;
            int january = ws_month_of_year(next) == 1 && next != sc->start;
            for (long i = 0; january && i < n; i++)
                cond[i] = ws_stock_condition_units(st, i);
            double owners = 0, privates = 0;
            for (long i = 0; i < n; i++) {
                unsigned f = before[i];
                unsigned life = (f & WS_F_LIFE) >> WS_F_LIFE_SHIFT;
                owners += life == WS_LIFE_STANDING && (f & WS_F_OCCUPIED) &&
                          f >> WS_F_TENURE_SHIFT == WS_TENURE_OWNER;
                privates += life == WS_LIFE_STANDING && f >> WS_F_TENURE_SHIFT == WS_TENURE_PRIVATE;
            }
            ws_world_step(w);
            const double *tot = ws_world_indicators(w, sc->ndistricts);
            sale.trials += owners;
            sale.events += tot[WS_I_SALES];
            private_sale.trials += privates;
            private_sale.events += tot[WS_I_PRIVATE_SOLD_TO_OWNER];
            for (long i = 0; i < n; i++) {
                unsigned f = before[i], g = st->flags[i];
                if ((f & WS_F_LIFE) >> WS_F_LIFE_SHIFT != WS_LIFE_STANDING ||
                    ws_stock_life(st, i) != WS_LIFE_STANDING)
                    continue;
                if (january && !(f & WS_F_ZONE)) {
                    int t = (int)(f >> WS_F_TENURE_SHIFT);
                    int c = cond[i] - decay > 0 ? cond[i] - decay : 0;
                    double pr = q->maintenance[t] * p_fresh_above(q, t, c);
                    maintained_trials[t]++;
                    raised_mean[t] += pr;
                    raised_var[t] += pr * (1 - pr);
                    raised[t] += ws_stock_condition_units(st, i) > c;
                }
                int was = (f & WS_F_OCCUPIED) != 0, is = (g & WS_F_OCCUPIED) != 0;
                if (!was) {
                    let.trials++;
                    let.events += is;
                } else if (f >> WS_F_TENURE_SHIFT != WS_TENURE_OWNER) {
                    end.trials++;
                    end.events += !is;
                }
            }
        }
        ws_world_free(w);
    }
    free(before);
    free(cond);
    for (int t = 0; t < WS_NTENURE; t++) {
        double sd = sqrt(raised_var[t]);
        CHECK(fabs(raised[t] - raised_mean[t]) <= 4.5 * sd + 0.01 * raised_mean[t],
              "maintenance (%s): %.0f conditions raised, %.0f expected (sd %.1f)",
              ws_tenure_names[t], raised[t], raised_mean[t], sd);
        printf("  maintenance (%-7s) %6.0f raised in %7.0f dwelling-years: %.0f expected "
               "(sd %.1f)\n", ws_tenure_names[t], raised[t], maintained_trials[t],
               raised_mean[t], sd);
    }
    printf("market laws over %d runs of the default scenario:\n", RUNS);
    law_check(&sale, "sales");
    law_check(&end, "tenancy ends");
    law_check(&let, "re-lettings");
    law_check(&private_sale, "private sold");
    ws_base_free(base);
    ws_scenario_free(sc);
    return CHECK_DONE("market");
}
