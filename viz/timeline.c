/* Viewer simulation timeline: runs through the public world API with monthly snapshots. */
#include "timeline.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "woonsim/figures.h"
#include "woonsim/stock.h"
#include "woonsim/world.h"

/* District (or area) figures from the world's indicators. */
static void fig_from_indicators(const double *v, double *f)
{
    f[VW_F_STANDING] = v[WS_I_DWELLINGS];
    f[VW_F_OWNER] = v[WS_I_OWNER];
    f[VW_F_SOCIAL] = v[WS_I_SOCIAL];
    f[VW_F_PRIVATE] = v[WS_I_PRIVATE];
    f[VW_F_OCCUPIED] = v[WS_I_DWELLINGS] - v[WS_I_VACANT];
    f[VW_F_VACANT] = v[WS_I_VACANT];
    f[VW_F_SUBSTANDARD] = v[WS_I_SUBSTANDARD];
    f[VW_F_POOR] = v[WS_I_ENERGY_POOR];
    f[VW_F_LABEL_B] = v[WS_I_LABEL_B_OR_BETTER];
    f[VW_F_RETRO_DONE] = v[WS_I_RETROFIT_COMPLETED];
    f[VW_F_PERMITS] = v[WS_I_PERMITS_ACTIVE];
    f[VW_F_ZONE_PRIVATE] = v[WS_I_PRIVATE_IN_ZONE];
    f[VW_F_LIVEABILITY] = v[WS_I_LIVEABILITY];
    f[VW_F_NET_ADDED] = v[WS_I_NET_ADDED];
    f[VW_F_ENERGY_COST] = v[WS_I_ENERGY_COST_EUR];
    f[VW_F_GAS] = v[WS_I_GAS_M3];
    f[VW_F_CO2] = v[WS_I_CO2_T];
    f[VW_F_PIPELINE] = v[WS_I_PIPELINE];
}

static int retro_class(int state)
{
    switch (state) {
    case WS_RETRO_OFFERED:
    case WS_RETRO_ADOPTED:
    case WS_RETRO_WAITING:
        return 1;
    case WS_RETRO_WORKS:
        return 2;
    case WS_RETRO_DONE:
        return 3;
    default:
        return 0;
    }
}

/* Neighbourhood figures of the world's current month into nf (nnbh x VW_NF). The
 * counts and the liveability come from the library (woonsim/figures.h), which counts
 * them by the rules of the CSV; cnt is scratch for nnbh neighbourhoods. */
static void snapshot_nbh(const vw_timeline *s, const ws_world *w, double *nf, ws_figures *cnt)
{
    const ws_liveability_params *lv = &s->sc->liveability;
    ws_figures_current(w, cnt); /* the running totals (ws_figures_track): no scan */
    for (int b = 0; b < s->nnbh; b++) {
        double *f = nf + (size_t)b * VW_NF;
        const ws_figures *c = &cnt[b];
        for (int k = VW_NF_NBH; k < VW_NF; k++)
            f[k] = NAN;
        f[VW_F_STANDING] = (double)c->standing;
        f[VW_F_OWNER] = (double)c->tenure[WS_TENURE_OWNER];
        f[VW_F_SOCIAL] = (double)c->tenure[WS_TENURE_SOCIAL];
        f[VW_F_PRIVATE] = (double)c->tenure[WS_TENURE_PRIVATE];
        f[VW_F_OCCUPIED] = (double)c->occupied;
        f[VW_F_VACANT] = (double)c->vacant;
        f[VW_F_SUBSTANDARD] = (double)c->substandard;
        f[VW_F_POOR] = (double)c->poor;
        f[VW_F_LABEL_B] = (double)c->label_b;
        f[VW_F_RETRO_DONE] = (double)c->retrofitted;
        f[VW_F_PERMITS] = (double)c->permits;
        f[VW_F_ZONE_PRIVATE] = (double)c->zone_private;
        f[VW_F_LIVEABILITY] = ws_figures_liveability(lv, c->standing, c->occupied,
                                                     c->substandard, c->poor, c->vacant);
    }
}

