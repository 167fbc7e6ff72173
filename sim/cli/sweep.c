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

#include "woonsim/prim.h"
#include "woonsim/run.h"
#include "woonsim/sweep.h"

#define MAX_SHARDS 256

typedef struct {
    const char *file, *out, *summary, *merge, *dump, *points, *discover, *where;
    const char *shards[MAX_SHARDS];
    int nshards;
    int resume, longform, series;
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

/* ws_sweep_options.warn: a warning on stderr; the sweep goes on. */
static void print_warning(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "warning: %s\n", msg);
}

/* ---------------------------------------------------------------- progress */

/* A sweep's progress, and which shard of it this call runs. */
typedef struct {
    cli_progress bar;
    const ws_sweep *sw;
    int shard, of;
} sweep_progress;

/* ws_sweep_options.progress: before the first run, a resumed or sharded sweep says how
 * much of its share the store holds already and how much it runs now; then the bar or
 * the progress lines. */
static void report_progress(void *ctx, int done, int total)
{
    sweep_progress *sp = ctx;
    if (done == 0) {
        int all = sp->sw->npoints * sp->sw->replicates;
        int share = (all - (sp->shard - 1) + sp->of - 1) / sp->of, already = share - total;
        char which[48] = "";
        if (sp->of > 1)
            snprintf(which, sizeof which, " of shard %d/%d", sp->shard, sp->of);
        if (already > 0 || sp->of > 1)
            fprintf(stderr, "woonsim: sweep: %d of %d runs%s already in the store; running %d\n",
                    already, share, which, total);
    }
    cli_progress_update(&sp->bar, done, total);
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
            for (int j = 0; j < r->nparams && j < 4; j++) {
                char lab[80];
                if (ws_sweep_results_label(r, j, val[j], lab, sizeof lab))
                    printf(" %s=%-10s", r->params[j], lab);
                else
                    printf(" %s=%-10.4g", r->params[j], val[j]);
            }
            printf(" %-32s mean %12.4g  [%.4g, %.4g, %.4g]\n", r->outputs[w->output], w->mean,
                   w->q05, w->q50, w->q95);
        }
        ws_buf_printf(csv, "%d", w->point);
        for (int j = 0; j < r->nparams; j++) {
            char lab[80];
            if (ws_sweep_results_label(r, j, val[j], lab, sizeof lab))
                ws_buf_printf(csv, ",%s", lab);
            else
                ws_buf_printf(csv, ",%.17g", val[j]);
        }
        ws_buf_printf(csv, ",%s,%d,%.17g,%.17g,%.17g,%.17g\r\n", r->outputs[w->output], w->runs,
                      w->mean, w->q05, w->q50, w->q95);
    }
    if (s->nrows > max_shown)
        printf("  ... %d more rows (all of them with --points FILE.csv)\n",
               s->nrows - max_shown);
}

/* One row of the tidy table: output,parameter,index,value,ci_low,ci_high. */
static void tidy_row(ws_buf *csv, const char *output, const char *param, const char *index,
                     double v, double lo, double hi)
{
    ws_buf_printf(csv, "%s,%s,%s,%.6g,%.6g,%.6g\r\n", output, param, index, v, lo, hi);
}

/* Prints noise_share per output (with a warning when noise dominates) and appends it
 * to the tidy table. */
static void print_noise(const ws_sweep_results *r, const ws_sweep_summary *s, ws_buf *csv)
{
    if (r->replicates < 2)
        return;
    printf("noise_share: the share of variance between replicates of one point "
           "(95 %% bootstrap interval)\n");
    for (int o = 0; o < r->noutputs; o++) {
        const double *x = s->noise + 3 * o;
        if (isnan(x[0])) {
            printf("  %-40s no variance\n", r->outputs[o]);
            continue;
        }
        printf("  %-40s %6.3f [%6.3f, %6.3f]%s\n", r->outputs[o], x[0], x[1], x[2],
               x[0] > WS_SWEEP_NOISE_WARN ? "  WARNING: noise dominates" : "");
        tidy_row(csv, r->outputs[o], "*", "noise_share", x[0], x[1], x[2]);
    }
    for (int o = 0; o < r->noutputs; o++)
        if (s->noise[3 * o] > WS_SWEEP_NOISE_WARN)
            fprintf(stderr,
                    "warning: %s: %.0f %% of its variance lies between replicates of one "
                    "point; the indices, on point means, describe only the rest\n",
                    r->outputs[o], 100 * s->noise[3 * o]);
}

