/* Viewer output without a display: PNG, GIF, MP4 through ffmpeg, PNG frames, benchmark. */
#include "export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gif_lib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <SDL_image.h>
#include "woonsim/outfile.h"
#include "canvas.h"
#include "draw.h"

int vw_export_nframes(const vw_export_opts *o)
{
    int step = o->step > 0 ? o->step : 1;
    return o->to >= o->from ? (o->to - o->from) / step + 1 : 0;
}

/* A temporary name beside path that keeps its extension (ffmpeg reads the format from
 * it): "DIR/.NAME.tmp-PID.EXT". */
static void temp_name(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *ext = strrchr(base, '.');
    int dirlen = (int)(base - path);
    snprintf(buf, size, "%.*s.%.*s.tmp-%ld%s", dirlen, path,
             (int)(ext ? ext - base : (long)strlen(base)), base, (long)getpid(),
             ext ? ext : "");
}

static int finish_temp(const char *tmp, const char *path, ws_error *err)
{
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return ws_error_set(err, WS_EIO, "cannot write %s: %s", path, strerror(e));
    }
    return WS_OK;
}

/* SDL_RWops over a ws_outfile, so that SDL_image's PNG goes through the atomic writer
 * (a full disk is seen at the write, not lost in stdio). */
static size_t outfile_rw_write(SDL_RWops *rw, const void *p, size_t size, size_t n)
{
    ws_outfile *f = rw->hidden.unknown.data1;
    return ws_outfile_write(f, p, size * n) == WS_OK ? n : 0;
}

static int outfile_rw_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw); /* the outfile is committed by the caller */
    return 0;
}

int vw_save_png(SDL_Surface *s, const char *path, ws_error *err)
{
    ws_outfile *f = ws_outfile_open(path, err);
    if (!f)
        return err->status;
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw) {
        ws_outfile_abort(f);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->write = outfile_rw_write;
    rw->close = outfile_rw_close;
    rw->hidden.unknown.data1 = f;
    if (IMG_SavePNG_RW(s, rw, 1) != 0) {
        /* a failed write of the outfile's own says why; otherwise SDL_image's reason */
        int st = ws_outfile_status(f, err) != WS_OK
                     ? err->status
                     : ws_error_set(err, WS_EIO, "cannot write %s: %s", path, IMG_GetError());
        ws_outfile_abort(f);
        return st;
    }
    return ws_outfile_commit(f, err);
}

int vw_render_png(vw_view *v, ws_month m, int w, int h, const char *path, ws_error *err)
{
    SDL_Surface *s = vw_cv_alloc(w, h);
    if (!s)
        return ws_error_set(err, WS_ENOMEM, "cannot make a %dx%d frame: %s", w, h,
                            SDL_GetError());
    ws_month keep = v->month;
    vw_view_set_month(v, m);
    vw_draw_frame(v, s, NULL);
    v->month = keep;
    int rc = vw_save_png(s, path, err);
    SDL_FreeSurface(s);
    return rc;
}

/* ------------------------------------------------------------------ GIF */

/* One global palette for all frames (no flicker): median cut over a few sample frames,
 * then a lookup table from 15-bit colour to the nearest palette entry. */
typedef struct {
    GifColorType map[256];
    int ncolours;
    unsigned char *lut; /* 32768 entries */
} gif_palette;

static int rgb15(Uint32 p)
{
    return (int)(((p >> 19) & 31) << 10 | ((p >> 11) & 31) << 5 | ((p >> 3) & 31));
}

