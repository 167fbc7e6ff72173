/* The sweep runner and its SQLite results store, shard merging and the summary.
 *
 * Store schema (documented in README.md):
 *   meta(key PRIMARY KEY, value)           format, name, version, scenario, its FNV-1a
 *                                          hash, design, samples, replicates, seed,
 *                                          parameters, outputs, the sweep file's text
 *   points(point, param, name, unit, value) the design, unit and real coordinates
 *   runs(point, replicate, seed, "p:NAME"..., "INDICATOR@DISTRICT@YYYY-MM"...)
 *                                          one row per finished run
 * Worker threads run the simulations; only the main thread touches the database, and
 * it commits every finished run in its own transaction. */
#define _POSIX_C_SOURCE 200809L
#include "woonsim/sweep.h"
#include "woonsim/scenario.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <sqlite3.h>

#define STORE_FORMAT "woonsim-sweep-1"
#define BOOTSTRAP 500

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

static int open_db(const char *path, int create, sqlite3 **db, ws_error *err)
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
    return exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", err);
}

/* ---------------------------------------------------------------- create / check */

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
    if (meta_put(db, "name", sw->name, err) != WS_OK ||
        meta_put(db, "scenario", sw->scenario, err) != WS_OK ||
        meta_put(db, "parameters", params, err) != WS_OK ||
        meta_put(db, "outputs", outputs, err) != WS_OK ||
        meta_put(db, "definition", sw->definition, err) != WS_OK)
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

typedef struct {
    const ws_sweep *sw;
    int *todo;           /* run ids to do */
    int ntodo;
    int next;            /* next todo to hand out */
    int *done;           /* finished run ids, in order of finishing */
    double *values;      /* ntodo x noutputs, indexed by todo position */
    unsigned long *seeds;
    int *status;
    ws_error *errors;
    int ndone;
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} sweep_queue;

/* A worker's scenario and initial stock of the point it ran last: the replicates of a
 * point share both (run ids of a point are consecutive), so each is read and
 * generated once per point and worker instead of once per run. */
typedef struct {
    int point;
    ws_scenario *sc;
    ws_base *base;
} point_cache;

static void point_cache_clear(point_cache *c)
{
    ws_base_free(c->base);
    ws_scenario_free(c->sc);
    c->base = NULL;
    c->sc = NULL;
    c->point = -1;
}

