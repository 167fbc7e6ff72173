/* Viewer export tests, headless: GIF frame count (read back with giflib), PNG frame
 * sequences and single frames (read back with SDL_image), MP4 without ffmpeg, and the
 * command line's exit codes and messages. */
#include <dirent.h>
#include <gif_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <SDL_image.h>
#include "check.h"
#include "canvas.h"
#include "draw.h"
#include "gml.h"
#include "export.h"
#include "view.h"

#ifndef VIEW_BIN
#define VIEW_BIN "build/woonsim-view"
#endif

static char dir[] = "/tmp/woonsim-view-export-XXXXXX";

static int make_view(vw_view *v)
{
    ws_error err = {0};
    vw_text *text = vw_text_alloc(NULL, &err);
    ws_scenario *sc = text ? ws_scenario_load(NULL, NULL, 0, &err) : NULL;
    if (!sc || vw_map_prepare(sc, NULL, NULL, &err) != WS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        ws_scenario_free(sc);
        vw_text_free(text);
        return -1;
    }
    vw_timeline *sim = vw_timeline_alloc(sc, 1, 1, &err);
    if (!sim) {
        vw_text_free(text);
        return -1;
    }
    return vw_view_init(v, sim, NULL, text, VW_LANG_NL) == WS_OK ? 0 : -1;
}

static int gif_frames(const char *path, int *w, int *h)
{
    int e = 0;
    GifFileType *g = DGifOpenFileName(path, &e);
    if (!g)
        return -1;
    int n = DGifSlurp(g) == GIF_OK ? g->ImageCount : -1;
    *w = g->SWidth;
    *h = g->SHeight;
    DGifCloseFile(g, &e);
    return n;
}

static void test_gif(vw_view *v)
{
    char path[256];
    snprintf(path, sizeof path, "%s/map.gif", dir);
    const vw_timeline *sim = v->sim[0];
    vw_export_opts o = {200, 120, 1, sim->start, sim->end, 10, 0};
    ws_error err = {0};
    int rc = vw_export(v, path, &o, &err);
    CHECK(rc == WS_OK, "GIF export: %s", err.msg);
    int w = 0, h = 0, n = gif_frames(path, &w, &h);
    CHECK(n == sim->months, "GIF frames %d, months %d", n, sim->months);
    CHECK(w == 200 && h == 120, "GIF size %dx%d", w, h);
    CHECK(n == vw_export_nframes(&o), "frame count");

    o = (vw_export_opts){320, 180, 12, sim->start, sim->end, 10, 0};
    rc = vw_export(v, path, &o, &err); /* over the first: replaced whole */
    n = gif_frames(path, &w, &h);
    CHECK(rc == WS_OK && n == (sim->months + 11) / 12, "GIF with step 12: %d frames", n);
    CHECK(w == 320 && h == 180, "GIF size %dx%d", w, h);

    /* frames differ over time: the picture after the first frame is not the picture
     * after the last (frames after the first store only the rectangle that changed) */
    int e = 0;
    GifFileType *g = DGifOpenFileName(path, &e);
    if (g && DGifSlurp(g) == GIF_OK && g->ImageCount > 1) {
        long npx = (long)g->SWidth * g->SHeight, diff = 0;
        unsigned char *canvas = calloc((size_t)npx, 1), *first = calloc((size_t)npx, 1);
        int inside = 1;
        for (int f = 0; canvas && first && f < g->ImageCount; f++) {
            const SavedImage *im = &g->SavedImages[f];
            const GifImageDesc *d = &im->ImageDesc;
            inside &= d->Left >= 0 && d->Top >= 0 && d->Left + d->Width <= g->SWidth &&
                      d->Top + d->Height <= g->SHeight;
            if (!inside)
                break;
            for (int y = 0; y < d->Height; y++)
                memcpy(canvas + (long)(d->Top + y) * g->SWidth + d->Left,
                       im->RasterBits + (long)y * d->Width, (size_t)d->Width);
            if (f == 0)
                memcpy(first, canvas, (size_t)npx);
        }
        for (long i = 0; canvas && first && i < npx; i++)
            diff += canvas[i] != first[i];
        CHECK(inside, "GIF frames inside the screen");
        CHECK(diff > 1000, "first and last GIF pictures differ in %ld pixels", diff);
        free(canvas);
        free(first);
    } else {
        CHECK(0, "read GIF back");
    }
    if (g)
        DGifCloseFile(g, &e);
}

