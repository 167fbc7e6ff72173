/* Runs: ws_run_many gives the same results and CSV rows on 1, 2 or 3 threads, run 1 is
 * the golden output, bad options fail cleanly; ws_write_atomic leaves nothing behind on
 * failure; the worker pool runs every task once with per-worker state. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check.h"
#include "pool.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"

#define RUNS 3

/* The whole file at path as a new string (NULL when unreadable); *len its length. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            char *t = realloc(s, cap = 2 * cap + 4096);
            if (!t) {
                free(s);
                fclose(f);
                return NULL;
            }
            s = t;
        }
        got = fread(s + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return s;
}

static void test_jobs(const ws_scenario *sc)
{
    ws_month at[3];
    int nat = ws_milestones(sc, at);
    CHECK(nat >= 1 && nat <= 3, "milestones: %d", nat);
    ws_run_result r[3][RUNS];
    for (int j = 0; j < 3; j++) {
        ws_error err = {0, ""};
        ws_run_options opt = {1, RUNS, j + 1, 1, at, nat};
        int st = ws_run_many(sc, &opt, r[j], &err);
        CHECK(st == WS_OK, "ws_run_many on %d jobs: %s", j + 1, err.msg);
    }
    size_t at_len = (size_t)nat * (size_t)(sc->ndistricts + 1) * WS_NIND;
    for (int k = 0; k < RUNS; k++) {
        CHECK(r[0][k].csv.len > 0, "run %d wrote CSV rows", k + 1);
        for (int j = 1; j < 3; j++) {
            CHECK(r[j][k].csv.len == r[0][k].csv.len &&
                      memcmp(r[j][k].csv.data, r[0][k].csv.data, r[0][k].csv.len) == 0,
                  "run %d: CSV rows on %d jobs differ from 1 job", k + 1, j + 1);
            CHECK(memcmp(r[j][k].at, r[0][k].at, at_len * sizeof(double)) == 0,
                  "run %d: milestone indicators on %d jobs differ", k + 1, j + 1);
        }
        char first[16];
        snprintf(first, sizeof first, "%d,", k + 1);
        CHECK(strncmp(r[0][k].csv.data, first, strlen(first)) == 0, "run %d's rows begin '%s'",
              k + 1, first);
    }
    CHECK(r[0][0].csv.len != r[0][1].csv.len ||
              memcmp(r[0][0].csv.data + 1, r[0][1].csv.data + 1, r[0][0].csv.len - 1) != 0,
          "runs 1 and 2 are the same");
    /* Run 1 with the header is the golden output (made by a single run). */
    ws_buf header = {0};
    ws_csv_header(&header);
    size_t glen = 0;
    char *golden = slurp("tests/golden/small.csv", &glen);
    CHECK(golden && glen == header.len + r[0][0].csv.len &&
              memcmp(golden, header.data, header.len) == 0 &&
              memcmp(golden + header.len, r[0][0].csv.data, r[0][0].csv.len) == 0,
          "header and run 1 differ from tests/golden/small.csv");
    free(golden);
    ws_buf_clear(&header);
    for (int j = 0; j < 3; j++)
        ws_run_results_clear(r[j], RUNS);
}

static void test_bad_options(const ws_scenario *sc)
{
    ws_run_result r[2];
    ws_error err = {0, ""};
    ws_run_options neg = {1, -1, 1, 0, NULL, 0};
    CHECK(ws_run_many(sc, &neg, r, &err) == WS_EINPUT && err.msg[0], "n < 0 is bad input");
    ws_run_options noat = {1, 2, 1, 0, NULL, 2};
    err.msg[0] = '\0';
    CHECK(ws_run_many(sc, &noat, r, &err) == WS_EINPUT && err.msg[0], "nat > 0 without at");
    ws_run_options none = {1, 0, 4, 1, NULL, 0};
    CHECK(ws_run_many(sc, &none, r, &err) == WS_OK, "no runs is fine");
    ws_run_results_clear(NULL, 3); /* allowed */
}

/* The names in dir (besides . and ..), joined by spaces, into out. */
static void list_dir(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    out[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            strlen(out) + strlen(e->d_name) + 2 <= size) {
            strcat(out, e->d_name);
            strcat(out, " ");
        }
    if (d)
        closedir(d);
}

