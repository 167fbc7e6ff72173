/* Viewer lever panel: sliders, the worker thread that re-simulates, the baseline line. */
#include "levers.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "canvas.h"
#include "gml.h"
#include "ind.h"
#include "theme.h"

struct vw_levers {
    ws_levers *def;            /* owned */
    vw_levers_opts o;
    double *x;                 /* slider positions, n (main thread) */
    char (*text)[WS_LEVER_TEXT]; /* their value texts, n (main thread) */
    SDL_Rect box, *track;      /* where the panel and each slider were drawn */
    int shown, drag;           /* drag: the lever being dragged, or -1 */
    vw_timeline *baseline;     /* the loaded scenario's timeline, owned unless shown */
    double *series;            /* scratch for the baseline line, months */
    /* shared with the worker, under mu */
    SDL_Thread *thread;
    SDL_mutex *mu;
    SDL_cond *cv;
    char (*req)[WS_LEVER_TEXT]; /* the values asked for */
    int req_gen, taken_gen, quit;
    atomic_int cancel;         /* set when a newer request makes the running one moot */
    vw_timeline *ready;        /* a finished computation not yet in the view */
    int ready_gen;
    double ready_ms;
    char failed[600];          /* the last computation's error, or "" */
    /* main thread */
    int shown_gen;
    double shown_ms;
};

static Uint32 event_type = (Uint32)-1;

Uint32 vw_levers_event(void)
{
    return event_type;
}

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

/* Simulates the scenario with the given lever values (those that differ from the
 * scenario's, each as --set after the command line's): the timeline, or NULL with err
 * set ("cancelled" when *cancel was set meanwhile). */
static vw_timeline *compute(const vw_levers *lv, char (*values)[WS_LEVER_TEXT],
                            const atomic_int *cancel, ws_error *err)
{
    const ws_levers *d = lv->def;
    int nsets = lv->o.nsets;
    const char **sets = calloc((size_t)(nsets + d->n + 1), sizeof *sets);
    char (*buf)[WS_LEVER_TEXT + 520] = calloc((size_t)d->n + 1, sizeof *buf);
    vw_timeline *tl = NULL;
    if (!sets || !buf) {
        ws_error_set(err, WS_ENOMEM, "out of memory");
        goto done;
    }
    for (int i = 0; i < lv->o.nsets; i++)
        sets[i] = lv->o.sets[i];
    for (int k = 0; k < d->n; k++) {
        if (strcmp(values[k], d->lever[k].base) == 0)
            continue;
        if (ws_lever_set(&d->lever[k], values[k], buf[k], sizeof buf[k]) != WS_OK) {
            ws_error_set(err, WS_EINPUT, "lever '%s': value too long", d->lever[k].name);
            goto done;
        }
        sets[nsets++] = buf[k];
    }
    ws_scenario *sc = ws_scenario_load(lv->o.path, sets, nsets, err);
    if (sc && vw_map_prepare(sc, lv->o.gml, lv->o.gml_id, err) != WS_OK) {
        ws_scenario_free(sc);
        sc = NULL;
    }
    if (sc)
        tl = vw_timeline_alloc_opt(sc, lv->o.runs, lv->o.jobs, cancel, 0, err); /* see show */
done:
    free(sets);
    free(buf);
    return tl;
}

/* The worker: takes the newest request, computes it, offers the result. */
static int worker(void *arg)
{
    vw_levers *lv = arg;
    int n = lv->def->n;
    char (*values)[WS_LEVER_TEXT] = calloc((size_t)n + 1, sizeof *values);
    SDL_LockMutex(lv->mu);
    while (values && !lv->quit) {
        if (lv->req_gen == lv->taken_gen) {
            SDL_CondWait(lv->cv, lv->mu);
            continue;
        }
        int gen = lv->taken_gen = lv->req_gen;
        memcpy(values, lv->req, (size_t)n * sizeof *values);
        atomic_store(&lv->cancel, 0);
        SDL_UnlockMutex(lv->mu);
        double t0 = now_ms();
        ws_error err = {0, ""};
        vw_timeline *tl = compute(lv, values, &lv->cancel, &err);
        SDL_LockMutex(lv->mu);
        if (gen == lv->req_gen) { /* else a newer request is waiting: drop this one */
            vw_timeline_free(lv->ready);
            lv->ready = tl;
            lv->ready_gen = gen;
            lv->ready_ms = now_ms() - t0;
            snprintf(lv->failed, sizeof lv->failed, "%s", tl ? "" : err.msg);
            if (!tl)
                lv->ready_gen = -gen; /* a failure, reported by poll */
            if (event_type != (Uint32)-1) {
                SDL_Event e = {0};
                e.type = event_type;
                SDL_PushEvent(&e);
            }
        } else {
            vw_timeline_free(tl);
        }
    }
    SDL_UnlockMutex(lv->mu);
    free(values);
    return 0;
}

