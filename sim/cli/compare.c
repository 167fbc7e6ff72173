/* woonsim compare: runs scenarios with the same random streams and prints key indicators
 * at the milestones with the paired differences to the first scenario. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "woonsim/run.h"
#include "woonsim/scenario.h"

#define MAX_FILES 64
#define MAX_AT 16

/* Key indicators of the comparison table. */
static const int compare_keys[] = {WS_I_DWELLINGS,       WS_I_NET_ADDED,       WS_I_PRIVATE,
                                   WS_I_PERMITS_ACTIVE,  WS_I_SUBSTANDARD,     WS_I_RETROFIT_COMPLETED,
                                   WS_I_GAS_M3,          WS_I_CO2_T,           WS_I_ENERGY_COST_EUR,
                                   WS_I_ENERGY_POOR,     WS_I_LIVEABILITY};
#define NCOMPARE ((int)(sizeof compare_keys / sizeof *compare_keys))

typedef struct {
    const char *files[MAX_FILES], *out;
    const char *district; /* --district ID, or NULL: the area total */
    int nfiles, uncertain;
    long runs, jobs;
    ws_month at[MAX_AT];
    int nat;
    ws_scenario *sc[MAX_FILES];
    int dist[MAX_FILES]; /* the district's index in each scenario, or its ndistricts */
    ws_run_result *res[MAX_FILES];
} compare_job;

/* --at 2030,2035-06: years (their December) or months. */
static int on_at(void *dest, const char *value)
{
    compare_job *c = dest;
    char buf[256];
    if (strlen(value) >= sizeof buf) /* never cut: a cut date would be another date */
        return cli_usage_error("--at takes at most 16 dates (255 characters), not '%.40s...'",
                               value);
    snprintf(buf, sizeof buf, "%s", value);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        long y;
        ws_month m;
        if (c->nat == MAX_AT)
            return cli_usage_error("--at takes at most %s dates", "16");
        if (ws_month_parse(t, &m) == 0)
            c->at[c->nat++] = m;
        else if (cli_parse_long(t, 1900, 2200, &y) == 0)
            c->at[c->nat++] = (ws_month)(y * 12 + 11);
        else
            return cli_usage_error("--at: '%s' is not a year or YYYY-MM", t);
    }
    return 0;
}

static int on_file(void *ctx, const char *arg)
{
    compare_job *c = ctx;
    if (c->nfiles == MAX_FILES)
        return cli_usage_error("compare takes at most %s scenario files", "64");
    c->files[c->nfiles++] = arg;
    return 0;
}

/* Loads the scenarios, checks the dates and runs every scenario; returns the exit
 * status after printing any error. */
static int run_all(compare_job *c)
{
    ws_error err = {0, ""};
    for (int f = 0; f < c->nfiles; f++) {
        if (!(c->sc[f] = ws_scenario_load(c->files[f], NULL, 0, &err))) {
            fprintf(stderr, "%s\n", err.msg);
            return ws_exit_status(err.status);
        }
        cli_uncertain(c->sc[f], c->uncertain);
        c->dist[f] = c->district ? ws_scenario_district(c->sc[f], c->district)
                                 : c->sc[f]->ndistricts;
        if (c->dist[f] < 0) {
            fprintf(stderr, "woonsim: --district %s: %s has no such district\n", c->district,
                    c->files[f]);
            return 2;
        }
    }
    if (c->nat == 0)
        c->nat = ws_milestones(c->sc[0], c->at);
    ws_run_options ro = {1, (int)c->runs, (int)c->jobs, 0, c->at, c->nat};
    for (int f = 0; f < c->nfiles; f++) {
        for (int a = 0; a < c->nat; a++) {
            if (c->at[a] < c->sc[f]->start || c->at[a] > c->sc[f]->end) {
                char d[8];
                ws_month_format(c->at[a], d);
                fprintf(stderr, "woonsim: %s is outside %s\n", d, c->files[f]);
                return 2;
            }
        }
        c->res[f] = calloc((size_t)c->runs, sizeof *c->res[f]);
        if (!c->res[f] || ws_run_many(c->sc[f], &ro, c->res[f], &err) != WS_OK) {
            fprintf(stderr, "%s\n", c->res[f] ? err.msg : "woonsim: out of memory");
            return 1;
        }
    }
    return 0;
}

