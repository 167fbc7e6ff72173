/* woonsim sweeps: parameter sweep files, experimental designs, the SQLite results store
 * and the sensitivity analysis (per-point quantiles, Sobol indices, Morris effects). */
#ifndef WOONSIM_SWEEP_H
#define WOONSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include "woonsim/common.h"
#include "woonsim/world.h"

#define WS_SWEEP_MAX_PARAMS 32
#define WS_SWEEP_MAX_VALUES 64
#define WS_SWEEP_MAX_OUTPUTS 256

enum { WS_DESIGN_GRID, WS_DESIGN_RANDOM, WS_DESIGN_LHS, WS_DESIGN_SOBOL, WS_DESIGN_MORRIS };

typedef struct {
    char name[64];
    char select[512];       /* XPath of the attribute(s) to set */
    double min, max;
    int log_scale;          /* sample log-uniformly between min and max */
    int integer;            /* round values to whole numbers */
    int nvalues;            /* > 0: a list of values instead of a range */
    double values[WS_SWEEP_MAX_VALUES];
    int levels;             /* grid levels for a range (default 3) */
    /* A list with a word that is not a number (false true, a category): the design's
     * value is the label's index 0..nvalues-1, the scenario gets the label. */
    int categorical;
    char labels[WS_SWEEP_MAX_VALUES][64];
    long line;              /* the <parameter> element's line in the sweep file */
    /* files="a.xml b.xml": a whole scenario file as one categorical factor (labels: the
     * names as written; ws_sweep.files: resolved); it sets nothing, it picks the file. */
    int files;
    /* values="0 1" on a true/false attribute: the scenario gets false/true (found by
     * trying the base scenario, not by guessing from the select). */
    int boolean;
} ws_sweep_param;

#define WS_SWEEP_MAX_SERIES 64            /* indicator x district pairs of <series> */
#define WS_SWEEP_MAX_SERIES_VALUES 4000000L /* runs x pairs x months a store may hold */

/* One monthly series kept whole: an indicator of a district (or "total"). */
typedef struct {
    int indicator;          /* WS_I_* */
    char district[48];
} ws_sweep_series;

/* One output column: an indicator of a district (or "total") at a month. */
typedef struct {
    int indicator;          /* WS_I_* */
    char district[48];
    ws_month at;
    char column[128];       /* "gas_m3@total@2030-12" */
} ws_sweep_output;

typedef struct {
    char name[128];
    char path[1024];        /* the sweep file */
    char scenario[1024];    /* base scenario, resolved against the sweep file */
    uint64_t scenario_hash; /* FNV-1a 64 of the scenario file's bytes */
    int design;
    int samples;            /* points (random, lhs, sobol), base rows (Saltelli), trajectories (morris) */
    int replicates;
    int saltelli;           /* sobol design evaluated in the Saltelli scheme for indices */
    int morris_levels;
    unsigned long seed;
    int nparams;
    ws_sweep_param params[WS_SWEEP_MAX_PARAMS];
    int noutputs;
    ws_sweep_output outputs[WS_SWEEP_MAX_OUTPUTS];
    /* The design, generated on load: npoints x nparams values. */
    int npoints;
    double *points;
    double *units;          /* the same points in unit coordinates [0, 1] */
    char *definition;       /* the sweep file's text, stored in the results */
    /* Scenario files as a factor: params[file_param] picks files[value]; nfiles = 0
     * without one (every point runs the scenario). scenario_hash then covers them all. */
    int nfiles, file_param;
    char (*files)[1024];
    long line;              /* the <sweep> element's line */
    /* <series>: the full monthly series of these pairs, series_months at most per run
     * (the longest of the scenarios), kept in the store's series table. */
    int nseries, series_months;
    ws_sweep_series series[WS_SWEEP_MAX_SERIES];
} ws_sweep;

/* Reads and validates a sweep file (scenarios/schema/sweep.xsd, then meaning: the base
 * scenario loads, indicators and districts exist, names and outputs are unique) and
 * generates its design; the design is then checked against the base scenario (schema
 * and reader: each parameter at its extreme and listed values, the first points whole),
 * an invalid value naming its parameter's line. Returns a new sweep owned by the
 * caller, or NULL with err set
 * ("FILE:LINE: message", WS_EINPUT for bad input). */
