/* Runs of a scenario in worker threads, CSV formatting and atomic output files. */
#define _POSIX_C_SOURCE 200809L
#include "woonsim/run.h"
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
    const atomic_int *cancel; /* NULL, or set to skip the runs not started */
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
    if (q->cancel && atomic_load(q->cancel)) {
        r->status = ws_error_set(&r->err, WS_ERUNTIME, "cancelled");
        return;
    }
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

int ws_run_many(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                ws_error *err)
{
    return ws_run_many_cancel(sc, opt, NULL, res, err);
}

int ws_run_many_cancel(const ws_scenario *sc, const ws_run_options *opt,
                       const atomic_int *cancel, ws_run_result *res, ws_error *err)
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
    run_batch q = {sc, base, opt, res, cancel};
    ws_pool_work work = {run_one, &q, 0, NULL};
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

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int ws_write_atomic(const char *path, const ws_buf *const *bufs, int n, ws_error *err)
{
    /* A device or a pipe (e.g. /dev/null) is written in place: renaming a temporary file
     * over it would replace the device with an ordinary file. */
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode))
            return ws_error_set(err, WS_EIO, "%s: is a directory", path);
        int fd = open(path, O_WRONLY);
        if (fd < 0)
            return ws_error_set(err, WS_EIO, "%s: cannot open: %s", path, strerror(errno));
        int rc = 0;
        for (int i = 0; i < n && rc == 0; i++)
            if (bufs[i]->len)
                rc = write_all(fd, bufs[i]->data, bufs[i]->len);
        int e = errno;
        if (close(fd) != 0 && rc == 0) {
            rc = -1;
            e = errno;
        }
        return rc == 0 ? WS_OK : ws_error_set(err, WS_EIO, "%s: write failed: %s", path,
                                              strerror(e));
    }
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return ws_error_set(err, WS_EIO, "%s: cannot create a file there: %s", path,
                            strerror(e));
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        if (bufs[i]->len)
            rc = write_all(fd, bufs[i]->data, bufs[i]->len);
    if (rc == 0)
        rc = fsync(fd);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    /* mkstemp creates 0600; output files are ordinary files (0644 before umask). */
    if (rc == 0) {
        mode_t mask = umask(0);
        umask(mask);
        rc = chmod(tmp, 0666 & ~mask);
        e = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0) {
        unlink(tmp);
        free(tmp);
        return ws_error_set(err, WS_EIO, "%s: write failed: %s", path, strerror(e));
    }
    free(tmp);
    return WS_OK;
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
