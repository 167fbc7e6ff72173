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

/* Runs opt->n runs of sc on opt->jobs threads into res[0..n-1] (caller-provided,
 * overwritten): CSV rows into res[k].csv if opt->csv, the indicators at the months
 * at[0..nat-1] into res[k].at (allocated here). Results do not depend on jobs. Returns
 * WS_OK or the first failing run's status with err set. Whatever the status, the caller
 * releases the results' contents with ws_run_results_clear. */
int ws_run_many(const ws_scenario *sc, const ws_run_options *opt, ws_run_result *res,
                ws_error *err);

/* ws_run_many that stops early when *cancel (may be NULL) becomes non-zero, as a live
 * viewer's newer lever change wants: runs not started by then are skipped and it
 * returns WS_ERUNTIME ("cancelled"). Checked between runs. */
int ws_run_many_cancel(const ws_scenario *sc, const ws_run_options *opt,
                       const atomic_int *cancel, ws_run_result *res, ws_error *err);

/* Releases the contents of res[0..n-1] (not res itself). res may be NULL. */
void ws_run_results_clear(ws_run_result *res, int n);

/* Writes the n buffers to path atomically: a temporary file in the same directory,
 * flushed and synced, then renamed over path. On failure nothing at path changes and
 * the temporary file is removed. (The command line's "-" for stdout is its own.) */
int ws_write_atomic(const char *path, const ws_buf *const *bufs, int n, ws_error *err);

/* Milestone months: December of 2030, 2035 and 2040, each clamped into the scenario's
 * range, without duplicates. Returns their number (<= 3). */
int ws_milestones(const ws_scenario *sc, ws_month out[3]);

#endif