static void test_png_frames(vw_view *v)
{
    char out[256];
    snprintf(out, sizeof out, "%s/frames/", dir);
    const vw_timeline *sim = v->sim[0];
    vw_export_opts o = {240, 160, 24, sim->start, sim->end, 10, 0};
    ws_error err = {0};
    CHECK(vw_export(v, out, &o, &err) == WS_OK, "PNG frames: %s", err.msg);
    int n = 0;
    DIR *d = opendir(out);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strncmp(e->d_name, "frame-", 6) == 0 && strstr(e->d_name, ".png") != NULL;
    if (d)
        closedir(d);
    CHECK(n == (sim->months + 23) / 24, "PNG frames: %d", n);
    char one[300];
    snprintf(one, sizeof one, "%sframe-0002.png", out);
    SDL_Surface *img = IMG_Load(one);
    CHECK(img && img->w == 240 && img->h == 160, "frame 2 is 240x160");
    SDL_FreeSurface(img);
    for (int k = 1; k <= n; k++) {
        snprintf(one, sizeof one, "%sframe-%04d.png", out, k);
        remove(one);
    }
    rmdir(out);
}

/* --render's PNG holds exactly the frame drawn in memory. */
static void test_render(vw_view *v)
{
    char path[256];
    snprintf(path, sizeof path, "%s/one.png", dir);
    ws_month m = v->sim[0]->start + 30;
    ws_error err = {0};
    CHECK(vw_render_png(v, m, 400, 300, path, &err) == WS_OK, "render: %s", err.msg);
    SDL_Surface *img = IMG_Load(path);
    SDL_Surface *ref = vw_cv_alloc(400, 300);
    ws_month keep = v->month;
    v->month = m;
    vw_draw_frame(v, ref, NULL);
    v->month = keep;
    SDL_Surface *conv = img ? SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    long diff = -1;
    if (conv && conv->w == 400 && conv->h == 300) {
        diff = 0;
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++)
                diff += vw_cv_get(conv, x, y) != vw_cv_get(ref, x, y);
    }
    CHECK(diff == 0, "PNG equals the drawn frame (%ld pixels differ)", diff);
    SDL_FreeSurface(conv);
    SDL_FreeSurface(img);
    SDL_FreeSurface(ref);
    remove(path);
}

static void test_mp4_without_ffmpeg(vw_view *v)
{
    char path[256], *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    snprintf(path, sizeof path, "%s/map.mp4", dir);
    setenv("PATH", dir, 1); /* a directory without ffmpeg */
    unsetenv("WOONSIM_FFMPEG");
    vw_export_opts o = {320, 180, 12, v->sim[0]->start, v->sim[0]->end, 10, 0};
    ws_error err = {0};
    int rc = vw_export(v, path, &o, &err);
    CHECK(rc == WS_ERUNTIME && strstr(err.msg, "ffmpeg"), "no ffmpeg: %s", err.msg);
    CHECK(access(path, F_OK) != 0, "no MP4 left behind");
    if (old)
        setenv("PATH", old, 1);
    free(old);
    rc = vw_export(v, "out.avi", &o, &err);
    CHECK(rc == WS_EINPUT, "unknown export kind: %s", err.msg);
}

/* With ffmpeg and ffprobe installed: an MP4 whose frame count is the months / step. */
static void test_mp4(vw_view *v)
{
    if (system("command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1") != 0) {
        printf("view_export: ffmpeg not installed, MP4 export not exercised\n");
        return;
    }
    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/map.mp4", dir);
    vw_export_opts o = {320, 180, 12, v->sim[0]->start, v->sim[0]->end, 10, 0};
    ws_error err = {0};
    int rc = vw_export(v, path, &o, &err);
    CHECK(rc == WS_OK, "MP4 export: %s", err.msg);
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
             "stream=nb_read_frames -of csv=p=0 '%s'", path);
    FILE *p = popen(cmd, "r");
    int frames = -1;
    if (p) {
        if (fscanf(p, "%d", &frames) != 1)
            frames = -1;
        pclose(p);
    }
    int months = v->sim[0]->end - v->sim[0]->start + 1;
    CHECK(frames == (months + 11) / 12, "MP4 has %d frames, %d expected", frames, (months + 11) / 12);
    remove(path);
}

