/* woonsim sweep: runs a sweep into its store (with a progress bar, across MPI ranks in
 * the MPI build), merges shard stores, prints a store's summary or its rows. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "woonsim/run.h"
#include "woonsim/sweep.h"

#define MAX_SHARDS 256

typedef struct {
    const char *file, *out, *summary, *merge, *dump;
    const char *shards[MAX_SHARDS];
    int nshards;
    int resume;
    int force, allow_partial;
    long jobs;
    int shard, of; /* --shard K/N */
} sweep_args;

static int on_shard(void *dest, const char *value)
{
    sweep_args *a = dest;
    long k = 0, n = 0;
    const char *slash = strchr(value, '/');
    char ks[24];
    /* whole numbers within int, checked (sscanf's %d overflows silently) */
    if (!slash || (size_t)(slash - value) >= sizeof ks)
        return cli_usage_error("--shard needs K/N with 1 <= K <= N, not '%s'", value);
    memcpy(ks, value, (size_t)(slash - value));
    ks[slash - value] = '\0';
    if (cli_parse_long(ks, 1, INT_MAX, &k) != 0 || cli_parse_long(slash + 1, 1, INT_MAX, &n) != 0 ||
        k > n)
        return cli_usage_error("--shard needs K/N with 1 <= K <= N <= 2147483647, not '%s'",
                               value);
    a->shard = (int)k;
    a->of = (int)n;
    return 0;
}

static int on_file(void *ctx, const char *arg)
{
    sweep_args *a = ctx;
    if (a->merge) {
        if (a->nshards == MAX_SHARDS)
            return cli_usage_error("more than %s shards", "256");
        a->shards[a->nshards++] = arg;
    } else if (!a->file) {
        a->file = arg;
    } else {
        return cli_usage_error("sweep takes one sweep file; '%s' is a second", arg);
    }
    return 0;
}

/* ---------------------------------------------------------------- progress */

typedef struct {
    double t0;
    int total; /* > 0 once a bar has been started */
} progress_bar;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ws_sweep_options.progress: the bar on stderr, redrawn after every committed run. */
static void draw_progress(void *ctx, int done, int total)
{
    progress_bar *bar = ctx;
    if (done == 0) {
        bar->t0 = now();
        bar->total = total;
        return;
    }
    double el = now() - bar->t0, rate = el > 0 ? done / el : 0;
    double left = rate > 0 ? (total - done) / rate : 0;
    int width = 30, fill = total ? (int)((long)width * done / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %d/%d runs  %.1f runs/s  %d:%02d left ", fill,
            "##############################", width - fill, "", done, total, rate,
            (int)left / 60, (int)left % 60);
    fflush(stderr);
}

/* ---------------------------------------------------------------- summary and dump */

/* Prints the per-point rows (the first 40) and writes all of them to csv. */
static void print_points(const ws_sweep_results *r, const ws_sweep_summary *s, ws_buf *csv)
{
    const int max_shown = 40;
    printf("per point: mean and 5/50/95 %% quantiles over %d replicate%s\n", r->replicates,
           r->replicates == 1 ? "" : "s");
    ws_buf_printf(csv, "point");
    for (int j = 0; j < r->nparams; j++)
        ws_buf_printf(csv, ",%s", r->params[j]);
    ws_buf_printf(csv, ",output,runs,mean,q05,q50,q95\r\n");
    for (int i = 0; i < s->nrows; i++) {
        const ws_sweep_point_row *w = &s->rows[i];
        const double *val = r->values + (long)w->point * r->nparams;
        if (i < max_shown) {
            printf("  point %4d", w->point);
            for (int j = 0; j < r->nparams && j < 4; j++)
                printf(" %s=%-10.4g", r->params[j], val[j]);
            printf(" %-32s mean %12.4g  [%.4g, %.4g, %.4g]\n", r->outputs[w->output], w->mean,
                   w->q05, w->q50, w->q95);
        }
        ws_buf_printf(csv, "%d", w->point);
        for (int j = 0; j < r->nparams; j++)
            ws_buf_printf(csv, ",%.17g", val[j]);
        ws_buf_printf(csv, ",%s,%d,%.17g,%.17g,%.17g,%.17g\r\n", r->outputs[w->output], w->runs,
                      w->mean, w->q05, w->q50, w->q95);
    }
    if (s->nrows > max_shown)
        printf("  ... %d more rows (all of them in the CSV with -o)\n", s->nrows - max_shown);
}