static void free_panel(vw_levers *lv)
{
    if (lv->thread) {
        SDL_LockMutex(lv->mu);
        lv->quit = 1;
        atomic_store(&lv->cancel, 1);
        SDL_CondSignal(lv->cv);
        SDL_UnlockMutex(lv->mu);
        SDL_WaitThread(lv->thread, NULL);
    }
    if (lv->cv)
        SDL_DestroyCond(lv->cv);
    if (lv->mu)
        SDL_DestroyMutex(lv->mu);
    vw_timeline_free(lv->ready);
    ws_levers_free(lv->def);
    free(lv->x);
    free(lv->text);
    free(lv->req);
    free(lv->track);
    free(lv->series);
    free(lv);
}

/* The panel's arrays, positions at the scenario's values, and the worker. */
static int start_panel(vw_levers *lv, ws_error *err)
{
    size_t n = (size_t)lv->def->n + 1;
    lv->x = calloc(n, sizeof *lv->x);
    lv->text = calloc(n, sizeof *lv->text);
    lv->req = calloc(n, sizeof *lv->req);
    lv->track = calloc(n, sizeof *lv->track);
    lv->series = calloc((size_t)lv->baseline->months + 1, sizeof *lv->series);
    lv->mu = SDL_CreateMutex();
    lv->cv = SDL_CreateCond();
    if (!lv->x || !lv->text || !lv->req || !lv->track || !lv->series || !lv->mu || !lv->cv)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int k = 0; k < lv->def->n; k++) {
        lv->x[k] = lv->def->lever[k].base_x;
        snprintf(lv->text[k], WS_LEVER_TEXT, "%s", lv->def->lever[k].base);
    }
    if (event_type == (Uint32)-1)
        event_type = SDL_RegisterEvents(1);
    lv->thread = SDL_CreateThread(worker, "levers", lv);
    if (!lv->thread)
        return ws_error_set(err, WS_ERUNTIME, "cannot start a thread: %s", SDL_GetError());
    return WS_OK;
}

int vw_levers_attach(vw_view *v, const vw_levers_opts *o, int shown, ws_error *err)
{
    vw_levers *lv = calloc(1, sizeof *lv);
    if (!lv)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    lv->o = *o;
    lv->shown = shown;
    lv->drag = -1;
    lv->baseline = v->sim[0];
    lv->def = ws_levers_load(o->path, err);
    int rc = lv->def ? start_panel(lv, err) : err->status;
    if (rc != WS_OK) {
        free_panel(lv);
        return rc;
    }
    v->levers = lv;
    return WS_OK;
}

void vw_levers_detach(vw_view *v)
{
    vw_levers *lv = v->levers;
    if (!lv)
        return;
    if (lv->baseline != v->sim[0])
        vw_timeline_free(lv->baseline);
    free_panel(lv);
    v->levers = NULL;
}

/* Asks the worker for the current values (a newer request cancels the running one). */
static void request(vw_levers *lv)
{
    SDL_LockMutex(lv->mu);
    memcpy(lv->req, lv->text, (size_t)lv->def->n * sizeof *lv->req);
    lv->req_gen++;
    atomic_store(&lv->cancel, 1);
    SDL_CondSignal(lv->cv);
    SDL_UnlockMutex(lv->mu);
}

