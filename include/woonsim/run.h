/* woonsim runs: many runs of one scenario (in worker threads), CSV rows, atomic files.
 * Uses the core only through the public world interface. */
#ifndef WOONSIM_RUN_H
#define WOONSIM_RUN_H

#include <stdatomic.h>
#include <stddef.h>
#include "woonsim/common.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"

/* A growable text buffer. */
typedef struct {
    char *data;
    size_t len, cap;
    int failed; /* set when an allocation failed; later appends are ignored */
} ws_buf;

void ws_buf_clear(ws_buf *b); /* releases the memory */
void ws_buf_append(ws_buf *b, const char *s, size_t n);
void ws_buf_printf(ws_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Appends the CSV header line (normative columns, then the further indicators). */
void ws_csv_header(ws_buf *b);

/* Appends the CSV rows (each district, then total) of the world's current month. */
void ws_csv_rows(ws_buf *b, const ws_world *w, int run);

/* How a CSV is written: the default (NULL, or all zero) is `,` and a decimal point with
 * every indicator and every row; "nl" (for Dutch spreadsheet programs) is sep ';' and
 * point ','. columns[0..ncolumns-1] (indicator numbers, ncolumns > 0) choose and order
 * the indicator columns; districts (NULL: all), one flag per district and a last one
 * for total, chooses the rows. The caller owns the arrays. */
typedef struct {
    char sep, point;
    int ncolumns;
    int columns[WS_NIND];
    const unsigned char *districts;
} ws_csv_format;

/* ws_csv_header and ws_csv_rows in the format fmt (NULL: the default). */
void ws_csv_header_as(ws_buf *b, const ws_csv_format *fmt);
void ws_csv_rows_as(ws_buf *b, const ws_world *w, int run, const ws_csv_format *fmt);

/* The longest text ws_format_fixed writes (the C library's "%.6f" of the largest
 * double, with its sign and terminator). */
#define WS_FIXED_MAX 330

/* Writes v as printf's "%.*f" with decimals digits would, byte for byte (rounding of
 * the exact binary value included), but without printf for ordinary values; point
 * replaces the decimal point. out holds WS_FIXED_MAX bytes; no terminator is written.
 * Returns the length. Cannot fail. */
size_t ws_format_fixed(char *out, double v, int decimals, char point);

/* Writes lround(v) as printf's "%ld" would (a count's CSV text) into out (at least 24
 * bytes; no terminator). Returns the length. Cannot fail. */
size_t ws_format_count(char *out, double v);

/* What one run produced. */
typedef struct {
    ws_buf csv;      /* CSV rows (no header), when asked for */
    double *at;      /* nat x (ndistricts + 1) x WS_NIND indicator values at the months */
    int status;
    ws_error err;
} ws_run_result;

/* What ws_run_many runs and keeps. */
typedef struct {
    int first;           /* the first run's number: runs first..first+n-1 */
    int n;               /* how many runs */
    int jobs;            /* worker threads; <= 1: in the calling thread */
    int csv;             /* 1: CSV rows into each result's csv */
    const ws_month *at;  /* months whose indicators each result keeps (nat of them) */
    int nat;
} ws_run_options;

/* A consumer of streamed CSV rows: run k's rows (k = 0..n-1 in order). Returns WS_OK, or
 * a status (with err set) that stops the runs. */
typedef int (*ws_run_rows_fn)(void *ctx, int k, const ws_buf *csv, ws_error *err);

/* What ws_run_many_as adds to ws_run_options (all zero: nothing). */
typedef struct {
    const ws_csv_format *csv_format; /* NULL: the default CSV */
    /* Called (when set) in the calling thread with done = 0 before the first run and
     * after every finished run, total = n: for a progress line. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
    /* When set: each run's CSV rows go to rows(rows_ctx, k, ...) in the calling thread in
     * order of k and are released after the call (ws_run_many_stream). */
    ws_run_rows_fn rows;
    void *rows_ctx;
    const atomic_int *cancel; /* NULL, or set to skip the runs not started (WS_ERUNTIME) */
} ws_run_extras;

/* Runs opt->n runs of sc on opt->jobs threads into res[0..n-1] (caller-provided,
 * overwritten): CSV rows into res[k].csv if opt->csv, the indicators at the months
 * at[0..nat-1] into res[k].at (allocated here). When sc draws its parameters per run
 * (ws_scenario_uncertain_on), run k runs ws_scenario_draw(sc, k)'s scenario, read in
 * its worker. Results do not depend on jobs. Returns
 * WS_OK or the first failing run's status with err set. Whatever the status, the caller
 * releases the results' contents with ws_run_results_clear. */
int ws_run_many(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                ws_error *err);

/* ws_run_many with the CSV in ex->csv_format and progress reported to ex->progress
 * (ex may be NULL). */
int ws_run_many_as(const ws_scenario *sc, const ws_run_options *opt, const ws_run_extras *ex,
                   ws_run_result *res, ws_error *err);

/* As ws_run_many, but each run's CSV rows go to rows(ctx, k, ...) in the calling thread
 * in order of k, run k as soon as runs 0..k are done, and are released after the call,
 * so memory does not grow with n (the indicators at the months stay in res[k].at). */
int ws_run_many_stream(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                       ws_run_rows_fn rows, void *ctx, ws_error *err);

/* ws_run_many that stops early when *cancel (may be NULL) becomes non-zero, as a live
 * viewer's newer lever change wants: runs not started by then are skipped and it
 * returns WS_ERUNTIME ("cancelled"). Checked between runs. */
int ws_run_many_cancel(const ws_scenario *sc, const ws_run_options *opt,
                       const atomic_int *cancel, ws_run_result *res, ws_error *err);

/* Releases the contents of res[0..n-1] (not res itself). res may be NULL. */
void ws_run_results_clear(ws_run_result *res, int n);

/* Writes the n buffers to path atomically: a temporary file in the same directory,
 * flushed and synced, then renamed over path. On failure nothing at path changes and
 * the temporary file is removed. "-" is stdout; devices and FIFOs are written in place
 * (ws_outfile, include/woonsim/outfile.h). */
int ws_write_atomic(const char *path, const ws_buf *const *bufs, int n, ws_error *err);

/* Milestone months: December of 2030, 2035 and 2040, each clamped into the scenario's
 * range, without duplicates. Returns their number (<= 3). */
int ws_milestones(const ws_scenario *sc, ws_month out[3]);

#endif
