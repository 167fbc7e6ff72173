/* The woonsim command line: run, validate (and the verbs of later modules). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "woonsim/run.h"
#include "woonsim/scenario.h"
#include "woonsim/sweep.h"
#include "woonsim/world.h"

#define MAX_SETS 256

static const char usage[] =
    "usage: woonsim run [SCENARIO.xml] [-o OUT.csv] [--runs N] [--seed S] [--jobs N]\n"
    "                   [--set XPATH=VALUE]...\n"
    "       woonsim validate SCENARIO.xml...\n"
    "       woonsim sweep SWEEP.xml [-o RESULTS.sqlite] [--jobs N] [--shard K/N] [--resume]\n"
    "       woonsim sweep --summary RESULTS.sqlite [-o SUMMARY.csv]\n"
    "       woonsim sweep --merge OUT.sqlite SHARD.sqlite...\n"
    "       woonsim sweep --dump RESULTS.sqlite\n"
    "       woonsim compare A.xml B.xml... [--runs N] [--at 2030,2035,2040] [--jobs N]\n"
    "                       [-o OUT.csv]\n"
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
    "sweep     runs a parameter sweep into an SQLite store (default: the sweep's name\n"
    "          with .sqlite); every finished run is committed, --resume runs only what\n"
    "          is missing; --shard K/N runs every N-th run from the K-th (for job\n"
    "          arrays), --merge joins shard stores; --summary prints per-point\n"
    "          quantiles and Sobol or Morris indices; --dump prints the rows as CSV\n"
    "compare   runs each scenario N times (default 20; run r of every scenario uses\n"
    "          the same random streams) and prints key indicators at the milestones,\n"
    "          median [5%, 95%], with the paired differences to the first scenario\n"
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

/* Reads the whole-number value of option name (lo..hi) into *out; 0, or prints the usage
 * error and returns 2. */
static int int_option(const char *name, const char *val, long lo, long hi, long *out)
{
    if (val && parse_int(val, lo, hi, out) == 0)
        return 0;
    fprintf(stderr, "woonsim: %s needs a whole number from %ld to %ld, not '%s'\n"
                    "(see woonsim --help)\n",
            name, lo, hi, val ? val : "");
    return 2;
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
    const char *sets[MAX_SETS + 1] = {0};
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
            if (int_option("--runs", val, 1, 1000000, &runs) != 0)
                return 2;
            i++;
        } else if (strcmp(a, "--jobs") == 0) {
            if (int_option("--jobs", val, 1, 1024, &jobs) != 0)
                return 2;
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            long s;
            if (int_option("--seed", val, 0, 4294967295L, &s) != 0)
                return 2;
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

#ifdef WS_MPI
#include <mpi.h>

/* Runs the sweep across MPI ranks: rank K of N runs shard K+1/N into its own part store
 * (OUT.part-K-of-N, resumable), and rank 0 merges the parts into OUT once all are done.
 * Returns WS_OK or an error status (the same on every rank). */
static int sweep_mpi(const ws_sweep *sw, ws_sweep_options *opt, ws_error *err)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1)
        return ws_sweep_run(sw, opt, err);
    if (opt->nshards != 1)
        return ws_error_set(err, WS_EINPUT, "--shard and mpirun do not combine");
    char part[PATH_MAX];
    snprintf(part, sizeof part, "%s.part-%d-of-%d", opt->out, rank, size);
    const char *out = opt->out;
    ws_sweep_options mine = *opt;
    mine.out = part;
    mine.shard = rank + 1;
    mine.nshards = size;
    mine.progress = opt->progress && rank == 0;
    int st = ws_sweep_run(sw, &mine, err), worst = 0, mine_bad = st != WS_OK;
    MPI_Allreduce(&mine_bad, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst) {
        if (st == WS_OK)
            st = ws_error_set(err, WS_ERUNTIME, "another rank failed; parts are kept for --resume");
        return st;
    }
    if (rank == 0) {
        int n = size;
        const char **parts = calloc((size_t)n, sizeof *parts);
        char (*names)[PATH_MAX] = calloc((size_t)n, sizeof *names);
        if (!parts || !names) {
            free(parts);
            free(names);
            return ws_error_set(err, WS_ENOMEM, "out of memory");
        }
        for (int k = 0; k < n; k++) {
            snprintf(names[k], sizeof names[k], "%s.part-%d-of-%d", out, k, size);
            parts[k] = names[k];
        }
        st = ws_sweep_merge(out, parts, n, err);
        if (st == WS_OK)
            for (int k = 0; k < n; k++) {
                char aux[PATH_MAX];
                unlink(parts[k]);
                snprintf(aux, sizeof aux, "%s-wal", parts[k]);
                unlink(aux);
                snprintf(aux, sizeof aux, "%s-shm", parts[k]);
                unlink(aux);
            }
        free(parts);
        free(names);
    }
    int bad = st != WS_OK;
    MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (bad && st == WS_OK)
        st = ws_error_set(err, WS_ERUNTIME, "merging the parts failed on rank 0");
    return st;
}
#endif

