/* `make bench`: measures the default scenario's runs per second on one thread and on all
 * cores, and one run of the synthetic national-size stock (tests/bench/national.xml):
 * seconds per run, dwelling-months per second, peak resident memory, bytes per dwelling.
 * Runs of one scenario share its generated stock (ws_base); the figures say which
 * include the generation.
 * Prints figures; asserts nothing (speed is measured here, never in a test). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "woonsim/run.h"
#include "woonsim/sweep.h"
#include "woonsim/world.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

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
    double t0 = now();
    int st = ws_run_many(sc, &(ws_run_options){1, n, jobs, 0, NULL, 0}, res, &err);
    double t = now() - t0;
    ws_run_results_clear(res, n);
    free(res);
    if (st != WS_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return t;
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

    /* Sweep throughput: the whole runner (scenario edits, runs, SQLite commits). */
    ws_sweep *sw = ws_sweep_load("tests/sweeps/default-kill.xml", &err);
    if (!sw) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    printf("sweep of the default scenario (%d runs, one commit per run):\n",
           sw->npoints * sw->replicates);
    for (int jobs = 1; jobs <= 2; jobs++) {
        char store[64];
        snprintf(store, sizeof store, "/tmp/woonsim-bench-%ld.sqlite", (long)getpid());
        unlink(store);
        ws_sweep_options opt = {store, jobs, 1, 1, 0, NULL, NULL, 0};
        double t = now();
        int st = ws_sweep_run(sw, &opt, &err);
        t = now() - t;
        unlink(store);
        char aux[80];
        snprintf(aux, sizeof aux, "%s-wal", store);
        unlink(aux);
        snprintf(aux, sizeof aux, "%s-shm", store);
        unlink(aux);
        if (st != WS_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
        printf("  %d thread%s: %8.1f runs/s\n", jobs, jobs > 1 ? "s" : " ",
               sw->npoints * sw->replicates / t);
    }
    ws_sweep_free(sw);
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
