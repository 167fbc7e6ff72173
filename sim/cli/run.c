/* woonsim run: simulates a scenario, writes the CSV and prints the milestone table. */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "woonsim/run.h"
#include "woonsim/scenario.h"

#define MAX_SETS 256

typedef struct {
    const char *scenario, *out;
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
            for (int r = 0; r < nruns; r++)
                v[r] = res[r].at[(size_t)a * row + total + (size_t)k];
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
        double gap = sc->woondeal.target - res[r].at[at];
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

/* Writes the header and every run's rows to out; returns a status with err set. */
static int write_csv(const char *out, const ws_run_result *res, int runs, ws_error *err)
{
    ws_buf header = {0};
    ws_csv_header(&header);
    const ws_buf **bufs = malloc(sizeof *bufs * (size_t)(runs + 1));
    int st;
    if (!bufs || header.failed) {
        st = ws_error_set(err, WS_ENOMEM, "woonsim: out of memory");
    } else {
        bufs[0] = &header;
        for (int r = 0; r < runs; r++)
            bufs[r + 1] = &res[r].csv;
        st = cli_write(out, bufs, runs + 1, err);
    }
    free(bufs);
    ws_buf_clear(&header);
    return st;
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
        {"--uncertain", NULL, CLI_FLAG, &a.uncertain, 0, 0, NULL, NULL},
        {NULL, NULL, 0, NULL, 0, 0, NULL, NULL}};
    int rc = cli_parse(argc, argv, opts, on_file, &a);
    if (rc != 0)
        return rc;
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(a.scenario, a.sets, a.nsets, &err);
    if (!sc) {
        fprintf(stderr, "%s\n", err.msg);
        return ws_exit_status(err.status);
    }
    cli_uncertain(sc, a.uncertain);
    char def[PATH_MAX];
    if (!a.out) {
        cli_default_output(a.scenario, ".csv", def, sizeof def);
        a.out = def;
    }
    int runs = (int)a.runs;
    ws_month at[4]; /* the milestones, then the woondeal's deadline if it is none */
    int nat = ws_milestones(sc, at), nkept;
    int deadline = woondeal_month(sc, at, nat, &nkept);
    ws_run_result *res = calloc((size_t)runs, sizeof *res);
    ws_run_options ro = {1, runs, (int)a.jobs, 1, at, nkept};
    int st = res ? ws_run_many(sc, &ro, res, &err)
                 : ws_error_set(&err, WS_ENOMEM, "woonsim: out of memory");
    if (st == WS_OK)
        st = write_csv(a.out, res, runs, &err);
    if (st != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
    } else if (strcmp(a.out, "-") != 0) {
        print_milestones(sc, at, nat, res, runs);
        if (deadline >= 0)
            print_woondeal(sc, at[deadline], deadline, res, runs);
        printf("wrote %s\n", a.out);
    }
    ws_run_results_clear(res, runs);
    free(res);
    ws_scenario_free(sc);
    return ws_exit_status(st);
}
