/* Tenure and market (process 4): the monthly laws the model states (MODEL.md 2),
 * observed on the stock month by month over whole runs of the default scenario:
 *   - an owner-occupied home is sold with probability sale_rate / 12 a month;
 *   - a tenancy ends (the home falls vacant) with probability vacancy_rate / 12;
 *   - a vacant home is let again with probability 1 / relet_months.
 * Each count is compared with its binomial expectation (within 4.5 standard deviations
 * plus 1 % for the few dwellings other processes touch in the same month). A skip
 * walk that visits one dwelling too many or too few, or a re-letting that draws twice,
 * moves these counts by far more. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "woonsim/scenario.h"
#include "woonsim/stock.h"
#include "woonsim/world.h"

#define RUNS 3

typedef struct {
    double trials, events, p;
} law;

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

int main(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "default scenario: %s", err.msg);
    if (!sc)
        return CHECK_DONE("market");
    const ws_market *mk = &sc->market;
    law sale = {0, 0, mk->sale_rate / 12}, end = {0, 0, mk->vacancy_rate / 12};
    law let = {0, 0, 1 / mk->relet_months};
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
        before = malloc((size_t)st->cap);
        while (before && !ws_world_done(w)) {
            long n = st->n;
            memcpy(before, st->flags, (size_t)n);
            double owners = 0;
            for (long i = 0; i < n; i++) {
                unsigned f = before[i];
                unsigned life = (f & WS_F_LIFE) >> WS_F_LIFE_SHIFT;
                owners += life == WS_LIFE_STANDING && (f & WS_F_OCCUPIED) &&
                          f >> WS_F_TENURE_SHIFT == WS_TENURE_OWNER;
            }
            ws_world_step(w);
            sale.trials += owners;
            sale.events += ws_world_indicators(w, sc->ndistricts)[WS_I_SALES];
            for (long i = 0; i < n; i++) {
                unsigned f = before[i], g = st->flags[i];
                if ((f & WS_F_LIFE) >> WS_F_LIFE_SHIFT != WS_LIFE_STANDING ||
                    ws_stock_life(st, i) != WS_LIFE_STANDING)
                    continue;
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
    printf("market laws over %d runs of the default scenario:\n", RUNS);
    law_check(&sale, "sales");
    law_check(&end, "tenancy ends");
    law_check(&let, "re-lettings");
    ws_base_free(base);
    ws_scenario_free(sc);
    return CHECK_DONE("market");
}
