/* Parameter uncertainty (<uncertain>, sim/uncertain.c): the default scenario's
 * declarations, draws inside their ranges and reproducible per run, a drawn scenario
 * holding the drawn values, the same CSV bytes on 1 and 2 threads, 5-95 % bands at
 * least twice as wide with the draws (measured from the CSV), and every bad declaration
 * refused at its FILE:LINE. Run from the source tree's root. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_statistics_double.h>

#include "check.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"

#define BASE "scenarios/leeuwarden-oost.xml"

/* Writes a variant of the default scenario with body (lines from line 3 on) to a
 * temporary file; returns its path in path. */
static void write_variant(char *path, size_t size, const char *body)
{
    char dir[512];
    snprintf(path, size, "/tmp/ws-uncertain-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f || !getcwd(dir, sizeof dir)) {
        CHECK(0, "cannot write a temporary file");
        return;
    }
    fprintf(f, "<?xml version=\"1.0\"?>\n<scenario extends=\"%s/" BASE "\">\n%s</scenario>\n",
            dir, body);
    fclose(f);
}

/* Loads a variant with body; expects it refused at line 3 with want in the message. */
static void expect_bad(const char *body, const char *want)
{
    char path[64], prefix[96];
    write_variant(path, sizeof path, body);
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    snprintf(prefix, sizeof prefix, "%s:3: ", path);
    CHECK(!sc && err.status == WS_EINPUT, "'%s' was accepted", body);
    CHECK(strncmp(err.msg, prefix, strlen(prefix)) == 0 && strstr(err.msg, want),
          "'%s': message '%s', expected '%s...%s'", body, err.msg, prefix, want);
    ws_scenario_free(sc);
    unlink(path);
}

static void test_bad(void)
{
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"beta\" min=\"0\" "
               "max=\"1\"/>\n", "'beta' is not an element of the set");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"uniform\" "
               "min=\"0.5\" max=\"0.3\"/>\n", "min 0.5 is above max 0.3");
    expect_bad("<uncertain select=\"/scenario/nothing/@x\" dist=\"uniform\" min=\"0\" "
               "max=\"1\"/>\n", "matches nothing");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"uniform\" "
               "min=\"0.1\" max=\"1.5\"/>\n", "max 1.5 for '/scenario/energy/@poverty-share' "
                                              "is refused");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"normal\" "
               "min=\"-0.2\" max=\"0.2\" mean=\"0.1\" sd=\"0.02\"/>\n", "min -0.2");
    expect_bad("<uncertain select=\"/scenario/landlord-permit/@inspections-per-month\" "
               "dist=\"uniform\" min=\"30\" max=\"50\"/>\n", "whole=\"true\"");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"triangular\" "
               "min=\"0.05\" max=\"0.15\"/>\n", "needs mode");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"triangular\" "
               "min=\"0.05\" mode=\"0.2\" max=\"0.15\"/>\n", "mode 0.2 is outside");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"normal\" "
               "min=\"0.05\" max=\"0.15\" mean=\"0.1\" sd=\"0\"/>\n", "sd must be above 0");
    expect_bad("<uncertain select=\"/scenario/energy/@poverty-share\" dist=\"lognormal\" "
               "min=\"0.05\" max=\"0.15\" mean=\"0.3\" sd=\"0.1\"/>\n", "mean 0.3 is outside");
}

/* The default scenario's declarations: draws inside the ranges, the same for the same
 * run, others for another run; a drawn scenario holds them. */
static void test_draws(void)
{
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "%s", err.msg);
    if (!sc)
        return;
    int n = ws_scenario_nuncertain(sc);
    CHECK(n >= 15, "the default scenario declares %d uncertain parameters", n);
    CHECK(!ws_scenario_uncertain_on(sc), "draws are off unless asked for");
    double a[64], b[64], c[64];
    ws_scenario_uncertain_values(sc, 7, a);
    ws_scenario_uncertain_values(sc, 7, b);
    ws_scenario_uncertain_values(sc, 8, c);
    CHECK(memcmp(a, b, sizeof(double) * (size_t)n) == 0, "run 7 draws the same twice");
    int differ = 0;
    for (int i = 0; i < n; i++)
        differ += a[i] != c[i];
    CHECK(differ == n, "runs 7 and 8 share %d of %d values", n - differ, n);
    /* The first declaration is substandard-below, triangular 0.35 / 0.4 / 0.45: over
     * 2,000 runs inside the range, mean near 0.4. */
    double sum = 0, lo = 1, hi = 0;
    for (int r = 1; r <= 2000; r++) {
        ws_scenario_uncertain_values(sc, r, c);
        sum += c[0];
        lo = fmin(lo, c[0]);
        hi = fmax(hi, c[0]);
    }
    CHECK(lo >= 0.35 && hi <= 0.45 && hi - lo > 0.08, "range [%g, %g]", lo, hi);
    CHECK_NEAR(sum / 2000, 0.4, 0.003, "mean of the triangular draws");
    ws_scenario *d = ws_scenario_draw(sc, 7, &err);
    CHECK(d != NULL, "%s", err.msg);
    if (d) {
        CHECK_NEAR(d->quality.threshold, a[0], 1e-9, "the drawn threshold is set");
        CHECK(d->quality.threshold != sc->quality.threshold, "the draw changed it");
        CHECK(ws_scenario_uncertain_on(d), "a drawn scenario draws per run");
        double e[64];
        ws_scenario_uncertain_values(d, 7, e);
        CHECK(memcmp(a, e, sizeof(double) * (size_t)n) == 0, "its family draws alike");
    }
    ws_scenario_free(d);
    ws_scenario_free(sc);
}

