/* `make bench`: measures the default scenario's runs per second on one thread and on all
 * cores, and one run of the synthetic national-size stock (tests/bench/national.xml):
 * seconds per run, dwelling-months per second, peak resident memory, bytes per dwelling.
 * Runs of one scenario share its generated stock (ws_base); the figures say which
 * include the generation.
 * Then the whole path on one thread: `run` with its CSV written to a file and sweeps into
 * a store, each beside the core's figure measured in the same rounds.
 * Prints figures; asserts nothing (speed is measured here, never in a test). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "woonsim/outfile.h"
#include "woonsim/run.h"
#include "woonsim/sweep.h"
#include "woonsim/world.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The process's CPU seconds: steadier than the clock on a shared machine (it leaves out
 * the waits for other processes and for the disk). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The calling thread's CPU seconds: with a CSV on one thread, the run loop's alone (the
 * writer thread formats and writes beside it). */
static double thread_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The CPU seconds of the last time_runs, time_csv or time_sweep; the calling thread's
 * of the last time_csv. */
static double last_cpu, last_loop_cpu, last_commit;

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Runs n runs of sc on jobs threads (no CSV, no milestones); returns seconds. */
static double time_runs(const ws_scenario *sc, int n, int jobs)
{
    ws_run_result *res = calloc((size_t)n, sizeof *res);
    ws_error err;
    if (!res)
        return -1;
    double t0 = now(), c0 = cpu_now();
    int st = ws_run_many(sc, &(ws_run_options){1, n, jobs, 0, NULL, 0}, res, &err);
    double t = now() - t0;
    last_cpu = cpu_now() - c0;
    ws_run_results_clear(res, n);
    free(res);
    if (st != WS_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return t;
}

/* Removes a store and SQLite's WAL files beside it. */
static void remove_store(const char *store)
{
    char aux[96];
    unlink(store);
    snprintf(aux, sizeof aux, "%s-wal", store);
    unlink(aux);
    snprintf(aux, sizeof aux, "%s-shm", store);
    unlink(aux);
}

/* ws_run_extras.rows: appends a run's rows to the file, as `woonsim run` does. */
static int write_rows(void *ctx, int k, const ws_buf *csv, ws_error *err)
{
    (void)k;
    (void)err;
    ws_outfile_write(ctx, csv->data ? csv->data : "", csv->len);
    return WS_OK;
}

/* Runs n runs of sc on one thread with their CSV, written to path as `woonsim run -o
 * --jobs 1` writes it (the header, then each run's rows streamed through the atomic
 * writer in order, formatted by the writer thread while the next run steps); returns
 * seconds. */
static double time_csv(const ws_scenario *sc, int n, const char *path)
{
    ws_run_result *res = calloc((size_t)n, sizeof *res);
    ws_buf header = {0};
    ws_error err;
    double t0 = now(), c0 = cpu_now(), l0 = thread_cpu_now(), tc = t0;
    ws_outfile *f = res ? ws_outfile_open(path, &err) : NULL;
    int st = f ? WS_OK : res ? err.status : ws_error_set(&err, WS_ENOMEM, "out of memory");
    if (st == WS_OK) {
        ws_csv_header(&header);
        ws_outfile_write(f, header.data, header.len);
        ws_run_extras ex = {NULL, NULL, NULL, write_rows, f, NULL};
        st = ws_run_many_as(sc, &(ws_run_options){1, n, 1, 1, NULL, 0}, &ex, res, &err);
        tc = now();
        if (st == WS_OK)
            st = ws_outfile_commit(f, &err);
        else
            ws_outfile_abort(f);
    }
    double t1 = now(), t = t1 - t0;
    last_commit = st == WS_OK ? t1 - tc : 0;
    last_cpu = cpu_now() - c0;
    last_loop_cpu = thread_cpu_now() - l0;
    if (res)
        ws_run_results_clear(res, n);
    free(res);
    ws_buf_clear(&header);
    unlink(path);
    if (st != WS_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return t;
}

/* Runs the sweep into a new store on one thread; returns seconds. */
static double time_sweep(const ws_sweep *sw, const char *store)
{
    ws_error err;
    remove_store(store);
    ws_sweep_options opt = {store, 1, 1, 1, 0, NULL, NULL, 0, NULL, NULL};
    double t = now(), c0 = cpu_now();
    int st = ws_sweep_run(sw, &opt, &err);
    t = now() - t;
    last_cpu = cpu_now() - c0;
    remove_store(store);
    if (st != WS_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

#define ROUNDS 5

/* The whole path on one thread: the core's runs, the same runs with their CSV written
 * to a file, and two sweeps into a store, in interleaved rounds, so that a shared
 * machine's changing speed falls on all alike; each share is the median over the
 * rounds of the round's rate over that round's core rate. Returns 0, or 1 on failure. */
static int whole_path(int n)
{
    static const char *sweeps[2] = {"tests/bench/sweep-store.xml", "tests/sweeps/default-kill.xml"};
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    ws_sweep *sw[2] = {NULL, NULL};
    for (int i = 0; i < 2 && sc; i++)
        if (!(sw[i] = ws_sweep_load(sweeps[i], &err)))
            break;
    if (!sc || !sw[0] || !sw[1]) {
        fprintf(stderr, "bench: %s\n", err.msg);
        ws_sweep_free(sw[0]);
        ws_scenario_free(sc);
        return 1;
    }
    char csv[64], store[64];
    snprintf(csv, sizeof csv, "/tmp/woonsim-bench-%ld.csv", (long)getpid());
    snprintf(store, sizeof store, "/tmp/woonsim-bench-%ld.sqlite", (long)getpid());
    int nsw[2] = {sw[0]->npoints * sw[0]->replicates, sw[1]->npoints * sw[1]->replicates};
    double rate[4][ROUNDS], share[3][ROUNDS], cpu_share[3][ROUNDS], loop_share[ROUNDS];
    double commit[ROUNDS], commit_share[ROUNDS];
    int failed = 0;
    for (int r = 0; r < ROUNDS && !failed; r++) {
        double t[4], c[4];
        int runs[4] = {n, n, nsw[0], nsw[1]};
        for (int i = 0; i < 4; i++) {
            t[i] = i == 0 ? time_runs(sc, n, 1) : i == 1 ? time_csv(sc, n, csv)
                                                         : time_sweep(sw[i - 2], store);
            c[i] = last_cpu;
            if (i == 1) {
                loop_share[r] = last_loop_cpu > 0 ? c[0] / last_loop_cpu : 0;
                commit[r] = last_commit;
                commit_share[r] = t[1] > 0 ? last_commit / t[1] : 0;
            }
            failed |= t[i] <= 0 || c[i] <= 0;
            rate[i][r] = runs[i] / t[i];
        }
        for (int i = 0; i < 3; i++) {
            share[i][r] = rate[i + 1][r] / rate[0][r];
            cpu_share[i][r] = runs[i + 1] / c[i + 1] / (n / c[0]);
        }
    }
    if (!failed) {
        printf("whole path, one thread (interleaved rounds, median of %d; share of the core's "
               "runs/s in the same round, by the clock and by CPU time):\n", ROUNDS);
        printf("  core runs (no output):              %7.1f runs/s\n", median(rate[0], ROUNDS));
        printf("  run with CSV to a file:             %7.1f runs/s  %5.1f %% of the core "
               "(CPU %5.1f %%; the run loop's own CPU %5.1f %%: the clock's share where a "
               "second core is free for the writer thread)\n", median(rate[1], ROUNDS),
               100 * median(share[0], ROUNDS), 100 * median(cpu_share[0], ROUNDS),
               100 * median(loop_share, ROUNDS));
        printf("    of its time the file's commit (fsync and rename, once per file): %.1f ms, "
               "%.1f %%\n", 1e3 * median(commit, ROUNDS), 100 * median(commit_share, ROUNDS));
        for (int i = 0; i < 2; i++)
            printf("  sweep into a store, %2d x %2d runs: %7.1f runs/s  %5.1f %% of the core "
                   "(CPU %5.1f %%)%s\n", sw[i]->npoints, sw[i]->replicates,
                   median(rate[2 + i], ROUNDS), 100 * median(share[1 + i], ROUNDS),
                   100 * median(cpu_share[1 + i], ROUNDS),
                   i ? "; a point every 2 runs (its sets applied to the file read once, "
                       "the stock shared)"
                     : "");
    }
    ws_sweep_free(sw[0]);
    ws_sweep_free(sw[1]);
    ws_scenario_free(sc);
    return failed;
}

int main(int argc, char **argv)
{
    const char *national = argc > 1 ? argv[1] : "tests/bench/national.xml";
    int skip_national = argc > 2 && strcmp(argv[2], "--no-national") == 0;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    ws_keep_freed_memory(); /* as the CLI does */
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    if (!sc) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    long dwellings = 0;
    for (int g = 0; g < sc->ngroups; g++)
        dwellings += sc->groups[g].count;
    int months = ws_scenario_months(sc);
    time_runs(sc, 5, 1); /* warm up */
    /* Five rounds of n runs: the median round is reported, with the range (a shared
     * machine's speed varies from second to second). */
    int n = 100;
    double round[5];
    for (int k = 0; k < 5; k++)
        round[k] = time_runs(sc, n, 1);
    for (int a = 1; a < 5; a++)
        for (int b = a; b > 0 && round[b] < round[b - 1]; b--) {
            double x = round[b];
            round[b] = round[b - 1];
            round[b - 1] = x;
        }
    double t1 = round[2];
    double tn = time_runs(sc, 4 * n * (int)cores, (int)cores) / 4;
    /* Each run generating the stock itself (as a single run does). */
    double tg = now();
    for (int r = 1; r <= n; r++) {
        ws_world *w = ws_world_alloc(sc, r, &err);
        if (!w) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
        while (!ws_world_done(w))
            ws_world_step(w);
        ws_world_free(w);
    }
    tg = now() - tg;
    printf("default scenario (%ld dwellings, %d months), runs sharing the generated stock:\n",
           dwellings, months);
    printf("  1 thread:   %8.1f runs/s  (%.2f ms/run, %.3g dwelling-months/s; median of 5 "
           "rounds of %d, range %.1f-%.1f runs/s)\n",
           n / t1, 1000 * t1 / n, (double)n * dwellings * months / t1, n, n / round[4],
           n / round[0]);
    printf("  %ld threads: %8.1f runs/s\n", cores, n * cores / tn);
    printf("  each run generating its stock, 1 thread: %.1f runs/s (%.2f ms/run)\n", n / tg,
           1000 * tg / n);
    ws_scenario_free(sc);

    if (whole_path(n) != 0)
        return 1;
    if (skip_national)
        return 0;

    long rss0 = peak_rss_kib();
    double t0 = now();
    sc = ws_scenario_load(national, NULL, 0, &err);
    if (!sc) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    double tload = now() - t0;
    dwellings = 0;
    for (int g = 0; g < sc->ngroups; g++)
        dwellings += sc->groups[g].count;
    months = ws_scenario_months(sc);
    t0 = now();
    ws_world *w = ws_world_alloc(sc, 1, &err);
    if (!w) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    double talloc = now() - t0;
    t0 = now();
    while (!ws_world_done(w))
        ws_world_step(w);
    double tstep = now() - t0;
    long rss = peak_rss_kib();
    printf("national-size stock (%s: %ld dwellings, %d months):\n", national, dwellings, months);
    printf("  scenario read %.2f s, stock generation %.2f s, %d steps %.2f s\n", tload, talloc,
           months, tstep);
    printf("  seconds per run: %.2f (generation + steps)\n", talloc + tstep);
    printf("  dwelling-months per second: %.3g\n", (double)dwellings * months / (talloc + tstep));
    printf("  peak resident memory: %.1f MiB (%.1f MiB before the run)\n", rss / 1024.0,
           rss0 / 1024.0);
    printf("  bytes per dwelling: %.1f\n", (rss - rss0) * 1024.0 / (double)dwellings);
    ws_world_free(w);
    /* Further runs of the same scenario copy the generated stock (ws_base). */
    t0 = now();
    ws_base *base = ws_base_alloc(sc, &err);
    double tbase = now() - t0;
    t0 = now();
    w = base ? ws_world_alloc_from(base, 2, &err) : NULL;
    double tcopy = now() - t0;
    if (!w) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    printf("  runs sharing the stock: generation once %.2f s, then per run %.2f s set-up + "
           "steps = %.2f s\n", tbase, tcopy, tcopy + tstep);
    ws_world_free(w);
    ws_base_free(base);
    ws_scenario_free(sc);
    return 0;
}