static int make_palette(vw_view *v, SDL_Surface *s, const vw_export_opts *o, gif_palette *pal)
{
    int nf = vw_export_nframes(o), ns = nf < 5 ? nf : 5;
    size_t npx = (size_t)s->w * (size_t)s->h, total = npx * (size_t)ns;
    unsigned char *r = malloc(total), *g = malloc(total), *b = malloc(total),
                  *idx = malloc(total);
    pal->lut = malloc(32768);
    int ok = r && g && b && idx && pal->lut;
    for (int k = 0; ok && k < ns; k++) {
        int f = ns > 1 ? (int)((long)k * (nf - 1) / (ns - 1)) : 0;
        v->month = o->from + f * (o->step > 0 ? o->step : 1);
        vw_draw_frame(v, s, NULL);
        for (int y = 0; y < s->h; y++) {
            const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
            size_t base = (size_t)k * npx + (size_t)y * (size_t)s->w;
            for (int x = 0; x < s->w; x++) {
                r[base + (size_t)x] = (unsigned char)(row[x] >> 16);
                g[base + (size_t)x] = (unsigned char)(row[x] >> 8);
                b[base + (size_t)x] = (unsigned char)row[x];
            }
        }
    }
    pal->ncolours = 256;
    if (ok && GifQuantizeBuffer((unsigned)s->w, (unsigned)s->h * (unsigned)ns, &pal->ncolours,
                                r, g, b, idx, pal->map) == GIF_ERROR)
        ok = 0;
    free(r);
    free(g);
    free(b);
    free(idx);
    if (!ok)
        return WS_ENOMEM;
    for (int c = 0; c < 32768; c++) {
        int cr = ((c >> 10) & 31) * 255 / 31, cg = ((c >> 5) & 31) * 255 / 31,
            cb = (c & 31) * 255 / 31;
        long best = -1;
        int bi = 0;
        for (int i = 0; i < pal->ncolours; i++) {
            long dr = cr - pal->map[i].Red, dg = cg - pal->map[i].Green,
                 db = cb - pal->map[i].Blue;
            long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (best < 0 || d < best) {
                best = d;
                bi = i;
            }
        }
        pal->lut[c] = (unsigned char)bi;
    }
    return WS_OK;
}

/* giflib's output function: into the ws_outfile in the GIF's user data. */
static int gif_write(GifFileType *gif, const GifByteType *p, int n)
{
    return ws_outfile_write(gif->UserData, p, (size_t)n) == WS_OK ? n : 0;
}

static int gif_error(GifFileType *gif, const char *path, int code, ws_error *err)
{
    int e = 0;
    if (gif)
        EGifCloseFile(gif, &e);
    return ws_error_set(err, WS_EIO, "cannot write %s: %s", path, GifErrorString(code));
}

/* The frame in s as palette indices (out: s->w x s->h). */
static void quantise(const SDL_Surface *s, const uint8_t *lut, GifByteType *out)
{
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        GifByteType *o = out + (size_t)y * (size_t)s->w;
        for (int x = 0; x < s->w; x++)
            o[x] = lut[rgb15(row[x])];
    }
}

/* The smallest rectangle (x0, y0) .. (x1, y1) holding every pixel where the w x h
 * frames cur and prev differ; one pixel when none does. */
static void changed_rect(const GifByteType *cur, const GifByteType *prev, int w, int h,
                         int *x0, int *y0, int *x1, int *y1)
{
    *x0 = w;
    *y0 = h;
    *x1 = *y1 = -1;
    for (int y = 0; y < h; y++) {
        const GifByteType *a = cur + (size_t)y * (size_t)w, *b = prev + (size_t)y * (size_t)w;
        if (memcmp(a, b, (size_t)w) == 0)
            continue;
        int l = 0, r = w - 1;
        while (a[l] == b[l])
            l++;
        while (a[r] == b[r])
            r--;
        *x0 = l < *x0 ? l : *x0;
        *x1 = r > *x1 ? r : *x1;
        *y0 = y < *y0 ? y : *y0;
        *y1 = y;
    }
    if (*x1 < 0) /* nothing changed: one unchanged pixel */
        *x0 = *x1 = *y0 = *y1 = 0;
}

/* Makes the animation loop forever (Netscape application extension). Returns GIF_OK or
 * GIF_ERROR. */
static int put_loop(GifFileType *gif)
{
    static const GifByteType app[11] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    static const GifByteType loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, 11, app) == GIF_ERROR ||
        EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(gif) == GIF_ERROR)
        return GIF_ERROR;
    return GIF_OK;
}

/* Writes the frames o asks for to path as a looping GIF (through a temporary file that
 * replaces path when complete). Returns WS_OK, or an error status with err set. */