/* A variant's declaration replaces the base's for the same select; whole rounds. */
static void test_variant(void)
{
    char path[64];
    write_variant(path, sizeof path,
                  "<uncertain select=\"/scenario/quality/@substandard-below\" dist=\"uniform\" "
                  "min=\"0.2\" max=\"0.21\"/>\n"
                  "<uncertain select=\"/scenario/landlord-permit/@inspections-per-month\" "
                  "dist=\"normal\" min=\"20\" max=\"60\" mean=\"40\" sd=\"10\" whole=\"true\"/>\n");
    ws_error err = {0, ""};
    ws_scenario *base = ws_scenario_load(NULL, NULL, 0, &err);
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    CHECK(sc && base, "%s", err.msg);
    if (sc && base) {
        int n = ws_scenario_nuncertain(sc);
        CHECK(n == ws_scenario_nuncertain(base) + 1, "%d declarations", n);
        double v[64];
        ws_scenario_uncertain_values(sc, 3, v);
        CHECK(v[0] >= 0.2 && v[0] <= 0.21, "the variant's range replaces the base's");
        CHECK(v[n - 1] == floor(v[n - 1]) && v[n - 1] >= 20 && v[n - 1] <= 60,
              "whole draw %g", v[n - 1]);
        ws_scenario *d = ws_scenario_draw(sc, 3, &err);
        CHECK(d && d->permit.inspections_per_month == (int)v[n - 1], "%s", err.msg);
        ws_scenario_free(d);
    }
    ws_scenario_free(base);
    ws_scenario_free(sc);
    unlink(path);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The width of the 5-95 % band of column col at date over the runs' total rows. */
static double band_width(const ws_run_result *res, int runs, int col, const char *date)
{
    double v[64];
    int n = 0;
    char key[32];
    snprintf(key, sizeof key, ",%s,total,", date);
    for (int r = 0; r < runs && n < 64; r++) {
        const char *s = res[r].csv.data ? strstr(res[r].csv.data, key) : NULL;
        if (!s)
            continue;
        s += strlen(key);
        for (int c = 3; c < col && s; c++) /* run,date,district are columns 0-2 */
            s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL;
        if (s)
            v[n++] = atof(s);
    }
    CHECK(n == runs, "%d of %d total rows at %s", n, runs, date);
    if (n < 2)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.95) -
           gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.05);
}

/* The CSV column of an indicator, from the header. */
static int column(const char *name)
{
    ws_buf h = {0};
    ws_csv_header(&h);
    int col = 0, found = -1;
    for (const char *s = h.data; s && *s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL) {
        size_t n = strlen(name);
        if (strncmp(s, name, n) == 0 && (s[n] == ',' || s[n] == '\r'))
            found = col;
        col++;
    }
    ws_buf_clear(&h);
    return found;
}

/* 40 runs of the default scenario with and without the draws, 2 threads; the draws on
 * 1 thread give the same bytes. */
static void test_runs(void)
{
    enum { RUNS = 40 };
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "%s", err.msg);
    if (!sc)
        return;
    ws_run_result plain[RUNS], drawn[RUNS], one[RUNS];
    ws_run_options ro = {1, RUNS, 2, 1, NULL, 0};
    int st = ws_run_many(sc, &ro, plain, &err);
    ws_scenario_uncertain_set(sc, 1);
    st = st == WS_OK ? ws_run_many(sc, &ro, drawn, &err) : st;
    ws_run_options r1 = {1, 6, 1, 1, NULL, 0};
    st = st == WS_OK ? ws_run_many(sc, &r1, one, &err) : st;
    CHECK(st == WS_OK, "%s", err.msg);
    if (st == WS_OK) {
        for (int r = 0; r < 6; r++)
            CHECK(one[r].csv.len == drawn[r].csv.len &&
                      memcmp(one[r].csv.data, drawn[r].csv.data, one[r].csv.len) == 0,
                  "run %d differs between 1 and 2 threads", r + 1);
        CHECK(plain[0].csv.len != drawn[0].csv.len ||
                  memcmp(plain[0].csv.data, drawn[0].csv.data, plain[0].csv.len) != 0,
              "the draws change run 1");
        const char *names[2] = {"energy_poor", "substandard"};
        for (int i = 0; i < 2; i++) {
            int col = column(names[i]);
            double w0 = band_width(plain, RUNS, col, "2035-12");
            double w1 = band_width(drawn, RUNS, col, "2035-12");
            printf("%s at 2035-12, 5-95 %% band: %g without, %g with the draws\n", names[i],
                   w0, w1);
            CHECK(col > 0 && w0 > 0 && w1 >= 2 * w0, "%s band %g -> %g", names[i], w0, w1);
        }
    }
    ws_run_results_clear(plain, RUNS);
    ws_run_results_clear(drawn, RUNS);
    ws_run_results_clear(one, 6);
    ws_scenario_free(sc);
}

int main(void)
{
    test_bad();
    test_draws();
    test_variant();
    test_runs();
    return CHECK_DONE("test_uncertain");
}
