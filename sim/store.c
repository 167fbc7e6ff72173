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

static int sql_fail(sqlite3 *db, ws_error *err, const char *what)
{
    return ws_error_set(err, WS_EIO, "%s: %s", what, db ? sqlite3_errmsg(db) : "cannot open");
}

static int exec(sqlite3 *db, const char *sql, ws_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return WS_OK;
    int st = ws_error_set(err, WS_EIO, "sqlite: %s", msg ? msg : "error");
    sqlite3_free(msg);
    return st;
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
    char buf[64];
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
    (void)buf;
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

/* Simulates run id of the sweep, writing its outputs; returns a status. */
static int simulate(const ws_sweep *sw, int id, double *out, unsigned long *seed, ws_error *err)
{
    int p = id / sw->replicates, rep = id % sw->replicates;
    char buf[WS_SWEEP_MAX_PARAMS * 600];
    const char *sets[WS_SWEEP_MAX_PARAMS];
    int n = ws_sweep_point_sets(sw, p, buf, sizeof buf, sets);
    ws_scenario *sc = ws_scenario_load(sw->scenario, sets, n, err);
    if (!sc)
        return err->status;
    *seed = sc->seed;
    int dist[WS_SWEEP_MAX_OUTPUTS];
    for (int o = 0; o < sw->noutputs; o++) {
        int d = ws_scenario_district(sc, sw->outputs[o].district);
        dist[o] = d < 0 ? sc->ndistricts : d;
        out[o] = NAN;
    }
    ws_world *w = ws_world_alloc(sc, rep + 1, err);
    int st = w ? WS_OK : err->status;
    while (w && !ws_world_done(w)) {
        if ((st = ws_world_step(w)) != WS_OK)
            break;
        for (int o = 0; o < sw->noutputs; o++)
            if (sw->outputs[o].at == ws_world_month(w))
                out[o] = ws_world_indicators(w, dist[o])[sw->outputs[o].indicator];
    }
    ws_world_free(w);
    ws_scenario_free(sc);
    return st;
}

static void *sweep_worker(void *arg)
{
    sweep_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int k = q->stop ? q->ntodo : q->next++;
        pthread_mutex_unlock(&q->lock);
        if (k >= q->ntodo)
            return NULL;
        int st = simulate(q->sw, q->todo[k], q->values + (long)k * q->sw->noutputs,
                          &q->seeds[k], &q->errors[k]);
        pthread_mutex_lock(&q->lock);
        q->status[k] = st;
        q->done[q->ndone++] = k;
        pthread_cond_signal(&q->cond);
        pthread_mutex_unlock(&q->lock);
    }
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
    if (open_db(opt->out, 1, &db, err) != WS_OK)
        return err->status;
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
            return st;
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
