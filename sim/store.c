/* The sweep runner and its SQLite results store, shard merging and the summary.
 *
 * Store schema (documented in README.md):
 *   meta(key PRIMARY KEY, value)           format, name, version, scenario, its FNV-1a
 *                                          hash, design, samples, replicates, seed,
 *                                          parameters, outputs, the sweep file's text
 *   points(point, param, name, unit, value) the design, unit and real coordinates
 *   runs(point, replicate, seed, "p:NAME"..., "INDICATOR@DISTRICT@YYYY-MM"...)
 *                                          one row per finished run
 * The pool's workers run the simulations; only the calling thread touches the database,
 * and it commits every finished run in its own transaction. The library prints nothing:
 * the command line formats the summary and the rows (sim/cli/sweep.c). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* flock */
#include "woonsim/sweep.h"
#include "woonsim/scenario.h"
#include "pool.h"
#include "scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <sqlite3.h>

#define STORE_FORMAT "woonsim-sweep-1"
/* What a store may claim (the sweep reader's own limits, sim/sweep.c): a store breaking
 * them is not one of ours, whatever its meta says. */
#define STORE_MAX_RUNS 10000000L     /* points x replicates */
#define STORE_MAX_REPLICATES 10000
#define STORE_MAX_SAMPLES 1000000
/* Cells of the dense results array (points x replicates x outputs, 8 bytes each): 2 GiB. */
#define STORE_MAX_CELLS (1L << 28)
#define BOOTSTRAP WS_SWEEP_BOOTSTRAP

/* ---------------------------------------------------------------- SQL helpers */

/* The operating system's reason behind an SQLite I/O error (" (File too large)"), or "". */
static const char *sys_reason(sqlite3 *db, char *buf, size_t size)
{
    int e = db ? sqlite3_system_errno(db) : 0;
    buf[0] = '\0';
    if (e > 0)
        snprintf(buf, size, " (%s)", strerror(e));
    return buf;
}

static int sql_fail(sqlite3 *db, ws_error *err, const char *what)
{
    char why[128];
    return ws_error_set(err, WS_EIO, "%s: %s%s", what, db ? sqlite3_errmsg(db) : "cannot open",
                        sys_reason(db, why, sizeof why));
}

static int exec(sqlite3 *db, const char *sql, ws_error *err)
{
    char *msg = NULL, why[128];
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return WS_OK;
    int st = ws_error_set(err, WS_EIO, "sqlite: %s%s", msg ? msg : "error",
                          sys_reason(db, why, sizeof why));
    sqlite3_free(msg);
    return st;
}

/* Puts "path: " before the message in err (which SQLite's own words lack); returns
 * err's status. */
static int name_store(ws_error *err, const char *path)
{
    if (!err)
        return WS_EIO;
    const char *m = strncmp(err->msg, "sqlite: ", 8) == 0 ? err->msg + 8 : err->msg;
    if (strncmp(m, path, strlen(path)) != 0) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", m);
        ws_error_set(err, err->status, "%s: %s", path, msg);
    }
    return err->status;
}

/* Appends "name" quoted as an SQL identifier. */
static void quote_ident(char *out, size_t size, const char *prefix, const char *name)
{
    size_t n = (size_t)snprintf(out, size, "\"%s", prefix);
    for (const char *p = name; *p && n + 3 < size; p++) {
        if (*p == '"')
            out[n++] = '"';
        out[n++] = *p;
    }
    out[n++] = '"';
    out[n] = '\0';
}

static int meta_put(sqlite3 *db, const char *key, const char *value, ws_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &s,
                           NULL) != SQLITE_OK)
        return sql_fail(db, err, "store");
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : sql_fail(db, err, "store");
}

/* A meta value as a new string, or NULL. */
static char *meta_get(sqlite3 *db, const char *key)
{
    sqlite3_stmt *s;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &s, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        v = t ? strdup(t) : NULL;
    }
    sqlite3_finalize(s);
    return v;
}

/* Opens path without changing it (no journal mode set yet). */
/* A whole number from lo to hi in text: 0 and *out set, or -1 (NULL, empty, trailing
 * characters, out of range). */
static int parse_long(const char *text, long lo, long hi, long *out)
{
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int open_raw(const char *path, int create, sqlite3 **db, ws_error *err)
{
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, db, flags, NULL) != SQLITE_OK) {
        int st = ws_error_set(err, create ? WS_EIO : WS_EINPUT, "%s: cannot open: %s", path,
                              *db ? sqlite3_errmsg(*db) : "out of memory");
        sqlite3_close(*db);
        *db = NULL;
        return st;
    }
    sqlite3_busy_timeout(*db, 5000);
    return WS_OK;
}


/* ---------------------------------------------------------------- create / check */

/* meta "labels:NAME" of each categorical parameter: its labels, space separated (a
 * store of numbers only gets none, and stays as before). */
static int put_labels(sqlite3 *db, const ws_sweep *sw, ws_error *err)
{
    for (int j = 0; j < sw->nparams; j++) {
        const ws_sweep_param *q = &sw->params[j];
        if (!q->categorical)
            continue;
        char key[80], v[WS_SWEEP_MAX_VALUES * 65] = "";
        snprintf(key, sizeof key, "labels:%s", q->name);
        for (int i = 0; i < q->nvalues; i++)
            snprintf(v + strlen(v), sizeof v - strlen(v), "%s%s", i ? " " : "", q->labels[i]);
        if (meta_put(db, key, v, err) != WS_OK)
            return WS_EIO;
    }
    return WS_OK;
}

/* The series table, only when the sweep has <series> (older stores have none). */
static int create_series(sqlite3 *db, const ws_sweep *sw, ws_error *err)
{
    if (sw->nseries == 0)
        return WS_OK;
    return exec(db, "CREATE TABLE series(point INTEGER NOT NULL, replicate INTEGER NOT NULL,"
                    " month TEXT NOT NULL, district TEXT NOT NULL, indicator TEXT NOT NULL,"
                    " value REAL, PRIMARY KEY(point, replicate, month, district, indicator));",
                err);
}