/* Simulates run id of the sweep, writing its outputs; returns a status. */
static int simulate(const ws_sweep *sw, int id, point_cache *c, double *out,
                    unsigned long *seed, ws_error *err)
{
    int p = id / sw->replicates, rep = id % sw->replicates;
    if (c->point != p || !c->sc) {
        point_cache_clear(c);
        char buf[WS_SWEEP_MAX_PARAMS * 600];
        const char *sets[WS_SWEEP_MAX_PARAMS];
        int n = ws_sweep_point_sets(sw, p, buf, sizeof buf, sets);
        if (!(c->sc = ws_scenario_load(sw->scenario, sets, n, err)))
            return err->status;
        /* Without replicates there is nothing to share. */
        if (sw->replicates > 1 && !(c->base = ws_base_alloc(c->sc, err))) {
            point_cache_clear(c);
            return err->status;
        }
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
    ws_world *w = c->base ? ws_world_alloc_from(c->base, rep + 1, err)
                          : ws_world_alloc(sc, rep + 1, err);
    int st = w ? WS_OK : err->status;
    while (w && !ws_world_done(w)) {
        if ((st = ws_world_step(w)) != WS_OK)
            break;
        for (int o = 0; o < sw->noutputs; o++)
            if (sw->outputs[o].at == ws_world_month(w))
                out[o] = ws_world_indicators(w, dist[o])[sw->outputs[o].indicator];
    }
    ws_world_free(w);
    return st;
}

static void *sweep_worker(void *arg)
{
    sweep_queue *q = arg;
    point_cache cache = {-1, NULL, NULL};
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int k = q->stop ? q->ntodo : q->next++;
        pthread_mutex_unlock(&q->lock);
        if (k >= q->ntodo)
            break;
        int st = simulate(q->sw, q->todo[k], &cache, q->values + (long)k * q->sw->noutputs,
                          &q->seeds[k], &q->errors[k]);
        pthread_mutex_lock(&q->lock);
        q->status[k] = st;
        q->done[q->ndone++] = k;
        pthread_cond_signal(&q->cond);
        pthread_mutex_unlock(&q->lock);
    }
    point_cache_clear(&cache);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress_bar(int done, int total, double t0)
{
    double el = now() - t0, rate = el > 0 ? done / el : 0;
    double left = rate > 0 ? (total - done) / rate : 0;
    int width = 30, fill = total ? (int)((long)width * done / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %d/%d runs  %.1f runs/s  %d:%02d left ", fill,
            "##############################", width - fill, "", done, total, rate,
            (int)left / 60, (int)left % 60);
    fflush(stderr);
}

int ws_sweep_run(const ws_sweep *sw, const ws_sweep_options *opt, ws_error *err)
{
    int total = sw->npoints * sw->replicates;
    sqlite3 *db = NULL;
    int exists = access(opt->out, F_OK) == 0;
    if (exists && !opt->resume)
        return ws_error_set(err, WS_EINPUT,
                            "%s exists: add --resume to continue it, or choose another file",
                            opt->out);
    if (open_db(opt->out, 1, &db, err) != WS_OK) {
        sqlite3_close(db);
        return name_store(err, opt->out);
    }
    int st = WS_OK;
    char *def = exists ? meta_get(db, "definition") : NULL;
    if (!exists || !def) {
        if (exists) {
            /* An empty file (e.g. killed before the schema was committed): start over. */
            sqlite3_close(db);
            db = NULL;
            if (unlink(opt->out) != 0 || open_db(opt->out, 1, &db, err) != WS_OK) {
                sqlite3_close(db);
                return ws_error_set(err, WS_EIO, "%s: cannot recreate", opt->out);
            }
        }
        if ((st = create_store(db, sw, err)) != WS_OK) {
            sqlite3_close(db);
            return name_store(err, opt->out);
        }
    } else {
        char hash[32];
        snprintf(hash, sizeof hash, "%016llx", (unsigned long long)sw->scenario_hash);
        char *h = meta_get(db, "scenario_hash");
        int same = strcmp(def, sw->definition) == 0 && h && strcmp(h, hash) == 0;
        free(h);
        if (!same) {
            free(def);
            sqlite3_close(db);
            return ws_error_set(err, WS_EINPUT,
                                "%s was made by a different sweep or scenario; cannot resume",
                                opt->out);
        }
    }
    free(def);
    /* What is already there (resume) is skipped. */
    char *have = calloc((size_t)(total ? total : 1), 1);
    sqlite3_stmt *s = NULL;
    if (!have) {
        sqlite3_close(db);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    if (sqlite3_prepare_v2(db, "SELECT point, replicate FROM runs", -1, &s, NULL) != SQLITE_OK) {
        free(have);
        st = sql_fail(db, err, opt->out);
        sqlite3_close(db);
        return st;
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        long id = (long)sqlite3_column_int(s, 0) * sw->replicates + sqlite3_column_int(s, 1);
        if (id >= 0 && id < total)
            have[id] = 1;
    }
    sqlite3_finalize(s);
    sweep_queue q;
    memset(&q, 0, sizeof q);
    q.sw = sw;
    q.todo = malloc(sizeof *q.todo * (size_t)(total ? total : 1));
    for (int i = 0; q.todo && i < total; i++)
        if (!have[i] && i % opt->nshards == opt->shard - 1)
            q.todo[q.ntodo++] = i;
    free(have);
    size_t nt = (size_t)(q.ntodo ? q.ntodo : 1);
    q.done = malloc(sizeof *q.done * nt);
    q.values = malloc(sizeof *q.values * nt * (size_t)(sw->noutputs ? sw->noutputs : 1));
    q.seeds = calloc(nt, sizeof *q.seeds);
    q.status = calloc(nt, sizeof *q.status);
    q.errors = calloc(nt, sizeof *q.errors);
    /* The insert statement. */
    size_t cap = 128 + (size_t)(sw->nparams + sw->noutputs) * 4;
    char *sql = malloc(cap);
    if (!q.todo || !q.done || !q.values || !q.seeds || !q.status || !q.errors || !sql) {
        st = ws_error_set(err, WS_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = (size_t)snprintf(sql, cap, "INSERT INTO runs VALUES(?, ?, ?");
    for (int j = 0; j < sw->nparams + sw->noutputs; j++)
        n += (size_t)snprintf(sql + n, cap - n, ", ?");
    snprintf(sql + n, cap - n, ")");
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        st = sql_fail(db, err, opt->out);
        goto out;
    }
    pthread_mutex_init(&q.lock, NULL);
    pthread_cond_init(&q.cond, NULL);
    int jobs = opt->jobs < 1 ? 1 : opt->jobs;
    if (jobs > q.ntodo)
        jobs = q.ntodo > 0 ? q.ntodo : 1;
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (; threads && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, sweep_worker, &q) != 0)
            break;
    double t0 = now();
    int committed = 0, taken = 0;
    if (started == 0 && q.ntodo > 0) {
        st = ws_error_set(err, WS_ERUNTIME, "cannot start worker threads");
        q.stop = 1;
    }
    while (committed < q.ntodo && st == WS_OK) {
        pthread_mutex_lock(&q.lock);
        while (taken == q.ndone)
            pthread_cond_wait(&q.cond, &q.lock);
        int k = q.done[taken++];
        pthread_mutex_unlock(&q.lock);
        if (q.status[k] != WS_OK) {
            st = q.status[k];
            if (err)
                *err = q.errors[k];
            break;
        }
        int id = q.todo[k], p = id / sw->replicates;
        sqlite3_bind_int(s, 1, p);
        sqlite3_bind_int(s, 2, id % sw->replicates);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)q.seeds[k]);
        for (int j = 0; j < sw->nparams; j++)
            sqlite3_bind_double(s, 4 + j, sw->points[(long)p * sw->nparams + j]);
        for (int o = 0; o < sw->noutputs; o++) {
            double v = q.values[(long)k * sw->noutputs + o];
            if (isfinite(v))
                sqlite3_bind_double(s, 4 + sw->nparams + o, v);
            else
                sqlite3_bind_null(s, 4 + sw->nparams + o);
        }
        /* One transaction per run: a killed sweep loses only the runs in flight. */
        if (sqlite3_step(s) != SQLITE_DONE) {
            st = sql_fail(db, err, opt->out);
            break;
        }
        sqlite3_reset(s);
        committed++;
        if (opt->progress)
            progress_bar(committed, q.ntodo, t0);
    }
    if (st != WS_OK) {
        pthread_mutex_lock(&q.lock);
        q.stop = 1;
        pthread_mutex_unlock(&q.lock);
    }
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    if (opt->progress && q.ntodo > 0)
        fputc('\n', stderr);
    pthread_mutex_destroy(&q.lock);
    pthread_cond_destroy(&q.cond);
out:
    sqlite3_finalize(s);
    free(sql);
    free(q.todo);
    free(q.done);
    free(q.values);
    free(q.seeds);
    free(q.status);
    free(q.errors);
    if (sqlite3_close(db) != SQLITE_OK && st == WS_OK)
        st = ws_error_set(err, WS_EIO, "%s: close failed", opt->out);
    return st;
}

