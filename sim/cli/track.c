/* woonsim track: monitored figures against the simulated 5-95 % bands, with a verdict per
 * figure, and the goals' probabilities before and given those figures. */
#include "cli.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "woonsim/goals.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"
#include "woonsim/track.h"
#include "woonsim/world.h"

typedef struct {
    const char *files[2], *out;
    int nfiles;
    long runs, jobs;
    double error;
    const char *sets[1];
    int nsets;
    char seedset[64];
} track_args;

static int on_file(void *ctx, const char *arg)
{
    track_args *a = ctx;
    if (a->nfiles == 2)
        return cli_usage_error("track takes SCENARIO.xml ACTUALS.csv; '%s' is a third", arg);
    a->files[a->nfiles++] = arg;
    return 0;
}

/* --seed S: the scenario's seed attribute set to S. */
static int on_seed(void *dest, const char *value)
{
    track_args *a = dest;
    long s;
    if (cli_parse_long(value, 0, 4294967295L, &s) != 0)
        return cli_usage_error("--seed needs a whole number from 0 to 4294967295, not '%s'",
                               value);
    snprintf(a->seedset, sizeof a->seedset, "/scenario/@seed=%ld", s);
    a->sets[0] = a->seedset;
    a->nsets = 1;
    return 0;
}

/* --error E: the relative observation error of figures without an error column. */
static int on_error(void *dest, const char *value)
{
    char *end;
    double e = strtod(value, &end);
    if (!*value || *end || !(e > 0 && e <= 10))
        return cli_usage_error("--error needs a relative error above 0 (0.05 = 5 %%), not "
                               "'%s'", value);
    *(double *)dest = e;
    return 0;
}

/* The -o table: one row per actual. */
static void table_csv(ws_buf *b, const ws_scenario *sc, const ws_actuals *act,
                      const ws_track_row *rows)
{
    ws_buf_printf(b, "indicator,district,date,actual,median,p5,p95,percentile,verdict\n");
    for (int i = 0; i < act->n; i++) {
        const ws_actual *a = &act->a[i];
        const ws_track_row *t = &rows[i];
        ws_goal g = {.district = a->district};
        char date[8];
        ws_month_format(a->date, date);
        ws_buf_printf(b, "%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.1f,%s\n",
                      ws_indicator_table[a->indicator].name, ws_goal_district_id(sc, &g),
                      date, a->value, t->median, t->p5, t->p95, t->percentile,
                      ws_track_verdict_names[t->verdict]);
    }
}

/* The same for the terminal, aligned, numbers at the indicator's decimals. */
static void table_print(const ws_scenario *sc, const ws_actuals *act, const ws_track_row *rows)
{
    printf("%-20s %-22s %-7s %12s %12s %12s %12s %5s  %s\n", "indicator", "district", "date",
           "actual", "median", "p5", "p95", "pct", "verdict");
    for (int i = 0; i < act->n; i++) {
        const ws_actual *a = &act->a[i];
        const ws_track_row *t = &rows[i];
        int dec = ws_indicator_table[a->indicator].decimals;
        ws_goal g = {.district = a->district};
        char date[8];
        ws_month_format(a->date, date);
        printf("%-20s %-22s %-7s %12.*f %12.*f %12.*f %12.*f %5.1f  %s\n",
               ws_indicator_table[a->indicator].name, ws_goal_district_id(sc, &g), date, dec,
               a->value, dec, t->median, dec, t->p5, dec, t->p95, t->percentile,
               ws_track_verdict_names[t->verdict]);
    }
}

/* Per goal: the probability before the actuals (equal weights) and given them (w). */
static void goals_print(const ws_scenario *sc, const ws_month *at, int nat,
                        const ws_run_result *res, int nruns, const double *w)
{
    double *v = malloc(sizeof(double) * (size_t)nruns);
    if (!v)
        return;
    for (int i = 0; i < sc->goals.n; i++) {
        const ws_goal *g = &sc->goals.goal[i];
        for (int r = 0; r < nruns; r++)
            v[r] = ws_goal_value(sc, g, at, nat, res[r].at);
        char date[8];
        ws_month_format(g->by, date);
        int dec = ws_indicator_table[g->indicator].decimals;
        printf("%s %.*f by %s (%s, %s, %s): met in %.0f %% of %d runs before the actuals, "
               "%.0f %% given them\n",
               g->name, dec, g->target, date, ws_indicator_table[g->indicator].name,
               ws_goal_district_id(sc, g), ws_goal_direction_names[g->direction],
               100.0 * ws_goal_probability(g, v, NULL, nruns), nruns,
               100.0 * ws_goal_probability(g, v, w, nruns));
    }
    free(v);
}