static int create_store(sqlite3 *db, const ws_sweep *sw, ws_error *err)
{
    if (exec(db, "BEGIN; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                 "CREATE TABLE points(point INTEGER NOT NULL, param INTEGER NOT NULL,"
                 " name TEXT NOT NULL, unit REAL NOT NULL, value REAL NOT NULL,"
                 " PRIMARY KEY(point, param));",
             err) != WS_OK)
        return WS_EIO;
    /* The runs table: fixed columns, then one per parameter and per output. */
    size_t cap = 256 + (size_t)(sw->nparams + sw->noutputs) * 160;
    char *sql = malloc(cap), col[160];
    if (!sql)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    size_t n = (size_t)snprintf(sql, cap, "CREATE TABLE runs(point INTEGER NOT NULL,"
                                           " replicate INTEGER NOT NULL, seed INTEGER NOT NULL");
    for (int j = 0; j < sw->nparams; j++) {
        quote_ident(col, sizeof col, "p:", sw->params[j].name);
        n += (size_t)snprintf(sql + n, cap - n, ", %s REAL", col);
    }
    for (int o = 0; o < sw->noutputs; o++) {
        quote_ident(col, sizeof col, "", sw->outputs[o].column);
        n += (size_t)snprintf(sql + n, cap - n, ", %s REAL", col);
    }
    snprintf(sql + n, cap - n, ", PRIMARY KEY(point, replicate));");
    int st = exec(db, sql, err);
    free(sql);
    if (st != WS_OK)
        return st;
    static const char *const designs[] = {"grid", "random", "lhs", "sobol", "morris"};
    char params[WS_SWEEP_MAX_PARAMS * 66] = "", outputs[WS_SWEEP_MAX_OUTPUTS * 130] = "";
    for (int j = 0; j < sw->nparams; j++)
        snprintf(params + strlen(params), sizeof params - strlen(params), "%s%s", j ? " " : "",
                 sw->params[j].name);
    for (int o = 0; o < sw->noutputs; o++)
        snprintf(outputs + strlen(outputs), sizeof outputs - strlen(outputs), "%s%s",
                 o ? " " : "", sw->outputs[o].column);
    struct {
        const char *k;
        char v[64];
    } kv[] = {{"format", STORE_FORMAT}, {"version", WS_VERSION}, {"design", ""},
              {"samples", ""}, {"replicates", ""}, {"saltelli", ""}, {"seed", ""},
              {"npoints", ""}, {"scenario_hash", ""}};
    snprintf(kv[2].v, sizeof kv[2].v, "%s", designs[sw->design]);
    snprintf(kv[3].v, sizeof kv[3].v, "%d", sw->samples);
    snprintf(kv[4].v, sizeof kv[4].v, "%d", sw->replicates);
    snprintf(kv[5].v, sizeof kv[5].v, "%d", sw->saltelli);
    snprintf(kv[6].v, sizeof kv[6].v, "%lu", sw->seed);
    snprintf(kv[7].v, sizeof kv[7].v, "%d", sw->npoints);
    snprintf(kv[8].v, sizeof kv[8].v, "%016llx", (unsigned long long)sw->scenario_hash);
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++)
        if (meta_put(db, kv[i].k, kv[i].v, err) != WS_OK)
            return WS_EIO;
    if (meta_put(db, "commit", ws_commit(), err) != WS_OK ||
        meta_put(db, "name", sw->name, err) != WS_OK ||
        meta_put(db, "scenario", sw->scenario, err) != WS_OK ||
        meta_put(db, "parameters", params, err) != WS_OK ||
        meta_put(db, "outputs", outputs, err) != WS_OK ||
        meta_put(db, "definition", sw->definition, err) != WS_OK ||
        put_labels(db, sw, err) != WS_OK || create_series(db, sw, err) != WS_OK)
        return WS_EIO;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "INSERT INTO points VALUES(?, ?, ?, ?, ?)", -1, &s, NULL) !=
        SQLITE_OK)
        return sql_fail(db, err, "store");
    for (int p = 0; p < sw->npoints; p++) {
        for (int j = 0; j < sw->nparams; j++) {
            sqlite3_bind_int(s, 1, p);
            sqlite3_bind_int(s, 2, j);
            sqlite3_bind_text(s, 3, sw->params[j].name, -1, SQLITE_STATIC);
            sqlite3_bind_double(s, 4, sw->units[(long)p * sw->nparams + j]);
            sqlite3_bind_double(s, 5, sw->points[(long)p * sw->nparams + j]);
            if (sqlite3_step(s) != SQLITE_DONE) {
                sqlite3_finalize(s);
                return sql_fail(db, err, "store");
            }
            sqlite3_reset(s);
        }
    }
    sqlite3_finalize(s);
    return exec(db, "COMMIT;", err);
}

/* ---------------------------------------------------------------- running */

/* A worker's scenario and initial stock of the point it ran last: the replicates of a
 * point share both (run ids of a point are consecutive), so each is read and
 * generated once per point and worker instead of once per run. The stock is kept for
 * the next points too while their scenarios differ from the one it was made for only
 * in what a stock does not depend on (ws_scenario_same_base). All zero: empty. */
typedef struct {
    int point;
    ws_scenario *sc;        /* point's; owned unless it is base_sc */
    ws_base *base;
    ws_scenario *base_sc;   /* the scenario base was made from, owned */
    ws_scenario_prep *prep; /* the scenario file read once per worker, NULL until used */
} point_cache;

/* Forgets the point, keeping the base and prep. */
static void point_cache_drop(point_cache *c)
{
    if (c->sc != c->base_sc)
        ws_scenario_free(c->sc);
    c->sc = NULL;
    c->point = -1;
}

/* Forgets the base (after the point). */
static void point_cache_drop_base(point_cache *c)
{
    ws_base_free(c->base);
    ws_scenario_free(c->base_sc);
    c->base = NULL;
    c->base_sc = NULL;
}

static void point_cache_clear(void *local)
{
    point_cache *c = local;
    point_cache_drop(c);
    point_cache_drop_base(c);
    ws_scenario_prep_free(c->prep);
    c->prep = NULL;
}

/* Point p's scenario into c->sc: its parameter values applied to the worker's copy of
 * the scenario file, which is read and validated once per worker instead of once per
 * point (the same scenario as ws_scenario_load(sw->scenario, sets) gives); with
 * replicates, a base that serves it (the last one when its stock inputs are the same).
 * Returns a status with err set. */