ws_sweep *ws_sweep_load(const char *path, ws_error *err);

void ws_sweep_free(ws_sweep *sw);

/* The --set strings ("SELECT=VALUE") of point p, written into buf (size bytes, at
 * least 600 per parameter); sets[k] point into buf. Returns the number of sets. */
int ws_sweep_point_sets(const ws_sweep *sw, int p, char *buf, size_t size,
                        const char **sets);

/* The scenario file point p runs (a name inside sw: do not free). */
const char *ws_sweep_point_scenario(const ws_sweep *sw, int p);

/* The error for point p whose scenario failed to load with e (found when the point
 * runs: a combination of values the check before the first run did not try), naming
 * the parameter to blame by its line in the sweep file, or the sweep's line when only
 * the combination fails. Returns the status set in err. */
int ws_sweep_point_error(const ws_sweep *sw, int p, const ws_error *e, ws_error *err);

/* Runs of a sweep: run i (0 <= i < npoints * replicates) is point i / replicates,
 * replicate i % replicates; replicate r of every point uses run r + 1 of the scenario's
 * seed (common random numbers across points). */
typedef struct {
    const char *out;        /* results store */
    int jobs;
    int shard, nshards;     /* 1-based shard of nshards: runs with i % nshards == shard - 1 */
    int resume;
    /* Called (when set) with done = 0 before the first run and after every stored
     * run, total = the runs this call does; the CLI draws its progress bar with it. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
    int force;              /* resume a store made by another woonsim version */
    /* Called (when set) with a warning that does not stop the sweep: a resumed store
     * made by another build (git commit) of the same version. */
    void (*warn)(void *ctx, const char *msg);
    void *warn_ctx;
} ws_sweep_options;

/* Runs the sweep into the SQLite store (created, or resumed with opt->resume). Finished
 * runs are committed in blocks of 64 runs or 0.2 s, whichever comes first, so a killed
 * sweep loses at most that block and the runs in flight, never part of a run. Returns
 * WS_OK or an error status with err set. */
int ws_sweep_run(const ws_sweep *sw, const ws_sweep_options *opt, ws_error *err);

/* Merges shard stores into out (which must not exist; written to a temporary file and
 * linked into place when complete): rows of the same sweep, each run once. Returns
 * WS_OK or an error: WS_EINPUT when a shard is not a woonsim store, when the shards
 * differ in sweep, scenario hash, design or model version, or when they hold fewer runs
 * than the sweep has and allow_partial is 0. */
int ws_sweep_merge(const char *out, const char *const *shards, int n, int allow_partial,
                   ws_error *err);

/* The contents of a results store. */
typedef struct {
    int nparams, noutputs, npoints, replicates, samples, saltelli;
    unsigned long seed;       /* the sweep's seed (the bootstraps' seed too) */
    long runs_done;           /* rows in the runs table, of npoints x replicates */
    char design[16];          /* "grid", "random", "lhs", "sobol", "morris" */
    char **params, **outputs; /* names: nparams, noutputs */
    double *units;            /* npoints x nparams, the design in unit coordinates */
    double *values;           /* npoints x nparams, the parameters' values */
    double *runs;             /* npoints x replicates x noutputs, NaN where missing */
    char *names[2];           /* the storage of params and outputs */
    /* Per parameter: its categories' labels (file names of a files parameter), space
     * separated, or NULL for a number; nparams entries. */
    char **labels;
    /* The series table: rows (point, replicate, month, district, indicator, value);
     * 0 when the sweep kept none. */
    long series_rows;
} ws_sweep_results;

/* Reads the store at path into *r (caller-provided; overwritten). Returns WS_OK, or
 * WS_EINPUT (not readable, not a woonsim store), WS_EIO or WS_ENOMEM with err set. In
 * every case the caller releases r with ws_sweep_results_clear. */
int ws_sweep_results_read(ws_sweep_results *r, const char *path, ws_error *err);

void ws_sweep_results_clear(ws_sweep_results *r);

/* The label of value v of parameter j (a category's index) copied into buf (size
 * bytes); NULL when the parameter is a number or v is not one of its categories. */
const char *ws_sweep_results_label(const ws_sweep_results *r, int j, double v, char *buf,
                                   size_t size);

