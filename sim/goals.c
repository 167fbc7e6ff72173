/* Goals: judging a run's kept indicators against the scenario's goals (woonsim/goals.h).
 * The reading of <goals> is in sim/goals_xml.c. */
#include "woonsim/goals.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

#include <math.h>

const char *const ws_goal_direction_names[2] = {"at-least", "at-most"};

void ws_goals_add_months(const ws_scenario *sc, ws_month *at, int *nat)
{
    for (int i = 0; i < sc->goals.n; i++) {
        ws_month m = sc->goals.goal[i].by;
        int seen = 0;
        for (int a = 0; a < *nat && !seen; a++)
            seen = at[a] == m;
        if (!seen)
            at[(*nat)++] = m;
    }
}

double ws_goal_value(const ws_scenario *sc, const ws_goal *g, const ws_month *at, int nat,
                     const double *values)
{
    size_t row = (size_t)(sc->ndistricts + 1) * WS_NIND;
    size_t d = g->district == WS_GOAL_TOTAL ? (size_t)sc->ndistricts : (size_t)g->district;
    for (int a = 0; a < nat; a++)
        if (at[a] == g->by)
            return values[(size_t)a * row + d * WS_NIND + (size_t)g->indicator];
    return NAN;
}

int ws_goal_met(const ws_goal *g, double value)
{
    if (isnan(value))
        return 0;
    return g->direction == WS_GOAL_AT_MOST ? value <= g->target : value >= g->target;
}

double ws_goal_gap(const ws_goal *g, double value)
{
    double gap = g->direction == WS_GOAL_AT_MOST ? value - g->target : g->target - value;
    return gap > 0 ? gap : 0;
}

double ws_goal_probability(const ws_goal *g, const double *v, const double *w, int n)
{
    double met = 0, sum = 0;
    for (int r = 0; r < n; r++) {
        double wr = w ? w[r] : 1.0;
        sum += wr;
        if (ws_goal_met(g, v[r]))
            met += wr;
    }
    return sum > 0 ? met / sum : 0;
}

const char *ws_goal_district_id(const ws_scenario *sc, const ws_goal *g)
{
    return g->district == WS_GOAL_TOTAL ? "total" : sc->districts[g->district].id;
}