static int point_load(const ws_sweep *sw, int p, point_cache *c, ws_error *err)
{
    char buf[WS_SWEEP_MAX_PARAMS * 600];
    const char *sets[WS_SWEEP_MAX_PARAMS];
    int n = ws_sweep_point_sets(sw, p, buf, sizeof buf, sets);
    const char *file = ws_sweep_point_scenario(sw, p);
    if (c->prep && !ws_scenario_prep_is(c->prep, file)) { /* another file: read it */
        ws_scenario_prep_free(c->prep);
        c->prep = NULL;
    }
    ws_error e = {0, ""};
    if (!c->prep && !(c->prep = ws_scenario_prep_alloc(file, &e)))
        return ws_sweep_point_error(sw, p, &e, err);
    if (!(c->sc = ws_scenario_prep_load(c->prep, sets, n, &e)))
        return ws_sweep_point_error(sw, p, &e, err);
    /* Without replicates there is nothing to share: no base, as before. */
    if (sw->replicates <= 1 || (c->base && ws_scenario_same_base(c->base_sc, c->sc)))
        return WS_OK;
    point_cache_drop_base(c);
    if (!(c->base = ws_base_alloc(c->sc, err))) {
        point_cache_drop(c);
        return err->status;
    }
    c->base_sc = c->sc;
    return WS_OK;
}

/* A run's series buffer: slot 0 the scenario's first month, then per month from it
 * the sweep's series in order (NaN where the run has no such month). */
static long series_stride(const ws_sweep *sw)
{
    return sw->nseries ? 1 + (long)sw->nseries * sw->series_months : 0;
}

/* Writes the world's month into the run's series buffer ser (NULL: no series). */
static void record_series(const ws_sweep *sw, const ws_scenario *sc, const ws_world *w,
                          double *ser)
{
    if (!ser)
        return;
    ws_month m = ws_world_month(w);
    if (isnan(ser[0])) { /* the first month of the run */
        ser[0] = sc->start;
        for (long i = 1; i < series_stride(sw); i++)
            ser[i] = NAN;
    }
    long at = (long)(m - sc->start);
    if (at < 0 || at >= sw->series_months)
        return;
    for (int k = 0; k < sw->nseries; k++) {
        int d = ws_scenario_district(sc, sw->series[k].district);
        ser[1 + at * sw->nseries + k] =
            ws_world_indicators(w, d < 0 ? sc->ndistricts : d)[sw->series[k].indicator];
    }
}

/* Simulates run id of the sweep, writing its outputs (and its series into ser, unless
 * NULL); returns a status. */
static int simulate(const ws_sweep *sw, int id, point_cache *c, double *out, double *ser,
                    unsigned long *seed, ws_error *err)
{
    int p = id / sw->replicates, rep = id % sw->replicates;
    if (c->point != p || !c->sc) {
        point_cache_drop(c);
        int st = point_load(sw, p, c, err);
        if (st != WS_OK || !c->sc)
            return st != WS_OK ? st : WS_ENOMEM;
        c->point = p;
    }
    const ws_scenario *sc = c->sc;
    *seed = sc->seed;
    int dist[WS_SWEEP_MAX_OUTPUTS];
    for (int o = 0; o < sw->noutputs; o++) {
        int d = ws_scenario_district(sc, sw->outputs[o].district);
        dist[o] = d < 0 ? sc->ndistricts : d;
        out[o] = NAN;
    }
    ws_world *w = c->base ? ws_world_alloc_shared(sc, c->base, rep + 1, err)
                          : ws_world_alloc(sc, rep + 1, err);
    int st = w ? WS_OK : err->status;
    while (w && !ws_world_done(w)) {
        if ((st = ws_world_step(w)) != WS_OK)
            break;
        for (int o = 0; o < sw->noutputs; o++)
            if (sw->outputs[o].at == ws_world_month(w))
                out[o] = ws_world_indicators(w, dist[o])[sw->outputs[o].indicator];
        record_series(sw, sc, w, ser);
    }
    ws_world_free(w);
    return st;
}

/* The runs one ws_sweep_run does, and what the pool's workers write back for each. */
typedef struct {
    const ws_sweep *sw;
    int *todo;           /* run ids to do */
    int ntodo;
    double *values;      /* ntodo x noutputs, indexed by todo position */
    unsigned long *seeds;
    int *status;
    ws_error *errors;
    double *series;      /* ntodo x series_stride, NULL without <series> */
    sqlite3_stmt *series_insert;
} sweep_batch;

static void sweep_batch_clear(sweep_batch *b)
{
    free(b->todo);
    free(b->values);
    free(b->seeds);
    free(b->status);
    free(b->errors);
    free(b->series);
    sqlite3_finalize(b->series_insert);
}

/* A pool task: simulates the batch's k-th run with the worker's point cache. */
static void sweep_task(void *ctx, int k, void *local)
{
    sweep_batch *b = ctx;
    double *ser = b->series ? b->series + k * series_stride(b->sw) : NULL;
    if (ser)
        ser[0] = NAN; /* not started */
    b->status[k] = simulate(b->sw, b->todo[k], local, b->values + (long)k * b->sw->noutputs,
                            ser, &b->seeds[k], &b->errors[k]);
}

/* Takes the store's writer lock: an exclusive flock on a descriptor of the file, held
 * until the sweep ends (flock, not fcntl: SQLite's own fcntl locks on the same file are
 * separate and are not released when this descriptor closes last). The file is created
 * when create is set (and must not exist then). Returns the descriptor, or -1 with err
 * set: "in use" (WS_EINPUT) when another sweep holds it. */
static int lock_store(const char *path, int create, ws_error *err)
{
    int fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0), 0666);
    if (fd < 0) {
        if (create && errno == EEXIST)
            ws_error_set(err, WS_EINPUT,
                         "%s exists: add --resume to continue it, or choose another file", path);
        else
            ws_error_set(err, WS_EIO, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        ws_error_set(err, e == EWOULDBLOCK ? WS_EINPUT : WS_EIO,
                     "%s: in use by another sweep%s%s", path, e == EWOULDBLOCK ? "" : ": ",
                     e == EWOULDBLOCK ? "" : strerror(e));
        return -1;
    }
    return fd;
}

/* Whether the database holds no table at all (a new file, or a sweep killed before its
 * schema was committed): 1, 0, or -1 when it cannot be read. */
static int db_is_empty(sqlite3 *db)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) != SQLITE_OK)
        return -1;
    int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return n < 0 ? -1 : n == 0;
}

/* Checks that an existing store is this sweep's, of this model version (unless
 * opt->force). Returns a status with err set. */
/* A resumed store made by another build of the same version: its runs may differ from
 * this build's if the model changed between commits, so the caller is warned (the
 * version check, not this, refuses). A store from before commits were kept has none. */
