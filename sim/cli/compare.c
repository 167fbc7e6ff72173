/* woonsim compare: runs scenarios with the same random streams and prints key indicators
 * at the milestones with the paired differences to the first scenario. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    int nfiles;
    long runs, jobs;
    ws_month at[MAX_AT];
    int nat;
    ws_scenario *sc[MAX_FILES];
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

/* The area total of indicator k at milestone a in every run of scenario f. */
static double total_at(const compare_job *c, int f, int r, int a, int k)
{
    size_t row = (size_t)(c->sc[f]->ndistricts + 1) * WS_NIND;
    return c->res[f][r].at[(size_t)a * row + (size_t)c->sc[f]->ndistricts * WS_NIND +
                           (size_t)k];
}

/* Appends s as one quoted CSV field (RFC 4180: a quote inside is doubled), so that a
 * scenario name with a quote or comma cannot shift the columns. */
static void csv_quoted(ws_buf *csv, const char *s)
{
    ws_buf_append(csv, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ws_buf_append(csv, "\"\"", 2);
        else
            ws_buf_append(csv, p, 1);
    }
    ws_buf_append(csv, "\"", 1);
}

/* Prints one milestone's table and appends its CSV rows; v and dv hold runs values. */
static void print_milestone(const compare_job *c, int a, double *v, double *dv, ws_buf *csv)
{
    int runs = (int)c->runs;
    char date[8];
    ws_month_format(c->at[a], date);
    printf("\n%s%*s", date, 14, "");
    for (int f = 0; f < c->nfiles; f++) {
        const char *base = strrchr(c->files[f], '/');
        printf(" %34.34s", base ? base + 1 : c->files[f]);
    }
    printf("\n");
    for (int i = 0; i < NCOMPARE; i++) {
        int k = compare_keys[i], dec = ws_indicator_table[k].decimals;
        printf("%-20s", ws_indicator_table[k].name);
        for (int f = 0; f < c->nfiles; f++) {
            for (int r = 0; r < runs; r++) {
                v[r] = total_at(c, f, r, a, k);
                dv[r] = v[r] - total_at(c, 0, r, a, k);
            }
            double q[3], dq[3];
            cli_quantiles(v, runs, q);
            cli_quantiles(dv, runs, dq);
            char cell[96];
            if (f == 0)
                snprintf(cell, sizeof cell, "%.*f [%.*f, %.*f]", dec, q[0], dec, q[1], dec, q[2]);
            else
                snprintf(cell, sizeof cell, "%.*f (%+.*f [%+.*f, %+.*f])", dec, q[0], dec,
                         dq[0], dec, dq[1], dec, dq[2]);
            printf(" %34s", cell);
            csv_quoted(csv, c->sc[f]->name);
            ws_buf_printf(csv, ",%s,%s,%.*f,%.*f,%.*f,%.*f,%.*f,%.*f\r\n",
                          ws_indicator_table[k].name, date, dec, q[0], dec, q[1],
                          dec, q[2], dec, dq[0], dec, dq[1], dec, dq[2]);
        }
        printf("\n");
    }
}

/* Prints the tables and writes the CSV (with -o); returns the exit status. */
static int report(const compare_job *c)
{
    ws_buf csv = {0};
    ws_buf_printf(&csv, "scenario,indicator,date,median,q05,q95,diff_median,diff_q05,diff_q95\r\n");
    double *v = malloc(sizeof *v * (size_t)c->runs), *dv = malloc(sizeof *dv * (size_t)c->runs);
    int rc = 0;
    if (!v || !dv) {
        rc = 1;
    } else {
        printf("%d runs per scenario; median [5%%, 95%%] of the area totals; differences are "
               "paired by run and relative to %s\n",
               (int)c->runs, c->files[0]);
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
