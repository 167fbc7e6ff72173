/* Track: the actuals reader's errors, the verdicts on figures taken from one run, and the
 * goals' probability moving towards that run's outcome once weighted by its figures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "woonsim/goals.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"
#include "woonsim/track.h"
#include "woonsim/world.h"

#define NRUNS 40

static void expect_error(const ws_scenario *sc, const char *text, const char *msg)
{
    ws_error err = {0, ""};
    ws_actuals *act = ws_actuals_parse(text, strlen(text), "a.csv", sc, &err);
    CHECK(!act && err.status == WS_EINPUT && strstr(err.msg, msg), "'%s': got '%s'", msg,
          err.msg);
    ws_actuals_free(act);
}

static void test_reader(const ws_scenario *sc)
{
    const char *ok = "# an example\n"
                     "date,district,indicator,value,source,error\n"
                     "2024,total,retrofit_completed,11,\"summary, 2024\",0.1\n"
                     "\n"
                     "2026-06,bilgaard,dwellings,3380,,\r\n";
    ws_error err;
    ws_actuals *act = ws_actuals_parse(ok, strlen(ok), "a.csv", sc, &err);
    CHECK(act && act->n == 2, "two actuals: %s", act ? "" : err.msg);
    if (act && act->n == 2) {
        const ws_actual *a = &act->a[0];
        CHECK(a->date == 2024 * 12 + 11 && a->district == WS_GOAL_TOTAL &&
                  a->indicator == WS_I_RETROFIT_COMPLETED && a->value == 11 &&
                  a->error == 0.1 && strcmp(a->source, "summary, 2024") == 0 && a->line == 3,
              "a year is its December; quoted source");
        a = &act->a[1];
        CHECK(a->district == ws_scenario_district(sc, "bilgaard") && a->error < 0 &&
                  a->line == 5 && a->date == 2026 * 12 + 5,
              "second row");
    }
    ws_actuals_free(act);
    const char *h = "date,district,indicator,value\n";
    char buf[256];
    expect_error(sc, "2024,total,net_added,1\n", "a.csv:1: unknown column \"2024\"");
    expect_error(sc, "date,district,value\n", "a.csv:1: the header needs");
    expect_error(sc, "", "a.csv:1: no header");
    /* One bad row after a good header each. */
    static const struct {
        const char *row, *msg;
    } rows[] = {
        {"2024-13,total,net_added,1\n", "a.csv:2: date \"2024-13\" is not YYYY-MM or YYYY"},
        {"2020-01,total,net_added,1\n",
         "a.csv:2: date 2020-01 is outside the run (2024-01 to 2042-12)"},
        {"2025,nowhere,net_added,1\n", "a.csv:2: unknown district \"nowhere\""},
        {"2025,total,net_add,1\n", "a.csv:2: unknown indicator \"net_add\""},
        {"2025,total,net_added,many\n", "a.csv:2: value \"many\" is not a number"},
        {"2025,total,net_added,nan\n", "a.csv:2: value \"nan\" is not a number"},
        {"2025,total\n", "a.csv:2: 2 fields"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(buf, sizeof buf, "%s%s", h, rows[i].row);
        expect_error(sc, buf, rows[i].msg);
    }
    expect_error(sc, "date,district,indicator,value,error\n2025,total,net_added,1,0\n",
                 "a.csv:2: error \"0\" is not a relative error > 0");
    expect_error(sc, "date,district,indicator,value\n2025,total,\"net_added,1\n",
                 "a.csv:2: more than 8 fields or an unterminated quote");
}

/* Adds "DATE,total,IND,VALUE" for run r's value at month m to buf. */
static void add_actual(char *buf, size_t size, const ws_scenario *sc, const ws_month *at,
                       int nat, const ws_run_result *r, ws_month m, int ind, double scale)
{
    ws_goal g = {.indicator = ind, .district = WS_GOAL_TOTAL, .by = m};
    char date[8];
    ws_month_format(m, date);
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s,total,%s,%.10g\n", date, ws_indicator_table[ind].name,
             scale * ws_goal_value(sc, &g, at, nat, r->at));
}

/* The index of a run that meets (want 1) or misses (0) goal g, or -1. */
static int run_with(const ws_scenario *sc, const ws_goal *g, const ws_month *at, int nat,
                    const ws_run_result *res, int want)
{
    for (int r = 0; r < NRUNS; r++)
        if (ws_goal_met(g, ws_goal_value(sc, g, at, nat, res[r].at)) == want)
            return r;
    return -1;
}