static void warn_commit(sqlite3 *db, const ws_sweep_options *opt)
{
    char *commit = meta_get(db, "commit");
    if (opt->warn && (!commit || strcmp(commit, ws_commit()) != 0)) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 "%s was made by woonsim commit %.40s, this is commit %s: if the model "
                 "changed in between, its runs mix two models",
                 opt->out, commit ? commit : "(not recorded)", ws_commit());
        opt->warn(opt->warn_ctx, msg);
    }
    free(commit);
}

static int check_resume(sqlite3 *db, const ws_sweep *sw, const ws_sweep_options *opt,
                        ws_error *err)
{
    char *format = meta_get(db, "format");
    int ours = format && strcmp(format, STORE_FORMAT) == 0;
    free(format);
    if (!ours)
        return ws_error_set(err, WS_EINPUT,
                            "%s: not a valid woonsim store: no woonsim meta table; "
                            "refusing to touch it",
                            opt->out);
    char *def = meta_get(db, "definition"), *h = meta_get(db, "scenario_hash");
    char hash[32];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)sw->scenario_hash);
    int same = def && h && strcmp(def, sw->definition) == 0 && strcmp(h, hash) == 0;
    free(def);
    free(h);
    if (!same)
        return ws_error_set(err, WS_EINPUT,
                            "%s was made by a different sweep or scenario; cannot resume",
                            opt->out);
    char *version = meta_get(db, "version");
    int sameversion = version && strcmp(version, WS_VERSION) == 0;
    if (!sameversion && !opt->force)
        ws_error_set(err, WS_EINPUT,
                     "%s was made by woonsim %s, this is %s: its runs would mix two models; "
                     "add --force to resume anyway",
                     opt->out, version ? version : "(unknown)", WS_VERSION);
    free(version);
    if (sameversion || opt->force)
        warn_commit(db, opt);
    return sameversion || opt->force ? WS_OK : WS_EINPUT;
}

/* Opens opt->out for the sweep, locked for its whole length (*lock: the descriptor
 * holding the lock): a new store, or (with opt->resume) an existing one made by the same
 * sweep file, scenario and model version. Never touches a file that is not a woonsim
 * store. Returns a status; *db is set on success. */
static int open_store(const ws_sweep *sw, const ws_sweep_options *opt, sqlite3 **db,
                      int *lock, ws_error *err)
{
    int exists = access(opt->out, F_OK) == 0;
    *db = NULL;
    if (exists && !opt->resume)
        return ws_error_set(err, WS_EINPUT,
                            "%s exists: add --resume to continue it, or choose another file",
                            opt->out);
    if ((*lock = lock_store(opt->out, !exists, err)) < 0)
        return err->status;
    int made = !exists; /* ours to remove if the schema cannot be written */
    if (open_raw(opt->out, 0, db, err) != WS_OK)
        goto fail;
    int empty = db_is_empty(*db);
    if (empty < 0) {
        ws_error_set(err, WS_EINPUT, "%s: not a valid woonsim store: %s; refusing to touch it",
                     opt->out, sqlite3_errmsg(*db));
        goto fail;
    }
    /* Only a store found to be ours (or empty) gets the journal mode changed. */
    if (!empty && check_resume(*db, sw, opt, err) != WS_OK)
        goto fail;
    if (exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", err) == WS_OK &&
        (!empty || create_store(*db, sw, err) == WS_OK))
        return WS_OK;
    name_store(err, opt->out);
fail:
    sqlite3_close(*db);
    *db = NULL;
    if (made)
        unlink(opt->out);
    close(*lock);
    *lock = -1;
    return err->status;
}