static int cmd_sweep(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *summary = NULL, *merge = NULL, *dump = NULL;
    const char *shards[256];
    int nshards = 0;
    long jobs = 1;
    ws_sweep_options opt = {NULL, 1, 1, 1, 0, 0};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-o") == 0 && val) {
            out = val;
            i++;
        } else if (strcmp(a, "--jobs") == 0) {
            if (int_option("--jobs", val, 1, 1024, &jobs) != 0)
                return 2;
            i++;
        } else if (strcmp(a, "--shard") == 0) {
            int k = 0, n = 0;
            char extra;
            if (!val || sscanf(val, "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n)
                return fail_usage("--shard needs K/N with 1 <= K <= N, not '%s'", val ? val : "");
            opt.shard = k;
            opt.nshards = n;
            i++;
        } else if (strcmp(a, "--resume") == 0) {
            opt.resume = 1;
        } else if (strcmp(a, "--summary") == 0 && val) {
            summary = val;
            i++;
        } else if (strcmp(a, "--dump") == 0 && val) {
            dump = val;
            i++;
        } else if (strcmp(a, "--merge") == 0 && val) {
            merge = val;
            i++;
        } else if (a[0] == '-') {
            return fail_usage("unknown or incomplete option '%s'", a);
        } else if (merge) {
            if (nshards == 256)
                return fail_usage("more than %s shards", "256");
            shards[nshards++] = a;
        } else if (!file) {
            file = a;
        } else {
            return fail_usage("sweep takes one sweep file; '%s' is a second", a);
        }
    }
    ws_error err = {0, ""};
    int st;
    if (summary)
        st = ws_sweep_summary(summary, out, &err);
    else if (dump)
        st = ws_sweep_dump(dump, &err);
    else if (merge)
        st = ws_sweep_merge(merge, shards, nshards, &err);
    else {
        if (!file)
            return fail_usage("sweep needs a sweep file%s", "");
        ws_sweep *sw = ws_sweep_load(file, &err);
        if (!sw) {
            fprintf(stderr, "%s\n", err.msg);
            return ws_exit_status(err.status);
        }
        char def[PATH_MAX];
        if (!out) {
            default_output(file, def, sizeof def);
            size_t n = strlen(def);
            snprintf(def + n - 4, sizeof def - n + 4, ".sqlite");
            out = def;
        }
        opt.out = out;
        opt.jobs = (int)jobs;
        opt.progress = isatty(2);
#ifdef WS_MPI
        st = sweep_mpi(sw, &opt, &err);
#else
        st = ws_sweep_run(sw, &opt, &err);
#endif
        if (st == WS_OK)
            printf("%s: %d points x %d replicates -> %s\n", sw->name, sw->npoints,
                   sw->replicates, out);
        ws_sweep_free(sw);
    }
    if (st != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return ws_exit_status(st);
    }
    return 0;
}

