/* Sweep files and experimental designs: grid, random, Latin hypercube, Sobol
 * (GSL's quasi-random generator; the Saltelli scheme when indices are asked) and
 * Morris trajectories. The design lives in unit coordinates and is mapped to
 * parameter values (linear or log scale, whole numbers, or a list of values). */
#include "woonsim/sweep.h"
#include "woonsim/scenario.h"
#include "xml_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define MAX_POINTS 10000000L
#define MAX_VALUES 2000000L /* points x parameters: 16 MB each for points and units, and
                                 * well under a second to generate */

/* The whole file as a string, or NULL with *status WS_EIO (cannot read), WS_ENOMEM or
 * WS_EINPUT (over 64 MiB, the reader's limit). */
static char *read_text(const char *path, int *status)
{
    FILE *f = fopen(path, "rb");
    *status = WS_EIO;
    if (!f)
        return NULL;
    *status = WS_ENOMEM;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
        if (n + 1 >= cap) {
            if (cap >= (64u << 20))
                *status = WS_EINPUT;
            char *nb = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
        *status = WS_EIO;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* Maps a unit coordinate to parameter p's value. */
static double param_value(const ws_sweep_param *p, double u)
{
    if (u < 0)
        u = 0;
    if (u > 1)
        u = 1;
    if (p->nvalues > 0) {
        int k = (int)(u * p->nvalues);
        return p->values[k >= p->nvalues ? p->nvalues - 1 : k];
    }
    double v = p->log_scale ? exp(log(p->min) + u * (log(p->max) - log(p->min)))
                            : p->min + u * (p->max - p->min);
    return p->integer ? round(v) : v;
}

/* Unit coordinate of grid level j of n (lists: the middle of value j's interval). */
static double grid_unit(const ws_sweep_param *p, int j, int n)
{
    if (p->nvalues > 0)
        return (j + 0.5) / n;
    return n > 1 ? (double)j / (n - 1) : 0.5;
}

/* The number of points of sw's design (before the limits are checked). */
static long design_size(const ws_sweep *sw)
{
    int k = sw->nparams;
    long n = 1;
    switch (sw->design) {
    case WS_DESIGN_GRID:
        for (int j = 0; j < k; j++) {
            n *= sw->params[j].nvalues > 0 ? sw->params[j].nvalues : sw->params[j].levels;
            if (n > MAX_POINTS)
                break;
        }
        return n;
    case WS_DESIGN_SOBOL:
        return sw->saltelli ? (long)sw->samples * (k + 2) : sw->samples;
    case WS_DESIGN_MORRIS:
        return (long)sw->samples * (k + 1);
    default:
        return sw->samples;
    }
}

/* Full factorial: point i's level of each parameter, the last parameter fastest. */
static void fill_grid(const ws_sweep *sw, long n, double *u)
{
    int k = sw->nparams;
    for (long i = 0; i < n; i++) {
        long rest = i;
        for (int j = k - 1; j >= 0; j--) {
            const ws_sweep_param *p = &sw->params[j];
            int levels = p->nvalues > 0 ? p->nvalues : p->levels;
            u[i * k + j] = grid_unit(p, (int)(rest % levels), levels);
            rest /= levels;
        }
    }
}

/* Latin hypercube: per parameter a random permutation of the n strata, a uniform point
 * inside each. */
static int fill_lhs(const ws_sweep *sw, long n, double *u, gsl_rng *rng, ws_error *err)
{
    int k = sw->nparams;
    size_t *perm = malloc(sizeof *perm * (size_t)n);
    if (!perm)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int j = 0; j < k; j++) {
        for (long i = 0; i < n; i++)
            perm[i] = (size_t)i;
        gsl_ran_shuffle(rng, perm, (size_t)n, sizeof *perm);
        for (long i = 0; i < n; i++)
            u[i * k + j] = ((double)perm[i] + gsl_rng_uniform(rng)) / (double)n;
    }
    free(perm);
    return WS_OK;
}

/* Sobol' sequence points; in the Saltelli scheme each point of dimension 2k gives rows
 * A, B, then A with column i taken from B, i = 1..k. */
static int fill_sobol(const ws_sweep *sw, double *u, ws_error *err)
{
    int k = sw->nparams;
    unsigned dim = (unsigned)(sw->saltelli ? 2 * k : k);
    gsl_qrng *q = dim <= 40 ? gsl_qrng_alloc(gsl_qrng_sobol, dim) : NULL;
    if (!q)
        return ws_error_set(err, WS_EINPUT, "%s: a sobol design takes at most %d parameters",
                            sw->path, sw->saltelli ? 20 : 40);
    double x[40];
    gsl_qrng_get(q, x); /* skip the first point (all 0.5) */
    for (int row = 0; row < sw->samples; row++) {
        gsl_qrng_get(q, x);
        /* In the Saltelli scheme a point whose halves A and B coincide carries no
         * information (every AB row equals A): GSL's first point (all 0.5) always, and
         * for k = 1, 2, 4, 16 a few more of the first; they are skipped too. */
        while (sw->saltelli && memcmp(x, x + k, sizeof(double) * (size_t)k) == 0)
            gsl_qrng_get(q, x);
        if (!sw->saltelli) {
            memcpy(u + (long)row * k, x, sizeof(double) * (size_t)k);
            continue;
        }
        double *base = u + (long)row * (k + 2) * k;
        memcpy(base, x, sizeof(double) * (size_t)k);
        memcpy(base + k, x + k, sizeof(double) * (size_t)k);
        for (int i = 0; i < k; i++) {
            double *ab = base + (long)(2 + i) * k;
            memcpy(ab, x, sizeof(double) * (size_t)k);
            ab[i] = x[k + i];
        }
    }
    gsl_qrng_free(q);
    return WS_OK;
}

/* Morris trajectories on a p-level grid, steps of delta = p / (2 (p - 1)). */
static int fill_morris(const ws_sweep *sw, double *u, gsl_rng *rng, ws_error *err)
{
    int k = sw->nparams, levels = sw->morris_levels;
    double delta = levels / (2.0 * (levels - 1));
    int *order = malloc(sizeof *order * (size_t)k);
    if (!order)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int r = 0; r < sw->samples; r++) {
        double *x = u + (long)r * (k + 1) * k;
        for (int j = 0; j < k; j++) {
            int top = (int)floor((1 - delta) * (levels - 1) + 1e-9);
            x[j] = (double)gsl_rng_uniform_int(rng, (unsigned long)top + 1) / (levels - 1);
            order[j] = j;
        }
        gsl_ran_shuffle(rng, order, (size_t)k, sizeof *order);
        for (int s = 0; s < k; s++) {
            double *next = x + (long)(s + 1) * k;
            memcpy(next, x + (long)s * k, sizeof(double) * (size_t)k);
            int j = order[s];
            next[j] += next[j] + delta <= 1 + 1e-9 ? delta : -delta;
        }
    }
    free(order);
    return WS_OK;
}

