/* Runs of a scenario in worker threads, CSV formatting and atomic output files. */
#define _POSIX_C_SOURCE 200809L
#include "woonsim/run.h"
#include "woonsim/outfile.h"
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- buffers */

void ws_buf_clear(ws_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(ws_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = 1;
        return -1;
    }
    b->data = d;
    b->cap = cap;
    return 0;
}

void ws_buf_append(ws_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ws_buf_printf(ws_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* ---------------------------------------------------------------- CSV */

void ws_csv_header(ws_buf *b)
{
    ws_buf_printf(b, "run,date,district");
    for (int k = 0; k < WS_NIND; k++)
        ws_buf_printf(b, ",%s", ws_indicator_table[k].name);
    ws_buf_append(b, "\r\n", 2);
}

/* Appends a non-negative or negative integer quickly (the CSV's bulk). */
static size_t format_long(char *out, long v)
{
    char tmp[24];
    size_t n = 0, k = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[k++] = '-';
    while (n)
        out[k++] = tmp[--n];
    return k;
}

void ws_csv_rows(ws_buf *b, const ws_world *w, int run)
{
    const ws_scenario *sc = ws_world_scenario(w);
    char date[8];
    ws_month_format(ws_world_month(w), date);
    for (int d = 0; d <= sc->ndistricts; d++) {
        const double *v = ws_world_indicators(w, d);
        char line[2048];
        size_t n = 0;
        n += format_long(line + n, run);
        n += (size_t)snprintf(line + n, sizeof line - n, ",%s,%s", date,
                              d < sc->ndistricts ? sc->districts[d].id : "total");
        for (int k = 0; k < WS_NIND; k++) {
            line[n++] = ',';
            if (ws_indicator_table[k].decimals == 0)
                n += format_long(line + n, lround(v[k]));
            else
                n += (size_t)snprintf(line + n, sizeof line - n, "%.*f",
                                      ws_indicator_table[k].decimals, v[k]);
        }
        line[n++] = '\r';
        line[n++] = '\n';
        ws_buf_append(b, line, n);
    }
}

/* ---------------------------------------------------------------- runs */

typedef struct {
    const ws_scenario *sc;
    const ws_base *base; /* the shared initial stock, or NULL: each run generates it */
    const ws_run_options *opt;
    ws_run_result *res;
} run_batch;

/* A pool task: run opt->first + k into res[k]. */
static void run_one(void *ctx, int k, void *local)
{
    (void)local;
    const run_batch *q = ctx;
    const ws_run_options *opt = q->opt;
    ws_run_result *r = &q->res[k];
    int run = opt->first + k;
    size_t row = (size_t)(q->sc->ndistricts + 1) * WS_NIND;
    r->at = calloc((size_t)(opt->nat > 0 ? opt->nat : 1) * row, sizeof *r->at);
    if (!r->at) {
        r->status = ws_error_set(&r->err, WS_ENOMEM, "out of memory in run %d", run);
        return;
    }
    ws_world *w = q->base ? ws_world_alloc_from(q->base, run, &r->err)
                          : ws_world_alloc(q->sc, run, &r->err);
    if (!w) {
        r->status = r->err.status;
        return;
    }
    while (!ws_world_done(w)) {
        int st = ws_world_step(w);
        if (st != WS_OK) {
            r->status = ws_error_set(&r->err, st, "run %d failed in a step", run);
            break;
        }
        if (opt->csv)
            ws_csv_rows(&r->csv, w, run);
        for (int a = 0; a < opt->nat; a++)
            if (opt->at[a] == ws_world_month(w))
                for (int d = 0; d <= q->sc->ndistricts; d++)
                    memcpy(r->at + a * row + (size_t)d * WS_NIND, ws_world_indicators(w, d),
                           sizeof(double) * WS_NIND);
    }
    if (r->status == WS_OK && r->csv.failed)
        r->status = ws_error_set(&r->err, WS_ENOMEM, "out of memory in run %d", run);
    ws_world_free(w);
}

/* Runs the pool, handing each run's rows to rows() in order of k and releasing them.
 * Returns a status with err set. */
static int run_streaming(int n, int jobs, const ws_pool_work *work, ws_run_rows_fn rows,
                         void *ctx, ws_run_result *res, ws_error *err)
{
    char *done = calloc((size_t)(n ? n : 1), 1);
    ws_pool *pool = done ? ws_pool_alloc(n, jobs, work) : NULL;
    if (!pool) {
        free(done);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    int st = WS_OK, next = 0, k;
    while (st == WS_OK && (k = ws_pool_wait(pool)) >= 0) {
        done[k] = 1;
        for (; st == WS_OK && next < n && done[next]; next++) {
            if (res[next].status != WS_OK) {
                st = res[next].status;
                if (err)
                    *err = res[next].err;
                break;
            }
            st = rows(ctx, next, &res[next].csv, err);
            ws_buf_clear(&res[next].csv);
        }
    }
    ws_pool_free(pool); /* on failure: the runs in flight finish, no more start */
    free(done);
    return st;
}

int ws_run_many(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                ws_error *err)
{
    return ws_run_many_stream(sc, opt, res, NULL, NULL, err);
}

int ws_run_many_stream(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                       ws_run_rows_fn rows, void *ctx, ws_error *err)
{
    int n = opt->n;
    if (n < 0 || (opt->nat > 0 && !opt->at))
        return ws_error_set(err, WS_EINPUT, "ws_run_many: bad options");
    memset(res, 0, sizeof *res * (size_t)n);
    /* Several runs copy one generated stock (a single run makes its own: no copy, half
     * the memory). */
    ws_base *base = NULL;
    if (n > 1 && !(base = ws_base_alloc(sc, err)))
        return err ? err->status : WS_ENOMEM;
    run_batch q = {sc, base, opt, res};
    ws_pool_work work = {run_one, &q, 0, NULL};
    if (rows) {
        int st = run_streaming(n, opt->jobs, &work, rows, ctx, res, err);
        ws_base_free(base);
        return st;
    }
    int st = ws_pool_run(n, opt->jobs, &work);
    ws_base_free(base);
    if (st != 0)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int k = 0; k < n; k++) {
        if (res[k].status != WS_OK) {
            if (err)
                *err = res[k].err;
            return res[k].status;
        }
    }
    return WS_OK;
}

void ws_run_results_clear(ws_run_result *res, int n)
{
    if (!res)
        return;
    for (int k = 0; k < n; k++) {
        ws_buf_clear(&res[k].csv);
        free(res[k].at);
        res[k].at = NULL;
    }
}

/* ---------------------------------------------------------------- files */

int ws_write_atomic(const char *path, const ws_buf *const *bufs, int n, ws_error *err)
{
    ws_outfile *f = ws_outfile_open(path, err);
    if (!f)
        return err ? err->status : WS_EIO;
    for (int i = 0; i < n; i++)
        if (bufs[i]->len)
            ws_outfile_write(f, bufs[i]->data, bufs[i]->len);
    return ws_outfile_commit(f, err);
}

int ws_milestones(const ws_scenario *sc, ws_month out[3])
{
    static const int years[3] = {2030, 2035, 2040};
    int n = 0;
    for (int i = 0; i < 3; i++) {
        ws_month m = years[i] * 12 + 11;
        if (m < sc->start)
            m = sc->start;
        if (m > sc->end)
            m = sc->end;
        if (n == 0 || out[n - 1] != m)
            out[n++] = m;
    }
    return n;
}