/* Prints the Sobol or Morris indices and appends them to the tidy table. */
static void print_indices(const ws_sweep_results *r, const ws_sweep_summary *s, ws_buf *csv)
{
    int k = r->nparams, sobol = s->indices == WS_SWEEP_INDICES_SOBOL;
    if (sobol)
        printf("Sobol indices on point means (S1 Saltelli 2010, ST Jansen 1999, centred "
               "outputs), %d base rows, 95 %% bootstrap intervals (%d resamples)\n",
               r->samples, WS_SWEEP_BOOTSTRAP);
    else
        printf("Morris elementary effects on point means (%d trajectories; unit-scaled "
               "parameters), 95 %% bootstrap intervals (%d resamples)\n",
               r->samples, WS_SWEEP_BOOTSTRAP);
    for (int o = 0; o < r->noutputs; o++) {
        const ws_sweep_index *x = s->index + (long)o * k;
        if (k > 0 && !x[0].valid) {
            printf("  %s: no variance or missing runs, no indices\n", r->outputs[o]);
            continue;
        }
        printf("  %s\n", r->outputs[o]);
        for (int i = 0; i < k; i++, x++) {
            const char *out = r->outputs[o], *par = r->params[i];
            if (sobol) {
                printf("    %-24s S1 %6.3f [%6.3f, %6.3f]   ST %6.3f [%6.3f, %6.3f]\n", par,
                       x->s1, x->s1_lo, x->s1_hi, x->st, x->st_lo, x->st_hi);
                tidy_row(csv, out, par, "S1", x->s1, x->s1_lo, x->s1_hi);
                tidy_row(csv, out, par, "ST", x->st, x->st_lo, x->st_hi);
            } else {
                printf("    %-24s mu %11.4g  mu* %11.4g [%.4g, %.4g]  sigma %11.4g\n", par,
                       x->mu, x->mu_star, x->mu_star_lo, x->mu_star_hi, x->sigma);
                tidy_row(csv, out, par, "mu", x->mu, x->mu_lo, x->mu_hi);
                tidy_row(csv, out, par, "mu_star", x->mu_star, x->mu_star_lo, x->mu_star_hi);
                tidy_row(csv, out, par, "sigma", x->sigma, x->sigma_lo, x->sigma_hi);
            }
        }
    }
}

/* --summary STORE [-o TIDY.csv] [--points POINTS.csv]: the tables on stdout; the indices
 * (and noise_share) as one tidy table, the per-point quantiles in their own file. */
static int summary(const char *store, const char *csv_path, const char *points_path,
                   ws_error *err)
{
    ws_sweep_results r;
    ws_sweep_summary s;
    ws_buf csv = {0}, pts = {0};
    int st = ws_sweep_results_read(&r, store, err);
    memset(&s, 0, sizeof s);
    if (st == WS_OK)
        st = ws_sweep_summary_init(&s, &r, err);
    if (st == WS_OK) {
        long total = (long)r.npoints * r.replicates;
        if (r.runs_done < total)
            printf("incomplete: %ld of %ld runs\n", r.runs_done, total);
        ws_buf_printf(&csv, "output,parameter,index,value,ci_low,ci_high\r\n");
        print_points(&r, &s, &pts);
        print_noise(&r, &s, &csv);
        if (s.indices != WS_SWEEP_INDICES_NONE)
            print_indices(&r, &s, &csv);
        fflush(stdout);
    }
    if (st == WS_OK && (csv.failed || pts.failed))
        st = ws_error_set(err, WS_ENOMEM, "summary failed: out of memory");
    const ws_buf *bufs[1] = {&csv}, *pbufs[1] = {&pts};
    if (st == WS_OK && csv_path)
        st = cli_write(csv_path, bufs, 1, err);
    if (st == WS_OK && points_path)
        st = cli_write(points_path, pbufs, 1, err);
    ws_buf_clear(&csv);
    ws_buf_clear(&pts);
    ws_sweep_summary_clear(&s);
    ws_sweep_results_clear(&r);
    return st;
}

/* --dump STORE: every run row as CSV, sorted by point and replicate; with --long one
 * row per run and output (run,point,replicate,output,value), run = point x replicates
 * + replicate. */
static int dump(const char *store, int longform, ws_error *err)
{
    ws_sweep_results r;
    int st = ws_sweep_results_read(&r, store, err);
    if (st != WS_OK) {
        ws_sweep_results_clear(&r);
        return st;
    }
    if (longform) {
        printf("run,point,replicate,output,value\n");
        for (int p = 0; p < r.npoints; p++)
            for (int rep = 0; rep < r.replicates; rep++)
                for (int o = 0; o < r.noutputs; o++) {
                    double v = ws_sweep_results_get(&r, p, rep, o);
                    if (!isnan(v))
                        printf("%ld,%d,%d,%s,%.17g\n", (long)p * r.replicates + rep, p, rep,
                               r.outputs[o], v);
                }
        ws_sweep_results_clear(&r);
        return WS_OK;
    }
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
    ws_sweep_results_clear(&r);
    return st;
}

