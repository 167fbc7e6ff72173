/* Runs of a scenario in worker threads, CSV formatting and atomic output files. */
#define _POSIX_C_SOURCE 200809L
#include "woonsim/run.h"
#include "woonsim/outfile.h"
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
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

/* Writes v in decimal into out (no terminator); returns the length. Written in place
 * from the last digit, two digits a division: the CSV's integers are most of its bytes. */
static size_t format_long(char *out, long v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    size_t k = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    if (v < 0)
        out[k++] = '-';
    if (u < 10) {
        out[k] = (char)('0' + u);
        return k + 1;
    }
    size_t nd = 2;
    for (unsigned long t = 100; nd < 20 && u >= t; t *= 10)
        nd++;
    char *e = out + k + nd;
    while (u >= 100) {
        unsigned long q = u / 100;
        e -= 2;
        memcpy(e, pairs + 2 * (u - q * 100), 2);
        u = q;
    }
    if (u >= 10)
        memcpy(e - 2, pairs + 2 * u, 2);
    else
        e[-1] = (char)('0' + u);
    return k + nd;
}

/* lround(v) without the library call for |v| < 2^52, where v - trunc(v) is exact. */
static long round_count(double v)
{
    if (!(fabs(v) < 4503599627370496.0))
        return lround(v);
    long r = (long)v;
    double frac = v - (double)r;
    return r + (frac >= 0.5) - (frac <= -0.5);
}

size_t ws_format_count(char *out, double v)
{
    return format_long(out, round_count(v));
}

/* ws_format_fixed's slow path: the C library's own formatting. */
static size_t format_fixed_libc(char *out, double v, int decimals, char point)
{
    int n = snprintf(out, WS_FIXED_MAX, "%.*f", decimals, v);
    if (n < 0)
        n = 0;
    if (n >= WS_FIXED_MAX)
        n = WS_FIXED_MAX - 1;
    char *dot = point != '.' ? memchr(out, '.', (size_t)n) : NULL;
    if (dot)
        *dot = point;
    return (size_t)n;
}

size_t ws_format_fixed(char *out, double v, int decimals, char point)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    /* x = |v| * 10^d is within an ulp or two of the exact product. printf rounds the
     * exact binary value, so where x lies so near a half that the error could decide
     * the rounding (or x is too large for the integer path, or v is not finite), the C
     * library formats it: the same bytes, slowly, on a tiny share of values. */
    if (decimals < 0 || decimals > 6 || !(fabs(v) < 1e15))
        return format_fixed_libc(out, v, decimals, point);
    double x = fabs(v) * scale[decimals], f = floor(x), frac = x - f;
    if (x >= 4503599627370496.0 || fabs(frac - 0.5) <= 1e-12 + x * 1e-15) /* 2^52 */
        return format_fixed_libc(out, v, decimals, point);
    unsigned long long r = (unsigned long long)f + (frac > 0.5);
    unsigned long long p = (unsigned long long)scale[decimals];
    size_t k = 0;
    if (signbit(v)) /* printf writes "-0.00" for a negative value that rounds to zero */
        out[k++] = '-';
    k += format_long(out + k, (long)(r / p));
    if (decimals > 0) {
        out[k++] = point;
        unsigned long long q = r % p;
        for (int i = decimals - 1; i >= 0; i--) {
            out[k + (size_t)i] = (char)('0' + q % 10);
            q /= 10;
        }
        k += (size_t)decimals;
    }
    return k;
}

void ws_csv_header(ws_buf *b)
{
    ws_csv_header_as(b, NULL);
}

void ws_csv_header_as(ws_buf *b, const ws_csv_format *fmt)
{
    char sep = fmt && fmt->sep ? fmt->sep : ',';
    int ncols = fmt && fmt->ncolumns > 0 ? fmt->ncolumns : WS_NIND;
    ws_buf_printf(b, "run%cdate%cdistrict", sep, sep);
    for (int c = 0; c < ncols; c++)
        ws_buf_printf(b, "%c%s", sep,
                      ws_indicator_table[fmt && fmt->ncolumns > 0 ? fmt->columns[c] : c].name);
    ws_buf_append(b, "\r\n", 2);
}

