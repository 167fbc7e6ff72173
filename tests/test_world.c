/* World: determinism, stream independence, invariants after every step, the energy
 * accounting against hand-computed values, the process order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

/* Runs a whole world, checking the invariants after every step; returns a checksum of
 * all indicators (or NaN on failure). */
static double run_checked(const ws_scenario *sc, const ws_base *base, int run,
                          int *violations)
{
    ws_error err;
    ws_world *w = base ? ws_world_alloc_from(base, run, &err) : ws_world_alloc(sc, run, &err);
    if (!w)
        return NAN;
    double sum = 0;
    char msg[256];
    while (!ws_world_done(w)) {
        if (ws_world_step(w) != WS_OK)
            break;
        if (ws_world_check(w, msg, sizeof msg) != WS_OK) {
            if ((*violations)++ == 0)
                fprintf(stderr, "invariant: %s\n", msg);
        }
        for (int d = 0; d <= sc->ndistricts; d++) {
            const double *v = ws_world_indicators(w, d);
            for (int k = 0; k < WS_NIND; k++)
                sum = sum * 1.0000001 + v[k];
        }
    }
    ws_world_free(w);
    return sum;
}

int main(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load("tests/golden/small.xml", NULL, 0, &err);
    CHECK(sc != NULL, "small: %s", err.msg);
    if (!sc)
        return CHECK_DONE("world");

    int viol = 0;
    double a = run_checked(sc, NULL, 1, &viol), b = run_checked(sc, NULL, 1, &viol);
    double c = run_checked(sc, NULL, 2, &viol);
    CHECK(viol == 0, "%d invariant violations", viol);
    CHECK(a == b, "same run, same indicators");
    CHECK(a != c, "runs 1 and 2 differ");

    /* A run made from the shared initial stock is the run made from scratch. */
    ws_base *base = ws_base_alloc(sc, &err);
    CHECK(base != NULL, "base: %s", err.msg);
    if (base) {
        CHECK(run_checked(sc, base, 1, &viol) == a && run_checked(sc, base, 2, &viol) == c,
              "runs from the base equal runs from scratch");
        CHECK(viol == 0, "%d invariant violations from the base", viol);
        /* The initial stock depends on the seed, not the run. */
        ws_world *w1 = ws_world_alloc(sc, 1, &err), *w2 = ws_world_alloc_from(base, 2, &err);
        CHECK(w1 && w2, "alloc: %s", err.msg);
        if (w1 && w2) {
            const ws_stock *s1 = ws_world_stock(w1), *s2 = ws_world_stock(w2);
            /* The initial dwellings; the woondeal's planned ones are drawn by the run. */
            long n0 = 0;
            for (int g = 0; g < sc->ngroups; g++)
                n0 += sc->groups[g].count;
            int same = s1->n >= n0 && s2->n >= n0;
            for (long i = 0; same && i < n0; i++)
                same = s1->energy_index[i] == s2->energy_index[i] &&
                       s1->income[i] == s2->income[i] && s1->condition[i] == s2->condition[i] &&
                       s1->qx[i] == s2->qx[i] && ws_stock_life(s1, i) == ws_stock_life(s2, i);
            CHECK(same, "runs 1 and 2 start from the same stock");
        }
        ws_world_free(w1);
        ws_world_free(w2);
        ws_base_free(base);
    }
    /* ... and another seed gives another stock. */
    const char *seed7[] = {"/scenario/@seed=8"};
    ws_scenario *sc2 = ws_scenario_load("tests/golden/small.xml", seed7, 1, &err);
    CHECK(sc2 != NULL, "seed 8: %s", err.msg);
    if (sc2) {
        ws_world *w1 = ws_world_alloc(sc, 1, &err), *w2 = ws_world_alloc(sc2, 1, &err);
        if (w1 && w2) {
            const ws_stock *s1 = ws_world_stock(w1), *s2 = ws_world_stock(w2);
            long differ = 0;
            for (long i = 0; i < s1->n && i < s2->n; i++)
                differ += s1->energy_index[i] != s2->energy_index[i];
            CHECK(differ > s1->n / 2, "seed 8 draws another stock (%ld of %ld differ)", differ, s1->n);
        }
        ws_world_free(w1);
        ws_world_free(w2);
        ws_scenario_free(sc2);
    }
    CHECK(ws_stream_seed(1, 1, 0) != ws_stream_seed(1, 2, 0) &&
              ws_stream_seed(1, 1, 0) != ws_stream_seed(1, 1, 1) &&
              ws_stream_seed(1, 1, 0) != ws_stream_seed(2, 1, 0),
          "stream seeds differ by seed, run and stream");

    /* Process order is the documented one (sim/MODEL.md 1.3). */
    CHECK(ws_world_nprocesses() == 7, "seven processes");
    CHECK(strstr(ws_world_process(0), "construction") && strstr(ws_world_process(1), "permit") &&
              strstr(ws_world_process(2), "retrofit") && strstr(ws_world_process(3), "corporations") &&
              strstr(ws_world_process(4), "market") && strstr(ws_world_process(5), "energy") &&
              strstr(ws_world_process(6), "indicators") && ws_world_process(7) == NULL,
          "process order");

    /* Energy accounting by hand: the first month of the small scenario. */
    ws_world *w = ws_world_alloc(sc, 1, &err);
    CHECK(w != NULL, "alloc: %s", err.msg);
    if (w) {
        ws_world_step(w);
        const ws_stock *st = ws_world_stock(w);
        double gas = 0, elec = 0, cost = 0;
        long occupied = 0, poor = 0, lihe = 0, lilek = 0;
        for (long i = 0; i < st->n; i++) {
            if (ws_stock_life(st, i) != WS_LIFE_STANDING || !(st->flags[i] & WS_F_OCCUPIED))
                continue;
            occupied++;
            double g = 0, e = 2500;
            double eff = 200.0 * pow(st->energy_index[i] / 200.0, sc->energy.index_elasticity);
            double demand = sc->energy.gas_per_index * eff * st->floor_area[i] * sc->energy.type_factor[ws_stock_type(st, i)];
            if (ws_stock_heating(st, i) == WS_HEAT_GAS)
                g = demand;
            else if (ws_stock_heating(st, i) == WS_HEAT_PUMP)
                e += demand * 8.79 * 0.9 / 3.5;
            g = round(g);
            e = round(e);
            gas += g;
            elec += e;
            double c1 = g * 1.45 + e * 0.29;
            cost += c1;
            /* the CBS/TNO monitor's two legs: low income with a high energy quote, and
             * low income in a home of label E, F or G (NTA 8800: above 290) */
            int low = st->income_band[i] == WS_INCOME_LOW;
            int hq = low && c1 > 0.10 * st->income[i] * 10.0, lq = low && st->energy_index[i] > 290;
            lihe += hq;
            lilek += lq;
            poor += hq || lq;
        }
        const double *tot = ws_world_indicators(w, sc->ndistricts);
        CHECK_NEAR(tot[WS_I_GAS_M3], gas, 0.5, "gas by hand");
        CHECK_NEAR(tot[WS_I_ELECTRICITY_KWH], elec, 0.5, "electricity by hand");
        CHECK_NEAR(tot[WS_I_CO2_T], (gas * 1.78 + elec * 0.30) / 1000, 1e-6, "CO2 by hand");
        CHECK_NEAR(tot[WS_I_ENERGY_COST_EUR], cost / occupied, 1e-6, "mean cost by hand");
        CHECK_NEAR(tot[WS_I_ENERGY_POOR], poor, 0, "energy poor by hand");
        CHECK_NEAR(tot[WS_I_ENERGY_POOR_LIHE], lihe, 0, "LIHE leg by hand");
        CHECK_NEAR(tot[WS_I_ENERGY_POOR_LILEK], lilek, 0, "LILEK leg by hand");
        CHECK(lihe > 0 && lilek > 0 && poor < lihe + lilek && poor > lihe && poor > lilek,
              "the legs overlap, and each adds households the other misses");
        CHECK(tot[WS_I_ENERGY_POOR] > 0, "some households are energy-poor");
        CHECK(gas > 0, "gas used");
        ws_world_free(w);
    }

    /* Label bounds. */
    CHECK(ws_label_of_index(160) == WS_LABEL_A && ws_label_of_index(161) == WS_LABEL_B &&
              ws_label_of_index(380) == WS_LABEL_F && ws_label_of_index(381) == WS_LABEL_G,
          "NTA 8800 label bounds");
    ws_world_free(NULL);
    ws_scenario_free(sc);
    return CHECK_DONE("world");
}