/* One row of --dump --series; ctx: the replicates per point. */
static int series_row(void *ctx, int point, int replicate, ws_month month, const char *district,
                      const char *indicator, double value)
{
    char date[16];
    ws_month_format(month, date);
    printf("%ld,%d,%d,%s,%s,%s,%.17g\n", (long)point * *(const int *)ctx + replicate, point,
           replicate, date, district, indicator, value);
    return 0;
}

/* --dump STORE --series: the store's monthly series as one long table
 * (run,point,replicate,date,district,indicator,value), sorted. */
static int dump_series(const char *store, ws_error *err)
{
    ws_sweep_results r;
    int st = ws_sweep_results_read(&r, store, err);
    if (st == WS_OK && r.series_rows == 0)
        st = ws_error_set(err, WS_EINPUT, "%s: the sweep kept no series (add <series "
                          "indicators=\"...\"/> to the sweep file)", store);
    if (st == WS_OK) {
        printf("run,point,replicate,date,district,indicator,value\n");
        st = ws_sweep_series_each(store, series_row, &r.replicates, err);
    }
    ws_sweep_results_clear(&r);
    return st;
}

/* ---------------------------------------------------------------- discovery */

/* A --where condition "OUTPUT OP VALUE": OUTPUT a column (INDICATOR@DISTRICT@YYYY-MM) or
 * INDICATOR@YYYY-MM for the total; OP one of < <= > >=. */
typedef struct {
    int output, op; /* op: 0 <, 1 <=, 2 >, 3 >= */
    double value;
} condition;

static int parse_where(const ws_sweep_results *r, const char *where, condition *c,
                       ws_error *err)
{
    char name[160], op[3], extra;
    if (sscanf(where, " %159[^<>= ] %2[<>=] %lf %c", name, op, &c->value, &extra) != 3)
        return ws_error_set(err, WS_EINPUT,
                            "--where needs \"OUTPUT OP VALUE\" with OP < <= > >=, not '%s'",
                            where);
    static const char *const ops[] = {"<", "<=", ">", ">="};
    c->op = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(op, ops[i]) == 0)
            c->op = i;
    char total[200] = "";
    const char *at = strchr(name, '@');
    if (at && !strchr(at + 1, '@'))
        snprintf(total, sizeof total, "%.*s@total%s", (int)(at - name), name, at);
    c->output = -1;
    for (int o = 0; o < r->noutputs; o++)
        if (strcmp(r->outputs[o], name) == 0 || strcmp(r->outputs[o], total) == 0)
            c->output = o;
    if (c->op < 0)
        return ws_error_set(err, WS_EINPUT, "--where: unknown comparison '%s'", op);
    if (c->output < 0)
        return ws_error_set(err, WS_EINPUT, "--where: the store has no output '%s'", name);
    return WS_OK;
}

static int holds(const condition *c, double v)
{
    switch (c->op) {
    case 0:
        return v < c->value;
    case 1:
        return v <= c->value;
    case 2:
        return v > c->value;
    default:
        return v >= c->value;
    }
}

/* Prints parameter j's range [lo, hi]: numbers, or the categories (scenario files) it
 * holds by name. */
static void print_range(const ws_sweep_results *r, int j, double lo, double hi)
{
    char lab[80];
    if (!ws_sweep_results_label(r, j, 0, lab, sizeof lab)) {
        printf(" %s [%.4g, %.4g]", r->params[j], lo, hi);
        return;
    }
    printf(" %s {", r->params[j]);
    for (int v = (int)ceil(lo), first = 1; v <= hi; v++)
        if (ws_sweep_results_label(r, j, v, lab, sizeof lab)) {
            printf("%s%s", first ? "" : ", ", lab);
            first = 0;
        }
    printf("}");
}

/* Prints the peeling trajectory and the chosen box. */
static void print_prim(const ws_sweep_results *r, const ws_prim_trajectory *t)
{
    int k = t->k;
    printf("step  coverage  density   mass  box (restricted parameters)\n");
    for (int s = 0; s < t->nsteps; s++) {
        printf("%4d    %6.3f   %6.3f  %5.3f %s", s, t->coverage[s], t->density[s], t->mass[s],
               s == t->chosen ? "*" : " ");
        int any = 0;
        for (int j = 0; j < k; j++) {
            double lo = t->lo[(long)s * k + j], hi = t->hi[(long)s * k + j];
            if (lo > t->lo[j] || hi < t->hi[j]) {
                print_range(r, j, lo, hi);
                any = 1;
            }
        }
        printf("%s\n", any ? "" : " (all)");
    }
    int c = t->chosen;
    printf("chosen box (step %d): coverage %.3f, density %.3f, mass %.3f\n", c,
           t->coverage[c], t->density[c], t->mass[c]);
    for (int j = 0; j < k; j++) {
        double lo = t->lo[(long)c * k + j], hi = t->hi[(long)c * k + j];
        char lab[80];
        if (!(lo > t->lo[j] || hi < t->hi[j]))
            continue;
        if (!ws_sweep_results_label(r, j, 0, lab, sizeof lab)) {
            printf("  %-24s [%.4g, %.4g]  of [%.4g, %.4g]\n", r->params[j], lo, hi, t->lo[j],
                   t->hi[j]);
            continue;
        }
        printf(" ");
        print_range(r, j, lo, hi);
        printf("  of all %d\n", (int)t->hi[j] + 1);
    }
}