/* Calls row for each row of the store's series table in the order point, replicate,
 * month, district, indicator (the same bytes whatever --jobs and resumes made it):
 * district "total" or an id, indicator a WS_I_* name. Stops at the first nonzero
 * return of row. Returns WS_OK (also without a series table), or an error status with
 * err set. */
int ws_sweep_series_each(const char *path,
                         int (*row)(void *ctx, int point, int replicate, ws_month month,
                                    const char *district, const char *indicator,
                                    double value),
                         void *ctx, ws_error *err);

/* The value of output o in replicate rep of point p (NaN when that run is missing). */
double ws_sweep_results_get(const ws_sweep_results *r, int p, int rep, int o);

/* One row of the per-point summary: output o at point p over its replicates. */
typedef struct {
    int point, output;
    int runs;                 /* replicates with a value (>= 1) */
    double mean, q05, q50, q95;
} ws_sweep_point_row;

/* Sensitivity indices of one parameter for one output, each with its bootstrap 95 %
 * interval (_lo, _hi). */
typedef struct {
    int valid;                /* 0: the output has no variance, no Sobol indices */
    double s1, s1_lo, s1_hi;  /* Sobol first order (Saltelli 2010) */
    double st, st_lo, st_hi;  /* Sobol total (Jansen 1999) */
    double mu, mu_lo, mu_hi;  /* Morris: mean elementary effect */
    double mu_star, mu_star_lo, mu_star_hi; /* mean absolute effect */
    double sigma, sigma_lo, sigma_hi;       /* their standard deviation */
} ws_sweep_index;

enum { WS_SWEEP_INDICES_NONE, WS_SWEEP_INDICES_SOBOL, WS_SWEEP_INDICES_MORRIS };

#define WS_SWEEP_BOOTSTRAP 500 /* resamples for the intervals */
#define WS_SWEEP_NOISE_WARN 0.5 /* noise_share above which the summary warns */

/* The summary of a store's results: per point and output the mean and 5/50/95 %
 * quantiles over replicates; Sobol first-order and total indices with bootstrap 95 %
 * intervals (a Saltelli design) or Morris mu* and sigma (a morris design). */
typedef struct {
    int nrows;
    ws_sweep_point_row *rows; /* by point, then output; outputs without runs left out */
    int indices;              /* WS_SWEEP_INDICES_*; NONE also when the design's shape
                                 does not match its points */
    ws_sweep_index *index;    /* noutputs x nparams when indices */
    /* Per output: the share of the runs' variance that lies between replicates of one
     * point (sum of squares within points / total), its bootstrap 95 % interval
     * (resampling points); NaN with one replicate or no variance. noutputs x 3. */
    double *noise;
} ws_sweep_summary;

/* Computes the summary of r into *s (caller-provided; overwritten). Returns WS_OK, or
 * WS_ENOMEM with err set; in both cases the caller releases s with
 * ws_sweep_summary_clear. */
int ws_sweep_summary_init(ws_sweep_summary *s, const ws_sweep_results *r, ws_error *err);

void ws_sweep_summary_clear(ws_sweep_summary *s);

/* Sobol indices from the Saltelli scheme: fA, fB (n each) and fAB (k x n, row i = A with
 * column i from B). The outputs are centred on the mean of fA and fB first (as SALib
 * does), so a constant shift changes nothing; S1 by Saltelli (2010),
 * mean(fB (fAB - fA)) / V, ST by Jansen (1999), mean((fA - fAB)^2) / 2V, V the variance
 * of fA and fB together. Writes k values to S1 and ST. Returns WS_OK, or WS_ERUNTIME
 * when the output has no variance (S1 = ST = 0). */
int ws_sobol_indices(const double *fA, const double *fB, const double *fAB, int n, int k,
                     double *S1, double *ST);

/* Morris elementary effects: for r trajectories of k + 1 points (x[t][j][...] implicit),
 * given the outputs f (r x (k + 1)), the parameter moved at each step (order, r x k)
 * and the signed step in unit scale (delta, r x k): mu (mean effect), mu* (mean
 * absolute effect, Campolongo et al. 2007) and sigma per parameter (k values each). */
void ws_morris_effects(const double *f, const int *order, const double *delta, int r, int k,
                       double *mu, double *mu_star, double *sigma);

#endif