/* Prints the Sobol or Morris indices and appends them to csv. */
static void print_indices(const ws_sweep_results *r, const ws_sweep_summary *s, ws_buf *csv)
{
    int k = r->nparams, sobol = s->indices == WS_SWEEP_INDICES_SOBOL;
    if (sobol) {
        printf("Sobol indices (Saltelli 2010 first-order, Jansen total), %d base rows, "
               "95 %% bootstrap intervals (%d resamples)\n",
               r->samples, WS_SWEEP_BOOTSTRAP);
        ws_buf_printf(csv, "\r\noutput,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\r\n");
    } else {
        printf("Morris elementary effects (%d trajectories; unit-scaled parameters)\n",
               r->samples);
        ws_buf_printf(csv, "\r\noutput,parameter,mu_star,sigma\r\n");
    }
    for (int o = 0; o < r->noutputs; o++) {
        const ws_sweep_index *x = s->index + (long)o * k;
        if (k > 0 && !x[0].valid) {
            printf("  %s: no variance, no indices\n", r->outputs[o]);
            continue;
        }
        printf("  %s\n", r->outputs[o]);
        for (int i = 0; i < k; i++, x++) {
            if (sobol) {
                printf("    %-24s S1 %6.3f [%6.3f, %6.3f]   ST %6.3f [%6.3f, %6.3f]\n",
                       r->params[i], x->s1, x->s1_lo, x->s1_hi, x->st, x->st_lo, x->st_hi);
                ws_buf_printf(csv, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\r\n", r->outputs[o],
                              r->params[i], x->s1, x->s1_lo, x->s1_hi, x->st, x->st_lo,
                              x->st_hi);
            } else {
                printf("    %-24s mu* %12.4g   sigma %12.4g\n", r->params[i], x->mu_star,
                       x->sigma);
                ws_buf_printf(csv, "%s,%s,%.17g,%.17g\r\n", r->outputs[o], r->params[i],
                              x->mu_star, x->sigma);
            }
        }
    }
}

/* --summary STORE [-o CSV]: the tables on stdout, all rows in the CSV. */
static int summary(const char *store, const char *csv_path, ws_error *err)
{
    ws_sweep_results r;
    ws_sweep_summary s;
    ws_buf csv = {0};
    int st = ws_sweep_results_read(&r, store, err);
    memset(&s, 0, sizeof s);
    if (st == WS_OK)
        st = ws_sweep_summary_init(&s, &r, err);
    if (st == WS_OK) {
        print_points(&r, &s, &csv);
        if (s.indices != WS_SWEEP_INDICES_NONE)
            print_indices(&r, &s, &csv);
        fflush(stdout);
    }
    if (st == WS_OK && csv.failed)
        st = ws_error_set(err, WS_ENOMEM, "summary failed: out of memory");
    const ws_buf *bufs[1] = {&csv};
    if (st == WS_OK && csv_path)
        st = cli_write(csv_path, bufs, 1, err);
    ws_buf_clear(&csv);
    ws_sweep_summary_clear(&s);
    ws_sweep_results_clear(&r);
    return st;
}

/* --dump STORE: every run row as CSV, sorted by point and replicate. */
static int dump(const char *store, ws_error *err)
{
    ws_sweep_results r;
    int st = ws_sweep_results_read(&r, store, err);
    if (st == WS_OK) {
        printf("point,replicate");
        for (int j = 0; j < r.nparams; j++)
            printf(",p:%s", r.params[j]);
        for (int o = 0; o < r.noutputs; o++)
            printf(",%s", r.outputs[o]);
        printf("\n");
        for (int p = 0; p < r.npoints; p++) {
            for (int rep = 0; rep < r.replicates; rep++) {
                int any = 0;
                for (int o = 0; o < r.noutputs; o++)
                    any |= !isnan(ws_sweep_results_get(&r, p, rep, o));
                if (!any)
                    continue;
                printf("%d,%d", p, rep);
                for (int j = 0; j < r.nparams; j++)
                    printf(",%.17g", r.values[(long)p * r.nparams + j]);
                for (int o = 0; o < r.noutputs; o++)
                    printf(",%.17g", ws_sweep_results_get(&r, p, rep, o));
                printf("\n");
            }
        }
    }
    ws_sweep_results_clear(&r);
    return st;
}

/* ---------------------------------------------------------------- running */

#ifdef WS_MPI
#include <mpi.h>