/* Runs the scenario, compares, weighs and reports; returns a status with err set. */
static int track(const ws_scenario *sc, const ws_actuals *act, const track_args *a,
                 ws_error *err)
{
    int runs = (int)a->runs, nat = 0;
    ws_month *at = malloc(sizeof *at * (size_t)(act->n + sc->goals.n + 1));
    ws_run_result *res = calloc((size_t)runs, sizeof *res);
    ws_track_row *rows = calloc((size_t)act->n + 1, sizeof *rows);
    double *w = malloc(sizeof *w * (size_t)runs), ess = runs;
    ws_buf out = {0};
    int st = at && res && rows && w ? WS_OK : ws_error_set(err, WS_ENOMEM, "out of memory");
    if (st == WS_OK) {
        ws_actuals_add_months(act, at, &nat);
        ws_goals_add_months(sc, at, &nat);
        ws_run_options ro = {1, runs, (int)a->jobs, 0, at, nat};
        st = ws_run_many(sc, &ro, res, err);
    }
    if (st == WS_OK)
        st = ws_track_compare(sc, act, at, nat, res, runs, rows, err);
    if (st == WS_OK)
        st = ws_track_weights(sc, act, at, nat, res, runs, a->error, w, &ess, err);
    if (st == WS_OK && a->out) {
        table_csv(&out, sc, act, rows);
        const ws_buf *bufs[1] = {&out};
        st = out.failed ? ws_error_set(err, WS_ENOMEM, "out of memory")
                        : cli_write(a->out, bufs, 1, err);
    }
    if (st == WS_OK && !(a->out && strcmp(a->out, "-") == 0)) {
        printf("%s: %d actual%s against %d runs (5-95 %% band)\n", sc->name, act->n,
               act->n == 1 ? "" : "s", runs);
        table_print(sc, act, rows);
        printf("runs weighted by the actuals (observation error %.0f %% of each figure "
               "unless its error column says otherwise): effective sample size %.1f of %d\n",
               100.0 * a->error, ess, runs);
        goals_print(sc, at, nat, res, runs, w);
        if (a->out)
            printf("wrote %s\n", a->out);
    }
    ws_buf_clear(&out);
    ws_run_results_clear(res, runs);
    free(res);
    free(rows);
    free(w);
    free(at);
    return st;
}

int cli_track(int argc, char **argv)
{
    track_args a = {.runs = 100, .jobs = 1, .error = WS_TRACK_DEFAULT_ERROR};
    const cli_option opts[] = {
        {"--output", "-o", CLI_TEXT, &a.out, 0, 0, "a file name", NULL},
        {"--runs", NULL, CLI_INT, &a.runs, 1, 1000000, NULL, NULL},
        {"--jobs", NULL, CLI_INT, &a.jobs, 1, 1024, NULL, NULL},
        {"--seed", NULL, CLI_CALL, &a, 0, 0, "a whole number", on_seed},
        {"--error", NULL, CLI_CALL, &a.error, 0, 0, "a relative error", on_error},
        {NULL, NULL, 0, NULL, 0, 0, NULL, NULL}};
    int rc = cli_parse(argc, argv, opts, on_file, &a);
    if (rc != 0)
        return rc;
    if (a.nfiles != 2)
        return cli_usage_error("track needs SCENARIO.xml ACTUALS.csv%s", "");
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(a.files[0], a.sets, a.nsets, &err);
    ws_actuals *act = sc ? ws_actuals_load(a.files[1], sc, &err) : NULL;
    int st = act ? track(sc, act, &a, &err) : err.status;
    if (st != WS_OK)
        fprintf(stderr, "%s\n", err.msg);
    ws_actuals_free(act);
    ws_scenario_free(sc);
    return ws_exit_status(st);
}