/* The dwelling dots of the world's current month into dots (ndw of them). */
static void snapshot_dots(const ws_world *w, uint8_t *dots, long ndw)
{
    const ws_stock *st = ws_world_stock(w);
    long n = st->n < ndw ? st->n : ndw;
    for (long i = 0; i < ndw; i++)
        dots[i] = VW_DOT_NONE;
    for (long i = 0; i < n; i++) {
        if (ws_stock_life(st, i) == WS_LIFE_BUILDING)
            dots[i] = VW_DOT_BUILDING;
        else if (ws_stock_life(st, i) == WS_LIFE_STANDING)
            dots[i] = (uint8_t)(ws_label_of_index(st->energy_index[i]) |
                                ws_stock_tenure(st, i) << 3 |
                                retro_class(st->retrofit[i]) << 5);
    }
}

/* Neighbourhood figures (run 1's slice) and dwelling dots of the world's current month;
 * cnt is scratch for nnbh neighbourhoods. */
static void snapshot_stock(vw_timeline *s, const ws_world *w, int t, ws_figures *cnt)
{
    snapshot_nbh(s, w, s->nbh + (size_t)t * s->nnbh * VW_NF, cnt);
    snapshot_dots(w, s->dots + (size_t)t * s->ndw, s->ndw);
}

/* The dwellings' positions (RD New) from the stock's end state into pos (ndw x 2; NaN
 * past the stock's dwellings): positions are fixed when a dwelling is added, so the end
 * state has them all. */
static void stock_positions(const ws_stock *st, float *pos, long ndw)
{
    for (long i = 0; i < ndw; i++) {
        double x = NAN, y = NAN;
        if (i < st->n)
            ws_stock_position(st, i, &x, &y);
        pos[2 * i] = (float)x;
        pos[2 * i + 1] = (float)y;
    }
}

/* Where district names go: the area-weighted centroids of their neighbourhoods (NaN
 * for a district without polygons). Returns WS_OK or WS_ENOMEM. */
static int label_positions(vw_timeline *s)
{
    const ws_map *map = s->map;
    s->label_xy = calloc((size_t)s->nd * 2 + 2, sizeof *s->label_xy);
    double *wsum = calloc((size_t)s->nd + 1, sizeof *wsum);
    if (!s->label_xy || !wsum) {
        free(wsum);
        return WS_ENOMEM;
    }
    for (int a = 0; a < map->nareas; a++) {
        int d = s->district_of_area[a];
        if (d < 0)
            continue;
        double cx, cy;
        double wgt = ws_map_centroid(&map->areas[a], &cx, &cy) + 1e-9;
        s->label_xy[2 * d] += cx * wgt;
        s->label_xy[2 * d + 1] += cy * wgt;
        wsum[d] += wgt;
    }
    for (int d = 0; d < s->nd; d++) {
        if (wsum[d] > 0) {
            s->label_xy[2 * d] /= wsum[d];
            s->label_xy[2 * d + 1] /= wsum[d];
        } else {
            s->label_xy[2 * d] = s->label_xy[2 * d + 1] = NAN;
        }
    }
    free(wsum);
    return WS_OK;
}

/* Edges of all neighbourhood polygons, each marked as a district border unless the
 * same edge (either direction) belongs to another area of the same district. */
typedef struct {
    double ax, ay, bx, by; /* endpoints in canonical order */
    int district, area;
} edge_key;

static int cmp_edge(const void *pa, const void *pb)
{
    const edge_key *a = pa, *b = pb;
    double d[4] = {a->ax - b->ax, a->ay - b->ay, a->bx - b->bx, a->by - b->by};
    for (int k = 0; k < 4; k++)
        if (fabs(d[k]) > 0.01)
            return d[k] < 0 ? -1 : 1;
    return 0;
}

