/* woonsim run: simulates a scenario, writes the CSV and prints the milestone table. */
#include "cli.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "woonsim/goals.h"
#include "woonsim/outfile.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"

#define MAX_SETS 256

typedef struct {
    const char *scenario, *out;
    const char *csv_format, *columns, *districts; /* --csv-format, --columns, --districts */
    const char *sets[MAX_SETS + 1];
    int nsets;
    long runs, jobs;
    char seedset[64];
    int uncertain;
} run_args;

static int add_set(run_args *a, const char *set)
{
    if (a->nsets == MAX_SETS)
        return cli_usage_error("more than %s --set options", "256");
    a->sets[a->nsets++] = set;
    return 0;
}

static int on_set(void *dest, const char *value)
{
    return add_set(dest, value);
}

/* --seed S: the scenario's seed attribute set to S. */
static int on_seed(void *dest, const char *value)
{
    run_args *a = dest;
    long s;
    if (cli_parse_long(value, 0, 4294967295L, &s) != 0) {
        fprintf(stderr, "woonsim: --seed needs a whole number from 0 to 4294967295, not "
                        "'%s'\n(see woonsim --help)\n", value);
        return 2;
    }
    snprintf(a->seedset, sizeof a->seedset, "/scenario/@seed=%ld", s);
    return add_set(a, a->seedset);
}

static int on_file(void *ctx, const char *arg)
{
    run_args *a = ctx;
    if (a->scenario)
        return cli_usage_error("run takes one scenario file; '%s' is a second", arg);
    a->scenario = arg;
    return 0;
}

/* Prints the milestone table: value (one run) or median [5%, 95%] over runs. */
static void print_milestones(const ws_scenario *sc, const ws_month *at, int nat,
                             const ws_run_result *res, int nruns)
{
    static const int keys[] = {WS_I_DWELLINGS,        WS_I_NET_ADDED,   WS_I_PIPELINE,
                               WS_I_PERMITS_ACTIVE,   WS_I_SUBSTANDARD, WS_I_RETROFIT_COMPLETED,
                               WS_I_GAS_M3,           WS_I_CO2_T,       WS_I_ENERGY_COST_EUR,
                               WS_I_ENERGY_POOR,      WS_I_LIVEABILITY};
    size_t row = (size_t)(sc->ndistricts + 1) * WS_NIND;
    size_t total = (size_t)sc->ndistricts * WS_NIND;
    double *v = malloc(sizeof(double) * (size_t)nruns);
    if (!v)
        return;
    printf("%s: %d run%s, area totals%s", sc->name, nruns, nruns == 1 ? "" : "s",
           nruns > 1 ? " (median [5%, 95%])" : "");
    if (ws_scenario_uncertain_on(sc))
        printf("; %d uncertain parameters drawn per run", ws_scenario_nuncertain(sc));
    printf("\n");
    printf("%-20s", "indicator");
    for (int a = 0; a < nat; a++) {
        char date[8];
        ws_month_format(at[a], date);
        printf(nruns > 1 ? " %26s" : " %14s", date);
    }
    printf("\n");
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        int k = keys[i], dec = ws_indicator_table[k].decimals;
        printf("%-20s", ws_indicator_table[k].name);
        for (int a = 0; a < nat; a++) {
            for (int r = 0; r < nruns; r++) /* res[r].at is set for every finished run */
                v[r] = res[r].at ? res[r].at[(size_t)a * row + total + (size_t)k] : NAN;
            if (nruns == 1) {
                printf(" %14.*f", dec, v[0]);
            } else {
                double q[3];
                char cell[64];
                cli_quantiles(v, nruns, q);
                snprintf(cell, sizeof cell, "%.*f [%.*f, %.*f]", dec, q[0], dec, q[1], dec, q[2]);
                printf(" %26s", cell);
            }
        }
        printf("\n");
    }
    free(v);
}

/* The month at which the woondeal's target is judged: its deadline, clamped into the
 * scenario's range. Adds it to at[] (room for nat + 1) unless it is a milestone already;
 * returns its index, or -1 when there is no woondeal target. *nat_kept grows by one when
 * it is added. */