static void test_write_atomic(void)
{
    char dir[] = "/tmp/woonsim-test-run-XXXXXX", path[64], bad[80], names[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/out.csv", dir);
    ws_buf a = {0}, b = {0};
    ws_buf_printf(&a, "hello %d\n", 1);
    ws_buf_append(&b, "world\n", 6);
    const ws_buf *bufs[2] = {&a, &b};
    ws_error err = {0, ""};
    CHECK(ws_write_atomic(path, bufs, 2, &err) == WS_OK, "write: %s", err.msg);
    size_t len = 0;
    char *got = slurp(path, &len);
    CHECK(got && len == 14 && memcmp(got, "hello 1\nworld\n", 14) == 0, "written bytes");
    free(got);

    /* Into a missing directory: an error, no file. */
    snprintf(bad, sizeof bad, "%s/no-such-dir/x.csv", dir);
    CHECK(ws_write_atomic(bad, bufs, 2, &err) == WS_EIO && strstr(err.msg, "cannot create"),
          "missing directory: %s", err.msg);
    /* Onto a directory. */
    CHECK(ws_write_atomic(dir, bufs, 2, &err) == WS_EIO && strstr(err.msg, "is a directory"),
          "directory as output: %s", err.msg);

    /* A write that fails halfway (file size limit, EFBIG): the old file stays, and no
     * temporary file is left. */
    ws_buf big = {0};
    for (int i = 0; i < 4096; i++)
        ws_buf_append(&big, "0123456789abcdef", 16);
    const ws_buf *bigs[1] = {&big};
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 1024;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    int limited = setrlimit(RLIMIT_FSIZE, &lim) == 0;
    CHECK(limited, "setrlimit");
    if (limited) {
        int st = ws_write_atomic(path, bigs, 1, &err);
        setrlimit(RLIMIT_FSIZE, &old);
        CHECK(st == WS_EIO && strstr(err.msg, "write failed"), "over the size limit: %d %s", st,
              err.msg);
        got = slurp(path, &len);
        CHECK(got && len == 14 && memcmp(got, "hello 1\nworld\n", 14) == 0,
              "a failed write changed the old file");
        free(got);
        list_dir(dir, names, sizeof names);
        CHECK(strcmp(names, "out.csv ") == 0, "files left after a failed write: '%s'", names);
    }
    signal(SIGXFSZ, prev);
    unlink(path);
    rmdir(dir);
    ws_buf_clear(&a);
    ws_buf_clear(&b);
    ws_buf_clear(&big);
}

/* Pool: every task once; per-worker state zeroed, kept across tasks and released. */
typedef struct {
    int ran[100];
    int cleared;
    int tasks_seen; /* summed over the workers' states when released */
} pool_ctx;

typedef struct {
    pool_ctx *ctx;
    int tasks;
} pool_local;

static void pool_task(void *ctx, int k, void *local)
{
    pool_ctx *c = ctx;
    pool_local *l = local;
    l->ctx = c;
    l->tasks++;
    __atomic_add_fetch(&c->ran[k], 1, __ATOMIC_RELAXED);
}

static void pool_clear(void *local)
{
    pool_local *l = local;
    if (l->ctx) {
        __atomic_add_fetch(&l->ctx->cleared, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&l->ctx->tasks_seen, l->tasks, __ATOMIC_RELAXED);
    }
}

static void test_pool(void)
{
    for (int jobs = 0; jobs <= 4; jobs++) {
        pool_ctx c;
        memset(&c, 0, sizeof c);
        ws_pool_work work = {pool_task, &c, sizeof(pool_local), pool_clear};
        CHECK(ws_pool_run(100, jobs, &work) == 0, "pool on %d jobs", jobs);
        int once = 1;
        for (int k = 0; k < 100; k++)
            once &= c.ran[k] == 1;
        CHECK(once, "every task once on %d jobs", jobs);
        CHECK(c.tasks_seen == 100 && c.cleared >= 1 && c.cleared <= (jobs > 1 ? jobs : 1),
              "worker states on %d jobs: %d tasks, %d cleared", jobs, c.tasks_seen, c.cleared);
    }
    /* Stopped after the first finished task: nothing more is handed out. */
    pool_ctx c;
    memset(&c, 0, sizeof c);
    ws_pool_work work = {pool_task, &c, sizeof(pool_local), pool_clear};
    ws_pool *p = ws_pool_alloc(100, 1, &work);
    CHECK(p && ws_pool_wait(p) == 0, "in order on one job");
    ws_pool_stop(p);
    CHECK(ws_pool_wait(p) == -1, "nothing after stop");
    ws_pool_free(p);
    int ran = 0;
    for (int k = 0; k < 100; k++)
        ran += c.ran[k];
    CHECK(ran == 1, "%d tasks ran after a stop", ran);
}

/* ws_run_many_stream's consumer: checks the order, appends the rows. */
typedef struct {
    int next;
    ws_buf all;
} stream_sink;

static int sink_rows(void *ctx, int k, const ws_buf *csv, ws_error *err)
{
    (void)err;
    stream_sink *s = ctx;
    CHECK(k == s->next, "streamed run %d, expected %d", k, s->next);
    s->next = k + 1;
    ws_buf_append(&s->all, csv->data, csv->len);
    return WS_OK;
}

/* Streaming gives the same bytes as keeping every run, in run order, on any jobs; the
 * rows are released after the call. */
static void test_stream(const ws_scenario *sc)
{
    ws_run_result keep[RUNS], res[RUNS];
    ws_error err = {0, ""};
    CHECK(ws_run_many(sc, &(ws_run_options){1, RUNS, 1, 1, NULL, 0}, keep, &err) == WS_OK,
          "ws_run_many: %s", err.msg);
    ws_buf want = {0};
    for (int k = 0; k < RUNS; k++)
        ws_buf_append(&want, keep[k].csv.data, keep[k].csv.len);
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        stream_sink s = {0, {0}};
        int st = ws_run_many_stream(sc, &(ws_run_options){1, RUNS, jobs, 1, NULL, 0}, res,
                                    sink_rows, &s, &err);
        CHECK(st == WS_OK && s.next == RUNS, "stream on %d jobs: %s", jobs, err.msg);
        CHECK(s.all.len == want.len && memcmp(s.all.data, want.data, want.len) == 0,
              "streamed rows on %d jobs differ from the kept ones", jobs);
        for (int k = 0; k < RUNS; k++)
            CHECK(res[k].csv.data == NULL, "run %d's rows kept after streaming", k);
        ws_run_results_clear(res, RUNS);
        ws_buf_clear(&s.all);
    }
    ws_run_results_clear(keep, RUNS);
    ws_buf_clear(&want);
}