/* The map's edges (above), then where the district names go. Returns WS_OK or
 * WS_ENOMEM. */
static int build_geometry(vw_timeline *s)
{
    const ws_map *map = s->map;
    long ne = 0;
    for (int a = 0; a < map->nareas; a++)
        ne += map->areas[a].ring_start[map->areas[a].nrings];
    edge_key *k = ne ? malloc((size_t)ne * sizeof *k) : NULL;
    s->edges = ne ? malloc((size_t)ne * sizeof *s->edges) : NULL;
    if (ne && (!k || !s->edges)) {
        free(k);
        return WS_ENOMEM;
    }
    long n = 0;
    for (int a = 0; a < map->nareas; a++) {
        const ws_map_area *ar = &map->areas[a];
        if (s->district_of_area[a] < 0)
            continue;
        for (int r = 0; r < ar->nrings; r++) {
            int p0 = ar->ring_start[r], p1 = ar->ring_start[r + 1];
            for (int i = p0; i < p1; i++) {
                ws_point p = ar->points[i], q = ar->points[i + 1 < p1 ? i + 1 : p0];
                if (p.x > q.x || (p.x == q.x && p.y > q.y)) {
                    ws_point t = p;
                    p = q;
                    q = t;
                }
                k[n++] = (edge_key){p.x, p.y, q.x, q.y, s->district_of_area[a], a};
            }
        }
    }
    qsort(k, (size_t)n, sizeof *k, cmp_edge);
    s->nedges = 0;
    for (long i = 0; i < n;) {
        long j = i + 1;
        while (j < n && cmp_edge(&k[i], &k[j]) == 0)
            j++;
        int border = j - i < 2 || k[i].district != k[i + 1].district;
        s->edges[s->nedges++] = (vw_edge){k[i].ax, k[i].ay, k[i].bx, k[i].by, border};
        i = j;
    }
    free(k);
    return label_positions(s);
}

/* Which polygon of the map each neighbourhood is, and which district each polygon
 * belongs to (-1: not in the scenario). Returns WS_OK or WS_ENOMEM. */
static int map_areas(vw_timeline *s)
{
    const ws_scenario *sc = s->sc;
    s->area_of_nbh = malloc((size_t)s->nnbh * sizeof *s->area_of_nbh);
    s->district_of_area = malloc(((size_t)s->map->nareas + 1) * sizeof *s->district_of_area);
    if (!s->area_of_nbh || !s->district_of_area)
        return WS_ENOMEM;
    for (int a = 0; a < s->map->nareas; a++)
        s->district_of_area[a] = -1;
    for (int b = 0; b < s->nnbh; b++) {
        int a = ws_map_find(s->map, sc->nbh[b].id);
        s->area_of_nbh[b] = a;
        if (a >= 0)
            s->district_of_area[a] = sc->nbh[b].district;
    }
    return WS_OK;
}

/* Run 1, step by step in this thread: the figures of every month, the neighbourhoods'
 * and the dwellings' state, and the dwellings' positions. Allocates the timeline's
 * arrays (fig for every run). Returns WS_OK, or an error status with err set. */