static int woondeal_month(const ws_scenario *sc, ws_month *at, int nat, int *nat_kept)
{
    const ws_woondeal_params *wd = &sc->woondeal;
    *nat_kept = nat;
    if (!wd->enabled || wd->target <= 0)
        return -1;
    ws_month m = wd->deadline < sc->start ? sc->start : wd->deadline > sc->end ? sc->end
                                                                               : wd->deadline;
    for (int a = 0; a < nat; a++)
        if (at[a] == m)
            return a;
    at[nat] = m;
    *nat_kept = nat + 1;
    return nat;
}

/* Prints "woondeal TARGET by MONTH: met in P % of N runs, median shortfall S": whether
 * the area's net_added reaches the target at the deadline, over the runs; a run's
 * shortfall is 0 when it is met. */
static void print_woondeal(const ws_scenario *sc, ws_month m, int a, const ws_run_result *res,
                           int nruns)
{
    size_t row = (size_t)(sc->ndistricts + 1) * WS_NIND;
    size_t at = (size_t)a * row + (size_t)sc->ndistricts * WS_NIND + WS_I_NET_ADDED;
    double *v = res ? malloc(sizeof(double) * (size_t)nruns) : NULL;
    if (!v)
        return;
    int met = 0;
    for (int r = 0; r < nruns; r++) {
        double gap = res[r].at ? sc->woondeal.target - res[r].at[at] : sc->woondeal.target;
        met += gap <= 0;
        v[r] = gap > 0 ? gap : 0;
    }
    double q[3];
    cli_quantiles(v, nruns, q);
    char date[8];
    ws_month_format(m, date);
    printf("woondeal %d by %s%s: target met in %.0f %% of %d run%s, median shortfall %.0f "
           "dwellings\n",
           sc->woondeal.target, date, m < sc->woondeal.deadline ? " (the scenario's end)" : "",
           100.0 * met / nruns, nruns, nruns == 1 ? "" : "s", q[0]);
    free(v);
}

/* Prints one line per goal: "NAME TARGET by MONTH (INDICATOR, DISTRICT, DIRECTION):
 * target met in P % of N runs, median shortfall S[ dwellings]" (for at-most goals "median
 * excess"); a run's shortfall is 0 when it meets the goal. The woondeal goal's line begins
 * "woondeal" as the line without goals did. */
static void print_goals(const ws_scenario *sc, const ws_month *at, int nat,
                        const ws_run_result *res, int nruns)
{
    double *v = res ? malloc(sizeof(double) * 2 * (size_t)nruns) : NULL;
    if (!v)
        return;
    double *gap = v + nruns;
    for (int i = 0; i < sc->goals.n; i++) {
        const ws_goal *g = &sc->goals.goal[i];
        for (int r = 0; r < nruns; r++) {
            v[r] = ws_goal_value(sc, g, at, nat, res[r].at);
            gap[r] = ws_goal_gap(g, v[r]);
        }
        double p = ws_goal_probability(g, v, NULL, nruns), q[3];
        cli_quantiles(gap, nruns, q);
        char date[8];
        ws_month_format(g->by, date);
        int k = g->indicator, dec = ws_indicator_table[k].decimals;
        int dw = k == WS_I_NET_ADDED || k == WS_I_DWELLINGS;
        printf("%s %.*f by %s%s (%s, %s, %s): target met in %.0f %% of %d run%s, median %s "
               "%.*f%s\n",
               g->name, dec, g->target, date, g->clamped ? " (the scenario's edge)" : "",
               ws_indicator_table[k].name, ws_goal_district_id(sc, g), ws_goal_direction_names[g->direction], 100.0 * p,
               nruns, nruns == 1 ? "" : "s",
               g->direction == WS_GOAL_AT_MOST ? "excess" : "shortfall", dec, q[0],
               dw ? " dwellings" : "");
    }
    free(v);
}

/* ---------------------------------------------------------------- CSV options */