static int export_gif(vw_view *v, SDL_Surface *s, const char *path, const vw_export_opts *o,
                      ws_error *err)
{
    gif_palette pal = {0};
    if (make_palette(v, s, o, &pal) != WS_OK) {
        free(pal.lut);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    int code = 0, rc = WS_OK;
    /* through the atomic writer (giflib's write callback), which names a missing
     * directory and sees a full disk */
    ws_outfile *out = ws_outfile_open(path, err);
    if (!out) {
        free(pal.lut);
        return err->status;
    }
    GifFileType *gif = EGifOpen(out, gif_write, &code);
    size_t npx = (size_t)s->w * (size_t)s->h;
    GifByteType *cur = malloc(npx), *prev = malloc(npx);
    ColorMapObject *cmap = GifMakeMapObject(256, NULL);
    if (!gif || !cur || !prev || !cmap) {
        rc = gif ? ws_error_set(err, WS_ENOMEM, "out of memory") : gif_error(NULL, path, code, err);
        goto done;
    }
    for (int i = 0; i < 256; i++)
        cmap->Colors[i] = i < pal.ncolours ? pal.map[i] : pal.map[0];
    EGifSetGifVersion(gif, true);
    if (EGifPutScreenDesc(gif, s->w, s->h, 8, 0, cmap) == GIF_ERROR)
        goto gif_fail;
    if (put_loop(gif) == GIF_ERROR)
        goto gif_fail;
    int nf = vw_export_nframes(o), fps = o->fps > 0 ? o->fps : 10;
    for (int f = 0; f < nf; f++) {
        v->month = o->from + f * (o->step > 0 ? o->step : 1);
        vw_draw_frame(v, s, NULL);
        quantise(s, pal.lut, cur);
        /* after the first frame only the rectangle that changed is stored; the rest of
         * the previous frame stays (disposal: do not dispose) */
        int x0 = 0, y0 = 0, x1 = s->w - 1, y1 = s->h - 1;
        if (f > 0)
            changed_rect(cur, prev, s->w, s->h, &x0, &y0, &x1, &y1);
        GraphicsControlBlock gcb = {DISPOSE_DO_NOT, false,
                                    f == nf - 1 ? 200 : (100 + fps / 2) / fps,
                                    NO_TRANSPARENT_COLOR};
        GifByteType ext[4];
        size_t n = EGifGCBToExtension(&gcb, ext);
        if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) == GIF_ERROR ||
            EGifPutImageDesc(gif, x0, y0, x1 - x0 + 1, y1 - y0 + 1, false, NULL) == GIF_ERROR)
            goto gif_fail;
        for (int y = y0; y <= y1; y++)
            if (EGifPutLine(gif, cur + (size_t)y * (size_t)s->w + x0, x1 - x0 + 1) == GIF_ERROR)
                goto gif_fail;
        GifByteType *t = prev;
        prev = cur;
        cur = t;
        if (o->verbose)
            fprintf(stderr, "\rframe %d/%d", f + 1, nf);
    }
    if (o->verbose)
        fputc('\n', stderr);
    if (EGifCloseFile(gif, &code) == GIF_ERROR) {
        gif = NULL;
        rc = ws_error_set(err, WS_EIO, "cannot write %s: %s", path, GifErrorString(code));
        goto done;
    }
    gif = NULL;
    rc = ws_outfile_commit(out, err);
    out = NULL;
    goto done;
gif_fail:
    rc = gif_error(gif, path, gif->Error, err);
    gif = NULL;
done:
    if (gif) {
        EGifCloseFile(gif, &code);
    }
    if (rc != WS_OK && out) {
        /* the outfile's own failure (a full disk) says more than giflib's */
        if (ws_outfile_status(out, err) != WS_OK)
            rc = err->status;
        ws_outfile_abort(out);
    }
    GifFreeMapObject(cmap);
    free(cur);
    free(prev);
    free(pal.lut);
    return rc;
}

/* ------------------------------------------------------------------ MP4 */