static int record_first_run(vw_timeline *s, ws_error *err)
{
    const ws_scenario *sc = s->sc;
    ws_figures *cnt = malloc(((size_t)s->nnbh + 1) * sizeof *cnt);
    if (!cnt)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    ws_world *w = ws_world_alloc(sc, 1, err);
    if (!w) {
        free(cnt);
        return WS_ENOMEM; /* the world's only failure */
    }
    ws_figures_track(w); /* on WS_ENOMEM the figures are counted instead */
    const ws_stock *st = ws_world_stock(w);
    s->ndw = st->cap;
    size_t T = (size_t)s->months, D = (size_t)s->nd + 1;
    s->fig = malloc((size_t)s->runs * T * D * VW_NF * sizeof *s->fig);
    s->nbh = malloc((size_t)s->runs * T * (size_t)s->nnbh * VW_NF * sizeof *s->nbh);
    s->dots = malloc(T * (size_t)(s->ndw ? s->ndw : 1));
    s->pos = malloc((size_t)(s->ndw ? s->ndw : 1) * 2 * sizeof *s->pos);
    int rc = s->fig && s->nbh && s->dots && s->pos
                 ? WS_OK
                 : ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int t = 0; rc == WS_OK && t < s->months; t++) {
        rc = ws_world_step(w);
        if (rc != WS_OK) {
            ws_error_set(err, rc, "%s: simulation stopped at month %d", sc->path, t + 1);
            break;
        }
        for (int d = 0; d <= s->nd; d++)
            fig_from_indicators(ws_world_indicators(w, d),
                                s->fig + ((size_t)t * D + (size_t)d) * VW_NF);
        snapshot_stock(s, w, t, cnt);
    }
    if (rc == WS_OK)
        stock_positions(st, s->pos, s->ndw);
    ws_world_free(w);
    free(cnt);
    return rc;
}

/* The runs after the first, shared out over worker threads: each run writes only its
 * own slices of fig and nbh, so the result does not depend on the number of threads. */
typedef struct {
    vw_timeline *s;
    const ws_base *base;
    pthread_mutex_t lock;
    int next;   /* the next run index (1-based slices: run r+1 is slice r) */
    int status; /* the first failure */
    ws_error err;
    const atomic_int *cancel; /* NULL, or set by a newer lever change: stop */
} run_queue;

/* Steps run r + 1 (slice r) through every month, recording its figures. */
static int record_run(vw_timeline *s, const ws_base *base, int r, ws_figures *cnt,
                      ws_error *err)
{
    ws_world *w = ws_world_alloc_from(base, r + 1, err);
    if (!w)
        return err->status ? err->status : WS_ENOMEM;
    ws_figures_track(w); /* on WS_ENOMEM the figures are counted instead */
    size_t T = (size_t)s->months, D = (size_t)s->nd + 1, B = (size_t)s->nnbh;
    int rc = WS_OK;
    for (int t = 0; t < s->months; t++) {
        rc = ws_world_step(w);
        if (rc != WS_OK) {
            ws_error_set(err, rc, "%s: run %d stopped at month %d", s->sc->path, r + 1, t + 1);
            break;
        }
        for (int d = 0; d <= s->nd; d++)
            fig_from_indicators(ws_world_indicators(w, d),
                                s->fig + (((size_t)r * T + (size_t)t) * D + (size_t)d) * VW_NF);
        snapshot_nbh(s, w, s->nbh + ((size_t)r * T + (size_t)t) * B * VW_NF, cnt);
    }
    ws_world_free(w);
    return rc;
}

static void *run_worker(void *arg)
{
    run_queue *q = arg;
    ws_figures *cnt = malloc(((size_t)q->s->nnbh + 1) * sizeof *cnt);
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int r = q->status == WS_OK && cnt ? q->next++ : q->s->runs;
        if (!cnt && q->status == WS_OK)
            q->status = ws_error_set(&q->err, WS_ENOMEM, "out of memory");
        if (q->cancel && atomic_load(q->cancel) && q->status == WS_OK) {
            q->status = ws_error_set(&q->err, WS_ERUNTIME, "cancelled");
            r = q->s->runs;
        }
        pthread_mutex_unlock(&q->lock);
        if (r >= q->s->runs)
            break;
        ws_error e = {0};
        int rc = record_run(q->s, q->base, r, cnt, &e);
        if (rc != WS_OK) {
            pthread_mutex_lock(&q->lock);
            if (q->status == WS_OK) {
                q->status = rc;
                q->err = e;
            }
            pthread_mutex_unlock(&q->lock);
        }
    }
    free(cnt);
    return NULL;
}