/* Reads --csv-format into f (sep and decimal point); 0, or 2 after a usage error. */
static int parse_csv_format(const char *name, ws_csv_format *f)
{
    if (!name || strcmp(name, "default") == 0) {
        f->sep = ',';
        f->point = '.';
    } else if (strcmp(name, "nl") == 0) {
        f->sep = ';';
        f->point = ',';
    } else {
        return cli_usage_error("--csv-format is 'default' or 'nl' (';' and a decimal comma), "
                               "not '%s'", name);
    }
    return 0;
}

/* The next comma-separated item of *p into out (size bytes), advancing *p: 1, 0 at the
 * end of the list, -1 for an empty or too long item. */
static int next_item(const char **p, char *out, size_t size)
{
    if (!*p)
        return 0;
    size_t n = strcspn(*p, ",");
    if (n == 0 || n >= size)
        return -1;
    memcpy(out, *p, n);
    out[n] = '\0';
    *p = (*p)[n] ? *p + n + 1 : NULL;
    return 1;
}

/* Reads --columns NAME,NAME into f's indicator columns, in that order; 0, or 2 after a
 * usage error (an unknown or repeated name, an empty list). */
static int parse_columns(const char *list, ws_csv_format *f)
{
    char name[64];
    const char *p = list;
    int got;
    while ((got = next_item(&p, name, sizeof name)) != 0) {
        if (got < 0)
            return cli_usage_error("--columns needs indicator names separated by commas, "
                                   "not '%s'", list);
        int k = 0;
        while (k < WS_NIND && strcmp(ws_indicator_table[k].name, name) != 0)
            k++;
        if (k == WS_NIND)
            return cli_usage_error("--columns: no indicator '%s' (the CSV header names them)",
                                   name);
        for (int c = 0; c < f->ncolumns; c++)
            if (f->columns[c] == k)
                return cli_usage_error("--columns names '%s' twice", name);
        f->columns[f->ncolumns++] = k;
    }
    return 0;
}

/* Reads --districts ID,ID (and 'total') into keep[0..ndistricts]; 0, or 2 after a usage
 * error naming the unknown district and the scenario's. */
static int parse_districts(const char *list, const ws_scenario *sc, unsigned char *keep)
{
    char id[WS_ID_LEN];
    const char *p = list;
    int got;
    while ((got = next_item(&p, id, sizeof id)) != 0) {
        if (got < 0)
            return cli_usage_error("--districts needs district ids separated by commas, "
                                   "not '%s'", list);
        int d = strcmp(id, "total") == 0 ? sc->ndistricts : ws_scenario_district(sc, id);
        if (d < 0) {
            fprintf(stderr, "woonsim: --districts: the scenario has no district '%s'; it has",
                    id);
            for (int k = 0; k < sc->ndistricts; k++)
                fprintf(stderr, " %s", sc->districts[k].id);
            fprintf(stderr, " (and total)\n(see woonsim --help)\n");
            return 2;
        }
        keep[d] = 1;
    }
    return 0;
}

/* ws_run_options.rows: appends a run's rows to the output file as soon as it is its turn. */
static int stream_rows(void *ctx, int k, const ws_buf *csv, ws_error *err)
{
    (void)k;
    ws_outfile *f = ctx;
    if (csv->failed)
        return ws_error_set(err, WS_ENOMEM, "woonsim: out of memory");
    /* A failed write is sticky: commit reports it with the file's name. */
    ws_outfile_write(f, csv->data ? csv->data : "", csv->len);
    return WS_OK;
}

/* Runs the scenario, streaming the CSV (header, then each run's rows in order, in fmt)
 * to out through the atomic writer, with progress on bar; returns a status with err set. */
static int run_to_csv(const ws_scenario *sc, const char *out, const ws_run_options *ro,
                      const ws_csv_format *fmt, cli_progress *bar, ws_run_result *res,
                      ws_error *err)
{
    ws_buf header = {0};
    ws_csv_header_as(&header, fmt);
    if (header.failed) {
        ws_buf_clear(&header);
        return ws_error_set(err, WS_ENOMEM, "woonsim: out of memory");
    }
    ws_outfile *f = ws_outfile_open(out, err);
    if (!f) {
        ws_buf_clear(&header);
        return err->status;
    }
    ws_outfile_write(f, header.data, header.len);
    ws_buf_clear(&header);
    ws_run_extras ex = {fmt, cli_progress_update, bar, stream_rows, f, NULL};
    int st = ws_run_many_as(sc, ro, &ex, res, err);
    if (st != WS_OK) {
        ws_outfile_abort(f);
        return st;
    }
    return ws_outfile_commit(f, err);
}