void ws_csv_rows(ws_buf *b, const ws_world *w, int run)
{
    ws_csv_rows_as(b, w, run, NULL);
}

/* Room for one row: the fixed columns and WS_NIND figures of the longest kind. */
#define ROW_MAX (64 + WS_ID_LEN + WS_NIND * WS_FIXED_MAX)

/* One month's rows in fmt: ind holds the (ndistricts + 1) rows of WS_NIND figures of month
 * m, the area total last. The one formatter of both the run loop and the CSV writer thread. */
static void csv_rows_of(ws_buf *b, const ws_scenario *sc, ws_month m, const double *ind, int run,
                        const ws_csv_format *fmt)
{
    char sep = fmt && fmt->sep ? fmt->sep : ',', point = fmt && fmt->point ? fmt->point : '.';
    int ncols = fmt && fmt->ncolumns > 0 ? fmt->ncolumns : WS_NIND;
    /* The columns and their decimals once a month, not once a figure. */
    int col[WS_NIND], dec[WS_NIND];
    for (int c = 0; c < ncols; c++) {
        col[c] = fmt && fmt->ncolumns > 0 ? fmt->columns[c] : c;
        dec[c] = ws_indicator_table[col[c]].decimals;
    }
    /* The row's start, "RUN,DATE,", is the same for every district. */
    char head[48];
    size_t nh = format_long(head, run);
    head[nh++] = sep;
    ws_month_format(m, head + nh);
    nh += strlen(head + nh);
    head[nh++] = sep;
    for (int d = 0; d <= sc->ndistricts; d++) {
        if (fmt && fmt->districts && !fmt->districts[d])
            continue;
        /* Rows go straight into the buffer: reserve room for the longest row first. */
        if (buf_reserve(b, ROW_MAX) != 0)
            return;
        char *line = b->data + b->len;
        const double *v = ind + (size_t)d * WS_NIND;
        const char *id = d < sc->ndistricts ? sc->districts[d].id : "total";
        size_t n = nh, nid = strlen(id);
        memcpy(line, head, nh);
        memcpy(line + n, id, nid + 1); /* its terminator too: overwritten next */
        n += nid;
        for (int c = 0; c < ncols; c++) {
            line[n++] = sep;
            if (dec[c] == 0)
                n += ws_format_count(line + n, v[col[c]]);
            else
                n += ws_format_fixed(line + n, v[col[c]], dec[c], point);
        }
        line[n++] = '\r';
        line[n++] = '\n';
        b->len += n;
        b->data[b->len] = '\0';
    }
}

void ws_csv_rows_as(ws_buf *b, const ws_world *w, int run, const ws_csv_format *fmt)
{
    /* The world's rows are contiguous: district d's at ws_world_indicators(w, 0) + d * WS_NIND. */
    csv_rows_of(b, ws_world_scenario(w), ws_world_month(w), ws_world_indicators(w, 0), run, fmt);
}

/* ---------------------------------------------------------------- runs */

/* A run's monthly figures, kept raw for the CSV writer thread to format (csv_writer):
 * months x (ndistricts + 1) x WS_NIND values, the first for month first. */
typedef struct {
    double *v;
    ws_month first;
    int months, cap;
} run_snap;

typedef struct {
    const ws_scenario *sc;
    const ws_base *base; /* the shared initial stock, or NULL: each run generates it */
    run_snap *snap;      /* NULL, or one per run: the CSV is formatted by the writer thread */
    int uncertain;       /* 1: each run reads its own drawn scenario */
    const ws_run_options *opt;
    const ws_csv_format *csv_format;
    ws_run_result *res;
    const atomic_int *cancel; /* NULL, or set to skip the runs not started */
} run_batch;

/* Appends the world's figures of this month to s (room for months of them at the first);
 * WS_OK or WS_ENOMEM. A copy is all the run loop does for its CSV in the writer mode. */