void vw_levers_move(vw_view *v, int k, double x)
{
    vw_levers *lv = v->levers;
    if (!lv || k < 0 || k >= lv->def->n)
        return;
    char t[WS_LEVER_TEXT];
    ws_lever_text(&lv->def->lever[k], x, t, sizeof t);
    lv->x[k] = ws_lever_position(&lv->def->lever[k], t);
    if (strcmp(t, lv->text[k]) == 0)
        return;
    snprintf(lv->text[k], WS_LEVER_TEXT, "%s", t);
    request(lv);
}

int vw_levers_set_text(vw_view *v, const char *name, const char *value, ws_error *err)
{
    vw_levers *lv = v->levers;
    for (int k = 0; lv && k < lv->def->n; k++) {
        const ws_lever *l = &lv->def->lever[k];
        if (strcmp(l->name, name) != 0)
            continue;
        double x = ws_lever_position(l, value);
        char t[WS_LEVER_TEXT];
        ws_lever_text(l, x, t, sizeof t);
        if (isnan(x) || x < 0 || (l->nvalues == 0 && strtod(t, NULL) != x))
            return ws_error_set(err, WS_EINPUT,
                                "--lever %s=%s: not a value of the lever (%s)", name, value,
                                l->nvalues ? "see its values" : "min, max and step");
        lv->x[k] = x;
        snprintf(lv->text[k], WS_LEVER_TEXT, "%s", t);
        return WS_OK;
    }
    return ws_error_set(err, WS_EINPUT, "--lever %s: the scenario has no such lever", name);
}

/* Puts timeline tl into the view in place of what it shows. */
static void show(vw_view *v, vw_timeline *tl)
{
    vw_levers *lv = v->levers;
    const vw_timeline *b = lv->baseline;
    if (tl->months != b->months || tl->runs != b->runs || tl->nnbh != b->nnbh) {
        snprintf(v->status, sizeof v->status, "levers: the changed scenario has another "
                                              "range or area; not shown");
        vw_timeline_free(tl);
        return;
    }
    ws_error err = {0, ""};
    if (v->dots != VW_DOTS_OFF && vw_timeline_median_dots(tl, &err) != WS_OK)
        snprintf(v->status, sizeof v->status, "%s", err.msg); /* run 1's dots stay */
    if (v->sim[0] != lv->baseline)
        vw_timeline_free(v->sim[0]);
    v->sim[0] = tl;
    if (v->diff)
        v->range_ind = -1; /* the differences' scale is the new result's */
}

const vw_timeline *vw_levers_reference(const vw_view *v)
{
    return v->levers && v->nsim == 1 ? v->levers->baseline : NULL;
}

void vw_levers_caption(const vw_view *v, char *buf, size_t n)
{
    /* short, so that it fits over the map: the panel beside it says which levers moved */
    snprintf(buf, n, "%s", v->lang == VW_LANG_NL ? "Met hefbomen \xe2\x88\x92 basis"
                                                 : "With levers \xe2\x88\x92 baseline");
}

int vw_levers_apply(vw_view *v, ws_error *err)
{
    vw_levers *lv = v->levers;
    if (!lv)
        return WS_OK;
    vw_timeline *tl = compute(lv, lv->text, NULL, err);
    if (!tl)
        return err->status;
    show(v, tl);
    return WS_OK;
}

int vw_levers_poll(vw_view *v)
{
    vw_levers *lv = v->levers;
    if (!lv)
        return 0;
    SDL_LockMutex(lv->mu);
    vw_timeline *tl = lv->ready;
    int gen = lv->ready_gen;
    double ms = lv->ready_ms;
    lv->ready = NULL;
    lv->ready_gen = 0;
    if (gen < 0 && lv->failed[0])
        snprintf(v->status, sizeof v->status, "%s", lv->failed);
    SDL_UnlockMutex(lv->mu);
    if (gen == 0)
        return 0;
    lv->shown_gen = gen < 0 ? -gen : gen; /* done, shown or failed */
    if (tl) {
        show(v, tl);
        lv->shown_ms = ms;
    }
    return 1;
}

int vw_levers_wait(vw_view *v, int ms)
{
    vw_levers *lv = v->levers;
    double end = now_ms() + ms;
    while (lv) {
        vw_levers_poll(v);
        SDL_LockMutex(lv->mu);
        int want = lv->req_gen;
        SDL_UnlockMutex(lv->mu);
        if (lv->shown_gen == want)
            return 1;
        if (now_ms() > end)
            return 0;
        SDL_Delay(1);
    }
    return 0;
}