/* --discover STORE --where COND: PRIM over the runs (each run a case, its point's
 * parameter values; categories as their index). */
static int discover(const char *store, const char *where, ws_error *err)
{
    if (!where)
        return ws_error_set(err, WS_EINPUT, "--discover needs --where \"OUTPUT OP VALUE\"");
    ws_sweep_results r;
    ws_prim_trajectory t;
    memset(&t, 0, sizeof t);
    condition c;
    int st = ws_sweep_results_read(&r, store, err);
    if (st == WS_OK)
        st = parse_where(&r, where, &c, err);
    long total = (long)r.npoints * r.replicates, n = 0;
    double *x = NULL;
    int *y = NULL;
    if (st == WS_OK) {
        x = malloc(sizeof(double) * (size_t)(total * r.nparams + 1));
        y = malloc(sizeof(int) * (size_t)(total + 1));
        if (!x || !y)
            st = ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    for (int p = 0; st == WS_OK && x && y && r.values && p < r.npoints; p++)
        for (int rep = 0; rep < r.replicates; rep++) {
            double v = ws_sweep_results_get(&r, p, rep, c.output);
            if (isnan(v))
                continue;
            memcpy(x + n * r.nparams, r.values + (long)p * r.nparams,
                   sizeof(double) * (size_t)r.nparams);
            y[n++] = holds(&c, v);
        }
    int cat[WS_SWEEP_MAX_PARAMS] = {0};
    for (int j = 0; st == WS_OK && j < r.nparams && j < WS_SWEEP_MAX_PARAMS; j++)
        cat[j] = r.labels && r.labels[j] != NULL;
    if (st == WS_OK)
        st = ws_prim_peel_mixed(x, y, (int)n, r.nparams, cat, 0.05, 0.05, 0.8, &t, err);
    if (st == WS_OK) {
        int hits = 0;
        for (long i = 0; i < n; i++)
            hits += y[i];
        printf("PRIM (Friedman and Fisher 1999; peeling as EMA Workbench, alpha 0.05, "
               "minimum mass 0.05): %d of %ld runs have %s\n",
               hits, n, where);
        print_prim(&r, &t);
    }
    free(x);
    free(y);
    ws_prim_clear(&t);
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
    if (rank != 0) {
        mine.progress = NULL;
    } else if (mine.progress_ctx) {
        sweep_progress *sp = mine.progress_ctx;
        sp->shard = mine.shard;
        sp->of = mine.nshards;
    }
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
    sweep_progress sp = {.sw = sw, .shard = a->shard, .of = a->of};
    cli_progress_init(&sp.bar, "sweep", 1);
    ws_sweep_options opt = {out, (int)a->jobs, a->shard, a->of, a->resume, NULL, NULL, a->force,
                            NULL, NULL};
    opt.progress = report_progress;
    opt.progress_ctx = &sp;
    opt.warn = print_warning;
#ifdef WS_MPI
    int st = sweep_mpi(sw, &opt, err);
#else
    int st = ws_sweep_run(sw, &opt, err);
#endif
    cli_progress_end(&sp.bar);
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
        {"--points", NULL, CLI_TEXT, &a.points, 0, 0, "a file name", NULL},
        {"--long", NULL, CLI_FLAG, &a.longform, 0, 0, NULL, NULL},
        {"--series", NULL, CLI_FLAG, &a.series, 0, 0, NULL, NULL},
        {"--discover", NULL, CLI_TEXT, &a.discover, 0, 0, "a results store", NULL},
        {"--where", NULL, CLI_TEXT, &a.where, 0, 0, "a condition", NULL},
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
        st = summary(a.summary, a.out, a.points, &err);
    else if (a.dump && a.series)
        st = dump_series(a.dump, &err);
    else if (a.dump)
        st = dump(a.dump, a.longform, &err);
    else if (a.discover)
        st = discover(a.discover, a.where, &err);
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
