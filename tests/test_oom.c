/* Out of memory: the core's malloc, calloc and realloc fail from the N-th call on (the
 * link wraps them: -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, see
 * tests/fuzz/fuzz.mk), for N = 0, 1, 2, ... until a whole pass succeeds, for each of:
 * loading maps; loading a scenario (one with extends and a map), allocating worlds and
 * stepping them; ws_run_many with CSV and the atomic write; loading a sweep. Every failure must be reported as
 * an error (NULL with WS_ENOMEM, or a status), never a crash; under `make SAN=1` the
 * leak checker sees every path's leaks. libxml2, GSL and SQLite allocate through their
 * own (unwrapped) calls. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "woonsim/map.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"
#include "woonsim/sweep.h"
#include "woonsim/world.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static long oom_left = -1; /* calls that still succeed; -1: all */
static int oom_hit;        /* a call failed in this pass */

static int oom_fail(void)
{
    if (oom_left < 0)
        return 0;
    if (oom_left == 0) {
        oom_hit = 1;
        return 1;
    }
    oom_left--;
    return 0;
}

void *__wrap_malloc(size_t size)
{
    return oom_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return oom_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return oom_fail() ? NULL : __real_realloc(p, size);
}

/* A failure must say so: a status that is an error, and a message. */
static void check_error(const ws_error *err, const char *what, long n)
{
    CHECK(err->status != WS_OK && err->msg[0], "%s failed at N = %ld without an error", what, n);
    CHECK(!oom_hit || err->status == WS_ENOMEM || err->status == WS_EIO,
          "%s at N = %ld: status %d (%s), not WS_ENOMEM", what, n, err->status, err->msg);
}

/* Loads a scenario, steps two worlds a few months, checking invariants. */
static void pass_world(const char *path, long n)
{
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    if (!sc) {
        check_error(&err, path, n);
        return;
    }
    for (int run = 1; run <= 2; run++) {
        ws_world *w = ws_world_alloc(sc, run, &err);
        if (!w) {
            check_error(&err, "ws_world_alloc", n);
            continue;
        }
        char msg[256];
        for (int m = 0; m < 4 && !ws_world_done(w); m++) {
            int st = ws_world_step(w);
            CHECK(st == WS_OK || st == WS_ENOMEM, "step at N = %ld: status %d", n, st);
            if (st != WS_OK)
                break;
            st = ws_world_check(w, msg, sizeof msg); /* it allocates for its recount */
            CHECK(st == WS_OK || (st == WS_ENOMEM && oom_hit), "invariant at N = %ld: %s", n,
                  msg);
        }
        ws_world_free(w);
    }
    ws_scenario_free(sc);
}

/* ws_run_many with CSV, and the atomic write. */
static void pass_run(const char *path, const char *out, long n)
{
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load(path, NULL, 0, &err);
    if (!sc) {
        check_error(&err, path, n);
        return;
    }
    ws_month at[3];
    int nat = ws_milestones(sc, at);
    ws_run_result res[2];
    int st = ws_run_many(sc, &(ws_run_options){1, 2, 1, 1, at, nat}, res, &err);
    if (st != WS_OK) {
        check_error(&err, "ws_run_many", n);
    } else {
        ws_buf header = {0};
        ws_csv_header(&header);
        const ws_buf *bufs[3] = {&header, &res[0].csv, &res[1].csv};
        if (header.failed) {
            CHECK(oom_hit, "header failed without an allocation failure");
        } else if (ws_write_atomic(out, bufs, 3, &err) != WS_OK) {
            check_error(&err, "ws_write_atomic", n);
        }
        ws_buf_clear(&header);
    }
    ws_run_results_clear(res, 2);
    ws_scenario_free(sc);
}

static void pass_sweep(const char *path, long n)
{
    ws_error err = {0, ""};
    ws_sweep *sw = ws_sweep_load(path, &err);
    if (!sw)
        check_error(&err, path, n);
    ws_sweep_free(sw);
}

static void pass_map(long n)
{
    size_t len;
    const char *data = ws_embedded_file("maps/leeuwarden-oost.xml", &len);
    ws_error err = {0, ""};
    ws_map *map = ws_map_parse(data, len, "map", &err);
    if (!map)
        check_error(&err, "ws_map_parse", n);
    ws_map_free(map);
    const char *ids[3] = {"a", "b", "c"};
    ws_map_free(ws_map_synthetic(ids, 3, 100));
}

/* Runs pass with the first n allocations succeeding, for n = 0, 1, 2, ... until one
 * run of it sees no failure. Returns that n. */
static long exhaust(const char *name, void (*pass)(long n, const char *arg), const char *arg)
{
    long n;
    for (n = 0; n < 100000; n++) {
        oom_hit = 0;
        oom_left = n;
        pass(n, arg);
        oom_left = -1;
        if (!oom_hit)
            break;
    }
    CHECK(!oom_hit, "%s: no pass succeeded up to N = %ld", name, n);
    printf("%-28s %4ld allocations, each failed in turn\n", name, n);
    return n;
}

static void map_pass(long n, const char *arg)
{
    (void)arg;
    pass_map(n);
}

static void world_pass(long n, const char *path)
{
    pass_world(path, n);
}

static void sweep_pass(long n, const char *path)
{
    pass_sweep(path, n);
}

static char out_path[64];

static void run_pass(long n, const char *path)
{
    pass_run(path, out_path, n);
}

int main(void)
{
    char dir[] = "/tmp/woonsim-oom.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    snprintf(out_path, sizeof out_path, "%s/out.csv", dir);
    exhaust("maps", map_pass, NULL);
    exhaust("small.xml, worlds", world_pass, "tests/golden/small.xml");
    exhaust("no-permit.xml, worlds", world_pass, "scenarios/no-permit.xml");
    exhaust("small.xml, runs and CSV", run_pass, "tests/golden/small.xml");
    exhaust("small-lhs.xml sweep", sweep_pass, "tests/sweeps/small-lhs.xml");
    unlink(out_path);
    rmdir(dir);
    return CHECK_DONE("oom");
}