/* Fills b->todo with this shard's runs that the store does not hold yet (resume). */
static int runs_to_do(sqlite3 *db, const ws_sweep_options *opt, sweep_batch *b, ws_error *err)
{
    const ws_sweep *sw = b->sw;
    int total = sw->npoints * sw->replicates;
    char *have = calloc((size_t)(total ? total : 1), 1);
    b->todo = malloc(sizeof *b->todo * (size_t)(total ? total : 1));
    sqlite3_stmt *s = NULL;
    if (!have || !b->todo) {
        free(have);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    if (sqlite3_prepare_v2(db, "SELECT point, replicate FROM runs", -1, &s, NULL) != SQLITE_OK) {
        free(have);
        return sql_fail(db, err, opt->out);
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        long id = (long)sqlite3_column_int(s, 0) * sw->replicates + sqlite3_column_int(s, 1);
        if (id >= 0 && id < total)
            have[id] = 1;
    }
    sqlite3_finalize(s);
    for (int i = 0; i < total; i++)
        if (!have[i] && i % opt->nshards == opt->shard - 1)
            b->todo[b->ntodo++] = i;
    free(have);
    size_t nt = (size_t)(b->ntodo ? b->ntodo : 1);
    b->values = malloc(sizeof *b->values * nt * (size_t)(sw->noutputs ? sw->noutputs : 1));
    b->seeds = calloc(nt, sizeof *b->seeds);
    b->status = calloc(nt, sizeof *b->status);
    b->errors = calloc(nt, sizeof *b->errors);
    if (!b->values || !b->seeds || !b->status || !b->errors)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    /* bounded at load: runs x series x months <= WS_SWEEP_MAX_SERIES_VALUES */
    if (sw->nseries && !(b->series = malloc(sizeof *b->series * nt * (size_t)series_stride(sw))))
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    return WS_OK;
}

/* Inserts the series rows of the batch's k-th run (in run_batch's open transaction, with
 * its runs row: a killed sweep keeps both or neither). Returns SQLite's status. */
static int insert_series(sqlite3 *db, sweep_batch *b, int k)
{
    const ws_sweep *sw = b->sw;
    if (!b->series)
        return SQLITE_DONE;
    if (!b->series_insert &&
        sqlite3_prepare_v2(db, "INSERT INTO series VALUES(?, ?, ?, ?, ?, ?)", -1,
                           &b->series_insert, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    sqlite3_stmt *s = b->series_insert;
    const double *ser = b->series + k * series_stride(sw);
    int id = b->todo[k];
    for (int m = 0; m < sw->series_months; m++)
        for (int j = 0; j < sw->nseries; j++) {
            double v = ser[1 + (long)m * sw->nseries + j];
            if (isnan(ser[0]) || isnan(v))
                continue;
            char month[16];
            ws_month_format((ws_month)ser[0] + m, month);
            sqlite3_bind_int(s, 1, id / sw->replicates);
            sqlite3_bind_int(s, 2, id % sw->replicates);
            sqlite3_bind_text(s, 3, month, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 4, sw->series[j].district, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 5, ws_indicator_table[sw->series[j].indicator].name, -1,
                              SQLITE_STATIC);
            sqlite3_bind_double(s, 6, v);
            int rc = sqlite3_step(s);
            sqlite3_reset(s);
            if (rc != SQLITE_DONE)
                return rc;
        }
    return SQLITE_DONE;
}

/* The statement that inserts one run row. */
static int prepare_insert(sqlite3 *db, const ws_sweep *sw, sqlite3_stmt **s, ws_error *err,
                          const char *path)
{
    size_t cap = 128 + (size_t)(sw->nparams + sw->noutputs) * 4;
    char *sql = malloc(cap);
    *s = NULL;
    if (!sql)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    size_t n = (size_t)snprintf(sql, cap, "INSERT INTO runs VALUES(?, ?, ?");
    for (int j = 0; j < sw->nparams + sw->noutputs; j++)
        n += (size_t)snprintf(sql + n, cap - n, ", ?");
    snprintf(sql + n, cap - n, ")");
    int rc = sqlite3_prepare_v2(db, sql, -1, s, NULL);
    free(sql);
    return rc == SQLITE_OK ? WS_OK : sql_fail(db, err, path);
}

/* Inserts the batch's k-th run (in run_batch's open transaction). Returns SQLite's
 * status. */
static int insert_run(sqlite3_stmt *s, const sweep_batch *b, int k)
{
    const ws_sweep *sw = b->sw;
    int id = b->todo[k], p = id / sw->replicates;
    sqlite3_bind_int(s, 1, p);
    sqlite3_bind_int(s, 2, id % sw->replicates);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)b->seeds[k]);
    for (int j = 0; j < sw->nparams; j++)
        sqlite3_bind_double(s, 4 + j, sw->points[(long)p * sw->nparams + j]);
    for (int o = 0; o < sw->noutputs; o++) {
        double v = b->values[(long)k * sw->noutputs + o];
        if (isfinite(v))
            sqlite3_bind_double(s, 4 + sw->nparams + o, v);
        else
            sqlite3_bind_null(s, 4 + sw->nparams + o);
    }
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc;
}

/* Rows go into the store in transactions of at most BLOCK_RUNS runs or BLOCK_SECONDS of
 * work, whichever comes first: one commit per run cost more than a run of the default
 * scenario, and a killed sweep still loses at most the runs of the open transaction
 * (never part of a run: a run is one row). */
#define BLOCK_RUNS 64
#define BLOCK_SECONDS 0.2

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs the batch on the pool; the calling thread alone writes to the database. */
static int run_batch(sqlite3 *db, sqlite3_stmt *s, sweep_batch *b, const ws_sweep_options *opt,
                     ws_error *err)
{
    ws_pool_work work = {sweep_task, b, sizeof(point_cache), point_cache_clear};
    ws_pool *pool = ws_pool_alloc(b->ntodo, opt->jobs, &work);
    if (!pool)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    if (opt->progress)
        opt->progress(opt->progress_ctx, 0, b->ntodo);
    int st = WS_OK, done = 0, open = 0, k, failed = 0, first = -1;
    double opened = 0;
    while (st == WS_OK && (k = ws_pool_wait(pool)) >= 0) {
        if (b->status[k] == WS_EINPUT) {
            /* A point the scenario refuses (values valid alone, not together): the other
             * runs go on and are stored; the first failed run (by id, whatever --jobs)
             * is reported at the end. */
            if (first < 0 || b->todo[k] < b->todo[first])
                first = k;
            failed++;
            continue;
        }
        if (b->status[k] != WS_OK) {
            st = b->status[k];
            if (err)
                *err = b->errors[k];
            break;
        }
        if (!open && (st = exec(db, "BEGIN;", err)) != WS_OK)
            break;
        if (!open++)
            opened = mono_seconds();
        if (insert_run(s, b, k) != SQLITE_DONE || insert_series(db, b, k) != SQLITE_DONE) {
            st = sql_fail(db, err, opt->out);
            break;
        }
        done++;
        if (open >= BLOCK_RUNS || mono_seconds() - opened >= BLOCK_SECONDS) {
            open = 0;
            st = exec(db, "COMMIT;", err);
        }
        if (st == WS_OK && opt->progress)
            opt->progress(opt->progress_ctx, done, b->ntodo);
    }
    ws_pool_free(pool); /* on failure: the runs in flight finish, no more start */
    /* The finished runs of the open block are kept, even when a later run failed. */
    if (open) {
        ws_error e2;
        int c = exec(db, "COMMIT;", st == WS_OK ? err : &e2);
        if (st == WS_OK)
            st = c;
    }
    if (st == WS_OK && failed)
        st = ws_error_set(err, WS_EINPUT, "%.700s (%d of %d runs failed; the others are in %s)",
                          b->errors[first].msg, failed, b->ntodo, opt->out);
    return st;
}

int ws_sweep_run(const ws_sweep *sw, const ws_sweep_options *opt, ws_error *err)
{
    sqlite3 *db = NULL;
    int lock = -1;
    int st = open_store(sw, opt, &db, &lock, err);
    if (st != WS_OK)
        return st;
    sweep_batch b = {sw, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL};
    sqlite3_stmt *s = NULL;
    st = runs_to_do(db, opt, &b, err);
    if (st == WS_OK)
        st = prepare_insert(db, sw, &s, err, opt->out);
    if (st == WS_OK)
        st = run_batch(db, s, &b, opt, err);
    sqlite3_finalize(s);
    sweep_batch_clear(&b);
    if (sqlite3_close(db) != SQLITE_OK && st == WS_OK)
        st = ws_error_set(err, WS_EIO, "%s: close failed", opt->out);
    close(lock); /* after SQLite's close: the lock covers the last write */
    return st;
}

/* ---------------------------------------------------------------- merge */

/* A value of the attached shard's meta table, as a new string, or NULL. */
static char *shard_meta(sqlite3 *db, const char *key)
{
    sqlite3_stmt *s;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM shard.meta WHERE key = ?", -1, &s, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

/* The meta keys every shard must share: the same sweep, scenario, design and model. */
static const char *const merge_keys[] = {"format", "definition", "scenario_hash", "design",
                                         "npoints", "replicates", "version"};
#define NMERGE_KEYS (int)(sizeof merge_keys / sizeof *merge_keys)

/* Checks the attached shard i against the first one's values (first[], filled from
 * shard 0). Returns a status with err set. */
static int merge_check(sqlite3 *db, const char *const *shards, int i, char **first,
                       ws_error *err)
{
    char *format = shard_meta(db, "format");
    int ours = format && strcmp(format, STORE_FORMAT) == 0;
    free(format);
    if (!ours)
        return ws_error_set(err, WS_EINPUT, "%s: not a valid woonsim store: no woonsim meta",
                            shards[i]);
    for (int k = 0; k < NMERGE_KEYS; k++) {
        char *v = shard_meta(db, merge_keys[k]);
        int same = i == 0 ? v != NULL : v && first[k] && strcmp(v, first[k]) == 0;
        if (i == 0)
            first[k] = v;
        else
            free(v);
        if (!same)
            return ws_error_set(err, WS_EINPUT,
                                i == 0 ? "%s: not a valid woonsim store: no '%s' in its meta"
                                       : "%s comes from a different sweep than %s (its %s "
                                         "differs)",
                                shards[i], i == 0 ? merge_keys[k] : shards[0], merge_keys[k]);
    }
    return WS_OK;
}

/* Copies the attached shard's rows into db (the tables are made from shard 0). */
/* The shard's series rows, when its sweep kept series (the shards share their
 * definition, so all have the table or none). */
static int merge_series(sqlite3 *db, int first, ws_error *err)
{
    sqlite3_stmt *s;
    char *sql = NULL;
    if (sqlite3_prepare_v2(db, "SELECT sql FROM shard.sqlite_master WHERE name='series'", -1,
                           &s, NULL) != SQLITE_OK)
        return sql_fail(db, err, "merge");
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        sql = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (!sql)
        return WS_OK;
    int st = first ? exec(db, sql, err) : WS_OK;
    free(sql);
    return st == WS_OK ? exec(db, "INSERT OR IGNORE INTO series SELECT * FROM shard.series;", err)
                       : st;
}

static int merge_rows(sqlite3 *db, int first, ws_error *err)
{
    int st = WS_OK;
    if (first) {
        st = exec(db,
                  "CREATE TABLE meta AS SELECT * FROM shard.meta;"
                  "CREATE TABLE points AS SELECT * FROM shard.points;",
                  err);
        /* The runs table with its key, as the runner creates it. */
        sqlite3_stmt *s;
        if (st == WS_OK &&
            sqlite3_prepare_v2(db, "SELECT sql FROM shard.sqlite_master WHERE name='runs'", -1,
                               &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
                st = exec(db, (const char *)sqlite3_column_text(s, 0), err);
            else
                st = ws_error_set(err, WS_EINPUT, "not a valid woonsim store: no runs table");
            sqlite3_finalize(s);
        }
    }
    if (st == WS_OK)
        st = exec(db, "INSERT OR IGNORE INTO runs SELECT * FROM shard.runs;", err);
    return st == WS_OK ? merge_series(db, first, err) : st;
}

/* Checks the merged runs against the design: an incomplete set is refused unless
 * allow_partial. */
static int merge_complete(sqlite3 *db, char **first, int allow_partial, ws_error *err)
{
    long npoints, reps, have = -1;
    if (parse_long(first[4], 0, STORE_MAX_RUNS, &npoints) != 0 ||
        parse_long(first[5], 1, STORE_MAX_REPLICATES, &reps) != 0)
        return ws_error_set(err, WS_EINPUT, "not a valid woonsim store: bad npoints or replicates");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM runs", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            have = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    if (have < 0)
        return sql_fail(db, err, "merge");
    if (have < npoints * reps && !allow_partial)
        return ws_error_set(err, WS_EINPUT,
                            "the shards hold %ld of the sweep's %ld runs (a shard missing?); "
                            "add --allow-partial to merge an incomplete set",
                            have, npoints * reps);
    return WS_OK;
}

/* Merges the shards into the new database at tmp; returns a status with err set. */
static int merge_into(const char *tmp, const char *const *shards, int n, int allow_partial,
                      ws_error *err)
{
    sqlite3 *db = NULL;
    /* A rollback journal, not WAL: the result is one file, renamed whole. */
    if (open_raw(tmp, 1, &db, err) != WS_OK)
        return err->status;
    char *first[NMERGE_KEYS] = {NULL};
    int st = WS_OK; /* no transaction: ATTACH cannot run inside one; the file is ours */
    for (int i = 0; i < n && st == WS_OK; i++) {
        char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS shard", shards[i]);
        st = sql ? exec(db, sql, err) : ws_error_set(err, WS_ENOMEM, "out of memory");
        sqlite3_free(sql);
        if (st != WS_OK) {
            name_store(err, shards[i]);
            break;
        }
        st = merge_check(db, shards, i, first, err);
        if (st == WS_OK && (st = merge_rows(db, i == 0, err)) != WS_OK)
            name_store(err, shards[i]);
        int dst = exec(db, "DETACH DATABASE shard;", err);
        if (st == WS_OK)
            st = dst;
    }
    if (st == WS_OK)
        st = merge_complete(db, first, allow_partial, err);
    for (int k = 0; k < NMERGE_KEYS; k++)
        free(first[k]);
    if (sqlite3_close(db) != SQLITE_OK && st == WS_OK)
        st = ws_error_set(err, WS_EIO, "%s: close failed", tmp);
    return st;
}

int ws_sweep_merge(const char *out, const char *const *shards, int n, int allow_partial,
                   ws_error *err)
{
    if (n < 1)
        return ws_error_set(err, WS_EINPUT, "merge needs at least one shard store");
    if (access(out, F_OK) == 0)
        return ws_error_set(err, WS_EINPUT, "%s exists; merge writes a new store", out);
    for (int i = 0; i < n; i++)
        if (access(shards[i], R_OK) != 0)
            return ws_error_set(err, WS_EINPUT, "%s: cannot read", shards[i]);
    /* Into a temporary file beside out, renamed when complete: a killed merge leaves no
     * half-made store under out's name. */
    size_t len = strlen(out) + 40;
    char *tmp = malloc(len), journal[PATH_MAX + 16];
    if (!tmp)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    snprintf(tmp, len, "%s.tmp.%ld.XXXXXX", out, (long)getpid());
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return ws_error_set(err, WS_EIO, "%s: cannot create a file there: %s", out, strerror(e));
    }
    close(fd);
    int st = merge_into(tmp, shards, n, allow_partial, err);
    /* link, not rename: a store that appeared at out meanwhile is not replaced. */
    if (st == WS_OK && link(tmp, out) != 0) {
        int e = errno;
        /* A file system without hard links: rename, out being still absent. */
        if (e == EEXIST || access(out, F_OK) == 0 || rename(tmp, out) != 0)
            st = ws_error_set(err, e == EEXIST ? WS_EINPUT : WS_EIO, "%s: cannot create: %s",
                              out, strerror(e));
    }
    unlink(tmp);
    snprintf(journal, sizeof journal, "%s-journal", tmp);
    unlink(journal);
    free(tmp);
    return st;
}

/* ---------------------------------------------------------------- reading a store */

void ws_sweep_results_clear(ws_sweep_results *r)
{
    for (int j = 0; r->labels && j < r->nparams; j++)
        free(r->labels[j]);
    free(r->labels);
    free(r->params);
    free(r->outputs);
    free(r->units);
    free(r->values);
    free(r->runs);
    free(r->names[0]);
    free(r->names[1]);
    memset(r, 0, sizeof *r);
}

double ws_sweep_results_get(const ws_sweep_results *r, int p, int rep, int o)
{
    return r->runs[((long)p * r->replicates + rep) * r->noutputs + o];
}

const char *ws_sweep_results_label(const ws_sweep_results *r, int j, double v, char *buf,
                                   size_t size)
{
    if (!r->labels || j < 0 || j >= r->nparams || !r->labels[j] || v < 0 || v != floor(v))
        return NULL;
    const char *w = r->labels[j];
    for (long i = 0; i < (long)v && w; i++)
        if ((w = strchr(w, ' ')))
            w++;
    if (!w)
        return NULL;
    size_t n = strcspn(w, " ");
    snprintf(buf, size, "%.*s", (int)n, w);
    return buf;
}

/* Splits s in place at spaces into a new array of its words. */
static char **split_words(char *s, int *n)
{
    int cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ' ';
    char **w = calloc((size_t)cap, sizeof *w);
    *n = 0;
    if (!w)
        return NULL;
    char *save = NULL;
    for (char *t = strtok_r(s, " ", &save); t; t = strtok_r(NULL, " ", &save))
        w[(*n)++] = t;
    return w;
}

/* The meta value key as a whole number from lo to hi into *out; a status with err set
 * ("not a valid woonsim store: meta 'npoints' is ...") otherwise. */
static int meta_long(sqlite3 *db, const char *path, const char *key, long lo, long hi,
                     long *out, ws_error *err)
{
    char *v = meta_get(db, key);
    int bad = parse_long(v, lo, hi, out) != 0;
    if (bad)
        ws_error_set(err, WS_EINPUT,
                     "%s: not a valid woonsim store: meta '%s' is %s%.40s%s (want a whole "
                     "number from %ld to %ld)",
                     path, key, v ? "'" : "", v ? v : "missing", v ? "'" : "", lo, hi);
    free(v);
    return bad ? WS_EINPUT : WS_OK;
}

/* A count from an SQL query (one row, one integer), or -1. */
static long count_rows(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* Reads the meta labels of r's parameters (after its names). */
static int read_labels(sqlite3 *db, ws_sweep_results *r, ws_error *err)
{
    r->labels = calloc((size_t)r->nparams + 1, sizeof *r->labels);
    if (!r->labels)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int j = 0; j < r->nparams; j++) {
        char key[80];
        snprintf(key, sizeof key, "labels:%s", r->params[j]);
        r->labels[j] = meta_get(db, key);
    }
    r->series_rows = count_rows(db, "SELECT count(*) FROM series");
    if (r->series_rows < 0)
        r->series_rows = 0;
    return WS_OK;
}

/* Checks the meta values against each other and against the tables; every product in
 * long, bounded before it is formed. Returns a status with err set. */
static int check_meta(sqlite3 *db, const char *path, const ws_sweep_results *r, ws_error *err)
{
    static const char *const designs[] = {"grid", "random", "lhs", "sobol", "morris"};
    const char *why = NULL;
    int known = 0;
    for (size_t i = 0; i < sizeof designs / sizeof *designs; i++)
        known |= strcmp(r->design, designs[i]) == 0;
    long runs = (long)r->npoints * r->replicates; /* both bounded: no overflow */
    if (!known)
        why = "its design is none of grid, random, lhs, sobol, morris";
    else if (!r->params || !r->outputs || r->nparams < 1 || r->nparams > WS_SWEEP_MAX_PARAMS)
        why = "its parameters are missing or more than the sweep limit";
    else if (r->noutputs < 1 || r->noutputs > WS_SWEEP_MAX_OUTPUTS)
        why = "its outputs are missing or more than the sweep limit";
    else if (runs > STORE_MAX_RUNS)
        why = "points x replicates beyond the sweep limit";
    else if (runs * r->noutputs > STORE_MAX_CELLS)
        why = "points x replicates x outputs beyond the store limit";
    else if (count_rows(db, "SELECT count(*) FROM points") != (long)r->npoints * r->nparams)
        why = "its points table does not hold npoints x parameters rows";
    else {
        sqlite3_stmt *s;
        int cols = -1;
        if (sqlite3_prepare_v2(db, "SELECT * FROM runs", -1, &s, NULL) == SQLITE_OK) {
            cols = sqlite3_column_count(s);
            sqlite3_finalize(s);
        }
        if (cols != 3 + r->nparams + r->noutputs)
            why = "its runs table's columns do not match its parameters and outputs";
    }
    return why ? ws_error_set(err, WS_EINPUT, "%s: not a valid woonsim store: %s", path, why)
               : WS_OK;
}

/* Reads the meta table into r, validates it and allocates its arrays. */
static int read_meta(sqlite3 *db, const char *path, ws_sweep_results *r, ws_error *err)
{
    r->names[0] = meta_get(db, "parameters");
    r->names[1] = meta_get(db, "outputs");
    r->params = r->names[0] ? split_words(r->names[0], &r->nparams) : NULL;
    r->outputs = r->names[1] ? split_words(r->names[1], &r->noutputs) : NULL;
    if ((r->names[0] && !r->params) || (r->names[1] && !r->outputs))
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    long npoints, reps, samples, saltelli;
    if (meta_long(db, path, "npoints", 1, STORE_MAX_RUNS, &npoints, err) != WS_OK ||
        meta_long(db, path, "replicates", 1, STORE_MAX_REPLICATES, &reps, err) != WS_OK ||
        meta_long(db, path, "samples", 1, STORE_MAX_SAMPLES, &samples, err) != WS_OK ||
        meta_long(db, path, "saltelli", 0, 1, &saltelli, err) != WS_OK)
        return WS_EINPUT;
    r->npoints = (int)npoints;
    r->replicates = (int)reps;
    r->samples = (int)samples;
    r->saltelli = (int)saltelli;
    char *v = meta_get(db, "seed");
    r->seed = v ? strtoul(v, NULL, 10) : 1;
    free(v);
    v = meta_get(db, "design");
    snprintf(r->design, sizeof r->design, "%s", v ? v : "");
    free(v);
    if (check_meta(db, path, r, err) != WS_OK)
        return WS_EINPUT;
    if (read_labels(db, r, err) != WS_OK)
        return WS_ENOMEM;
    size_t np = (size_t)r->npoints, rows = np * (size_t)r->replicates;
    r->units = calloc(np * (size_t)r->nparams, sizeof *r->units);
    r->values = calloc(np * (size_t)r->nparams, sizeof *r->values);
    r->runs = malloc(rows * (size_t)r->noutputs * sizeof *r->runs);
    if (!r->units || !r->values || !r->runs)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (size_t i = 0; i < rows * (size_t)r->noutputs; i++)
        r->runs[i] = NAN;
    return WS_OK;
}

/* The error for a table whose rows could not all be read (a corrupted page). */
static int rows_unreadable(sqlite3 *db, const char *path, const char *table, ws_error *err)
{
    return ws_error_set(err, WS_EINPUT, "%s: not a valid woonsim store: its %s rows are "
                                        "unreadable: %s",
                        path, table, sqlite3_errmsg(db));
}

/* Reads the points and runs tables into r. */
static int read_rows(sqlite3 *db, const char *path, ws_sweep_results *r, ws_error *err)
{
    sqlite3_stmt *s;
    int rc;
    if (sqlite3_prepare_v2(db, "SELECT point, param, unit, value FROM points", -1, &s, NULL) !=
        SQLITE_OK)
        return rows_unreadable(db, path, "points", err);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int p = sqlite3_column_int(s, 0), j = sqlite3_column_int(s, 1);
        if (p >= 0 && p < r->npoints && j >= 0 && j < r->nparams) {
            r->units[(long)p * r->nparams + j] = sqlite3_column_double(s, 2);
            r->values[(long)p * r->nparams + j] = sqlite3_column_double(s, 3);
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return rows_unreadable(db, path, "points", err);
    if (sqlite3_prepare_v2(db, "SELECT * FROM runs", -1, &s, NULL) != SQLITE_OK)
        return rows_unreadable(db, path, "runs", err);
    int first = 3 + r->nparams;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int p = sqlite3_column_int(s, 0), rep = sqlite3_column_int(s, 1);
        if (p < 0 || p >= r->npoints || rep < 0 || rep >= r->replicates)
            continue;
        r->runs_done++;
        double *row = r->runs + ((long)p * r->replicates + rep) * r->noutputs;
        for (int o = 0; o < r->noutputs; o++)
            row[o] = sqlite3_column_type(s, first + o) == SQLITE_NULL
                         ? NAN
                         : sqlite3_column_double(s, first + o);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : rows_unreadable(db, path, "runs", err);
}

/* PRAGMA quick_check: a store with a corrupted page is reported, not read as empty. */
static int check_pages(sqlite3 *db, const char *path, ws_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &s, NULL) != SQLITE_OK)
        return ws_error_set(err, WS_EINPUT, "%s: not a valid woonsim store: %s", path,
                            sqlite3_errmsg(db));
    int rc = sqlite3_step(s);
    const char *t = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
    int st = t && strcmp(t, "ok") == 0
                 ? WS_OK
                 : ws_error_set(err, WS_EINPUT,
                                "%s: not a valid woonsim store: corrupted (quick_check: %.120s)",
                                path, t ? t : sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return st;
}

int ws_sweep_series_each(const char *path,
                         int (*row)(void *ctx, int point, int replicate, ws_month month,
                                    const char *district, const char *indicator,
                                    double value),
                         void *ctx, ws_error *err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return ws_error_set(err, WS_EINPUT, "%s: not an SQLite file", path);
    }
    sqlite3_stmt *s = NULL;
    int st = WS_OK, rc = SQLITE_DONE;
    if (count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name='series'") == 1) {
        if (sqlite3_prepare_v2(db,
                               "SELECT point, replicate, month, district, indicator, value "
                               "FROM series ORDER BY point, replicate, month, district, "
                               "indicator",
                               -1, &s, NULL) != SQLITE_OK)
            st = rows_unreadable(db, path, "series", err);
        while (st == WS_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            ws_month m;
            const char *mt = (const char *)sqlite3_column_text(s, 2);
            const char *d = (const char *)sqlite3_column_text(s, 3);
            const char *ind = (const char *)sqlite3_column_text(s, 4);
            if (!mt || !d || !ind || ws_month_parse(mt, &m) != 0) {
                st = rows_unreadable(db, path, "series", err);
                break;
            }
            if (row(ctx, sqlite3_column_int(s, 0), sqlite3_column_int(s, 1), m, d, ind,
                    sqlite3_column_double(s, 5)) != 0)
                break;
        }
        if (st == WS_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
            st = rows_unreadable(db, path, "series", err);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return st;
}

int ws_sweep_results_read(ws_sweep_results *r, const char *path, ws_error *err)
{
    memset(r, 0, sizeof *r);
    if (access(path, R_OK) != 0)
        return ws_error_set(err, WS_EINPUT, "%s: cannot read", path);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return ws_error_set(err, WS_EINPUT, "%s: not an SQLite file", path);
    }
    int st = check_pages(db, path, err);
    if (st == WS_OK) {
        char *format = meta_get(db, "format");
        if (!format || strcmp(format, STORE_FORMAT) != 0)
            st = ws_error_set(err, WS_EINPUT, "%s: not a valid woonsim store: %s", path,
                              format ? "another format" : "no woonsim meta table");
        free(format);
    }
    if (st == WS_OK)
        st = read_meta(db, path, r, err);
    if (st == WS_OK)
        st = read_rows(db, path, r, err);
    sqlite3_close(db);
    return st;
}