int cli_run(int argc, char **argv)
{
    run_args a = {.runs = 1, .jobs = 1};
    const cli_option opts[] = {
        {"--output", "-o", CLI_TEXT, &a.out, 0, 0, "a file name", NULL},
        {"--runs", NULL, CLI_INT, &a.runs, 1, 1000000, NULL, NULL},
        {"--jobs", NULL, CLI_INT, &a.jobs, 1, 1024, NULL, NULL},
        {"--seed", NULL, CLI_CALL, &a, 0, 0, "a whole number", on_seed},
        {"--set", NULL, CLI_CALL, &a, 0, 0, "XPATH=VALUE", on_set},
        {"--csv-format", NULL, CLI_TEXT, &a.csv_format, 0, 0, "default or nl", NULL},
        {"--columns", NULL, CLI_TEXT, &a.columns, 0, 0, "indicator names", NULL},
        {"--districts", NULL, CLI_TEXT, &a.districts, 0, 0, "district ids", NULL},
        {"--uncertain", NULL, CLI_FLAG, &a.uncertain, 0, 0, NULL, NULL},
        {NULL, NULL, 0, NULL, 0, 0, NULL, NULL}};
    int rc = cli_parse(argc, argv, opts, on_file, &a);
    ws_csv_format fmt = {0};
    if (rc == 0)
        rc = parse_csv_format(a.csv_format, &fmt);
    if (rc == 0 && a.columns)
        rc = parse_columns(a.columns, &fmt);
    if (rc != 0)
        return rc;
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(a.scenario, a.sets, a.nsets, &err);
    if (!sc) {
        fprintf(stderr, "%s\n", err.msg);
        return ws_exit_status(err.status);
    }
    unsigned char *keep = a.districts ? calloc((size_t)sc->ndistricts + 1, 1) : NULL;
    if (a.districts && (!keep || parse_districts(a.districts, sc, keep) != 0)) {
        if (!keep)
            fprintf(stderr, "woonsim: out of memory\n");
        free(keep);
        ws_scenario_free(sc);
        return keep ? 2 : 1;
    }
    fmt.districts = keep;
    cli_uncertain(sc, a.uncertain);
    char def[PATH_MAX];
    if (!a.out) {
        cli_default_output(a.scenario, ".csv", def, sizeof def);
        a.out = def;
    }
    int runs = (int)a.runs;
    /* the milestones, then the woondeal's deadline if it is none (scenarios without
     * goals), then the goals' months */
    ws_month at[4 + WS_MAX_GOALS];
    int nat = ws_milestones(sc, at), nkept;
    int deadline = sc->goals.n ? -1 : woondeal_month(sc, at, nat, &nkept);
    if (sc->goals.n) {
        nkept = nat;
        ws_goals_add_months(sc, at, &nkept);
    }
    ws_run_result *res = calloc((size_t)runs, sizeof *res);
    ws_run_options ro = {1, runs, (int)a.jobs, 1, at, nkept};
    cli_progress bar;
    cli_progress_init(&bar, "run", 0);
    int st = res ? run_to_csv(sc, a.out, &ro, &fmt, &bar, res, &err)
                 : ws_error_set(&err, WS_ENOMEM, "woonsim: out of memory");
    if (st != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
    } else if (strcmp(a.out, "-") != 0) {
        print_milestones(sc, at, nat, res, runs);
        if (deadline >= 0)
            print_woondeal(sc, at[deadline], deadline, res, runs);
        print_goals(sc, at, nkept, res, runs);
        printf("wrote %s\n", a.out);
    }
    ws_run_results_clear(res, runs);
    free(res);
    free(keep);
    ws_scenario_free(sc);
    return ws_exit_status(st);
}
