/* woonsim track: monitored figures (actuals) against the simulated bands, and the goals'
 * probabilities updated by what has been seen (sim/MODEL.md, "Are we on track?").
 *
 *   act = ws_actuals_load("actuals.csv", sc, &err);     the monitored figures
 *   ws_actuals_add_months(act, at, &nat);               months the runs must keep
 *   ws_run_many(sc, {.at = at, .nat = nat, ...}, res)   the runs
 *   ws_track_compare(...)                               per actual: band, percentile, verdict
 *   ws_track_weights(...)                               importance weights of the runs
 *   ws_actuals_free(act); */
#ifndef WOONSIM_TRACK_H
#define WOONSIM_TRACK_H

#include "woonsim/common.h"
#include "woonsim/goals.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"

/* The observation error used when neither the file nor the caller gives one: the
 * standard deviation of a monitored figure around the truth, as a share of its value
 * (sim/MODEL.md, "Are we on track?"). */
#define WS_TRACK_DEFAULT_ERROR 0.10

/* One monitored figure: a row of the actuals CSV. */
typedef struct {
    ws_month date;      /* the month it describes (a year's figure: its December) */
    int district;       /* district index, or WS_GOAL_TOTAL */
    int indicator;      /* WS_I_* */
    double value;
    double error;       /* relative observation error from the file's error column, or
                           < 0 when not given */
    char source[160];   /* the source column, or "" */
    int line;           /* line in the file */
} ws_actual;

typedef struct {
    int n;
    ws_actual *a;       /* n, in file order */
} ws_actuals;

/* Reads an actuals CSV: a header naming the columns date, district, indicator, value
 * (required) and source, error (optional), in any order; then one figure a line. Dates
 * are YYYY-MM or YYYY (a year means its December); districts are the scenario's ids or
 * "total"; indicators are CSV column names; error is a relative error > 0. Blank lines
 * and lines starting with '#' are skipped; fields may be double-quoted. Returns a new
 * list owned by the caller (ws_actuals_free), or NULL with err set to "FILE:LINE:
 * message" (WS_EINPUT) for bad input, or to an I/O or memory error. */
ws_actuals *ws_actuals_load(const char *path, const ws_scenario *sc, ws_error *err);

/* The same on text[0..len) read from a file called name (for messages). */
ws_actuals *ws_actuals_parse(const char *text, size_t len, const char *name,
                             const ws_scenario *sc, ws_error *err);

/* Releases a list; NULL is allowed. */
void ws_actuals_free(ws_actuals *act);

/* Adds each actual's month to at[0..*nat) unless it is there; at must have room for
 * *nat + act->n months. Cannot fail. */
void ws_actuals_add_months(const ws_actuals *act, ws_month *at, int *nat);

/* Verdicts: inside the simulated 5-95 % band, or outside it on the wrong or the good
 * side (by the direction of a goal on the same indicator and district; "more is
 * better" when there is none). */
typedef enum { WS_TRACK_ON_TRACK, WS_TRACK_BEHIND, WS_TRACK_AHEAD } ws_track_verdict;

extern const char *const ws_track_verdict_names[3]; /* "on-track", "behind", "ahead" */

/* One actual compared with the runs. */
typedef struct {
    double median, p5, p95;
    double percentile;  /* share of runs below the actual (ties count half), in % */
    int verdict;        /* ws_track_verdict */
} ws_track_row;

/* Compares every actual with the nruns runs' values at its month (res[r].at, kept at
 * at[0..nat), which must hold every actual's month): out[0..act->n) receives the rows.
 * Returns WS_OK, WS_ENOMEM, or WS_EINPUT when a month is missing, with err set. */
int ws_track_compare(const ws_scenario *sc, const ws_actuals *act, const ws_month *at,
                     int nat, const ws_run_result *res, int nruns, ws_track_row *out,
                     ws_error *err);

/* Importance weights of the runs given the actuals: w[r] proportional to
 * prod_i exp(-(y_i - y_ri)^2 / (2 sigma_i^2)), sigma_i = e_i * max(|y_i|, 1), e_i the
 * actual's own error or default_error; normalised to sum 1. *ess receives the effective
 * sample size 1 / sum w^2 (between 1 and nruns). With no actuals the weights are equal.
 * Returns WS_OK, or WS_EINPUT when a month is missing, with err set. */
int ws_track_weights(const ws_scenario *sc, const ws_actuals *act, const ws_month *at,
                     int nat, const ws_run_result *res, int nruns, double default_error,
                     double *w, double *ess, ws_error *err);

#endif