/* Generates sw's design: unit coordinates (kept in sw->units, Morris effects are
 * computed on them) and the parameter values in sw->points. */
static int make_design(ws_sweep *sw, ws_error *err)
{
    int k = sw->nparams;
    long n = design_size(sw);
    if (n > MAX_POINTS || n * sw->replicates > MAX_POINTS)
        return ws_error_set(err, WS_EINPUT, "%s: the design has more than %ld runs", sw->path,
                            MAX_POINTS);
    if (n * k > MAX_VALUES)
        return ws_error_set(err, WS_EINPUT,
                            "%s: the design has more than %ld values (points x parameters)",
                            sw->path, MAX_VALUES);
    sw->npoints = (int)n;
    double *u = calloc((size_t)n * (size_t)k, sizeof *u);
    sw->points = calloc((size_t)n * (size_t)k, sizeof *sw->points);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!u || !sw->points || !rng) {
        free(u);
        gsl_rng_free(rng);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    gsl_rng_set(rng, sw->seed ? sw->seed : 1);
    int st = WS_OK;
    switch (sw->design) {
    case WS_DESIGN_GRID:
        fill_grid(sw, n, u);
        break;
    case WS_DESIGN_RANDOM:
        for (long i = 0; i < n * k; i++)
            u[i] = gsl_rng_uniform(rng);
        break;
    case WS_DESIGN_LHS:
        st = fill_lhs(sw, n, u, rng, err);
        break;
    case WS_DESIGN_SOBOL:
        st = fill_sobol(sw, u, err);
        break;
    case WS_DESIGN_MORRIS:
        st = fill_morris(sw, u, rng, err);
        break;
    default:
        break;
    }
    if (st == WS_OK)
        for (long i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
                sw->points[i * k + j] = param_value(&sw->params[j], u[i * k + j]);
    sw->units = u;
    gsl_rng_free(rng);
    return st;
}

/* Parameter j's edit at point p ("SELECT=VALUE") into buf; snprintf's result. */
static int param_set(const ws_sweep *sw, int p, int j, char *buf, size_t size)
{
    const ws_sweep_param *q = &sw->params[j];
    double v = sw->points[(long)p * sw->nparams + j];
    if (q->boolean)
        return snprintf(buf, size, "%s=%s", q->select, v != 0 ? "true" : "false");
    return q->categorical ? snprintf(buf, size, "%s=%s", q->select, q->labels[(int)v])
                          : snprintf(buf, size, "%s=%.17g", q->select, v);
}

int ws_sweep_point_sets(const ws_sweep *sw, int p, char *buf, size_t size, const char **sets)
{
    size_t used = 0;
    int n = 0;
    for (int j = 0; j < sw->nparams; j++) {
        if (sw->params[j].files) /* picks the file, edits nothing */
            continue;
        int w = param_set(sw, p, j, buf + used, size - used);
        if (w < 0 || (size_t)w >= size - used)
            return n;
        sets[n++] = buf + used;
        used += (size_t)w + 1;
    }
    return n;
}

const char *ws_sweep_point_scenario(const ws_sweep *sw, int p)
{
    if (sw->nfiles == 0)
        return sw->scenario;
    return sw->files[(int)sw->points[(long)p * sw->nparams + sw->file_param]];
}

/* Whether district d ("total" or an id) exists in every scenario, and month m lies
 * within every scenario (m < 0: not checked). */
static int in_every(ws_scenario *const *scs, int nsc, const char *d, ws_month m)
{
    for (int i = 0; i < nsc; i++) {
        if (strcmp(d, "total") != 0 && ws_scenario_district(scs[i], d) < 0)
            return 0;
        if (m >= 0 && (m < scs[i]->start || m > scs[i]->end))
            return 0;
    }
    return 1;
}

/* The indicator called name, or -1. */
static int indicator_index(const char *name)
{
    for (int i = 0; i < WS_NIND; i++)
        if (strcmp(ws_indicator_table[i].name, name) == 0)
            return i;
    return -1;
}

static int read_outputs(ws_error *err, ws_sweep *sw, ws_scenario *const *scs, int nsc,
                        const xmlNode *o)
{
    char inds[1024] = "", dists[512] = "total", ats[512] = "";
    int st;
    if ((st = ws_xml_str(err, o, "indicators", 1, inds, sizeof inds)) != WS_OK ||
        (st = ws_xml_str(err, o, "districts", 0, dists, sizeof dists)) != WS_OK ||
        (st = ws_xml_str(err, o, "at", 1, ats, sizeof ats)) != WS_OK)
        return st;
    char *s1 = NULL, *s2 = NULL, *s3 = NULL;
    for (char *ind = strtok_r(inds, " \t\n", &s1); ind; ind = strtok_r(NULL, " \t\n", &s1)) {
        int k = indicator_index(ind);
        if (k < 0) {
            char msg[128];
            snprintf(msg, sizeof msg, "unknown indicator '%.64s'", ind);
            return ws_xml_bad(err, o, "%s", msg);
        }
        char dcopy[512];
        snprintf(dcopy, sizeof dcopy, "%s", dists);
        for (char *d = strtok_r(dcopy, " \t\n", &s2); d; d = strtok_r(NULL, " \t\n", &s2)) {
            if (!in_every(scs, nsc, d, -1)) {
                char msg[128];
                snprintf(msg, sizeof msg, "unknown district '%.64s'", d);
                return ws_xml_bad(err, o, "%s", msg);
            }
            char acopy[512];
            snprintf(acopy, sizeof acopy, "%s", ats);
            for (char *a = strtok_r(acopy, " \t\n", &s3); a; a = strtok_r(NULL, " \t\n", &s3)) {
                ws_month m;
                if (ws_month_parse(a, &m) != 0 || !in_every(scs, nsc, d, m)) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "month '%.16s' is outside the scenario", a);
                    return ws_xml_bad(err, o, "%s", msg);
                }
                if (sw->noutputs == WS_SWEEP_MAX_OUTPUTS)
                    return ws_xml_bad(err, o,
                                      "more than %d outputs (indicators x districts x months "
                                      "over all <output> elements)",
                                      WS_SWEEP_MAX_OUTPUTS);
                ws_sweep_output *out = &sw->outputs[sw->noutputs];
                out->indicator = k;
                snprintf(out->district, sizeof out->district, "%s", d);
                out->at = m;
                snprintf(out->column, sizeof out->column, "%s@%s@%s", ind, d, a);
                for (int i = 0; i < sw->noutputs; i++)
                    if (strcasecmp(sw->outputs[i].column, out->column) == 0)
                        return ws_xml_bad(err, o, "duplicate output %.100s", out->column);
                sw->noutputs++;
            }
        }
    }
    return WS_OK;
}