/* The ffmpeg to use: $WOONSIM_FFMPEG, else the first "ffmpeg" on $PATH; NULL if none. */
static const char *find_ffmpeg(char *buf, size_t size)
{
    const char *env = getenv("WOONSIM_FFMPEG");
    if (env && *env)
        return access(env, X_OK) == 0 ? env : NULL;
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(buf, size, "%.*s/ffmpeg", (int)(n ? n : 1), n ? path : ".");
        if (access(buf, X_OK) == 0)
            return buf;
        path += n + (path[n] == ':');
    }
    return NULL;
}

static int export_mp4(vw_view *v, SDL_Surface *s, const char *path, const vw_export_opts *o,
                      ws_error *err)
{
    char ffbuf[4200];
    const char *ffmpeg = find_ffmpeg(ffbuf, sizeof ffbuf);
    if (!ffmpeg)
        return ws_error_set(err, WS_ERUNTIME,
                            "cannot write %s: MP4 export needs ffmpeg, and none was found "
                            "on PATH (install it, e.g. apt-get install ffmpeg, or set "
                            "WOONSIM_FFMPEG; GIF and PNG frames need nothing extra)", path);
    char tmp[4200], size[32], rate[16];
    temp_name(path, tmp, sizeof tmp);
    snprintf(size, sizeof size, "%dx%d", s->w, s->h);
    snprintf(rate, sizeof rate, "%d", o->fps > 0 ? o->fps : 10);
    int fd[2];
    if (pipe(fd) != 0)
        return ws_error_set(err, WS_EIO, "cannot start ffmpeg: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return ws_error_set(err, WS_EIO, "cannot start ffmpeg: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(fd[0], 0);
        close(fd[0]);
        close(fd[1]);
        /* ARGB8888 is B, G, R, A in memory on little-endian machines */
        const char *pixfmt = SDL_BYTEORDER == SDL_LIL_ENDIAN ? "bgra" : "argb";
        execl(ffmpeg, ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f",
              "rawvideo", "-pix_fmt", pixfmt, "-s", size, "-r", rate, "-i", "pipe:0",
              "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", tmp,
              (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    int rc = WS_OK, nf = vw_export_nframes(o);
    size_t row = (size_t)s->w * 4;
    for (int f = 0; f < nf && rc == WS_OK; f++) {
        v->month = o->from + f * (o->step > 0 ? o->step : 1);
        vw_draw_frame(v, s, NULL);
        for (int y = 0; y < s->h && rc == WS_OK; y++) {
            const char *p = (const char *)s->pixels + (size_t)y * (size_t)s->pitch;
            size_t done = 0;
            while (done < row) {
                ssize_t k = write(fd[1], p + done, row - done);
                if (k < 0 && errno == EINTR)
                    continue;
                if (k <= 0) {
                    rc = ws_error_set(err, WS_EIO, "cannot write %s: ffmpeg stopped (%s)",
                                      path, strerror(errno));
                    break;
                }
                done += (size_t)k;
            }
        }
        if (o->verbose)
            fprintf(stderr, "\rframe %d/%d", f + 1, nf);
    }
    if (o->verbose)
        fputc('\n', stderr);
    close(fd[1]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    signal(SIGPIPE, old);
    if (rc == WS_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        rc = ws_error_set(err, WS_ERUNTIME, "cannot write %s: ffmpeg failed (exit %d)", path,
                          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    if (rc != WS_OK) {
        remove(tmp);
        return rc;
    }
    return finish_temp(tmp, path, err);
}

/* ------------------------------------------------------------------ PNG frames */

/* Removes the frames an earlier, longer export left in dir (frame-NNNN.png beyond nf), so
 * that the directory holds this export's frames only; other files are not ours and stay. */
static int remove_old_frames(const char *dir, int nf, ws_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ws_error_set(err, WS_EIO, "cannot read %s: %s", dir, strerror(errno));
    size_t dl = strlen(dir);
    struct dirent *e;
    int rc = WS_OK;
    while (rc == WS_OK && (e = readdir(d))) {
        int k = 0, len = 0;
        if (sscanf(e->d_name, "frame-%d.png%n", &k, &len) != 1 ||
            (size_t)len != strlen(e->d_name) || strlen(e->d_name) < 14 || k <= nf)
            continue;
        char path[4200];
        snprintf(path, sizeof path, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
                 e->d_name);
        if (unlink(path) != 0)
            rc = ws_error_set(err, WS_EIO, "cannot remove the old frame %s: %s", path,
                              strerror(errno));
    }
    closedir(d);
    return rc;
}

static int export_frames(vw_view *v, SDL_Surface *s, const char *dir, const vw_export_opts *o,
                         ws_error *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ws_error_set(err, WS_EIO, "cannot make %s: %s", dir, strerror(errno));
    struct stat stt;
    if (stat(dir, &stt) != 0 || !S_ISDIR(stt.st_mode))
        return ws_error_set(err, WS_EIO, "cannot write frames into %s: not a directory", dir);
    int nf = vw_export_nframes(o);
    size_t dl = strlen(dir);
    for (int f = 0; f < nf; f++) {
        v->month = o->from + f * (o->step > 0 ? o->step : 1);
        vw_draw_frame(v, s, NULL);
        char path[4200];
        snprintf(path, sizeof path, "%s%sframe-%04d.png", dir,
                 dl && dir[dl - 1] == '/' ? "" : "/", f + 1);
        int rc = vw_save_png(s, path, err);
        if (rc != WS_OK)
            return rc;
        if (o->verbose)
            fprintf(stderr, "\rframe %d/%d", f + 1, nf);
    }
    if (o->verbose)
        fputc('\n', stderr);
    return remove_old_frames(dir, nf, err);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int vw_export(vw_view *v, const char *out, const vw_export_opts *o, ws_error *err)
{
    struct stat st;
    int dir = (*out && out[strlen(out) - 1] == '/') || (stat(out, &st) == 0 && S_ISDIR(st.st_mode));
    int gif = !dir && ends_with(out, ".gif"), mp4 = !dir && ends_with(out, ".mp4");
    if (!dir && !gif && !mp4)
        return ws_error_set(err, WS_EINPUT,
                            "--export %s: say OUT.gif, OUT.mp4 or a directory DIR/ for PNG "
                            "frames", out);
    if (vw_export_nframes(o) < 1)
        return ws_error_set(err, WS_EINPUT, "--export: no months to export");
    int w = o->w, h = o->h;
    if (mp4 && ((w | h) & 1)) /* yuv420p wants even sizes: refused, not changed */
        return ws_error_set(err, WS_EINPUT,
                            "--export %s: MP4 (H.264, yuv420p) needs an even width and "
                            "height, not %dx%d", out, w, h);
    if (gif && o->fps > 50) /* delays are whole hundredths; browsers slow those under 2 */
        return ws_error_set(err, WS_EINPUT,
                            "--export %s: a GIF cannot play %d frames/s (frame delays are "
                            "whole hundredths of a second and browsers show delays under 2 "
                            "as 10); use --fps 50 or less, or MP4", out, o->fps);
    SDL_Surface *s = vw_cv_alloc(w, h);
    if (!s)
        return ws_error_set(err, WS_ENOMEM, "cannot make a %dx%d frame: %s", w, h,
                            SDL_GetError());
    ws_month keep = v->month;
    int rc = dir ? export_frames(v, s, out, o, err)
             : gif ? export_gif(v, s, out, o, err)
                   : export_mp4(v, s, out, o, err);
    v->month = keep;
    SDL_FreeSurface(s);
    return rc;
}

double vw_bench(vw_view *v, int frames, int w, int h)
{
    SDL_Surface *s = vw_cv_alloc(w, h);
    if (!s)
        return -1;
    ws_month keep = v->month;
    vw_draw_frame(v, s, NULL); /* warm the text cache, as a running window has it */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int f = 0; f < frames; f++) {
        v->month = v->first + f % (v->last - v->first + 1);
        vw_draw_frame(v, s, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    v->month = keep;
    SDL_FreeSurface(s);
    double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    return frames > 0 ? ms / frames : 0;
}