/* Merges the ranks' part stores into out and removes them; returns a status. */
static int merge_parts(const char *out, int size, ws_error *err)
{
    const char **parts = calloc((size_t)size, sizeof *parts);
    char (*names)[PATH_MAX] = calloc((size_t)size, sizeof *names);
    if (!parts || !names) {
        free(parts);
        free(names);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    for (int k = 0; k < size; k++) {
        snprintf(names[k], sizeof names[k], "%s.part-%d-of-%d", out, k, size);
        parts[k] = names[k];
    }
    int st = ws_sweep_merge(out, parts, size, 0, err);
    if (st == WS_OK)
        for (int k = 0; k < size; k++) {
            char aux[PATH_MAX];
            unlink(parts[k]);
            snprintf(aux, sizeof aux, "%s-wal", parts[k]);
            unlink(aux);
            snprintf(aux, sizeof aux, "%s-shm", parts[k]);
            unlink(aux);
        }
    free(parts);
    free(names);
    return st;
}

/* Runs the sweep across MPI ranks: rank K of N runs shard K+1/N into its own part store
 * (OUT.part-K-of-N, resumable), and rank 0 merges the parts into OUT once all are done.
 * Returns WS_OK or an error status (the same on every rank). */
static int sweep_mpi(const ws_sweep *sw, const ws_sweep_options *opt, ws_error *err)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1)
        return ws_sweep_run(sw, opt, err);
    if (opt->nshards != 1)
        return ws_error_set(err, WS_EINPUT, "--shard and mpirun do not combine");
    char part[PATH_MAX];
    snprintf(part, sizeof part, "%s.part-%d-of-%d", opt->out, rank, size);
    ws_sweep_options mine = *opt;
    mine.out = part;
    mine.shard = rank + 1;
    mine.nshards = size;
    if (rank != 0)
        mine.progress = NULL;
    int st = ws_sweep_run(sw, &mine, err), worst = 0, mine_bad = st != WS_OK;
    MPI_Allreduce(&mine_bad, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst) {
        if (st == WS_OK)
            st = ws_error_set(err, WS_ERUNTIME, "another rank failed; parts are kept for --resume");
        return st;
    }
    if (rank == 0)
        st = merge_parts(opt->out, size, err);
    int bad = st != WS_OK;
    MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (bad && st == WS_OK)
        st = ws_error_set(err, WS_ERUNTIME, "merging the parts failed on rank 0");
    return st;
}
#endif

/* Runs the sweep file a->file into its store; returns a status with err set. */
static int run_sweep(const sweep_args *a, ws_error *err)
{
    ws_sweep *sw = ws_sweep_load(a->file, err);
    if (!sw)
        return err->status;
    char def[PATH_MAX];
    const char *out = a->out;
    if (!out) {
        cli_default_output(a->file, ".sqlite", def, sizeof def);
        out = def;
    }
    progress_bar bar = {0, 0};
    ws_sweep_options opt = {out, (int)a->jobs, a->shard, a->of, a->resume, NULL, NULL, a->force};
    if (isatty(2)) {
        opt.progress = draw_progress;
        opt.progress_ctx = &bar;
    }
#ifdef WS_MPI
    int st = sweep_mpi(sw, &opt, err);
#else
    int st = ws_sweep_run(sw, &opt, err);
#endif
    if (bar.total > 0)
        fputc('\n', stderr);
    if (st == WS_OK)
        printf("%s: %d points x %d replicates -> %s\n", sw->name, sw->npoints, sw->replicates,
               out);
    ws_sweep_free(sw);
    return st;
}

int cli_sweep(int argc, char **argv)
{
    sweep_args a;
    memset(&a, 0, sizeof a);
    a.jobs = 1;
    a.shard = a.of = 1;
    const cli_option opts[] = {
        {"--output", "-o", CLI_TEXT, &a.out, 0, 0, "a file name", NULL},
        {"--jobs", NULL, CLI_INT, &a.jobs, 1, 1024, NULL, NULL},
        {"--shard", NULL, CLI_CALL, &a, 0, 0, "K/N", on_shard},
        {"--resume", NULL, CLI_FLAG, &a.resume, 0, 0, NULL, NULL},
        {"--summary", NULL, CLI_TEXT, &a.summary, 0, 0, "a results store", NULL},
        {"--dump", NULL, CLI_TEXT, &a.dump, 0, 0, "a results store", NULL},
        {"--merge", NULL, CLI_TEXT, &a.merge, 0, 0, "the output store", NULL},
        {"--force", NULL, CLI_FLAG, &a.force, 0, 0, NULL, NULL},
        {"--allow-partial", NULL, CLI_FLAG, &a.allow_partial, 0, 0, NULL, NULL},
        {NULL, NULL, 0, NULL, 0, 0, NULL, NULL}};
    int rc = cli_parse(argc, argv, opts, on_file, &a);
    if (rc != 0)
        return rc;
    ws_error err = {0, ""};
    int st;
    if (a.summary)
        st = summary(a.summary, a.out, &err);
    else if (a.dump)
        st = dump(a.dump, &err);
    else if (a.merge)
        st = ws_sweep_merge(a.merge, a.shards, a.nshards, a.allow_partial, &err);
    else if (!a.file)
        return cli_usage_error("sweep needs a sweep file%s", "");
    else
        st = run_sweep(&a, &err);
    if (st != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return ws_exit_status(st);
    }
    return 0;
}