/* ---------------------------------------------------------------- merge */

int ws_sweep_merge(const char *out, const char *const *shards, int n, ws_error *err)
{
    if (n < 1)
        return ws_error_set(err, WS_EINPUT, "merge needs at least one shard store");
    if (access(out, F_OK) == 0)
        return ws_error_set(err, WS_EINPUT, "%s exists; merge writes a new store", out);
    for (int i = 0; i < n; i++)
        if (access(shards[i], R_OK) != 0)
            return ws_error_set(err, WS_EINPUT, "%s: cannot read", shards[i]);
    sqlite3 *db = NULL;
    if (open_db(out, 1, &db, err) != WS_OK)
        return err->status;
    char *def0 = NULL;
    int st = WS_OK;
    for (int i = 0; i < n && st == WS_OK; i++) {
        char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS shard", shards[i]);
        st = sql ? exec(db, sql, err) : ws_error_set(err, WS_ENOMEM, "out of memory");
        sqlite3_free(sql);
        if (st != WS_OK)
            break;
        sqlite3_stmt *s;
        char *def = NULL;
        if (sqlite3_prepare_v2(db, "SELECT value FROM shard.meta WHERE key = 'definition'", -1,
                               &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
                def = strdup((const char *)sqlite3_column_text(s, 0));
            sqlite3_finalize(s);
        }
        if (!def) {
            st = ws_error_set(err, WS_EINPUT, "%s is not a woonsim sweep store", shards[i]);
        } else if (i == 0) {
            def0 = def;
            def = NULL;
            st = exec(db,
                      "BEGIN; CREATE TABLE meta AS SELECT * FROM shard.meta;"
                      "CREATE TABLE points AS SELECT * FROM shard.points;"
                      "COMMIT;",
                      err);
            /* The runs table with its key, as the runner creates it. */
            if (st == WS_OK &&
                sqlite3_prepare_v2(db, "SELECT sql FROM shard.sqlite_master WHERE name='runs'",
                                   -1, &s, NULL) == SQLITE_OK) {
                if (sqlite3_step(s) == SQLITE_ROW)
                    st = exec(db, (const char *)sqlite3_column_text(s, 0), err);
                sqlite3_finalize(s);
            }
        } else if (strcmp(def, def0) != 0) {
            st = ws_error_set(err, WS_EINPUT, "%s comes from a different sweep than %s",
                              shards[i], shards[0]);
        }
        free(def);
        if (st == WS_OK)
            st = exec(db, "INSERT OR IGNORE INTO runs SELECT * FROM shard.runs;", err);
        int dst = exec(db, "DETACH DATABASE shard;", err);
        if (st == WS_OK)
            st = dst;
    }
    free(def0);
    sqlite3_close(db);
    if (st != WS_OK)
        unlink(out);
    return st;
}

/* ---------------------------------------------------------------- reading a store */

typedef struct {
    int nparams, noutputs, npoints, replicates, samples, saltelli;
    char design[16];
    char **params, **outputs; /* names */
    double *units;            /* npoints x nparams */
    double *values;           /* npoints x nparams */
    double *runs;             /* npoints x replicates x noutputs, NaN where missing */
    char *meta_buf[2];
} store_data;

static void store_data_free(store_data *d)
{
    free(d->params);
    free(d->outputs);
    free(d->units);
    free(d->values);
    free(d->runs);
    free(d->meta_buf[0]);
    free(d->meta_buf[1]);
}

/* Splits s in place at spaces into a new array of up to max words. */
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

static int store_read(const char *path, store_data *d, ws_error *err)
{
    memset(d, 0, sizeof *d);
    if (access(path, R_OK) != 0)
        return ws_error_set(err, WS_EINPUT, "%s: cannot read", path);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return ws_error_set(err, WS_EINPUT, "%s: not an SQLite file", path);
    }
    int st = WS_OK;
    char *format = meta_get(db, "format"), *v;
    if (!format || strcmp(format, STORE_FORMAT) != 0) {
        free(format);
        sqlite3_close(db);
        return ws_error_set(err, WS_EINPUT, "%s is not a woonsim sweep store", path);
    }
    free(format);
    d->meta_buf[0] = meta_get(db, "parameters");
    d->meta_buf[1] = meta_get(db, "outputs");
    d->params = d->meta_buf[0] ? split_words(d->meta_buf[0], &d->nparams) : NULL;
    d->outputs = d->meta_buf[1] ? split_words(d->meta_buf[1], &d->noutputs) : NULL;
    v = meta_get(db, "npoints");
    d->npoints = v ? atoi(v) : 0;
    free(v);
    v = meta_get(db, "replicates");
    d->replicates = v ? atoi(v) : 1;
    free(v);
    v = meta_get(db, "samples");
    d->samples = v ? atoi(v) : 0;
    free(v);
    v = meta_get(db, "saltelli");
    d->saltelli = v ? atoi(v) : 0;
    free(v);
    v = meta_get(db, "design");
    snprintf(d->design, sizeof d->design, "%s", v ? v : "");
    free(v);
    size_t np = (size_t)(d->npoints > 0 ? d->npoints : 1);
    size_t rows = np * (size_t)(d->replicates > 0 ? d->replicates : 1);
    d->units = calloc(np * (size_t)(d->nparams + 1), sizeof *d->units);
    d->values = calloc(np * (size_t)(d->nparams + 1), sizeof *d->values);
    d->runs = malloc(rows * (size_t)(d->noutputs + 1) * sizeof *d->runs);
    if (!d->params || !d->outputs || !d->units || !d->values || !d->runs) {
        sqlite3_close(db);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < rows * (size_t)d->noutputs; i++)
        d->runs[i] = NAN;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT point, param, unit, value FROM points", -1, &s, NULL) ==
        SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            int p = sqlite3_column_int(s, 0), j = sqlite3_column_int(s, 1);
            if (p >= 0 && p < d->npoints && j >= 0 && j < d->nparams) {
                d->units[(long)p * d->nparams + j] = sqlite3_column_double(s, 2);
                d->values[(long)p * d->nparams + j] = sqlite3_column_double(s, 3);
            }
        }
        sqlite3_finalize(s);
    }
    if (sqlite3_prepare_v2(db, "SELECT * FROM runs", -1, &s, NULL) != SQLITE_OK) {
        st = sql_fail(db, err, path);
    } else {
        int first = 3 + d->nparams;
        while (sqlite3_step(s) == SQLITE_ROW) {
            int p = sqlite3_column_int(s, 0), r = sqlite3_column_int(s, 1);
            if (p < 0 || p >= d->npoints || r < 0 || r >= d->replicates)
                continue;
            double *row = d->runs + ((long)p * d->replicates + r) * d->noutputs;
            for (int o = 0; o < d->noutputs; o++)
                row[o] = sqlite3_column_type(s, first + o) == SQLITE_NULL
                             ? NAN
                             : sqlite3_column_double(s, first + o);
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return st;
}

/* ---------------------------------------------------------------- summary */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean over the replicates of point p, output o (NaN if none). */
static double point_mean(const store_data *d, int p, int o)
{
    double sum = 0;
    int n = 0;
    for (int r = 0; r < d->replicates; r++) {
        double v = d->runs[((long)p * d->replicates + r) * d->noutputs + o];
        if (isfinite(v)) {
            sum += v;
            n++;
        }
    }
    return n ? sum / n : NAN;
}

static int summary_points(const store_data *d, FILE *csv)
{
    double *v = malloc(sizeof *v * (size_t)(d->replicates > 0 ? d->replicates : 1));
    if (!v)
        return WS_ENOMEM;
    int shown = 0, max_shown = 40;
    printf("per point: mean and 5/50/95 %% quantiles over %d replicate%s\n", d->replicates,
           d->replicates == 1 ? "" : "s");
    if (csv) {
        fprintf(csv, "point");
        for (int j = 0; j < d->nparams; j++)
            fprintf(csv, ",%s", d->params[j]);
        fprintf(csv, ",output,runs,mean,q05,q50,q95\r\n");
    }
    for (int p = 0; p < d->npoints; p++) {
        for (int o = 0; o < d->noutputs; o++) {
            int n = 0;
            double sum = 0;
            for (int r = 0; r < d->replicates; r++) {
                double x = d->runs[((long)p * d->replicates + r) * d->noutputs + o];
                if (isfinite(x)) {
                    v[n++] = x;
                    sum += x;
                }
            }
            if (n == 0)
                continue;
            qsort(v, (size_t)n, sizeof *v, cmp_double);
            double q05 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.05);
            double q50 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.5);
            double q95 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.95);
            if (shown < max_shown) {
                printf("  point %4d", p);
                for (int j = 0; j < d->nparams && j < 4; j++)
                    printf(" %s=%-10.4g", d->params[j], d->values[(long)p * d->nparams + j]);
                printf(" %-32s mean %12.4g  [%.4g, %.4g, %.4g]\n", d->outputs[o], sum / n, q05,
                       q50, q95);
            }
            shown++;
            if (csv) {
                fprintf(csv, "%d", p);
                for (int j = 0; j < d->nparams; j++)
                    fprintf(csv, ",%.17g", d->values[(long)p * d->nparams + j]);
                fprintf(csv, ",%s,%d,%.17g,%.17g,%.17g,%.17g\r\n", d->outputs[o], n, sum / n,
                        q05, q50, q95);
            }
        }
    }
    if (shown > max_shown)
        printf("  ... %d more rows (all of them in the CSV with -o)\n", shown - max_shown);
    free(v);
    return WS_OK;
}