/* Runs 2..runs on up to jobs threads (the calling thread is one of them). Returns WS_OK
 * or the first failure with err set. */
static int record_other_runs(vw_timeline *s, int jobs, const atomic_int *cancel,
                             ws_error *err)
{
    ws_base *base = ws_base_alloc(s->sc, err);
    if (!base)
        return err->status ? err->status : WS_ENOMEM;
    run_queue q = {s, base, PTHREAD_MUTEX_INITIALIZER, 1, WS_OK, {0}, cancel};
    int nt = jobs < 1 ? 1 : jobs > 64 ? 64 : jobs;
    if (nt > s->runs - 1)
        nt = s->runs - 1;
    pthread_t th[64];
    int started = 0;
    for (int k = 1; k < nt; k++)
        if (pthread_create(&th[started], NULL, run_worker, &q) == 0)
            started++;
    run_worker(&q);
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&q.lock);
    ws_base_free(base);
    if (q.status != WS_OK && err)
        *err = q.err;
    return q.status;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

int vw_timeline_median_run(const vw_timeline *s)
{
    if (s->runs < 2)
        return 0;
    int R = s->runs;
    double *x = malloc((size_t)R * 2 * sizeof *x), *dist = calloc((size_t)R, sizeof *dist);
    if (!x || !dist) {
        free(x);
        free(dist);
        return 0;
    }
    double *sorted = x + R;
    for (int t = 0; t < s->months; t++)
        for (int f = 0; f < VW_NF; f++) {
            int finite = 1;
            for (int r = 0; r < R; r++) {
                x[r] = sorted[r] = vw_timeline_fig(s, r, t, s->nd)[f];
                finite = finite && isfinite(x[r]);
            }
            if (!finite)
                continue;
            qsort(sorted, (size_t)R, sizeof *sorted, cmp_double);
            double med = R % 2 ? sorted[R / 2] : (sorted[R / 2 - 1] + sorted[R / 2]) / 2;
            double mad = 0; /* mean absolute deviation: each figure counts alike */
            for (int r = 0; r < R; r++)
                mad += fabs(x[r] - med);
            mad /= R;
            if (!(mad > 0))
                continue;
            for (int r = 0; r < R; r++)
                dist[r] += (x[r] - med) * (x[r] - med) / (mad * mad);
        }
    int best = 0;
    for (int r = 1; r < R; r++)
        if (dist[r] < dist[best])
            best = r;
    free(x);
    free(dist);
    return best;
}

/* Steps run r (0-based) again in this thread for its dwelling dots and positions, which
 * replace run 1's (its figures are already recorded). Returns WS_OK or the failure
 * (out of memory), with err set; then the timeline is unchanged. */
static int record_dots_of(vw_timeline *s, int r, ws_error *err)
{
    ws_world *w = ws_world_alloc(s->sc, r + 1, err);
    if (!w)
        return err->status ? err->status : WS_ENOMEM;
    long ndw = ws_world_stock(w)->cap;
    uint8_t *dots = malloc((size_t)s->months * (size_t)(ndw ? ndw : 1));
    float *pos = malloc((size_t)(ndw ? ndw : 1) * 2 * sizeof *pos);
    int rc = dots && pos ? WS_OK : ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int t = 0; rc == WS_OK && t < s->months; t++) {
        rc = ws_world_step(w);
        if (rc != WS_OK)
            ws_error_set(err, rc, "%s: run %d stopped at month %d", s->sc->path, r + 1, t + 1);
        else
            snapshot_dots(w, dots + (size_t)t * (size_t)ndw, ndw);
    }
    if (rc == WS_OK) {
        stock_positions(ws_world_stock(w), pos, ndw);
        free(s->dots);
        free(s->pos);
        s->dots = dots;
        s->pos = pos;
        s->ndw = ndw;
        s->dots_run = r;
    } else {
        free(dots);
        free(pos);
    }
    ws_world_free(w);
    return rc;
}

