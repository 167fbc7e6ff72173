/* The sweep store: a small sweep into a store in a temporary directory, resume runs
 * nothing more, results do not depend on jobs, shards merge into the whole, merge
 * refuses different sweeps, the summary's data is what the rows say, bad stores fail. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "woonsim/sweep.h"

static char dir[] = "/tmp/woonsim-test-store-XXXXXX";

/* Writes a small LHS sweep of the golden scenario with the given seed to dir/name. */
static ws_sweep *make_sweep(const char *name, int seed)
{
    char path[128], cwd[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || !getcwd(cwd, sizeof cwd)) {
        if (f)
            fclose(f);
        return NULL;
    }
    fprintf(f, "<sweep name=\"t\" scenario=\"%s/tests/golden/small.xml\" design=\"lhs\" "
               "samples=\"5\" replicates=\"3\" seed=\"%d\">\n"
               "  <parameter name=\"slip\" select=\"/scenario/woondeal/@slip-probability\" "
               "min=\"0\" max=\"0.8\"/>\n"
               "  <parameter name=\"size\" select=\"/scenario/woondeal/project/@dwellings\" "
               "min=\"20\" max=\"120\" integer=\"true\"/>\n"
               "  <output indicators=\"net_added dwellings\" districts=\"east total\" "
               "at=\"2024-12 2025-12\"/>\n</sweep>\n",
            cwd, seed);
    fclose(f);
    ws_error err = {0, ""};
    ws_sweep *sw = ws_sweep_load(path, &err);
    CHECK(sw != NULL, "load %s: %s", name, err.msg);
    return sw;
}

typedef struct {
    int calls, last_done, total;
} progress_log;

static void on_progress(void *ctx, int done, int total)
{
    progress_log *p = ctx;
    p->calls++;
    p->last_done = done;
    p->total = total;
}

/* Runs sw into dir/store; returns the status, the progress calls in *log. */
static int run(const ws_sweep *sw, const char *store, int jobs, int shard, int nshards,
               int resume, progress_log *log)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, store);
    memset(log, 0, sizeof *log);
    ws_sweep_options opt = {path, jobs, shard, nshards, resume, on_progress, log, 0, NULL, NULL};
    ws_error err = {0, ""};
    int st = ws_sweep_run(sw, &opt, &err);
    CHECK(st == WS_OK || err.msg[0], "a failure without a message");
    return st;
}

static int read_store(const char *store, ws_sweep_results *r)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, store);
    ws_error err = {0, ""};
    int st = ws_sweep_results_read(r, path, &err);
    CHECK(st == WS_OK, "read %s: %s", store, err.msg);
    return st;
}

/* 1 when a and b hold the same runs (NaN equal to NaN). */
static int same_runs(const ws_sweep_results *a, const ws_sweep_results *b)
{
    if (a->npoints != b->npoints || a->replicates != b->replicates ||
        a->noutputs != b->noutputs)
        return 0;
    size_t n = (size_t)a->npoints * (size_t)a->replicates * (size_t)a->noutputs;
    for (size_t i = 0; i < n; i++)
        if (!(a->runs[i] == b->runs[i] || (isnan(a->runs[i]) && isnan(b->runs[i]))))
            return 0;
    return 1;
}