/* Sobol indices with bootstrap 95 % intervals (resampling the base rows). */
static int summary_sobol(const store_data *d, FILE *csv)
{
    int k = d->nparams, n = d->samples;
    if (d->npoints != n * (k + 2))
        return WS_OK;
    size_t sz = (size_t)n;
    double *fA = malloc(sizeof(double) * sz), *fB = malloc(sizeof(double) * sz);
    double *fAB = malloc(sizeof(double) * sz * (size_t)k);
    double *bA = malloc(sizeof(double) * sz), *bB = malloc(sizeof(double) * sz);
    double *bAB = malloc(sizeof(double) * sz * (size_t)k);
    double *S1 = malloc(sizeof(double) * (size_t)k), *ST = malloc(sizeof(double) * (size_t)k);
    double *bs1 = malloc(sizeof(double) * BOOTSTRAP * (size_t)k);
    double *bst = malloc(sizeof(double) * BOOTSTRAP * (size_t)k);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int st = WS_OK;
    if (!fA || !fB || !fAB || !bA || !bB || !bAB || !S1 || !ST || !bs1 || !bst || !rng) {
        st = WS_ENOMEM;
        goto out;
    }
    printf("Sobol indices (Saltelli 2010 first-order, Jansen total), %d base rows, "
           "95 %% bootstrap intervals (%d resamples)\n",
           n, BOOTSTRAP);
    if (csv)
        fprintf(csv, "\r\noutput,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\r\n");
    for (int o = 0; o < d->noutputs; o++) {
        for (int j = 0; j < n; j++) {
            fA[j] = point_mean(d, j * (k + 2), o);
            fB[j] = point_mean(d, j * (k + 2) + 1, o);
            for (int i = 0; i < k; i++)
                fAB[(long)i * n + j] = point_mean(d, j * (k + 2) + 2 + i, o);
        }
        if (ws_sobol_indices(fA, fB, fAB, n, k, S1, ST) != WS_OK) {
            printf("  %s: no variance, no indices\n", d->outputs[o]);
            continue;
        }
        gsl_rng_set(rng, 12345);
        for (int b = 0; b < BOOTSTRAP; b++) {
            for (int j = 0; j < n; j++) {
                unsigned long r = gsl_rng_uniform_int(rng, (unsigned long)n);
                bA[j] = fA[r];
                bB[j] = fB[r];
                for (int i = 0; i < k; i++)
                    bAB[(long)i * n + j] = fAB[(long)i * n + (long)r];
            }
            double s1[WS_SWEEP_MAX_PARAMS], stt[WS_SWEEP_MAX_PARAMS];
            ws_sobol_indices(bA, bB, bAB, n, k, s1, stt);
            for (int i = 0; i < k; i++) {
                bs1[(long)i * BOOTSTRAP + b] = s1[i];
                bst[(long)i * BOOTSTRAP + b] = stt[i];
            }
        }
        printf("  %s\n", d->outputs[o]);
        for (int i = 0; i < k; i++) {
            double *x = bs1 + (long)i * BOOTSTRAP, *y = bst + (long)i * BOOTSTRAP;
            gsl_sort(x, 1, BOOTSTRAP);
            gsl_sort(y, 1, BOOTSTRAP);
            double l1 = gsl_stats_quantile_from_sorted_data(x, 1, BOOTSTRAP, 0.025);
            double h1 = gsl_stats_quantile_from_sorted_data(x, 1, BOOTSTRAP, 0.975);
            double lt = gsl_stats_quantile_from_sorted_data(y, 1, BOOTSTRAP, 0.025);
            double ht = gsl_stats_quantile_from_sorted_data(y, 1, BOOTSTRAP, 0.975);
            printf("    %-24s S1 %6.3f [%6.3f, %6.3f]   ST %6.3f [%6.3f, %6.3f]\n", d->params[i],
                   S1[i], l1, h1, ST[i], lt, ht);
            if (csv)
                fprintf(csv, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\r\n", d->outputs[o],
                        d->params[i], S1[i], l1, h1, ST[i], lt, ht);
        }
    }
out:
    free(fA);
    free(fB);
    free(fAB);
    free(bA);
    free(bB);
    free(bAB);
    free(S1);
    free(ST);
    free(bs1);
    free(bst);
    gsl_rng_free(rng);
    return st;
}