/* Figures taken from run k: inside the bands (on-track) but one far below (behind); the
 * goal's probability given them moves towards run k's outcome. */
static void test_from_run(const ws_scenario *sc, const ws_goal *g, const ws_month *at,
                          int nat, const ws_run_result *res, int k)
{
    char text[4096] = "date,district,indicator,value\n";
    static const int years[] = {2026, 2028, 2030, 2032, 2034};
    for (int i = 0; i < 5; i++)
        add_actual(text, sizeof text, sc, at, nat, &res[k], years[i] * 12 + 11, WS_I_NET_ADDED,
                   1);
    add_actual(text, sizeof text, sc, at, nat, &res[k], 2030 * 12 + 11, WS_I_DWELLINGS, 0.5);
    ws_error err;
    ws_actuals *act = ws_actuals_parse(text, strlen(text), "run.csv", sc, &err);
    CHECK(act && act->n == 6, "actuals from run %d: %s", k + 1, act ? "" : err.msg);
    if (!act)
        return;
    ws_track_row rows[6];
    double w[NRUNS], v[NRUNS], ess = 0;
    CHECK(ws_track_compare(sc, act, at, nat, res, NRUNS, rows, &err) == WS_OK, "%s", err.msg);
    int inside = 0;
    for (int i = 0; i < 5; i++) {
        int in = act->a[i].value >= rows[i].p5 && act->a[i].value <= rows[i].p95;
        inside += in;
        CHECK(!in || rows[i].verdict == WS_TRACK_ON_TRACK, "inside the band: on-track");
        CHECK(rows[i].p5 <= rows[i].median && rows[i].median <= rows[i].p95, "band order");
    }
    CHECK(inside >= 1, "some of run %d's figures inside the bands (%d)", k + 1, inside);
    CHECK(rows[5].verdict == WS_TRACK_BEHIND && rows[5].percentile == 0,
          "half the dwellings: behind, percentile %g", rows[5].percentile);
    /* The weights with the run's own figures only (the far one would weigh every run
     * down alike). */
    act->n = 5;
    CHECK(ws_track_weights(sc, act, at, nat, res, NRUNS, 0.05, w, &ess, &err) == WS_OK, "%s",
          err.msg);
    double sum = 0;
    for (int r = 0; r < NRUNS; r++)
        sum += w[r];
    CHECK_NEAR(sum, 1, 1e-9, "weights sum to 1");
    CHECK(ess >= 1 && ess <= NRUNS, "effective sample size %g", ess);
    for (int r = 0; r < NRUNS; r++)
        v[r] = ws_goal_value(sc, g, at, nat, res[r].at);
    double prior = ws_goal_probability(g, v, NULL, NRUNS);
    double post = ws_goal_probability(g, v, w, NRUNS);
    int met = ws_goal_met(g, v[k]);
    CHECK(met ? post > prior : post < prior,
          "run %d %s the goal: prior %.3f, given its figures %.3f (ess %.1f)", k + 1,
          met ? "meets" : "misses", prior, post, ess);
    ws_actuals_free(act);
}

int main(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    CHECK(sc != NULL, "%s", err.msg);
    if (!sc)
        return CHECK_DONE("track");
    test_reader(sc);
    ws_month at[16];
    int nat = 0;
    for (int y = 2026; y <= 2034; y += 2)
        at[nat++] = y * 12 + 11;
    ws_goals_add_months(sc, at, &nat);
    ws_run_result res[NRUNS];
    memset(res, 0, sizeof res);
    ws_run_options ro = {1, NRUNS, 2, 0, at, nat};
    CHECK(ws_run_many(sc, &ro, res, &err) == WS_OK, "runs: %s", err.msg);
    const ws_goal *g = &sc->goals.goal[0]; /* the woondeal */
    int hit = run_with(sc, g, at, nat, res, 1), miss = run_with(sc, g, at, nat, res, 0);
    CHECK(hit >= 0 && miss >= 0, "a run that meets the woondeal (%d) and one that misses (%d)",
          hit, miss);
    if (hit >= 0)
        test_from_run(sc, g, at, nat, res, hit);
    if (miss >= 0)
        test_from_run(sc, g, at, nat, res, miss);
    ws_run_results_clear(res, NRUNS);
    ws_scenario_free(sc);
    return CHECK_DONE("track");
}