/* ws_run_extras.rows failing at its second run. */
static int failing_rows(void *ctx, int k, const ws_buf *csv, ws_error *err)
{
    (void)csv;
    int *calls = ctx;
    ++*calls;
    return k == 1 ? ws_error_set(err, WS_EIO, "sink full at run %d", k) : WS_OK;
}

/* A hand-over that fails stops the runs and gives its status and message, on one
 * thread (the CSV writer thread) and on several. */
static void test_stream_fails(const ws_scenario *sc)
{
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        ws_run_result res[RUNS];
        ws_error err = {0, ""};
        int calls = 0;
        int st = ws_run_many_stream(sc, &(ws_run_options){1, RUNS, jobs, 1, NULL, 0}, res,
                                    failing_rows, &calls, &err);
        CHECK(st == WS_EIO && strcmp(err.msg, "sink full at run 1") == 0 && calls == 2,
              "on %d jobs: status %d, '%s', %d calls", jobs, st, err.msg, calls);
        ws_run_results_clear(res, RUNS);
    }
}

int main(void)
{
    ws_error err = {0, ""};
    ws_scenario *sc = ws_scenario_load("tests/golden/small.xml", NULL, 0, &err);
    CHECK(sc != NULL, "load: %s", err.msg);
    if (sc) {
        test_jobs(sc);
        test_bad_options(sc);
        test_stream(sc);
        test_stream_fails(sc);
    }
    ws_scenario_free(sc);
    test_write_atomic();
    test_pool();
    return CHECK_DONE("run");
}
