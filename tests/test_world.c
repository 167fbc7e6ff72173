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
static double run_checked(const ws_scenario *sc, int run, int *violations)
{
    ws_error err;
    ws_world *w = ws_world_alloc(sc, run, &err);
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
    double a = run_checked(sc, 1, &viol), b = run_checked(sc, 1, &viol);
    double c = run_checked(sc, 2, &viol);
    CHECK(viol == 0, "%d invariant violations", viol);
    CHECK(a == b, "same run, same indicators");
    CHECK(a != c, "runs 1 and 2 differ");
    CHECK(ws_stream_seed(1, 1, 0) != ws_stream_seed(1, 2, 0) &&
              ws_stream_seed(1, 1, 0) != ws_stream_seed(1, 1, 1) &&
              ws_stream_seed(1, 1, 0) != ws_stream_seed(2, 1, 0),
          "stream seeds differ by seed, run and stream");

    /* Process order is SPEC order. */
    CHECK(ws_world_nprocesses() == 6, "six processes");
    CHECK(strstr(ws_world_process(0), "construction") && strstr(ws_world_process(1), "permit") &&
              strstr(ws_world_process(2), "retrofit") && strstr(ws_world_process(3), "market") &&
              strstr(ws_world_process(4), "energy") && strstr(ws_world_process(5), "indicators") &&
              ws_world_process(6) == NULL,
          "process order");

    /* Energy accounting by hand: the first month of the small scenario. */
    ws_world *w = ws_world_alloc(sc, 1, &err);
    CHECK(w != NULL, "alloc: %s", err.msg);
    if (w) {
        ws_world_step(w);
        const ws_stock *st = ws_world_stock(w);
        double gas = 0, elec = 0, cost = 0;
        long occupied = 0, poor = 0;
        for (long i = 0; i < st->n; i++) {
            if (st->life[i] != WS_LIFE_STANDING || !(st->flags[i] & WS_F_OCCUPIED))
                continue;
            occupied++;
            double g = 0, e = 2500;
            double eff = 200.0 * pow(st->energy_index[i] / 200.0, sc->energy.index_elasticity);
            double demand = sc->energy.gas_per_index * eff * st->floor_area[i] * sc->energy.type_factor[st->type[i]];
            if (st->heating[i] == WS_HEAT_GAS)
                g = demand;
            else if (st->heating[i] == WS_HEAT_PUMP)
                e += demand * 8.79 * 0.9 / 3.5;
            g = round(g);
            e = round(e);
            gas += g;
            elec += e;
            double c1 = g * 1.45 + e * 0.29;
            cost += c1;
            poor += st->income_band[i] == WS_INCOME_LOW && c1 > 0.10 * st->income[i] * 10.0;
        }
        const double *tot = ws_world_indicators(w, sc->ndistricts);
        CHECK_NEAR(tot[WS_I_GAS_M3], gas, 0.5, "gas by hand");
        CHECK_NEAR(tot[WS_I_ELECTRICITY_KWH], elec, 0.5, "electricity by hand");
        CHECK_NEAR(tot[WS_I_CO2_T], (gas * 1.78 + elec * 0.30) / 1000, 1e-6, "CO2 by hand");
        CHECK_NEAR(tot[WS_I_ENERGY_COST_EUR], cost / occupied, 1e-6, "mean cost by hand");
        CHECK_NEAR(tot[WS_I_ENERGY_POOR], poor, 0, "energy poor by hand");
        CHECK(tot[WS_I_ENERGY_POOR] > 0, "some households are energy-poor");
        CHECK(gas > 0, "gas used");
        ws_world_free(w);
    }

    /* Label bounds. */
    CHECK(ws_label_of_index(105) == WS_LABEL_A && ws_label_of_index(106) == WS_LABEL_B &&
              ws_label_of_index(336) == WS_LABEL_G,
          "NTA 8800 label bounds");
    ws_world_free(NULL);
    ws_scenario_free(sc);
    return CHECK_DONE("world");
}