/* Indicator k at milestone a in run r of scenario f: the area total or --district's. */
static double total_at(const compare_job *c, int f, int r, int a, int k)
{
    size_t row = (size_t)(c->sc[f]->ndistricts + 1) * WS_NIND;
    return c->res[f][r].at[(size_t)a * row + (size_t)c->dist[f] * WS_NIND + (size_t)k];
}

/* Appends s as one quoted CSV field (RFC 4180: a quote inside is doubled), so that a
 * scenario name with a quote or comma cannot shift the columns. */
static void csv_quoted(ws_buf *csv, const char *s)
{
    ws_buf_append(csv, "\"", 1);
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '"')
            ws_buf_append(csv, "\"\"", 2);
        else
            ws_buf_append(csv, p, 1);
    }
    ws_buf_append(csv, "\"", 1);
}

/* Writes v with dec decimals (a sign when sign is 1); a value that rounds to zero is
 * written "0" (with its decimals), never "-0" or "+0". */
static const char *num(char *out, size_t size, int dec, double v, int sign)
{
    if (!isfinite(v)) {
        snprintf(out, size, "n/a");
        return out;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*f", dec, v);
    int zero = strspn(tmp, "-0.") == strlen(tmp);
    snprintf(out, size, sign && !zero ? "%+.*f" : "%.*f", dec, zero ? 0.0 : v);
    return out;
}

/* The mean of the paired differences dv[0..n-1] and its 95 % confidence interval
 * (Student's t with n - 1 degrees of freedom); NaN bounds for n < 2. */
static void mean_ci(const double *dv, int n, double out[3])
{
    out[0] = gsl_stats_mean(dv, 1, (size_t)n);
    out[1] = out[2] = NAN;
    if (n < 2)
        return;
    double half = gsl_cdf_tdist_Pinv(0.975, n - 1.0) * gsl_stats_sd_m(dv, 1, (size_t)n, out[0]) /
                  sqrt((double)n);
    out[1] = out[0] - half;
    out[2] = out[0] + half;
}

/* Prints one milestone's table and appends its CSV rows; v and dv hold runs values.
 * Each indicator's line has every scenario's median [5 %, 95 %] (after the first, with
 * the paired differences' median [5 %, 95 %]); with two scenarios or more a second
 * line gives the differences' mean with its 95 % confidence interval. */
static void print_milestone(const compare_job *c, int a, double *v, double *dv, ws_buf *csv)
{
    int runs = (int)c->runs;
    char date[8], n[6][48];
    ws_month_format(c->at[a], date);
    printf("\n%s%*s", date, 14, "");
    for (int f = 0; f < c->nfiles; f++) {
        const char *base = strrchr(c->files[f], '/');
        printf(" %34.34s", base ? base + 1 : c->files[f]);
    }
    printf("\n");
    const char *where = c->district ? c->district : "total";
    for (int i = 0; i < NCOMPARE; i++) {
        int k = compare_keys[i], dec = ws_indicator_table[k].decimals;
        ws_buf ci = {0};
        ws_buf_printf(&ci, "%-20s", "  mean diff, 95% CI");
        printf("%-20s", ws_indicator_table[k].name);
        for (int f = 0; f < c->nfiles; f++) {
            for (int r = 0; r < runs; r++) {
                v[r] = total_at(c, f, r, a, k);
                dv[r] = v[r] - total_at(c, 0, r, a, k);
            }
            double q[3], dq[3], m[3];
            mean_ci(dv, runs, m);
            cli_quantiles(v, runs, q);
            cli_quantiles(dv, runs, dq);
            char cell[256];
            for (int j = 0; j < 3; j++) {
                num(n[j], sizeof n[j], dec, q[j], 0);
                num(n[3 + j], sizeof n[3 + j], dec, dq[j], 1);
            }
            if (f == 0)
                snprintf(cell, sizeof cell, "%s [%s, %s]", n[0], n[1], n[2]);
            else
                snprintf(cell, sizeof cell, "%s (%s [%s, %s])", n[0], n[3], n[4], n[5]);
            printf(" %34s", cell);
            for (int j = 0; j < 3; j++)
                num(n[j], sizeof n[j], dec + 1, m[j], 1);
            snprintf(cell, sizeof cell, "%s [%s, %s]", n[0], n[1], n[2]);
            ws_buf_printf(&ci, " %34s", f == 0 ? "" : cell);
            /* The CSV's numbers have no '+' and leave a missing bound empty. */
            csv_quoted(csv, c->sc[f]->name);
            ws_buf_printf(csv, ",%s,%s", ws_indicator_table[k].name, date);
            const double all[9] = {q[0], q[1], q[2], dq[0], dq[1], dq[2], m[0], m[1], m[2]};
            for (int j = 0; j < 9; j++)
                ws_buf_printf(csv, ",%s", isfinite(all[j])
                                              ? num(cell, sizeof cell, dec + (j >= 6), all[j], 0)
                                              : "");
            ws_buf_printf(csv, ",%s\r\n", where);
        }
        printf("\n");
        if (c->nfiles > 1 && ci.data)
            printf("%s\n", ci.data);
        ws_buf_clear(&ci);
    }
}

/* Prints the tables and writes the CSV (with -o); returns the exit status. */
static int report(const compare_job *c)
{
    ws_buf csv = {0};
    ws_buf_printf(&csv, "scenario,indicator,date,median,q05,q95,diff_median,diff_q05,diff_q95,"
                        "diff_mean,diff_ci_low,diff_ci_high,district\r\n");
    double *v = malloc(sizeof *v * (size_t)c->runs), *dv = malloc(sizeof *dv * (size_t)c->runs);
    int rc = 0;
    if (!v || !dv) {
        rc = 1;
    } else {
        char what[96] = "the area totals";
        if (c->district)
            snprintf(what, sizeof what, "district %s", c->district);
        printf("%d runs per scenario; median [5%%, 95%%] of %s; differences are "
               "paired by run and relative to %s\n",
               (int)c->runs, what, c->files[0]);
        if (c->uncertain)
            printf("each run draws its own values of the scenarios' <uncertain> parameters "
                   "(the same in every scenario that declares them alike)\n");
        for (int a = 0; a < c->nat; a++)
            print_milestone(c, a, v, dv, &csv);
    }
    free(v);
    free(dv);
    ws_error err = {0, ""};
    const ws_buf *bufs[1] = {&csv};
    if (rc == 0 && c->out && cli_write(c->out, bufs, 1, &err) != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        rc = ws_exit_status(err.status);
    }
    ws_buf_clear(&csv);
    return rc;
}

int cli_compare(int argc, char **argv)
{
    compare_job c;
    memset(&c, 0, sizeof c);
    c.runs = 20;
    c.jobs = 1;
    const cli_option opts[] = {
        {"--output", "-o", CLI_TEXT, &c.out, 0, 0, "a file name", NULL},
        {"--runs", NULL, CLI_INT, &c.runs, 1, 100000, NULL, NULL},
        {"--jobs", NULL, CLI_INT, &c.jobs, 1, 1024, NULL, NULL},
        {"--at", NULL, CLI_CALL, &c, 0, 0, "years or months, e.g. 2030,2035-06", on_at},
        {"--district", NULL, CLI_TEXT, &c.district, 0, 0, "a district id", NULL},
        {"--uncertain", NULL, CLI_FLAG, &c.uncertain, 0, 0, NULL, NULL},
        {NULL, NULL, 0, NULL, 0, 0, NULL, NULL}};
    int rc = cli_parse(argc, argv, opts, on_file, &c);
    if (rc != 0)
        return rc;
    if (c.nfiles < 1)
        return cli_usage_error("compare needs at least one scenario file%s", "");
    rc = run_all(&c);
    if (rc == 0)
        rc = report(&c);
    for (int f = 0; f < c.nfiles; f++) {
        if (c.res[f])
            ws_run_results_clear(c.res[f], (int)c.runs);
        free(c.res[f]);
        ws_scenario_free(c.sc[f]);
    }
    return rc;
}
