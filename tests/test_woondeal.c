/* Woondeal pipeline: plan status (ideas fall away, so the default meets its target only
 * sometimes; cancelling the ideas lowers that chance, dropping no plans meets it); a plan
 * that falls away builds and demolishes nothing; a plan delay shifts the whole schedule;
 * demolition comes before completion in a renewal; the pipeline slips in its variant. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "check.h"
#include "woonsim/run.h"

#define RUNS 100

typedef struct {
    double q[3];  /* net_added at the deadline: 5 %, median, 95 % */
    double met;   /* share of runs that reach the target */
} outcome;

/* net_added (area) at the deadline over RUNS runs of path with the given --set edits. */
static int at_deadline(const char *path, const char *set, outcome *o)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load(path, set ? &set : NULL, set ? 1 : 0, &err);
    if (!sc) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    ws_month at = sc->woondeal.deadline;
    ws_run_result *res = calloc(RUNS, sizeof *res);
    double v[RUNS];
    int st = res ? ws_run_many(sc, &(ws_run_options){1, RUNS, 2, 0, &at, 1}, res, &err) : WS_ENOMEM;
    if (st == WS_OK) {
        o->met = 0;
        for (int r = 0; r < RUNS; r++) {
            v[r] = res[r].at[(size_t)sc->ndistricts * WS_NIND + WS_I_NET_ADDED];
            o->met += (v[r] >= sc->woondeal.target) / (double)RUNS;
        }
        gsl_sort(v, 1, RUNS);
        o->q[0] = gsl_stats_quantile_from_sorted_data(v, 1, RUNS, 0.05);
        o->q[1] = gsl_stats_median_from_sorted_data(v, 1, RUNS);
        o->q[2] = gsl_stats_quantile_from_sorted_data(v, 1, RUNS, 0.95);
        printf("%s%s%s: net_added at deadline %.0f [%.0f, %.0f], target met in %.0f %%\n", path,
               set ? " --set " : "", set ? set : "", o->q[1], o->q[0], o->q[2], 100 * o->met);
    }
    ws_run_results_clear(res, RUNS);
    free(res);
    ws_scenario_free(sc);
    return st;
}

/* One run of sc: project completions and demolitions, the first completion month. */
static void run_small(const ws_scenario *sc, double *completed, double *demolished,
                      ws_month *first_completion, int *completion_before_demolition)
{
    ws_error err;
    ws_world *w = ws_world_alloc(sc, 1, &err);
    *completed = *demolished = 0;
    *first_completion = -1;
    *completion_before_demolition = 0;
    while (w && !ws_world_done(w)) {
        ws_world_step(w);
        const double *t = ws_world_indicators(w, sc->ndistricts);
        if (t[WS_I_COMPLETIONS] > 0 && *demolished == 0)
            *completion_before_demolition = 1;
        if (t[WS_I_COMPLETIONS] > 0 && *first_completion < 0)
            *first_completion = ws_world_month(w);
        *demolished += t[WS_I_DEMOLITIONS];
        *completed += t[WS_I_COMPLETIONS];
    }
    CHECK(w != NULL, "world: %s", err.msg);
    ws_world_free(w);
}

static void small_scenario(void)
{
    /* The run is extended, as a batch's slips can take it past the scenario's two
     * years. The small scenario's project is hard (the default status). */
    ws_error err;
    const char *longer[] = {"/scenario/@end=2030-12"};
    ws_scenario *sc = ws_scenario_load("tests/golden/small.xml", longer, 1, &err);
    CHECK(sc != NULL, "small: %s", err.msg);
    if (!sc)
        return;
    CHECK(sc->woondeal.projects[0].status == WS_PLAN_HARD, "a project is hard unless told");
    double completed, demolished;
    ws_month first, first_delayed;
    int early;
    run_small(sc, &completed, &demolished, &first, &early);
    CHECK(!early, "demolition precedes completion");
    CHECK(completed == 70, "all 70 project dwellings completed (%g)", completed);
    CHECK(demolished >= 40, "the 40 planned demolitions happened (%g)", demolished);

    /* A plan delay of exactly 24 months (sd 0 draws nothing) shifts the same schedule. */
    sc->woondeal.plan_delay_mean[WS_PLAN_HARD] = 24;
    run_small(sc, &completed, &demolished, &first_delayed, &early);
    CHECK(first >= 0 && first_delayed == first + 24, "delayed 24 months: first completion %d "
          "vs %d", first_delayed, first);
    CHECK(completed == 70, "the delayed project completes its 70 dwellings (%g)", completed);

    /* A plan that falls away builds nothing and demolishes none of its 40. */
    sc->woondeal.plan_delay_mean[WS_PLAN_HARD] = 0;
    sc->woondeal.plan_dropout[WS_PLAN_HARD] = 1;
    double corp_only;
    run_small(sc, &completed, &corp_only, &first, &early);
    CHECK(completed == 0, "a dropped plan completes nothing (%g)", completed);
    CHECK(corp_only <= demolished - 40, "a dropped plan demolishes nothing (%g of %g)",
          corp_only, demolished);
    ws_scenario_free(sc);
}

int main(void)
{
    const char *def_path = "scenarios/leeuwarden-oost.xml";
    outcome def, no_ideas, no_dropout, del;
    CHECK(at_deadline(def_path, NULL, &def) == WS_OK, "default runs");
    CHECK(at_deadline(def_path, "/scenario/woondeal/project[@status='idea']/@cancelled=true",
                      &no_ideas) == WS_OK, "runs without the ideas");
    CHECK(at_deadline(def_path, "/scenario/woondeal/plan-status/@dropout=0", &no_dropout) == WS_OK,
          "runs without plan drop-out");
    CHECK(at_deadline("scenarios/woondeal-delayed.xml", NULL, &del) == WS_OK, "delayed runs");
    /* The sourced (hard) projects alone stay far below the target. */
    CHECK(no_ideas.q[2] < 1000, "without the ideas net_added stays below 1,000 (%.0f)",
          no_ideas.q[2]);
    CHECK(no_ideas.met < def.met, "cancelling the ideas lowers the chance: %.2f vs %.2f",
          no_ideas.met, def.met);
    CHECK(def.met < 0.5, "with plan drop-out the default is unlikely to make it (%.2f)", def.met);
    CHECK(no_dropout.q[1] >= 1500 && no_dropout.met > 0.8,
          "if no plan falls away the target is met (median %.0f, %.2f)", no_dropout.q[1],
          no_dropout.met);
    CHECK(del.q[1] < def.q[1] - 100, "delayed median %.0f clearly below default %.0f", del.q[1],
          def.q[1]);
    small_scenario();
    return CHECK_DONE("woondeal");
}
