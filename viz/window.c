/* Viewer window: initialise -> loop { events; update; draw } -> close. */
#include "window.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "canvas.h"
#include "draw.h"
#include "export.h"
#include "levers.h"

typedef struct {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    SDL_Surface *surf;
    int ow, oh;       /* output (pixel) size */
    double dpi;       /* output pixels per window coordinate */
    vw_layout lay;
    int dragging;
    int dirty;
    int quit;
    double acc;       /* months of playback not yet shown */
} win_state;

static void set_title(vw_view *v, win_state *w)
{
    char t[400];
    snprintf(t, sizeof t, "woonsim-view \xe2\x80\x94 %s%s%s", v->sim[0]->sc->name,
             v->nsim == 2 ? " \xe2\x86\x94 " : "", v->nsim == 2 ? v->sim[1]->sc->name : "");
    SDL_SetWindowTitle(w->win, t);
}

/* Makes the surface and texture match the renderer's output size (high-DPI aware). */
static int fit_output(win_state *w, ws_error *err)
{
    int ow, oh, ww, wh;
    if (SDL_GetRendererOutputSize(w->ren, &ow, &oh) != 0)
        return ws_error_set(err, WS_ERUNTIME, "SDL: %s", SDL_GetError());
    SDL_GetWindowSize(w->win, &ww, &wh);
    w->dpi = ww > 0 ? (double)ow / ww : 1;
    if (ow == w->ow && oh == w->oh && w->surf)
        return WS_OK;
    if (ow < 1 || oh < 1)
        return WS_OK; /* minimised */
    SDL_FreeSurface(w->surf);
    if (w->tex)
        SDL_DestroyTexture(w->tex);
    w->surf = vw_cv_alloc(ow, oh);
    w->tex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                               ow, oh);
    if (!w->surf || !w->tex)
        return ws_error_set(err, WS_ERUNTIME, "SDL: %s", SDL_GetError());
    w->ow = ow;
    w->oh = oh;
    w->dirty = 1;
    return WS_OK;
}

static void screenshot(vw_view *v, win_state *w)
{
    char name[64], date[16];
    ws_month_format(v->month, date);
    struct stat st;
    snprintf(name, sizeof name, "woonsim-%s.png", date);
    for (int k = 2; stat(name, &st) == 0 && k < 1000; k++)
        snprintf(name, sizeof name, "woonsim-%s-%d.png", date, k);
    ws_error err = {0};
    if (vw_save_png(w->surf, name, &err) == WS_OK)
        snprintf(v->status, sizeof v->status, "%s %s", vw_tr(v->lang, VW_S_SAVED), name);
    else
        snprintf(v->status, sizeof v->status, "%s", err.msg);
    w->dirty = 1;
}