/* Morris mu* and sigma, from the unit coordinates of the stored trajectories. */
static int summary_morris(const store_data *d, FILE *csv)
{
    int k = d->nparams, r = d->samples;
    if (d->npoints != r * (k + 1))
        return WS_OK;
    double *f = malloc(sizeof(double) * (size_t)d->npoints);
    int *order = malloc(sizeof(int) * (size_t)(r * k));
    double *delta = malloc(sizeof(double) * (size_t)(r * k));
    double mu[WS_SWEEP_MAX_PARAMS], sg[WS_SWEEP_MAX_PARAMS];
    if (!f || !order || !delta) {
        free(f);
        free(order);
        free(delta);
        return WS_ENOMEM;
    }
    for (int t = 0; t < r; t++) {
        for (int s = 0; s < k; s++) {
            const double *a = d->units + (long)(t * (k + 1) + s) * k;
            const double *b = a + k;
            order[t * k + s] = 0;
            delta[t * k + s] = 1;
            for (int j = 0; j < k; j++) {
                if (fabs(b[j] - a[j]) > 1e-12) {
                    order[t * k + s] = j;
                    delta[t * k + s] = b[j] - a[j];
                }
            }
        }
    }
    printf("Morris elementary effects (%d trajectories; unit-scaled parameters)\n", r);
    if (csv)
        fprintf(csv, "\r\noutput,parameter,mu_star,sigma\r\n");
    for (int o = 0; o < d->noutputs; o++) {
        for (int p = 0; p < d->npoints; p++)
            f[p] = point_mean(d, p, o);
        ws_morris_effects(f, order, delta, r, k, mu, sg);
        printf("  %s\n", d->outputs[o]);
        for (int i = 0; i < k; i++) {
            printf("    %-24s mu* %12.4g   sigma %12.4g\n", d->params[i], mu[i], sg[i]);
            if (csv)
                fprintf(csv, "%s,%s,%.17g,%.17g\r\n", d->outputs[o], d->params[i], mu[i], sg[i]);
        }
    }
    free(f);
    free(order);
    free(delta);
    return WS_OK;
}

