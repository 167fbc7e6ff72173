/* Goals: the default scenario's goals, the reader's FILE:LINE errors, and judging runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "woonsim/goals.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

/* Writes a variant of the default scenario whose <goals> holds one goal with the given
 * attributes on line 4, loads it and returns the scenario (NULL with err set). */
static ws_scenario *load_goal(const char *attrs, char *path, ws_error *err)
{
    char cwd[1024];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    snprintf(path, 256, "/tmp/ws-goals-%ld.xml", (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fprintf(f, "<?xml version=\"1.0\"?>\n"
               "<scenario extends=\"%s/scenarios/leeuwarden-oost.xml\" name=\"g\">\n"
               "  <goals>\n"
               "    <goal %s/>\n"
               "  </goals>\n"
               "</scenario>\n",
            cwd, attrs);
    fclose(f);
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, err);
    remove(path);
    return sc;
}

/* A goal variant must fail with "PATH:4:" and text in the message. */
static void expect_error(const char *attrs, const char *text)
{
    char path[256], where[300];
    ws_error err = {0, ""};
    ws_scenario *sc = load_goal(attrs, path, &err);
    snprintf(where, sizeof where, "%s:4:", path);
    CHECK(sc == NULL && err.status == WS_EINPUT, "%s: should fail", attrs);
    CHECK(strstr(err.msg, where) && strstr(err.msg, text), "%s: message '%s'", attrs, err.msg);
    ws_scenario_free(sc);
}

static void test_default(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    CHECK(sc != NULL, "default: %s", err.msg);
    if (!sc)
        return;
    CHECK(sc->goals.n >= 2, "%d goals", sc->goals.n);
    const ws_goal *g = &sc->goals.goal[0];
    CHECK(strcmp(g->name, "woondeal") == 0 && g->indicator == WS_I_NET_ADDED &&
              g->district == WS_GOAL_TOTAL && g->target == 1500 &&
              g->by == 2035 * 12 + 11 && g->direction == WS_GOAL_AT_LEAST,
          "woondeal goal");
    g = &sc->goals.goal[1];
    CHECK(strcmp(g->name, "retrofit-offers") == 0 && g->indicator == WS_I_RETROFIT_OFFERED &&
              g->target == 1600 && g->by == 2031 * 12 + 11,
          "retrofit offers goal");
    CHECK(strcmp(ws_goal_district_id(sc, g), "total") == 0, "total");
    ws_scenario_free(sc);
}

static void test_reader(void)
{
    char path[256];
    ws_error err;
    ws_scenario *sc = load_goal("indicator=\"substandard\" district=\"bilgaard\" "
                                "target=\"10\" by=\"2030-12\" direction=\"at-most\"",
                                path, &err);
    CHECK(sc != NULL, "district goal: %s", err.msg);
    if (sc) {
        const ws_goal *g = &sc->goals.goal[0];
        CHECK(sc->goals.n == 1, "the variant's goals replace the base's: %d", sc->goals.n);
        CHECK(g->district == ws_scenario_district(sc, "bilgaard") &&
                  g->direction == WS_GOAL_AT_MOST && g->indicator == WS_I_SUBSTANDARD &&
                  strcmp(g->name, "substandard") == 0 && g->line == 4,
              "district goal read");
        CHECK(strcmp(ws_goal_district_id(sc, g), "bilgaard") == 0, "district id");
    }
    ws_scenario_free(sc);
    expect_error("indicator=\"net_adde\" district=\"total\" target=\"1\" by=\"2030-12\"",
                 "goal indicator \"net_adde\" is not a CSV column");
    expect_error("indicator=\"net_added\" district=\"nowhere\" target=\"1\" by=\"2030-12\"",
                 "goal district \"nowhere\" is not a district");
    expect_error("indicator=\"net_added\" district=\"total\" target=\"1\" by=\"2050-01\"",
                 "goal month 2050-01 is outside the scenario (2024-01 to 2042-12)");
    expect_error("indicator=\"net_added\" district=\"total\" target=\"1\" by=\"2023-12\"",
                 "outside the scenario");
    expect_error("indicator=\"net_added\" district=\"total\" target=\"1\" by=\"2030-12\" "
                 "direction=\"more\"",
                 "direction");
    expect_error("indicator=\"net_added\" district=\"total\" target=\"1\" by=\"2030-13\"",
                 "by");
    expect_error("indicator=\"net_added\" district=\"total\" target=\"lots\" by=\"2030-12\"",
                 "target");
    expect_error("indicator=\"net_added\" district=\"total\" by=\"2030-12\"", "target");
    expect_error("indicator=\"net_added\" district=\"total\" target=\"1\" by=\"2030-12\"/>"
                 "<goal indicator=\"net_added\" district=\"bilgaard\" target=\"2\" "
                 "by=\"2031-12\"",
                 "a second goal named \"net_added\"");
}

/* Judging runs: a hand-made results array of two months for a two-district area. */
static void test_judge(void)
{
    ws_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.ndistricts = 2;
    strcpy(sc.districts[1].id, "b");
    sc.goals.n = 2;
    sc.goals.goal[0] = (ws_goal){"a", WS_I_NET_ADDED, WS_GOAL_TOTAL, 100, 30, WS_GOAL_AT_LEAST, 1};
    sc.goals.goal[1] = (ws_goal){"b", WS_I_SUBSTANDARD, 1, 5, 40, WS_GOAL_AT_MOST, 2};
    ws_month at[4] = {30, 35};
    int nat = 2;
    ws_goals_add_months(&sc, at, &nat);
    CHECK(nat == 3 && at[2] == 40, "the goal month 40 added once: %d", nat);
    double *values = calloc((size_t)nat * 3 * WS_NIND, sizeof *values);
    if (!values)
        return;
    values[0 * 3 * WS_NIND + 2 * WS_NIND + WS_I_NET_ADDED] = 120; /* month 30, total */
    values[2 * 3 * WS_NIND + 1 * WS_NIND + WS_I_SUBSTANDARD] = 7; /* month 40, district b */
    const ws_goal *a = &sc.goals.goal[0], *b = &sc.goals.goal[1];
    CHECK(ws_goal_value(&sc, a, at, nat, values) == 120, "total's value");
    CHECK(ws_goal_value(&sc, b, at, nat, values) == 7, "district's value");
    CHECK(isnan(ws_goal_value(&sc, b, at, 2, values)), "month not kept: NAN");
    CHECK(ws_goal_met(a, 120) && ws_goal_met(a, 100) && !ws_goal_met(a, 99.5), "at least");
    CHECK(!ws_goal_met(b, 7) && ws_goal_met(b, 5) && !ws_goal_met(b, NAN), "at most");
    CHECK(ws_goal_gap(a, 80) == 20 && ws_goal_gap(a, 120) == 0, "shortfall");
    CHECK(ws_goal_gap(b, 7) == 2 && ws_goal_gap(b, 3) == 0, "excess");
    double v[4] = {50, 100, 150, 90}, w[4] = {1, 1, 2, 0};
    CHECK_NEAR(ws_goal_probability(a, v, NULL, 4), 0.5, 1e-12, "equal weights");
    CHECK_NEAR(ws_goal_probability(a, v, w, 4), 0.75, 1e-12, "weighted");
    CHECK(ws_goal_probability(a, v, NULL, 0) == 0, "no runs");
    free(values);
}

int main(void)
{
    test_default();
    test_reader();
    test_judge();
    return CHECK_DONE("goals");
}