int vw_levers_save(vw_view *v, const char *path, ws_error *err)
{
    vw_levers *lv = v->levers;
    if (!lv)
        return ws_error_set(err, WS_EINPUT, "the scenario has no levers");
    char name[160], file[64];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(file, sizeof file, "levers-%Y%m%d-%H%M%S.xml", &tm);
    const char *out = path ? path : file;
    snprintf(name, sizeof name, "%.100s (levers)", lv->baseline->sc->name);
    const char **values = calloc((size_t)lv->def->n + 1, sizeof *values);
    if (!values)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (int k = 0; k < lv->def->n; k++)
        values[k] = lv->text[k];
    int rc = ws_levers_save(lv->def, values, name, out, err);
    free(values);
    if (rc == WS_OK)
        snprintf(v->status, sizeof v->status, "%s %s",
                 v->lang == VW_LANG_NL ? "scenario opgeslagen:" : "scenario saved:", out);
    return rc;
}

/* ---------------------------------------------------------------- drawing */

/* Where position x lies on lever k's track, 0..1. */
static double fraction(const ws_lever *l, double x)
{
    if (l->nvalues > 0)
        return l->nvalues > 1 ? x / (l->nvalues - 1) : 0.5;
    return l->max > l->min ? (x - l->min) / (l->max - l->min) : 0.5;
}

/* One slider: label, value and unit, the track with the scenario's value marked. */
static void draw_slider(vw_view *v, SDL_Surface *s, int k, int x, int y, int w, double u)
{
    vw_levers *lv = v->levers;
    const ws_lever *l = &lv->def->lever[k];
    int px = vw_ts(u, VW_TS_BODY);
    const char *label = v->lang == VW_LANG_NL ? l->label_nl : l->label_en;
    vw_text_draw(v->text, s, x, y, VW_FONT_REGULAR, px, VW_INK, VW_AL_TOP,
                 label[0] ? label : l->name);
    char val[WS_LEVER_TEXT + 40];
    double num = strtod(lv->text[k], NULL);
    if (l->nvalues == 0 && fabs(num) >= 10000)
        vw_format_number(v->lang, num, 0, val, sizeof val);
    else
        snprintf(val, sizeof val, "%s", lv->text[k]);
    if (l->unit[0])
        snprintf(val + strlen(val), sizeof val - strlen(val), " %s", l->unit);
    int changed = strcmp(lv->text[k], l->base) != 0;
    vw_text_draw(v->text, s, x + w, y, changed ? VW_FONT_BOLD : VW_FONT_REGULAR, px,
                 changed ? 0x1f5fa8u : VW_MUTED, VW_AL_TOP | VW_AL_RIGHT, val);
    int ty = y + px + vw_px(u, 10), th = vw_px(u, 4) > 3 ? vw_px(u, 4) : 3;
    vw_cv_rect(s, x, ty, w, th, VW_GRID);
    double fb = fraction(l, l->base_x), fx = fraction(l, lv->x[k]);
    vw_cv_rect(s, x + (int)lround(fb * w) - 1, ty - vw_px(u, 4), 2, th + 2 * vw_px(u, 4) - 4,
               VW_MUTED);
    double r = fmax(5, 7 * u);
    vw_cv_disc(s, x + fx * w, ty + th / 2.0, r, 0xffffffu, 255);
    vw_cv_disc(s, x + fx * w, ty + th / 2.0, r - 1.5, k == lv->drag ? 0x1f5fa8u : 0x3a7bd5u,
               255);
    lv->track[k] = (SDL_Rect){x, ty - (int)r, w, th + 2 * (int)r};
}

/* The panel's width and its margin (the column it takes from the map is w + 2 pad). */
static int panel_width(double u, int *pad)
{
    *pad = vw_px(u, 12);
    return vw_px(u, 340);
}

void vw_levers_layout(const vw_view *v, double u, SDL_Rect *map)
{
    if (!v->levers || !v->levers->shown)
        return;
    int pad, w = panel_width(u, &pad);
    int take = w + 2 * pad;
    if (take > map->w / 2) /* a narrow window: the map keeps half, the panel overlaps */
        take = map->w / 2;
    map->x += take;
    map->w -= take;
}

