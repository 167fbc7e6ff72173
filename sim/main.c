/* The woonsim command line: run, validate (and the verbs of later modules). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "woonsim/run.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

#define MAX_SETS 256

static const char usage[] =
    "usage: woonsim run [SCENARIO.xml] [-o OUT.csv] [--runs N] [--seed S] [--jobs N]\n"
    "                   [--set XPATH=VALUE]...\n"
    "       woonsim validate SCENARIO.xml...\n"
    "       woonsim --help | --version\n"
    "\n"
    "run       simulates the scenario month by month (the embedded Leeuwarden Oost\n"
    "          scenario when no file is given), writes the indicators as CSV (one row\n"
    "          per run x month x district plus 'total') and prints a milestone summary.\n"
    "          -o OUT.csv   output file (default: the scenario's name with .csv in the\n"
    "                       current directory; '-' for stdout); written atomically\n"
    "          --runs N     N runs with independent random streams (default 1)\n"
    "          --seed S     use seed S instead of the scenario's\n"
    "          --jobs N     worker threads (default 1); output does not depend on it\n"
    "          --set X=V    set the attribute(s) selected by XPath X to V before reading\n"
    "validate  checks scenario files against the schema and for meaning; prints\n"
    "          'FILE: ok' or 'FILE:LINE: message'\n"
    "\n"
    "exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input\n";

static int fail_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "woonsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see woonsim --help)\n");
    return 2;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints the milestone table: value (one run) or median [5%, 95%] over runs. */
static void print_summary(const ws_scenario *sc, const ws_month *at, int nat,
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
    printf("%s: %d run%s, area totals%s\n", sc->name, nruns, nruns == 1 ? "" : "s",
           nruns > 1 ? " (median [5%, 95%])" : "");
    printf("%-20s", "indicator");
    for (int a = 0; a < nat; a++) {
        char date[8];
        ws_month_format(at[a], date);
        printf(nruns > 1 ? " %26s" : " %14s", date);
    }
    printf("\n");
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        int k = keys[i];
        printf("%-20s", ws_indicator_table[k].name);
        for (int a = 0; a < nat; a++) {
            for (int r = 0; r < nruns; r++)
                v[r] = res[r].at[(size_t)a * row + total + (size_t)k];
            int dec = ws_indicator_table[k].decimals;
            if (nruns == 1) {
                printf(" %14.*f", dec, v[0]);
            } else {
                qsort(v, (size_t)nruns, sizeof *v, cmp_double);
                char cell[64];
                snprintf(cell, sizeof cell, "%.*f [%.*f, %.*f]", dec,
                         gsl_stats_quantile_from_sorted_data(v, 1, (size_t)nruns, 0.5), dec,
                         gsl_stats_quantile_from_sorted_data(v, 1, (size_t)nruns, 0.05), dec,
                         gsl_stats_quantile_from_sorted_data(v, 1, (size_t)nruns, 0.95));
                printf(" %26s", cell);
            }
        }
        printf("\n");
    }
    free(v);
}

/* Default output: the scenario file's base name with .csv, in the current directory. */
static void default_output(const char *scenario, char *out, size_t size)
{
    const char *base = scenario ? strrchr(scenario, '/') : NULL;
    base = base ? base + 1 : (scenario ? scenario : "leeuwarden-oost.xml");
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
        n -= 4;
    snprintf(out, size, "%.*s.csv", (int)n, base);
}

static int cmd_run(int argc, char **argv)
{
    const char *scenario = NULL, *out = NULL;
    const char *sets[MAX_SETS + 1];
    int nsets = 0;
    long runs = 1, jobs = 1;
    char seedset[64];
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!val)
                return fail_usage("%s needs a file name", a);
            out = val;
            i++;
        } else if (strcmp(a, "--runs") == 0) {
            if (!val || parse_int(val, 1, 1000000, &runs) != 0)
                return fail_usage("--runs needs a number from 1 to 1000000, not '%s'",
                                  val ? val : "");
            i++;
        } else if (strcmp(a, "--jobs") == 0) {
            if (!val || parse_int(val, 1, 1024, &jobs) != 0)
                return fail_usage("--jobs needs a number from 1 to 1024, not '%s'",
                                  val ? val : "");
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            long s;
            if (!val || parse_int(val, 0, 4294967295L, &s) != 0)
                return fail_usage("--seed needs a whole number from 0 to 4294967295, not '%s'",
                                  val ? val : "");
            snprintf(seedset, sizeof seedset, "/scenario/@seed=%ld", s);
            if (nsets == MAX_SETS)
                return fail_usage("more than %s --set options", "256");
            sets[nsets++] = seedset;
            i++;
        } else if (strcmp(a, "--set") == 0) {
            if (!val)
                return fail_usage("%s needs XPATH=VALUE", a);
            if (nsets == MAX_SETS)
                return fail_usage("more than %s --set options", "256");
            sets[nsets++] = val;
            i++;
        } else if (a[0] == '-' && a[1]) {
            return fail_usage("unknown option '%s'", a);
        } else if (!scenario) {
            scenario = a;
        } else {
            return fail_usage("run takes one scenario file; '%s' is a second", a);
        }
    }
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(scenario, sets, nsets, &err);
    if (!sc) {
        fprintf(stderr, "%s\n", err.msg);
        return ws_exit_status(err.status);
    }
    char def[PATH_MAX];
    if (!out) {
        default_output(scenario, def, sizeof def);
        out = def;
    }
    ws_month at[3];
    int nat = ws_milestones(sc, at);
    ws_run_result *res = calloc((size_t)runs, sizeof *res);
    int rc = 1;
    if (!res) {
        fprintf(stderr, "woonsim: out of memory\n");
        goto done;
    }
    int st = ws_run_many(sc, 1, (int)runs, (int)jobs, 1, at, nat, res, &err);
    if (st != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        rc = ws_exit_status(st);
        goto done;
    }
    ws_buf header = {0};
    ws_csv_header(&header);
    const ws_buf **bufs = malloc(sizeof *bufs * (size_t)(runs + 1));
    if (!bufs || header.failed) {
        fprintf(stderr, "woonsim: out of memory\n");
        free(bufs);
        ws_buf_clear(&header);
        goto done;
    }
    bufs[0] = &header;
    for (long r = 0; r < runs; r++)
        bufs[r + 1] = &res[r].csv;
    st = ws_write_atomic(out, bufs, (int)runs + 1, &err);
    free(bufs);
    ws_buf_clear(&header);
    if (st != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        rc = ws_exit_status(st);
        goto done;
    }
    if (strcmp(out, "-") != 0) {
        print_summary(sc, at, nat, res, (int)runs);
        printf("wrote %s\n", out);
    }
    rc = 0;
done:
    ws_run_results_free(res, (int)runs);
    free(res);
    ws_scenario_free(sc);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    if (argc == 0)
        return fail_usage("validate needs at least one scenario file%s", "");
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        ws_error err = {0, ""};
        ws_scenario *sc = ws_scenario_load(argv[i], NULL, 0, &err);
        if (sc) {
            printf("%s: ok\n", argv[i]);
            ws_scenario_free(sc);
        } else {
            fprintf(stderr, "%s\n", err.msg);
            int st = ws_exit_status(err.status);
            if (st > rc)
                rc = st;
        }
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fail_usage("no command given%s", "");
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(verb, "--version") == 0) {
        printf("woonsim %s\n", WS_VERSION);
        return 0;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
    }
    if (strcmp(verb, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(verb, "validate") == 0)
        return cmd_validate(argc - 2, argv + 2);
    return fail_usage("unknown command '%s'", verb);
}