/* Runs the viewer with args (no display), returns its exit status; stderr into err. */
static int run(const char *args, char *err, size_t size)
{
    char cmd[2200], errpath[300];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    /* no display; timeout guards against a window that opens after all */
    snprintf(cmd, sizeof cmd,
             "env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=x11 timeout 60 %s %s "
             ">/dev/null 2>%s", VIEW_BIN, args, errpath);
    int st = system(cmd);
    err[0] = '\0';
    FILE *f = fopen(errpath, "r");
    if (f) {
        size_t n = fread(err, 1, size - 1, f);
        err[n] = '\0';
        fclose(f);
    }
    remove(errpath);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli(void)
{
    char e[2048], args[1400], bad[300], out[300];
    CHECK(run("--help", e, sizeof e) == 0, "--help");
    CHECK(run("--version", e, sizeof e) == 0, "--version");
    CHECK(run("--frobnicate", e, sizeof e) == 2 && strstr(e, "unknown option"), "bad option: %s", e);
    CHECK(run("--render --date 2030-01", e, sizeof e) == 2, "--render without -o");
    CHECK(run("--indicator nonsense --render --date 2030-01 -o x.png", e, sizeof e) == 2,
          "bad indicator");
    snprintf(out, sizeof out, "%s/cli.png", dir);
    snprintf(args, sizeof args, "--render --date 1999-01 -o %s", out);
    CHECK(run(args, e, sizeof e) == 2 && access(out, F_OK) != 0, "date outside: %s", e);
    snprintf(args, sizeof args, "--render --date 2035-06 --lang en --dots label -o %s --size 480x270",
             out);
    CHECK(run(args, e, sizeof e) == 0, "render without a display: %s", e);
    SDL_Surface *img = IMG_Load(out);
    CHECK(img && img->w == 480 && img->h == 270, "rendered PNG 480x270");
    SDL_FreeSurface(img);
    remove(out);
    /* bad scenario input: FILE:LINE: message, exit 2 */
    snprintf(bad, sizeof bad, "%s/bad.xml", dir);
    FILE *f = fopen(bad, "w");
    if (f) {
        fputs("<?xml version=\"1.0\"?>\n<scenario name=\"x\" start=\"2024-01\"\n"
              "  end=\"2020-01\" seed=\"1\">\n<area/>\n</scenario>\n", f);
        fclose(f);
    }
    snprintf(args, sizeof args, "%s --render --date 2030-01 -o %s", bad, out);
    int rc = run(args, e, sizeof e);
    char want[320];
    snprintf(want, sizeof want, "%s:", bad);
    CHECK(rc == 2 && strstr(e, want) && access(out, F_OK) != 0, "bad scenario: exit %d: %s",
          rc, e);
    remove(bad);
    snprintf(args, sizeof args, "--export %s/x.webm", dir);
    CHECK(run(args, e, sizeof e) == 2, "unknown export kind: %s", e);
    snprintf(args, sizeof args, "--export %s/x.gif --step 48 --size 160x120", dir);
    CHECK(run(args, e, sizeof e) == 0, "GIF export from the command line: %s", e);
    snprintf(out, sizeof out, "%s/x.gif", dir);
    int w, h;
    CHECK(gif_frames(out, &w, &h) == 5, "228 months at step 48: 5 frames");
    remove(out);
    CHECK(run("--gml /nonexistent.gml --render --date 2030-01 -o x.png", e, sizeof e) == 2,
          "missing GML: %s", e);
    /* the window itself, on SDL's dummy video driver: its pixels read back */
    snprintf(out, sizeof out, "%s/window.png", dir);
    snprintf(args, sizeof args, "--screenshot %s --size 640x360 --dots label", out);
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "SDL_VIDEODRIVER=dummy timeout 60 %s %s >/dev/null 2>&1",
             VIEW_BIN, args);
    rc = system(cmd);
    img = IMG_Load(out);
    CHECK(rc == 0 && img && img->w == 640 && img->h == 360, "window screenshot (dummy video)");
    SDL_FreeSurface(img);
    remove(out);
    /* the window needs a display: a clear message, exit 1 */
    rc = run("", e, sizeof e);
    CHECK(rc == 1 && strstr(e, "window"), "no display: exit %d: %s", rc, e);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return CHECK_DONE("view_export");
    }
    vw_view v;
    if (make_view(&v) != 0) {
        CHECK(0, "default view");
    } else {
        test_gif(&v);
        test_png_frames(&v);
        test_render(&v);
        test_mp4_without_ffmpeg(&v);
        test_mp4(&v);
        vw_view_clear(&v);
    }
    test_cli();
    char gif[300];
    snprintf(gif, sizeof gif, "%s/map.gif", dir);
    remove(gif);
    rmdir(dir);
    SDL_Quit();
    return CHECK_DONE("view_export");
}