/* A <series indicators=".." districts=".."/> element: its indicator x district pairs
 * appended to sw->series; series_months becomes the longest scenario's months. */
static int read_series(ws_error *err, ws_sweep *sw, ws_scenario *const *scs, int nsc,
                       const xmlNode *c)
{
    char inds[1024] = "", dists[512] = "total", *s1 = NULL, *s2 = NULL;
    int st;
    if ((st = ws_xml_str(err, c, "indicators", 1, inds, sizeof inds)) != WS_OK ||
        (st = ws_xml_str(err, c, "districts", 0, dists, sizeof dists)) != WS_OK)
        return st;
    for (char *ind = strtok_r(inds, " \t\n", &s1); ind; ind = strtok_r(NULL, " \t\n", &s1)) {
        int k = indicator_index(ind);
        if (k < 0)
            return ws_xml_bad(err, c, "unknown indicator '%.64s'", ind);
        char dcopy[512];
        snprintf(dcopy, sizeof dcopy, "%s", dists);
        for (char *d = strtok_r(dcopy, " \t\n", &s2); d; d = strtok_r(NULL, " \t\n", &s2)) {
            if (!in_every(scs, nsc, d, -1))
                return ws_xml_bad(err, c, "unknown district '%.64s'", d);
            if (sw->nseries == WS_SWEEP_MAX_SERIES)
                return ws_xml_bad(err, c, "more than %d series (indicators x districts over "
                                  "all <series> elements)", WS_SWEEP_MAX_SERIES);
            ws_sweep_series *x = &sw->series[sw->nseries];
            x->indicator = k;
            snprintf(x->district, sizeof x->district, "%s", d);
            for (int i = 0; i < sw->nseries; i++)
                if (sw->series[i].indicator == k && strcmp(sw->series[i].district, d) == 0)
                    return ws_xml_bad(err, c, "duplicate series %.64s@%.47s", ind, d);
            sw->nseries++;
        }
    }
    for (int i = 0; i < nsc; i++)
        if (scs[i]->end - scs[i]->start + 1 > sw->series_months)
            sw->series_months = scs[i]->end - scs[i]->start + 1;
    return WS_OK;
}