/* The summary's rows against the runs: count, mean, ordered quantiles within the range. */
static void check_summary(const ws_sweep_results *r)
{
    ws_sweep_summary s;
    ws_error err = {0, ""};
    CHECK(ws_sweep_summary_init(&s, r, &err) == WS_OK, "summary: %s", err.msg);
    CHECK(s.nrows == r->npoints * r->noutputs, "%d summary rows", s.nrows);
    CHECK(s.indices == WS_SWEEP_INDICES_NONE, "an LHS design has no indices");
    for (int i = 0; i < s.nrows; i++) {
        const ws_sweep_point_row *w = &s.rows[i];
        double sum = 0, lo = INFINITY, hi = -INFINITY;
        for (int rep = 0; rep < r->replicates; rep++) {
            double v = ws_sweep_results_get(r, w->point, rep, w->output);
            sum += v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        CHECK(w->point == i / r->noutputs && w->output == i % r->noutputs, "row %d order", i);
        CHECK(w->runs == r->replicates, "row %d: %d runs", i, w->runs);
        CHECK_NEAR(w->mean, sum / r->replicates, 1e-9 * (fabs(sum) + 1), "row mean");
        CHECK(lo <= w->q05 && w->q05 <= w->q50 && w->q50 <= w->q95 && w->q95 <= hi,
              "row %d quantiles %g %g %g outside [%g, %g]", i, w->q05, w->q50, w->q95, lo, hi);
    }
    CHECK(r->runs_done == (long)r->npoints * r->replicates, "%ld runs done", r->runs_done);
    /* noise_share: the sum of squares within points over the total, recomputed. */
    for (int o = 0; o < r->noutputs; o++) {
        double grand = 0, within = 0, total = 0;
        int n = r->npoints * r->replicates;
        for (int p = 0; p < r->npoints; p++)
            for (int rep = 0; rep < r->replicates; rep++)
                grand += ws_sweep_results_get(r, p, rep, o) / n;
        for (int p = 0; p < r->npoints; p++) {
            double m = 0;
            for (int rep = 0; rep < r->replicates; rep++)
                m += ws_sweep_results_get(r, p, rep, o) / r->replicates;
            for (int rep = 0; rep < r->replicates; rep++) {
                double v = ws_sweep_results_get(r, p, rep, o);
                within += (v - m) * (v - m);
                total += (v - grand) * (v - grand);
            }
        }
        const double *x = s.noise + 3 * o;
        if (total > 0) {
            CHECK_NEAR(x[0], within / total, 1e-9, "noise_share");
            CHECK(x[1] <= x[0] + 1e-9 && x[0] <= x[2] + 1e-9, "noise_share in its interval");
        } else {
            CHECK(isnan(x[0]), "no variance, no noise_share");
        }
    }
    ws_sweep_summary_clear(&s);
}

static void test_merge(const ws_sweep *sw, const ws_sweep_results *whole)
{
    progress_log log;
    CHECK(run(sw, "s1.sqlite", 2, 1, 2, 0, &log) == WS_OK && log.total == 8, "shard 1/2: %d",
          log.total);
    CHECK(run(sw, "s2.sqlite", 1, 2, 2, 0, &log) == WS_OK && log.total == 7, "shard 2/2: %d",
          log.total);
    char s1[128], s2[128], out[128], other[128];
    snprintf(s1, sizeof s1, "%s/s1.sqlite", dir);
    snprintf(s2, sizeof s2, "%s/s2.sqlite", dir);
    snprintf(out, sizeof out, "%s/merged.sqlite", dir);
    snprintf(other, sizeof other, "%s/other.sqlite", dir);
    const char *shards[2] = {s1, s2};
    ws_error err = {0, ""};
    CHECK(ws_sweep_merge(out, shards, 2, 0, &err) == WS_OK, "merge: %s", err.msg);
    ws_sweep_results m;
    if (read_store("merged.sqlite", &m) == WS_OK)
        CHECK(same_runs(&m, whole), "the merged shards differ from the whole sweep");
    ws_sweep_results_clear(&m);
    CHECK(ws_sweep_merge(out, shards, 2, 0, &err) == WS_EINPUT, "merge over an existing store");

    /* A different sweep (another seed) does not merge, and leaves no output. */
    ws_sweep *sw2 = make_sweep("other.xml", 5);
    if (!sw2)
        return;
    CHECK(run(sw2, "other.sqlite", 2, 1, 1, 0, &log) == WS_OK, "the other sweep runs");
    char out2[128];
    snprintf(out2, sizeof out2, "%s/refused.sqlite", dir);
    const char *mixed[2] = {s1, other};
    err.msg[0] = '\0';
    CHECK(ws_sweep_merge(out2, mixed, 2, 0, &err) == WS_EINPUT && strstr(err.msg, "different sweep"),
          "merging different sweeps: %s", err.msg);
    CHECK(access(out2, F_OK) != 0, "a refused merge left %s", out2);
    /* Nor does it resume into this sweep's store. */
    CHECK(run(sw2, "s1.sqlite", 1, 1, 1, 1, &log) == WS_EINPUT, "resume by another sweep");
    ws_sweep_free(sw2);
}

static void test_bad_stores(void)
{
    ws_sweep_results r;
    ws_error err = {0, ""};
    char path[128];
    snprintf(path, sizeof path, "%s/missing.sqlite", dir);
    CHECK(ws_sweep_results_read(&r, path, &err) == WS_EINPUT, "missing store");
    ws_sweep_results_clear(&r);
    snprintf(path, sizeof path, "%s/junk.sqlite", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("not a database, not at all\n", f);
        fclose(f);
    }
    CHECK(ws_sweep_results_read(&r, path, &err) == WS_EINPUT, "junk store: %s", err.msg);
    ws_sweep_results_clear(&r);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    ws_sweep *sw = make_sweep("t.xml", 4);
    if (sw) {
        progress_log log;
        CHECK(run(sw, "a.sqlite", 2, 1, 1, 0, &log) == WS_OK, "sweep on 2 jobs");
        CHECK(log.total == 15 && log.calls == 16 && log.last_done == 15,
              "progress: %d calls, last %d of %d", log.calls, log.last_done, log.total);
        CHECK(run(sw, "a.sqlite", 2, 1, 1, 0, &log) == WS_EINPUT, "an existing store needs resume");
        CHECK(run(sw, "a.sqlite", 2, 1, 1, 1, &log) == WS_OK && log.total == 0,
              "resuming a complete store runs %d more", log.total);
        CHECK(run(sw, "b.sqlite", 1, 1, 1, 0, &log) == WS_OK, "sweep on 1 job");
        ws_sweep_results a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        if (read_store("a.sqlite", &a) == WS_OK && read_store("b.sqlite", &b) == WS_OK) {
            CHECK(a.npoints == 5 && a.replicates == 3 && a.noutputs == 8 && a.nparams == 2,
                  "store shape %d %d %d %d", a.npoints, a.replicates, a.noutputs, a.nparams);
            CHECK(strcmp(a.design, "lhs") == 0 && strcmp(a.params[1], "size") == 0 &&
                      strcmp(a.outputs[0], "net_added@east@2024-12") == 0,
                  "store names: %s %s %s", a.design, a.params[1], a.outputs[0]);
            int all = 1;
            for (int i = 0; i < a.npoints * a.replicates * a.noutputs; i++)
                all &= isfinite(a.runs[i]);
            CHECK(all, "every run and output has a value");
            for (int p = 0; p < a.npoints; p++)
                CHECK(a.values[p * 2] == sw->points[p * 2] &&
                          a.values[p * 2 + 1] == sw->points[p * 2 + 1],
                      "point %d's values", p);
            CHECK(same_runs(&a, &b), "results on 1 and 2 jobs differ");
            check_summary(&a);
            test_merge(sw, &a);
        }
        ws_sweep_results_clear(&a);
        ws_sweep_results_clear(&b);
    }
    ws_sweep_free(sw);
    test_bad_stores();
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "removing %s", dir);
    return CHECK_DONE("store");
}