void vw_levers_extend(vw_view *v, const char *id, double *lo, double *hi)
{
    vw_levers *lv = v->levers;
    if (!lv || v->sim[0] == lv->baseline)
        return;
    const vw_timeline *b = lv->baseline;
    int d = id ? ws_scenario_district(b->sc, id) : b->nd;
    if (d < 0)
        return;
    vw_series(b, v->ind, v->rel, d, v->run, lv->series);
    for (int t = 0; t < b->months; t++) {
        if (isfinite(lv->series[t])) {
            *lo = fmin(*lo, lv->series[t]);
            *hi = fmax(*hi, lv->series[t]);
        }
    }
}

void vw_levers_draw(vw_view *v, SDL_Surface *s, const vw_layout *L)
{
    vw_levers *lv = v->levers;
    if (!lv || !lv->shown)
        return;
    double u = L->u;
    int pad, w = panel_width(u, &pad);
    int n = lv->def->n, row = vw_px(u, 44);
    int tpx = vw_ts(u, VW_TS_LEAD), spx = vw_ts(u, VW_TS_SMALL);
    int h = pad * 2 + tpx + spx + vw_px(u, 14) + (n ? n : 1) * row;
    /* in the column vw_levers_layout took from the first panel's map, at its top */
    lv->box = (SDL_Rect){L->panel[0].x + pad, L->map[0].y + pad, w, h};
    SDL_SetClipRect(s, &lv->box);
    vw_cv_rect(s, lv->box.x, lv->box.y, w, h, VW_PANEL);
    vw_cv_frame(s, lv->box.x, lv->box.y, w, h, 1, VW_FRAME);
    int x = lv->box.x + pad, y = lv->box.y + pad, iw = w - 2 * pad;
    int nl = v->lang == VW_LANG_NL;
    vw_text_draw(v->text, s, x, y, VW_FONT_BOLD, tpx, VW_INK, VW_AL_TOP,
                 nl ? "Hefbomen" : "Levers");
    char st[200];
    SDL_LockMutex(lv->mu);
    int busy = lv->req_gen != lv->shown_gen;
    SDL_UnlockMutex(lv->mu);
    if (busy)
        snprintf(st, sizeof st, nl ? "rekent %d runs..." : "computing %d runs...",
                 lv->o.runs);
    else if (lv->shown_gen > 0)
        snprintf(st, sizeof st, nl ? "%d runs in %.0f ms; grijs: basis" :
                 "%d runs in %.0f ms; grey: baseline", lv->o.runs, lv->shown_ms);
    else
        snprintf(st, sizeof st, "%s", nl ? "v verbergt, S bewaart als scenario" :
                 "v hides, S saves as a scenario");
    vw_text_draw(v->text, s, x, y + tpx + vw_px(u, 4), VW_FONT_REGULAR, spx, VW_MUTED,
                 VW_AL_TOP, st);
    y += tpx + spx + vw_px(u, 14);
    if (n == 0)
        vw_text_draw(v->text, s, x, y, VW_FONT_REGULAR, spx, VW_MUTED, VW_AL_TOP,
                     nl ? "dit scenario heeft geen hefbomen" : "this scenario has no levers");
    for (int k = 0; k < n; k++)
        draw_slider(v, s, k, x, y + k * row, iw, u);
    SDL_SetClipRect(s, NULL);
}

void vw_levers_chart(vw_view *v, SDL_Surface *s, SDL_Rect p, double lo, double hi,
                     const char *id)
{
    vw_levers *lv = v->levers;
    if (!lv || v->sim[0] == lv->baseline || !(hi > lo))
        return;
    const vw_timeline *b = lv->baseline;
    int d = id ? ws_scenario_district(b->sc, id) : b->nd;
    if (d < 0)
        return;
    vw_series(b, v->ind, v->rel, d, v->run, lv->series); /* as the view's lines */
    SDL_Rect pc = {p.x, p.y - 2, p.w + 1, p.h + 4};
    SDL_SetClipRect(s, &pc);
    for (int t = 0; t + 1 < b->months; t++) {
        double ya = p.y + p.h - (lv->series[t] - lo) / (hi - lo) * p.h;
        double yb = p.y + p.h - (lv->series[t + 1] - lo) / (hi - lo) * p.h;
        if (isfinite(ya) && isfinite(yb))
            vw_cv_line(s, vw_view_month_x(v, b->start + t, p.x, p.x + p.w), ya,
                       vw_view_month_x(v, b->start + t + 1, p.x, p.x + p.w), yb, 1.5,
                       0x808080u, 150);
    }
    SDL_SetClipRect(s, NULL);
}