/* The series' bound: runs x pairs x months at most WS_SWEEP_MAX_SERIES_VALUES (they are
 * held in memory while the sweep runs), stated in the error at the first <series>. */
static int check_series_size(const ws_sweep *sw, long line, ws_error *err)
{
    double n = (double)sw->npoints * sw->replicates * sw->nseries * sw->series_months;
    if (sw->nseries == 0 || n <= (double)WS_SWEEP_MAX_SERIES_VALUES)
        return WS_OK;
    return ws_error_set(err, WS_EINPUT,
                        "%s:%ld: the series would hold %.0f values (%d runs x %d series x %d "
                        "months), more than %ld: keep fewer series or runs",
                        sw->path, line, n, sw->npoints * sw->replicates, sw->nseries,
                        sw->series_months, WS_SWEEP_MAX_SERIES_VALUES);
}

/* Resolves rel against the folder of the sweep file path into out (size bytes);
 * -1 when it does not fit. */
static int resolve(const char *path, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t dir = rel[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
    if (dir + strlen(rel) >= size)
        return -1;
    memcpy(out, path, dir);
    memcpy(out + dir, rel, strlen(rel) + 1);
    return 0;
}

/* A files="A.xml B.xml" parameter (p, element c): a categorical factor whose labels are the names as written, resolved
 * against the sweep file into sw->files. */
static int read_files(ws_error *err, ws_sweep *sw, ws_sweep_param *p, const xmlNode *c)
{
    static const char *const other[] = {"select", "min", "max", "values", "levels", "scale",
                                        "integer"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        if (xmlHasProp((xmlNode *)c, (const xmlChar *)other[i]))
            return ws_xml_bad(err, c, "a files parameter takes no %s (it picks a whole "
                              "scenario file)", other[i]);
    if (sw->nfiles > 0)
        return ws_xml_bad(err, c, "more than one files parameter");
    char list[4096] = "", *save = NULL;
    int st = ws_xml_str(err, c, "files", 1, list, sizeof list);
    if (st != WS_OK)
        return st;
    sw->files = calloc(WS_SWEEP_MAX_VALUES, sizeof *sw->files);
    if (!sw->files)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (char *f = strtok_r(list, " \t\n", &save); f; f = strtok_r(NULL, " \t\n", &save)) {
        if (p->nvalues == WS_SWEEP_MAX_VALUES)
            return ws_xml_bad(err, c, "more than %d files", WS_SWEEP_MAX_VALUES);
        if (strlen(f) >= sizeof p->labels[0])
            return ws_xml_bad(err, c, "a file name is longer than %zu characters",
                              sizeof p->labels[0] - 1);
        for (int i = 0; i < p->nvalues; i++)
            if (strcmp(p->labels[i], f) == 0)
                return ws_xml_bad(err, c, "file %s is listed twice", f);
        if (resolve(sw->path, f, sw->files[p->nvalues], sizeof sw->files[0]) != 0)
            return ws_xml_bad(err, c, "the path of %.64s is too long", f);
        snprintf(p->labels[p->nvalues], sizeof p->labels[0], "%s", f);
        p->values[p->nvalues] = p->nvalues;
        p->nvalues++;
    }
    if (p->nvalues == 0)
        return ws_xml_bad(err, c, "files is empty: name the scenario files");
    p->files = p->categorical = 1;
    sw->file_param = (int)(p - sw->params);
    sw->nfiles = p->nvalues;
    return WS_OK;
}

static int read_param(ws_error *err, ws_sweep *sw, const xmlNode *c)
{
    ws_sweep_param *p = &sw->params[sw->nparams++];
    p->levels = 3;
    p->min = NAN;
    p->max = NAN;
    int st;
    char values[2048] = "", scale[16] = "linear";
    if ((st = ws_xml_str(err, c, "name", 1, p->name, sizeof p->name)) != WS_OK ||
        (st = ws_xml_str(err, c, "select", 0, p->select, sizeof p->select)) != WS_OK ||
        (st = ws_xml_num(err, c, "min", -1e15, 1e15, &p->min)) != WS_OK ||
        (st = ws_xml_num(err, c, "max", -1e15, 1e15, &p->max)) != WS_OK ||
        (st = ws_xml_int(err, c, "levels", 2, 64, &p->levels)) != WS_OK ||
        (st = ws_xml_bool(err, c, "integer", &p->integer)) != WS_OK ||
        (st = ws_xml_str(err, c, "scale", 0, scale, sizeof scale)) != WS_OK ||
        (st = ws_xml_str(err, c, "values", 0, values, sizeof values)) != WS_OK)
        return st;
    p->line = ws_xml_line(c);
    /* Case-insensitive: the names become SQLite columns, which ignore case. */
    for (int j = 0; j < sw->nparams - 1; j++)
        if (strcasecmp(sw->params[j].name, p->name) == 0)
            return ws_xml_bad(err, c, "duplicate parameter name '%s' (names ignore case)",
                              p->name);
    p->log_scale = strcmp(scale, "log") == 0;
    if (xmlHasProp((xmlNode *)c, (const xmlChar *)"files"))
        return read_files(err, sw, p, c);
    if (!p->select[0])
        return ws_xml_bad(err, c, "a parameter needs select (or files=\"A.xml B.xml\")");
    char *save = NULL;
    int numeric = 1;
    for (char *v = strtok_r(values, " \t\n", &save); v; v = strtok_r(NULL, " \t\n", &save)) {
        if (p->nvalues == WS_SWEEP_MAX_VALUES)
            return ws_xml_bad(err, c, "more than %d values", WS_SWEEP_MAX_VALUES);
        if (strlen(v) >= sizeof p->labels[0])
            return ws_xml_bad(err, c, "a value is longer than %zu characters",
                              sizeof p->labels[0] - 1);
        char *end;
        double x = strtod(v, &end);
        if (!*end && !isfinite(x)) /* INF, NAN: numbers, but not finite ones */
            return ws_xml_bad(err, c, "values must be finite numbers");
        numeric &= !*end;
        snprintf(p->labels[p->nvalues], sizeof p->labels[0], "%s", v);
        p->values[p->nvalues++] = x;
    }
    /* A word that is not a number makes the list categorical: the design's values are
     * the labels' indices (so grids, designs and the store stay numeric). */
    p->categorical = !numeric;
    for (int i = 0; p->categorical && i < p->nvalues; i++)
        p->values[i] = i;
    if (p->categorical && (p->integer || p->log_scale))
        return ws_xml_bad(err, c, "integer and scale apply to numbers, not to categories");
    if (p->nvalues == 0) {
        if (!isfinite(p->min) || !isfinite(p->max))
            return ws_xml_bad(err, c, "a parameter needs min and max, or values");
        if (p->max < p->min)
            return ws_xml_bad(err, c, "max is below min");
        if (p->log_scale && p->min <= 0)
            return ws_xml_bad(err, c, "a log scale needs min > 0");
    }
    return WS_OK;
}

/* Loads file with the given edits; WS_OK, or the failure with e set. */
static int try_sets(const char *file, const char *const *sets, int n, ws_error *e)
{
    ws_scenario *sc = ws_scenario_load(file, sets, n, e);
    int ok = sc != NULL;
    ws_scenario_free(sc);
    return ok ? WS_OK : e->status;
}

/* Reports parameter j's value at point p failing alone on the scenario file labelled
 * fname (NULL without a files parameter; why: the reader's message) at the parameter's
 * line in the sweep file. */
static int param_error(const ws_sweep *sw, int j, int p, const char *fname, const char *why,
                       ws_error *err)
{
    const ws_sweep_param *q = &sw->params[j];
    char set[600], with[100] = "";
    int n = param_set(sw, p, j, set, sizeof set);
    const char *value = n > 0 && (size_t)n < sizeof set ? set + strlen(q->select) + 1 : "";
    if (fname)
        snprintf(with, sizeof with, " with scenario %.64s", fname);
    /* a number on a true/false attribute: say which values it takes */
    const char *hint = !q->categorical && strstr(why, "'true|false'")
                           ? " (a true/false attribute: values=\"false true\" or \"0 1\")"
                           : "";
    return ws_error_set(err, WS_EINPUT, "%s:%ld: parameter '%s' value %.64s (point %d of %d)%s: %.300s%s",
                        sw->path, q->line, q->name, value, p, sw->npoints, with, why, hint);
}

/* The label of point p's scenario file, or NULL without a files parameter. */
static const char *point_label(const ws_sweep *sw, int p)
{
    if (sw->nfiles == 0)
        return NULL;
    return sw->params[sw->file_param]
        .labels[(int)sw->points[(long)p * sw->nparams + sw->file_param]];
}

int ws_sweep_point_error(const ws_sweep *sw, int p, const ws_error *e, ws_error *err)
{
    if (e->status != WS_EINPUT) /* out of memory: not the sweep's fault */
        return ws_error_set(err, e->status, "%s", e->msg);
    const char *file = ws_sweep_point_scenario(sw, p);
    /* The parameter to blame: the first whose edit alone makes the file invalid. */
    for (int j = 0; j < sw->nparams; j++) {
        char set[600];
        const char *one = set;
        ws_error e1 = {0, ""};
        if (sw->params[j].files || param_set(sw, p, j, set, sizeof set) >= (int)sizeof set)
            continue;
        if (try_sets(file, &one, 1, &e1) != WS_OK) {
            char why[sizeof e1.msg];
            snprintf(why, sizeof why, "%s", e1.msg);
            return param_error(sw, j, p, point_label(sw, p), why, err);
        }
    }
    char buf[WS_SWEEP_MAX_PARAMS * 600], vals[400] = "";
    const char *sets[WS_SWEEP_MAX_PARAMS];
    int n = ws_sweep_point_sets(sw, p, buf, sizeof buf, sets);
    for (int j = 0, used = 0; j < n && used < (int)sizeof vals - 1; j++)
        used += snprintf(vals + used, sizeof vals - (size_t)used, "%s%.120s", j ? ", " : "",
                         sets[j]);
    return ws_error_set(err, WS_EINPUT,
                        "%s:%ld: point %d of %d (%.300s%s%s) is not a valid scenario: the "
                        "values are valid alone, not together: %.300s",
                        sw->path, sw->line, p, sw->npoints, vals, sw->nfiles ? "; " : "",
                        sw->nfiles ? point_label(sw, p) : "", e->msg);
}

/* values="0 1" on a true/false attribute: when the base scenario refuses "0" for
 * parameter j but takes "false" (and "1" / "true"), the parameter is marked boolean and
 * the scenario gets the words; the design and the store keep 0 and 1. */
static void coerce_boolean(ws_sweep *sw, int j)
{
    ws_sweep_param *q = &sw->params[j];
    if (q->files || q->categorical || q->nvalues == 0)
        return;
    for (int v = 0; v < q->nvalues; v++)
        if (q->values[v] != 0 && q->values[v] != 1)
            return;
    static const char *const words[] = {"0", "false", "1", "true"};
    int ok[4];
    for (int i = 0; i < 4; i++) {
        char set[600];
        const char *one = set;
        ws_error e = {0, ""};
        snprintf(set, sizeof set, "%s=%s", q->select, words[i]);
        ok[i] = try_sets(ws_sweep_point_scenario(sw, 0), &one, 1, &e) == WS_OK;
    }
    q->boolean = !ok[0] && !ok[2] && ok[1] && ok[3];
}

/* Checks the design against the scenarios' schema and reader before anything runs, in
 * work bounded by the parameters, not the points (a design may have a million): every
 * scenario file alone; each parameter alone at the smallest and the largest value the
 * design gives it, and at every value of a list, the others at the scenario's own, on
 * every file; then the first few points whole, for edits that are only wrong together
 * (a later point's combination is found when it runs: ws_sweep_point_error). A failing
 * value is reported with the first point that has it. */
static int check_points(ws_sweep *sw, ws_error *err)
{
    enum { WHOLE = 4 };
    char buf[WS_SWEEP_MAX_PARAMS * 600];
    const char *sets[WS_SWEEP_MAX_PARAMS];
    int k = sw->nparams, nf = sw->nfiles ? sw->nfiles : 1;
    for (int j = 0; j < k; j++) {
        if (sw->params[j].files)
            continue;
        coerce_boolean(sw, j);
        /* the points to try: the first with each listed value, or with the min and max */
        int pick[WS_SWEEP_MAX_VALUES + 2], npick = 0;
        if (sw->params[j].nvalues > 0) {
            for (int v = 0; v < sw->params[j].nvalues; v++) {
                double want = sw->params[j].categorical ? v : sw->params[j].values[v];
                for (int p = 0; p < sw->npoints; p++)
                    if (sw->points[(long)p * k + j] == want) {
                        pick[npick++] = p;
                        break;
                    }
            }
        } else if (sw->npoints > 0) {
            int lo = 0, hi = 0;
            for (int p = 1; p < sw->npoints; p++) {
                double x = sw->points[(long)p * k + j];
                if (x < sw->points[(long)lo * k + j])
                    lo = p;
                if (x > sw->points[(long)hi * k + j])
                    hi = p;
            }
            pick[npick++] = lo;
            pick[npick++] = hi;
        }
        for (int i = 0; i < npick; i++)
            for (int f = 0; f < nf; f++) {
                const char *one = buf, *file = sw->nfiles ? sw->files[f] : sw->scenario;
                ws_error e = {0, ""};
                param_set(sw, pick[i], j, buf, sizeof buf);
                if (try_sets(file, &one, 1, &e) == WS_OK)
                    continue;
                if (e.status != WS_EINPUT)
                    return ws_error_set(err, e.status, "%s", e.msg);
                char why[sizeof e.msg];
                snprintf(why, sizeof why, "%s", e.msg);
                /* the file tried, which need not be the point's */
                return param_error(sw, j, pick[i],
                                   sw->nfiles ? sw->params[sw->file_param].labels[f] : NULL,
                                   why, err);
            }
    }
    for (int p = 0; p < sw->npoints && p < WHOLE; p++) {
        int n = ws_sweep_point_sets(sw, p, buf, sizeof buf, sets);
        ws_error e = {0, ""};
        if (try_sets(ws_sweep_point_scenario(sw, p), sets, n, &e) != WS_OK)
            return ws_sweep_point_error(sw, p, &e, err);
    }
    return WS_OK;
}

/* The root element's attributes; the scenario's path, relative to the sweep file's
 * folder (path), into sw->scenario. */
static int read_root(ws_error *err, ws_sweep *sw, xmlNode *root, const char *path)
{
    char rel[1024] = "", design[16] = "", indices[16] = "none";
    sw->samples = 16;
    sw->replicates = 1;
    sw->morris_levels = 4;
    double seed = 1;
    if (ws_xml_str(err, root, "name", 1, sw->name, sizeof sw->name) != WS_OK ||
        ws_xml_str(err, root, "scenario", 0, rel, sizeof rel) != WS_OK ||
        ws_xml_str(err, root, "design", 1, design, sizeof design) != WS_OK ||
        ws_xml_str(err, root, "indices", 0, indices, sizeof indices) != WS_OK ||
        ws_xml_int(err, root, "samples", 1, 1000000, &sw->samples) != WS_OK ||
        ws_xml_int(err, root, "replicates", 1, 10000, &sw->replicates) != WS_OK ||
        ws_xml_int(err, root, "levels", 2, 64, &sw->morris_levels) != WS_OK ||
        ws_xml_num(err, root, "seed", 0, 4294967295.0, &seed) != WS_OK)
        return err ? err->status : WS_EINPUT;
    sw->seed = (unsigned long)seed;
    static const char *const designs[] = {"grid", "random", "lhs", "sobol", "morris"};
    for (int d = 0; d < 5; d++)
        if (strcmp(design, designs[d]) == 0)
            sw->design = d;
    sw->saltelli = strcmp(indices, "sobol") == 0;
    if (sw->saltelli && sw->design != WS_DESIGN_SOBOL) {
        return ws_xml_bad(err, root, "indices=\"sobol\" needs design=\"sobol\"");
    }
    if (!xmlHasProp(root, (const xmlChar *)"scenario"))
        return WS_OK; /* a files parameter names them (checked in ws_sweep_load) */
    if (!rel[0]) /* "" would mean the default scenario, which the file did not say */
        return ws_xml_bad(err, xmlHasProp(root, (const xmlChar *)"scenario"),
                          "scenario is empty: name the scenario file");
    if (resolve(path, rel, sw->scenario, sizeof sw->scenario) != 0) {
        return ws_xml_bad(err, root, "the scenario path is too long");
    }
    struct stat sb;
    if (stat(sw->scenario, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        return ws_xml_bad(err, xmlHasProp(root, (const xmlChar *)"scenario"),
                          "the scenario is not a regular file");
    }
    return WS_OK;
}

/* Loads the scenario files the sweep runs (sw->scenario, or each of sw->files) into
 * scs (n of them), and sets sw->scenario_hash: the scenario's own hash (its extends
 * chain and map included), or with files that of every file's hash in order. A file
 * that fails names the files parameter's line and the file. */
static int load_scenarios(ws_sweep *sw, const xmlNode *root, ws_scenario **scs, int *n,
                          ws_error *err)
{
    *n = 0;
    if ((sw->nfiles > 0) == (sw->scenario[0] != '\0'))
        return ws_xml_bad(err, root, sw->nfiles ? "give scenario= or a files parameter, not both"
                                                : "<sweep> needs scenario= (or a parameter "
                                                  "with files=)");
    if (sw->nfiles == 0) {
        /* The reader checks the file's size before anything reads it all. */
        if (!(scs[0] = ws_scenario_load(sw->scenario, NULL, 0, err)))
            return err->status;
        sw->scenario_hash = scs[0]->source_hash;
        *n = 1;
        return WS_OK;
    }
    snprintf(sw->scenario, sizeof sw->scenario, "%s", sw->files[0]);
    const ws_sweep_param *fp = &sw->params[sw->file_param];
    uint64_t h = WS_XML_HASH_INIT;
    for (int f = 0; f < sw->nfiles; f++) {
        ws_error e = {0, ""};
        if (!(scs[f] = ws_scenario_load(sw->files[f], NULL, 0, &e)))
            return e.status != WS_EINPUT ? ws_error_set(err, e.status, "%s", e.msg)
                                         : ws_error_set(err, WS_EINPUT,
                                                        "%s:%ld: scenario file %s: %.400s",
                                                        sw->path, fp->line, fp->labels[f],
                                                        e.msg);
        (*n)++;
        ws_xml_hash(&h, (const char *)&scs[f]->source_hash, sizeof scs[f]->source_hash);
    }
    sw->scenario_hash = h;
    return WS_OK;
}

ws_sweep *ws_sweep_load(const char *path, ws_error *err)
{
    ws_sweep *sw = calloc(1, sizeof *sw);
    ws_xml_schema *schema = ws_xml_schema_alloc("schema/sweep.xsd", err);
    xmlDocPtr doc = NULL;
    ws_scenario *scs[WS_SWEEP_MAX_VALUES] = {NULL};
    int nsc = 0;
    if (!sw || !schema) {
        if (!sw)
            ws_error_set(err, WS_ENOMEM, "out of memory");
        goto fail;
    }
    snprintf(sw->path, sizeof sw->path, "%s", path);
    doc = ws_xml_read_doc(path, err);
    if (!doc || ws_xml_validate(schema, doc, err) != WS_OK)
        goto fail;
    xmlNode *root = xmlDocGetRootElement(doc);
    sw->line = ws_xml_line(root);
    if (read_root(err, sw, root, path) != WS_OK)
        goto fail;
    for (xmlNode *c = root->children; c; c = c->next)
        if (ws_xml_is_elem(c, "parameter") && read_param(err, sw, c) != WS_OK)
            goto fail;
    if (load_scenarios(sw, root, scs, &nsc, err) != WS_OK)
        goto fail;
    long series_line = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (ws_xml_is_elem(c, "output") && read_outputs(err, sw, scs, nsc, c) != WS_OK)
            goto fail;
        if (ws_xml_is_elem(c, "series") && read_series(err, sw, scs, nsc, c) != WS_OK)
            goto fail;
        if (ws_xml_is_elem(c, "series") && !series_line)
            series_line = ws_xml_line(c);
    }
    if (make_design(sw, err) != WS_OK || check_series_size(sw, series_line, err) != WS_OK)
        goto fail;
    if (check_points(sw, err) != WS_OK)
        goto fail;
    int rst;
    sw->definition = read_text(path, &rst);
    if (!sw->definition) {
        ws_error_set(err, rst, "%s: %s", path,
                     rst == WS_ENOMEM   ? "out of memory"
                     : rst == WS_EINPUT ? "larger than 64 MiB"
                                        : "cannot read it again");
        goto fail;
    }
    xmlFreeDoc(doc);
    ws_xml_schema_free(schema);
    for (int i = 0; i < nsc; i++)
        ws_scenario_free(scs[i]);
    return sw;
fail:
    xmlFreeDoc(doc);
    ws_xml_schema_free(schema);
    for (int i = 0; i < nsc; i++)
        ws_scenario_free(scs[i]);
    ws_sweep_free(sw);
    return NULL;
}

void ws_sweep_free(ws_sweep *sw)
{
    if (!sw)
        return;
    free(sw->points);
    free(sw->units);
    free(sw->definition);
    free(sw->files);
    free(sw);
}