static void set_present(vw_view *v, win_state *w, int on)
{
    v->present = on;
    v->controls = !on;
    SDL_SetWindowFullscreen(w->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

static void key(vw_view *v, win_state *w, const SDL_KeyboardEvent *k)
{
    int was_playing = v->playing;
    if (vw_levers_key(v, k->keysym.sym, (k->keysym.mod & KMOD_SHIFT) != 0)) {
        w->dirty = 1; /* the lever panel's v and S */
        return;
    }
    switch (vw_view_key(v, k->keysym.sym, (k->keysym.mod & KMOD_SHIFT) != 0)) {
    case VW_ACT_NONE: return;
    case VW_ACT_QUIT: w->quit = 1; break;
    case VW_ACT_SCREENSHOT: screenshot(v, w); break;
    case VW_ACT_PRESENT: set_present(v, w, !v->present); break;
    case VW_ACT_FULLSCREEN: {
        int full = (SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN) != 0;
        SDL_SetWindowFullscreen(w->win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
        break;
    }
    default: break;
    }
    if (v->playing != was_playing)
        w->acc = 0;
    w->dirty = 1;
}

static int in_rect(const SDL_Rect *r, int x, int y, int pad)
{
    return x >= r->x - pad && y >= r->y - pad && x < r->x + r->w + pad && y < r->y + r->h + pad;
}

/* The chart under the pointer and the pointer's x, for the chart's value box. */
static void chart_hover(vw_view *v, win_state *w, int x, int y)
{
    int c = -1;
    for (int k = 0; k < w->lay.ncharts; k++)
        if (in_rect(&w->lay.chart_plot[k], x, y, 0))
            c = k;
    if (c != v->hover_chart || (c >= 0 && x != v->hover_x)) {
        v->hover_chart = c;
        v->hover_x = x;
        w->dirty = 1;
    }
}

static void mouse(vw_view *v, win_state *w, const SDL_Event *e)
{
    int x, y;
    if (e->type == SDL_MOUSEMOTION) {
        x = (int)lround(e->motion.x * w->dpi);
        y = (int)lround(e->motion.y * w->dpi);
    } else {
        x = (int)lround(e->button.x * w->dpi);
        y = (int)lround(e->button.y * w->dpi);
    }
    const vw_layout *L = &w->lay;
    int pad = (int)lround(12 * L->u);
    if (vw_levers_mouse(v, (int)e->type, x, y)) {
        w->dirty = 1; /* a slider of the lever panel */
        return;
    }
    if (e->type == SDL_MOUSEBUTTONUP) {
        w->dragging = 0;
        return;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        if (L->timeline.h > 0 && in_rect(&L->play, x, y, 4)) {
            SDL_KeyboardEvent k = {0};
            k.keysym.sym = SDLK_SPACE;
            key(v, w, &k);
            return;
        }
        if (L->timeline.h > 0 && in_rect(&L->track, x, y, pad)) {
            w->dragging = 1;
            v->playing = 0;
            v->month = vw_track_month(v, L, x);
            w->dirty = 1;
            return;
        }
        int panel = -1, b = vw_hit_nbh(v, L, x, y, &panel);
        if (b >= 0) {
            const vw_timeline *s = v->sim[vw_view_panel_sim(v, panel)];
            int d = ws_scenario_district(v->sim[0]->sc, s->sc->districts[s->sc->nbh[b].district].id);
            if (d >= 0)
                v->district = d;
            w->dirty = 1;
        }
        return;
    }
    if (e->type != SDL_MOUSEMOTION)
        return;
    if (w->dragging) {
        ws_month m = vw_track_month(v, L, x);
        if (m != v->month) {
            v->month = m;
            w->dirty = 1;
        }
        return;
    }
    int panel = -1, b = vw_hit_nbh(v, L, x, y, &panel);
    if (b != v->hover_nbh || panel != v->hover_panel) {
        v->hover_nbh = b;
        v->hover_panel = b >= 0 ? panel : -1;
        w->dirty = 1;
    }
    chart_hover(v, w, x, y);
}

/* Saves what the renderer shows (read back from it: the real window's pixels). */
static int save_window(win_state *w, const char *path, ws_error *err)
{
    SDL_Surface *s = vw_cv_alloc(w->ow, w->oh);
    if (!s)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    int rc = WS_OK;
    if (SDL_RenderReadPixels(w->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
        rc = ws_error_set(err, WS_ERUNTIME, "cannot read the window: %s", SDL_GetError());
    else
        rc = vw_save_png(s, path, err);
    SDL_FreeSurface(s);
    return rc;
}

/* Opens the window and its renderer (vsync, else software) for the view; the
 * resources go into w, to be released by the caller also on failure. Returns WS_OK or
 * WS_ERUNTIME with err set. */
static int open_window(vw_view *v, const vw_window_opts *o, win_state *w, ws_error *err)
{
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen || v->present)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    w->win = SDL_CreateWindow("woonsim-view", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              o->w, o->h, flags);
    if (w->win)
        w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_PRESENTVSYNC);
    if (w->win && !w->ren)
        w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->win || !w->ren)
        return ws_error_set(err, WS_ERUNTIME, "cannot open a window: %s", SDL_GetError());
    SDL_SetWindowMinimumSize(w->win, 480, 300);
    set_title(v, w);
    return fit_output(w, err);
}

/* Handles the waiting events. Nothing to draw: waits for an event, at most until the
 * next month is due when playing (else half a second), so that playback does not spin
 * a core between frames. */
static void handle_events(vw_view *v, win_state *w)
{
    SDL_Event e;
    int wait_ms = 500;
    if (v->playing) {
        double left = (1 - w->acc) / vw_speeds[v->speed] * 1000;
        wait_ms = left < 1 ? 1 : left > 500 ? 500 : (int)ceil(left);
    }
    int got = w->dirty ? SDL_PollEvent(&e) : SDL_WaitEventTimeout(&e, wait_ms);
    while (got) {
        switch (e.type) {
        case SDL_QUIT: w->quit = 1; break;
        case SDL_KEYDOWN: key(v, w, &e.key); break;
        case SDL_MOUSEMOTION:
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP: mouse(v, w, &e); break;
        case SDL_WINDOWEVENT: w->dirty = 1; break;
        default: break;
        }
        got = SDL_PollEvent(&e);
    }
}

/* Playback: dt seconds later, whole months at the view's speed (the rest carried). */
static void advance(vw_view *v, win_state *w, double dt)
{
    if (!v->playing)
        return;
    w->acc += dt * vw_speeds[v->speed];
    int n = (int)floor(w->acc);
    if (n > 0) {
        w->acc -= n;
        vw_view_set_month(v, v->month + n);
        if (v->month >= v->last)
            v->playing = 0;
        w->dirty = 1;
    }
}

int vw_window_run(vw_view *v, const vw_window_opts *o, ws_error *err)
{
    win_state w = {0};
    int rc = WS_OK;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return ws_error_set(err, WS_ERUNTIME,
                            "cannot open a window (%s); --render and --export work without "
                            "a display", SDL_GetError());
    if ((rc = open_window(v, o, &w, err)) != WS_OK)
        goto done;
    v->playing = o->play;
    int frames = 0;
    Uint64 freq = SDL_GetPerformanceFrequency(), last = SDL_GetPerformanceCounter();
    w.dirty = 1;
    while (!w.quit) {
        handle_events(v, &w);
        if (vw_levers_poll(v)) /* a lever computation arrived (its event woke us) */
            w.dirty = 1;
        Uint64 now = SDL_GetPerformanceCounter();
        advance(v, &w, (double)(now - last) / (double)freq);
        last = now;
        if ((rc = fit_output(&w, err)) != WS_OK)
            goto done;
        if (o->screenshot) /* keep drawing until the screenshot's frame */
            w.dirty = 1;
        int want_shot = o->screenshot && frames + 1 >= o->screenshot_after;
        if (!w.dirty && !want_shot)
            continue;
        if (!w.surf)
            continue;
        vw_draw_frame(v, w.surf, &w.lay);
        SDL_UpdateTexture(w.tex, NULL, w.surf->pixels, w.surf->pitch);
        SDL_RenderClear(w.ren);
        SDL_RenderCopy(w.ren, w.tex, NULL, NULL);
        frames++;
        if (want_shot) {
            rc = save_window(&w, o->screenshot, err);
            SDL_RenderPresent(w.ren);
            if (rc == WS_OK)
                printf("wrote %s (%dx%d, the window's pixels)\n", o->screenshot, w.ow, w.oh);
            goto done;
        }
        SDL_RenderPresent(w.ren);
        w.dirty = 0;
        /* without vsync (software renderer), hold to about 60 frames per second */
        double spent = (double)(SDL_GetPerformanceCounter() - now) / (double)freq;
        if (v->playing && spent < 1.0 / 60)
            SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
    }
done:
    SDL_FreeSurface(w.surf);
    if (w.tex)
        SDL_DestroyTexture(w.tex);
    if (w.ren)
        SDL_DestroyRenderer(w.ren);
    if (w.win)
        SDL_DestroyWindow(w.win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return rc;
}