/* ---------------------------------------------------------------- input */

int vw_levers_key(vw_view *v, int sym, int shift)
{
    vw_levers *lv = v->levers;
    if (!lv)
        return 0;
    if (sym == SDLK_v) {
        lv->shown = !lv->shown;
        return 1;
    }
    if (sym == SDLK_s && shift) {
        ws_error err = {0, ""};
        if (vw_levers_save(v, NULL, &err) != WS_OK)
            snprintf(v->status, sizeof v->status, "%s", err.msg);
        return 1;
    }
    return 0;
}

/* Slider position of pixel x on lever k's track. */
static double position_at(const vw_levers *lv, int k, int x)
{
    const ws_lever *l = &lv->def->lever[k];
    const SDL_Rect *t = &lv->track[k];
    double f = t->w > 0 ? (double)(x - t->x) / t->w : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return l->nvalues > 0 ? f * (l->nvalues - 1) : l->min + f * (l->max - l->min);
}

int vw_levers_mouse(vw_view *v, int type, int x, int y)
{
    vw_levers *lv = v->levers;
    if (!lv || !lv->shown)
        return 0;
    if (type == SDL_MOUSEBUTTONUP) {
        int was = lv->drag >= 0;
        lv->drag = -1;
        return was;
    }
    if (type == SDL_MOUSEMOTION) {
        if (lv->drag < 0)
            return 0;
        vw_levers_move(v, lv->drag, position_at(lv, lv->drag, x));
        return 1;
    }
    SDL_Point pt = {x, y};
    if (!SDL_PointInRect(&pt, &lv->box))
        return 0;
    for (int k = 0; k < lv->def->n; k++) {
        SDL_Rect t = lv->track[k];
        t.y -= 4;
        t.h += 8;
        if (SDL_PointInRect(&pt, &t)) {
            lv->drag = k;
            vw_levers_move(v, k, position_at(lv, k, x));
        }
    }
    return 1; /* a click on the panel never reaches the map below */
}

/* ---------------------------------------------------------------- benchmark */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double vw_levers_bench(vw_view *v, int n, int w, int h, double *cpu_ms, ws_error *err)
{
    vw_levers *lv = v->levers;
    if (!lv || lv->def->n == 0) {
        ws_error_set(err, WS_EINPUT, "--bench-levers: the scenario has no levers");
        return -1;
    }
    SDL_Surface *s = vw_cv_alloc(w, h);
    double *ms = calloc((size_t)n * 2, sizeof *ms), *cpu = ms + n;
    if (!s || !ms) {
        SDL_FreeSurface(s);
        free(ms);
        ws_error_set(err, WS_ENOMEM, "out of memory");
        return -1;
    }
    const ws_lever *l = &lv->def->lever[0];
    double step = l->nvalues ? 1 : l->step, up = l->base_x + step;
    if (l->nvalues ? up > l->nvalues - 1 : up > l->max)
        up = l->base_x - step;
    for (int i = 0; i < n; i++) {
        double t0 = now_ms(), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        vw_levers_move(v, 0, i % 2 == 0 ? up : l->base_x);
        vw_levers_wait(v, 600000);
        vw_draw_frame(v, s, NULL);
        ms[i] = now_ms() - t0;
        cpu[i] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    qsort(cpu, (size_t)n, sizeof *cpu, cmp_double);
    double med = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    *cpu_ms = n % 2 ? cpu[n / 2] : (cpu[n / 2 - 1] + cpu[n / 2]) / 2;
    SDL_FreeSurface(s);
    free(ms);
    return med;
}