static int snap_month(run_snap *s, const ws_world *w, size_t row, int months)
{
    if (s->months == s->cap) {
        int cap = s->cap ? 2 * s->cap : months > 0 ? months : 12;
        double *v = realloc(s->v, sizeof *v * row * (size_t)cap);
        if (!v)
            return WS_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    if (s->months == 0)
        s->first = ws_world_month(w);
    memcpy(s->v + row * (size_t)s->months++, ws_world_indicators(w, 0), sizeof(double) * row);
    return WS_OK;
}

/* A pool task: run opt->first + k into res[k]. */
static void run_one(void *ctx, int k, void *local)
{
    (void)local;
    const run_batch *q = ctx;
    const ws_run_options *opt = q->opt;
    ws_run_result *r = &q->res[k];
    int run = opt->first + k;
    size_t row = (size_t)(q->sc->ndistricts + 1) * WS_NIND;
    if (q->cancel && atomic_load(q->cancel)) {
        r->status = ws_error_set(&r->err, WS_ERUNTIME, "cancelled");
        return;
    }
    r->at = calloc((size_t)(opt->nat > 0 ? opt->nat : 1) * row, sizeof *r->at);
    if (!r->at) {
        r->status = ws_error_set(&r->err, WS_ENOMEM, "out of memory in run %d", run);
        return;
    }
    /* A run's own parameter values: its own scenario, so that runs stay independent
     * of each other and of the threads. */
    ws_scenario *own = q->uncertain ? ws_scenario_draw(q->sc, run, &r->err) : NULL;
    ws_world *w = NULL;
    if (!q->uncertain || own)
        w = own ? ws_world_alloc(own, run, &r->err)
                : q->base ? ws_world_alloc_from(q->base, run, &r->err)
                          : ws_world_alloc(q->sc, run, &r->err);
    if (!w) {
        r->status = r->err.status;
        ws_scenario_free(own);
        return;
    }
    int first_month = 1;
    while (!ws_world_done(w)) {
        int st = ws_world_step(w);
        if (st != WS_OK) {
            r->status = ws_error_set(&r->err, st, "run %d failed in a step", run);
            break;
        }
        if (opt->csv && q->snap) {
            if (snap_month(&q->snap[k], w, row, ws_scenario_months(q->sc)) != WS_OK)
                r->csv.failed = 1;
        } else if (opt->csv) {
            ws_csv_rows_as(&r->csv, w, run, q->csv_format);
            /* Room for the whole run at once, judged by its first month (with a
             * quarter to spare), instead of a copy at every doubling. */
            if (first_month) {
                first_month = 0;
                buf_reserve(&r->csv, r->csv.len * (size_t)ws_scenario_months(q->sc) / 4 * 5);
            }
        }
        for (int a = 0; a < opt->nat; a++)
            if (opt->at[a] == ws_world_month(w))
                for (int d = 0; d <= q->sc->ndistricts; d++)
                    memcpy(r->at + a * row + (size_t)d * WS_NIND, ws_world_indicators(w, d),
                           sizeof(double) * WS_NIND);
    }
    if (r->status == WS_OK && r->csv.failed)
        r->status = ws_error_set(&r->err, WS_ENOMEM, "out of memory in run %d", run);
    ws_world_free(w);
    ws_scenario_free(own);
}

/* ---------------------------------------------------------------- CSV writer thread */

/* On one thread the run loop only copies each month's figures (snap_month); this thread
 * formats them and hands the rows on (ex->rows, in order of k) while the next run steps,
 * so a CSV costs the run loop little more than the core does. The queue bounds memory:
 * at most WRITER_QUEUE runs' figures wait (0.42 MB each in the default scenario), one
 * more is formatted, one more is being run. The bytes are those of ws_csv_rows_as: both
 * go through csv_rows_of. */
#define WRITER_QUEUE 4

typedef struct {
    const ws_scenario *sc;
    const ws_run_extras *ex;
    int first; /* run number of k = 0 */
    run_snap *snap;
    int queue[WRITER_QUEUE];
    int head, count, closed;
    int status; /* the first failure of a hand-over, WS_OK until then */
    ws_error err;
    ws_buf buf; /* one run's rows, re-used */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
} csv_writer;

/* Formats run k's figures and hands them on; a status with wr->err set. */
static int writer_run(csv_writer *wr, int k)
{
    const run_snap *s = &wr->snap[k];
    size_t row = (size_t)(wr->sc->ndistricts + 1) * WS_NIND;
    wr->buf.len = 0;
    for (int m = 0; m < s->months; m++)
        csv_rows_of(&wr->buf, wr->sc, s->first + m, s->v + row * (size_t)m, wr->first + k,
                    wr->ex->csv_format);
    if (wr->buf.failed)
        return ws_error_set(&wr->err, WS_ENOMEM, "out of memory in run %d", wr->first + k);
    return wr->ex->rows(wr->ex->rows_ctx, k, &wr->buf, &wr->err);
}

static void *writer_main(void *arg)
{
    csv_writer *wr = arg;
    pthread_mutex_lock(&wr->lock);
    for (;;) {
        while (wr->count == 0 && !wr->closed)
            pthread_cond_wait(&wr->cond, &wr->lock);
        if (wr->count == 0)
            break;
        int k = wr->queue[wr->head], st = wr->status;
        pthread_mutex_unlock(&wr->lock);
        if (st == WS_OK) /* after a failure the rest is only released */
            st = writer_run(wr, k);
        free(wr->snap[k].v);
        wr->snap[k].v = NULL;
        pthread_mutex_lock(&wr->lock);
        wr->head = (wr->head + 1) % WRITER_QUEUE;
        wr->count--;
        if (wr->status == WS_OK)
            wr->status = st;
        pthread_cond_broadcast(&wr->cond);
    }
    pthread_mutex_unlock(&wr->lock);
    return NULL;
}

/* Starts the writer thread; WS_OK, or WS_ENOMEM when no thread can be started (the
 * caller then formats in the run loop as usual). */
static int writer_start(csv_writer *wr, const ws_scenario *sc, const ws_run_extras *ex,
                        int first, run_snap *snap)
{
    memset(wr, 0, sizeof *wr);
    wr->sc = sc;
    wr->ex = ex;
    wr->first = first;
    wr->snap = snap;
    pthread_mutex_init(&wr->lock, NULL);
    pthread_cond_init(&wr->cond, NULL);
    if (pthread_create(&wr->thread, NULL, writer_main, wr) != 0) {
        pthread_mutex_destroy(&wr->lock);
        pthread_cond_destroy(&wr->cond);
        return WS_ENOMEM;
    }
    return WS_OK;
}

/* Queues run k, waiting while the queue is full; the writer's failure, if any, with err
 * set (then k is not queued). */
static int writer_push(csv_writer *wr, int k, ws_error *err)
{
    pthread_mutex_lock(&wr->lock);
    while (wr->count == WRITER_QUEUE && wr->status == WS_OK)
        pthread_cond_wait(&wr->cond, &wr->lock);
    int st = wr->status;
    if (st == WS_OK) {
        wr->queue[(wr->head + wr->count) % WRITER_QUEUE] = k;
        wr->count++;
        pthread_cond_broadcast(&wr->cond);
    } else if (err) {
        *err = wr->err;
    }
    pthread_mutex_unlock(&wr->lock);
    return st;
}

/* Lets the writer finish what is queued and joins it; its status, with err set on
 * failure. */
static int writer_finish(csv_writer *wr, ws_error *err)
{
    pthread_mutex_lock(&wr->lock);
    wr->closed = 1;
    pthread_cond_broadcast(&wr->cond);
    pthread_mutex_unlock(&wr->lock);
    pthread_join(wr->thread, NULL);
    pthread_mutex_destroy(&wr->lock);
    pthread_cond_destroy(&wr->cond);
    ws_buf_clear(&wr->buf);
    if (wr->status != WS_OK && err)
        *err = wr->err;
    return wr->status;
}

/* Waits for the pool's runs, reporting progress after each and, with ex->rows, handing
 * each run's rows to it in order of k (run k as soon as runs 0..k are done) and
 * releasing them, so memory does not grow with n. Returns a status with err set. */
static int run_pool(ws_pool *pool, int n, const ws_run_extras *ex, csv_writer *wr,
                    ws_run_result *res, ws_error *err)
{
    char *done = ex->rows ? calloc((size_t)(n ? n : 1), 1) : NULL;
    if (ex->rows && !done) {
        ws_pool_free(pool);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    if (ex->progress)
        ex->progress(ex->progress_ctx, 0, n);
    int st = WS_OK, next = 0, k, finished = 0;
    while (st == WS_OK && (k = ws_pool_wait(pool)) >= 0) {
        if (ex->progress)
            ex->progress(ex->progress_ctx, ++finished, n);
        if (!done)
            continue;
        done[k] = 1;
        for (; st == WS_OK && next < n && done[next]; next++) {
            if (res[next].status != WS_OK)
                break; /* reported below, with the first failing run's message */
            st = wr ? writer_push(wr, next, err)
                    : ex->rows(ex->rows_ctx, next, &res[next].csv, err);
            ws_buf_clear(&res[next].csv);
        }
    }
    ws_pool_free(pool); /* on failure: the runs in flight finish, no more start */
    free(done);
    if (wr) { /* the queued runs are written even after a later run failed, as without it */
        int w = writer_finish(wr, st == WS_OK ? err : NULL);
        if (st == WS_OK)
            st = w;
    }
    if (st != WS_OK)
        return st;
    for (k = 0; k < n; k++) {
        if (res[k].status != WS_OK) {
            if (err)
                *err = res[k].err;
            return res[k].status;
        }
    }
    return WS_OK;
}

int ws_run_many(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                ws_error *err)
{
    return ws_run_many_as(sc, opt, NULL, res, err);
}

int ws_run_many_stream(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                       ws_run_rows_fn rows, void *ctx, ws_error *err)
{
    ws_run_extras ex = {NULL, NULL, NULL, rows, ctx, NULL};
    return ws_run_many_as(sc, opt, &ex, res, err);
}

int ws_run_many_cancel(const ws_scenario *sc, const ws_run_options *opt,
                       const atomic_int *cancel, ws_run_result *res, ws_error *err)
{
    ws_run_extras ex = {NULL, NULL, NULL, NULL, NULL, cancel};
    return ws_run_many_as(sc, opt, &ex, res, err);
}

int ws_run_many_as(const ws_scenario *sc, const ws_run_options *opt, const ws_run_extras *ex,
                   ws_run_result *res, ws_error *err)
{
    static const ws_run_extras none = {NULL, NULL, NULL, NULL, NULL, NULL};
    if (!ex)
        ex = &none;
    int n = opt->n;
    if (n < 0 || (opt->nat > 0 && !opt->at))
        return ws_error_set(err, WS_EINPUT, "ws_run_many: bad options");
    memset(res, 0, sizeof *res * (size_t)n);
    int uncertain = ws_scenario_uncertain_on(sc);
    /* Several runs copy one generated stock (a single run makes its own: no copy, half
     * the memory); runs with their own parameters generate their own. */
    ws_base *base = NULL;
    if (n > 1 && !uncertain && !(base = ws_base_alloc(sc, err)))
        return err ? err->status : WS_ENOMEM;
    /* Several runs on one thread with their rows streamed: the writer thread formats
     * them (runs with their own drawn scenarios format their own, which name the
     * districts). */
    csv_writer wr;
    run_snap *snap = opt->csv && ex->rows && opt->jobs <= 1 && n > 1 && !uncertain
                         ? calloc((size_t)n, sizeof *snap) : NULL;
    if (snap && writer_start(&wr, sc, ex, opt->first, snap) != WS_OK) {
        free(snap);
        snap = NULL;
    }
    run_batch q = {sc, base, snap, uncertain, opt, ex->csv_format, res, ex->cancel};
    ws_pool_work work = {run_one, &q, 0, NULL};
    ws_pool *pool = ws_pool_alloc(n, opt->jobs, &work);
    int st = pool ? run_pool(pool, n, ex, snap ? &wr : NULL, res, err)
                  : ws_error_set(err, WS_ENOMEM, "out of memory");
    if (snap && !pool)
        writer_finish(&wr, NULL);
    for (int k = 0; snap && k < n; k++) /* the runs not handed to the writer */
        free(snap[k].v);
    free(snap);
    ws_base_free(base);
    return st;
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