/* Key indicators of the comparison table. */
static const int compare_keys[] = {WS_I_DWELLINGS,       WS_I_NET_ADDED,       WS_I_PRIVATE,
                                   WS_I_PERMITS_ACTIVE,  WS_I_SUBSTANDARD,     WS_I_RETROFIT_COMPLETED,
                                   WS_I_GAS_M3,          WS_I_CO2_T,           WS_I_ENERGY_COST_EUR,
                                   WS_I_ENERGY_POOR,     WS_I_LIVEABILITY};
#define NCOMPARE ((int)(sizeof compare_keys / sizeof *compare_keys))

static void quantiles(double *v, int n, double q[3])
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    q[0] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.5);
    q[1] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.05);
    q[2] = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.95);
}

static int cmd_compare(int argc, char **argv)
{
    const char *files[64], *out = NULL;
    int nfiles = 0;
    long runs = 20, jobs = 1;
    ws_month at[16];
    int nat = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-o") == 0 && val) {
            out = val;
            i++;
        } else if (strcmp(a, "--runs") == 0) {
            if (int_option("--runs", val, 1, 100000, &runs) != 0)
                return 2;
            i++;
        } else if (strcmp(a, "--jobs") == 0) {
            if (int_option("--jobs", val, 1, 1024, &jobs) != 0)
                return 2;
            i++;
        } else if (strcmp(a, "--at") == 0) {
            if (!val)
                return fail_usage("--at needs years or months, e.g. %s", "2030,2035-06");
            char buf[256];
            snprintf(buf, sizeof buf, "%s", val);
            char *save = NULL;
            for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                long y;
                ws_month m;
                if (nat == 16)
                    return fail_usage("--at takes at most %s dates", "16");
                if (ws_month_parse(t, &m) == 0)
                    at[nat++] = m;
                else if (parse_int(t, 1900, 2200, &y) == 0)
                    at[nat++] = (ws_month)(y * 12 + 11);
                else
                    return fail_usage("--at: '%s' is not a year or YYYY-MM", t);
            }
            i++;
        } else if (a[0] == '-') {
            return fail_usage("unknown or incomplete option '%s'", a);
        } else if (nfiles < 64) {
            files[nfiles++] = a;
        }
    }
    if (nfiles < 1)
        return fail_usage("compare needs at least one scenario file%s", "");
    ws_scenario *sc[64] = {0};
    ws_run_result *res[64] = {0};
    ws_error err = {0, ""};
    int rc = 0;
    for (int f = 0; f < nfiles; f++) {
        sc[f] = ws_scenario_load(files[f], NULL, 0, &err);
        if (!sc[f]) {
            fprintf(stderr, "%s\n", err.msg);
            rc = ws_exit_status(err.status);
            goto done;
        }
    }
    if (nat == 0)
        nat = ws_milestones(sc[0], at);
    for (int f = 0; f < nfiles; f++) {
        for (int a = 0; a < nat; a++) {
            if (at[a] < sc[f]->start || at[a] > sc[f]->end) {
                char d[8];
                ws_month_format(at[a], d);
                fprintf(stderr, "woonsim: %s is outside %s\n", d, files[f]);
                rc = 2;
                goto done;
            }
        }
        res[f] = calloc((size_t)runs, sizeof *res[f]);
        if (!res[f] || ws_run_many(sc[f], 1, (int)runs, (int)jobs, 0, at, nat, res[f], &err) != WS_OK) {
            fprintf(stderr, "%s\n", res[f] ? err.msg : "woonsim: out of memory");
            rc = 1;
            goto done;
        }
    }
    ws_buf csv = {0};
    ws_buf_printf(&csv, "scenario,indicator,date,median,q05,q95,diff_median,diff_q05,diff_q95\r\n");
    double *v = malloc(sizeof *v * (size_t)runs), *dv = malloc(sizeof *dv * (size_t)runs);
    if (!v || !dv) {
        free(v);
        free(dv);
        ws_buf_clear(&csv);
        rc = 1;
        goto done;
    }
    printf("%d runs per scenario; median [5%%, 95%%] of the area totals; differences are "
           "paired by run and relative to %s\n",
           (int)runs, files[0]);
    for (int a = 0; a < nat; a++) {
        char date[8];
        ws_month_format(at[a], date);
        printf("\n%s%*s", date, 14, "");
        for (int f = 0; f < nfiles; f++) {
            const char *base = strrchr(files[f], '/');
            printf(" %34.34s", base ? base + 1 : files[f]);
        }
        printf("\n");
        for (int i = 0; i < NCOMPARE; i++) {
            int k = compare_keys[i], dec = ws_indicator_table[k].decimals;
            printf("%-20s", ws_indicator_table[k].name);
            for (int f = 0; f < nfiles; f++) {
                size_t row = (size_t)(sc[f]->ndistricts + 1) * WS_NIND;
                size_t off = (size_t)a * row + (size_t)sc[f]->ndistricts * WS_NIND + (size_t)k;
                size_t off0 = (size_t)a * ((size_t)(sc[0]->ndistricts + 1) * WS_NIND) +
                              (size_t)sc[0]->ndistricts * WS_NIND + (size_t)k;
                for (int r = 0; r < runs; r++) {
                    v[r] = res[f][r].at[off];
                    dv[r] = v[r] - res[0][r].at[off0];
                }
                double q[3], dq[3];
                quantiles(v, (int)runs, q);
                quantiles(dv, (int)runs, dq);
                char cell[96];
                if (f == 0)
                    snprintf(cell, sizeof cell, "%.*f [%.*f, %.*f]", dec, q[0], dec, q[1], dec, q[2]);
                else
                    snprintf(cell, sizeof cell, "%.*f (%+.*f [%+.*f, %+.*f])", dec, q[0], dec,
                             dq[0], dec, dq[1], dec, dq[2]);
                printf(" %34s", cell);
                ws_buf_printf(&csv, "\"%s\",%s,%s,%.*f,%.*f,%.*f,%.*f,%.*f,%.*f\r\n",
                              sc[f]->name, ws_indicator_table[k].name, date, dec, q[0], dec, q[1],
                              dec, q[2], dec, dq[0], dec, dq[1], dec, dq[2]);
            }
            printf("\n");
        }
    }
    free(v);
    free(dv);
    if (out) {
        const ws_buf *bufs[1] = {&csv};
        if (ws_write_atomic(out, bufs, 1, &err) != WS_OK) {
            fprintf(stderr, "%s\n", err.msg);
            rc = ws_exit_status(err.status);
        }
    }
    ws_buf_clear(&csv);
done:
    for (int f = 0; f < nfiles; f++) {
        if (res[f])
            ws_run_results_free(res[f], (int)runs);
        free(res[f]);
        ws_scenario_free(sc[f]);
    }
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
    /* Over a file size limit (ulimit -f) a write must fail with EFBIG and a message, and
     * the output stay untouched, rather than the process be killed halfway. */
    signal(SIGXFSZ, SIG_IGN);
    ws_keep_freed_memory();
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
    if (strcmp(verb, "sweep") == 0) {
#ifdef WS_MPI
        MPI_Init(&argc, &argv);
        int rc = cmd_sweep(argc - 2, argv + 2);
        MPI_Finalize();
        return rc;
#else
        return cmd_sweep(argc - 2, argv + 2);
#endif
    }
    if (strcmp(verb, "compare") == 0)
        return cmd_compare(argc - 2, argv + 2);
    return fail_usage("unknown command '%s'", verb);
}