vw_timeline *vw_timeline_alloc(ws_scenario *sc, int runs, int jobs, ws_error *err)
{
    return vw_timeline_alloc_cancel(sc, runs, jobs, NULL, err);
}

vw_timeline *vw_timeline_alloc_cancel(ws_scenario *sc, int runs, int jobs,
                                      const atomic_int *cancel, ws_error *err)
{
    return vw_timeline_alloc_opt(sc, runs, jobs, cancel, 1, err);
}

int vw_timeline_median_dots(vw_timeline *s, ws_error *err)
{
    int mr = vw_timeline_median_run(s);
    return mr == s->dots_run ? WS_OK : record_dots_of(s, mr, err);
}

vw_timeline *vw_timeline_alloc_opt(ws_scenario *sc, int runs, int jobs,
                                   const atomic_int *cancel, int median_dots, ws_error *err)
{
    vw_timeline *s = calloc(1, sizeof *s);
    if (!s) {
        ws_scenario_free(sc);
        ws_error_set(err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    s->sc = sc;
    s->map = sc->map;
    if (!s->map) {
        ws_error_set(err, WS_ERUNTIME, "%s: the scenario has no map to draw", sc->path);
        goto fail;
    }
    s->runs = runs < 1 ? 1 : runs;
    s->nd = sc->ndistricts;
    s->nnbh = sc->nnbh;
    s->start = sc->start;
    s->end = sc->end;
    s->months = ws_scenario_months(sc);
    s->tmp = malloc((size_t)s->runs * sizeof *s->tmp);
    if (!s->tmp || map_areas(s) != WS_OK || build_geometry(s) != WS_OK)
        goto nomem;
    if (record_first_run(s, err) != WS_OK)
        goto fail;
    if (cancel && atomic_load(cancel)) {
        ws_error_set(err, WS_ERUNTIME, "cancelled");
        goto fail;
    }
    if (s->runs > 1 && record_other_runs(s, jobs, cancel, err) != WS_OK)
        goto fail;
    /* the dots of one run, the most typical: the one closest to the median */
    if (median_dots && !(cancel && atomic_load(cancel)) &&
        vw_timeline_median_dots(s, err) != WS_OK)
        goto fail;
    return s;
nomem:
    ws_error_set(err, WS_ENOMEM, "out of memory");
fail:
    vw_timeline_free(s);
    return NULL;
}

void vw_timeline_free(vw_timeline *s)
{
    if (!s)
        return;
    ws_scenario_free(s->sc);
    free(s->fig);
    free(s->nbh);
    free(s->dots);
    free(s->pos);
    free(s->area_of_nbh);
    free(s->district_of_area);
    free(s->label_xy);
    free(s->edges);
    free(s->tmp);
    free(s);
}

int vw_timeline_index(const vw_timeline *s, ws_month m)
{
    int t = m - s->start;
    return t < 0 ? 0 : t >= s->months ? s->months - 1 : t;
}

int vw_timeline_covers(const vw_timeline *s, ws_month m)
{
    return m >= s->start && m - s->start < s->months;
}

const double *vw_timeline_fig(const vw_timeline *s, int r, int t, int d)
{
    size_t D = (size_t)s->nd + 1;
    return s->fig + (((size_t)r * (size_t)s->months + (size_t)t) * D + (size_t)d) * VW_NF;
}

const double *vw_timeline_nbh(const vw_timeline *s, int t, int b)
{
    return vw_timeline_nbh_run(s, 0, t, b);
}

const double *vw_timeline_nbh_run(const vw_timeline *s, int r, int t, int b)
{
    size_t T = (size_t)s->months, B = (size_t)s->nnbh;
    return s->nbh + (((size_t)r * T + (size_t)t) * B + (size_t)b) * VW_NF;
}