int ws_sweep_summary(const char *store, const char *csv_path, ws_error *err)
{
    store_data d;
    int st = store_read(store, &d, err);
    if (st != WS_OK) {
        store_data_free(&d);
        return st;
    }
    FILE *csv = NULL;
    char tmp[4096];
    if (csv_path) {
        snprintf(tmp, sizeof tmp, "%s.tmp", csv_path);
        csv = fopen(tmp, "w");
        if (!csv) {
            store_data_free(&d);
            return ws_error_set(err, WS_EIO, "%s: cannot create", csv_path);
        }
    }
    st = summary_points(&d, csv);
    if (st == WS_OK && strcmp(d.design, "sobol") == 0 && d.saltelli)
        st = summary_sobol(&d, csv);
    if (st == WS_OK && strcmp(d.design, "morris") == 0)
        st = summary_morris(&d, csv);
    store_data_free(&d);
    if (csv) {
        int bad = fclose(csv) != 0 || st != WS_OK;
        if (bad || rename(tmp, csv_path) != 0) {
            unlink(tmp);
            return st != WS_OK ? ws_error_set(err, st, "summary failed")
                               : ws_error_set(err, WS_EIO, "%s: write failed", csv_path);
        }
    }
    return st == WS_OK ? WS_OK : ws_error_set(err, st, "summary failed: out of memory");
}

int ws_sweep_dump(const char *store, ws_error *err)
{
    store_data d;
    int st = store_read(store, &d, err);
    if (st == WS_OK) {
        printf("point,replicate");
        for (int j = 0; j < d.nparams; j++)
            printf(",p:%s", d.params[j]);
        for (int o = 0; o < d.noutputs; o++)
            printf(",%s", d.outputs[o]);
        printf("\n");
        for (int p = 0; p < d.npoints; p++) {
            for (int r = 0; r < d.replicates; r++) {
                const double *row = d.runs + ((long)p * d.replicates + r) * d.noutputs;
                int any = 0;
                for (int o = 0; o < d.noutputs; o++)
                    any |= !isnan(row[o]);
                if (!any)
                    continue;
                printf("%d,%d", p, r);
                for (int j = 0; j < d.nparams; j++)
                    printf(",%.17g", d.values[(long)p * d.nparams + j]);
                for (int o = 0; o < d.noutputs; o++)
                    printf(",%.17g", row[o]);
                printf("\n");
            }
        }
    }
    store_data_free(&d);
    return st;
}
