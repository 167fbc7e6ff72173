/* Viewer output without a display: one frame as PNG, the animation as GIF (giflib), MP4
 * (an installed ffmpeg) or a directory of PNG frames, and a frame-time benchmark. All
 * draw with vw_draw_frame into a software surface. */
#ifndef VW_EXPORT_H
#define VW_EXPORT_H

#include <SDL.h>
#include "view.h"

typedef struct {
    int w, h;          /* frame size in pixels */
    int step;          /* months per frame (>= 1) */
    ws_month from, to; /* months exported, inclusive */
    int fps;           /* frames per second of GIF and MP4 */
    int verbose;       /* 1: progress on stderr */
} vw_export_opts;

/* Number of frames of an export: one per step months from from to to. */
int vw_export_nframes(const vw_export_opts *o);

/* Writes s as PNG to path atomically (a temporary file in the same directory, then
 * renamed). Returns WS_OK or WS_EIO with err set; nothing at path changes on failure. */
int vw_save_png(SDL_Surface *s, const char *path, ws_error *err);

/* Renders the view at month m into a new w x h frame and writes it to path (PNG).
 * Restores the view's date. Returns WS_OK or an error status with err set. */
int vw_render_png(vw_view *v, ws_month m, int w, int h, const char *path, ws_error *err);

/* Exports the animation to out: "NAME.gif", "NAME.mp4", or a directory (ending in '/'
 * or existing) that receives frame-0001.png, ... Returns WS_OK, WS_EINPUT for an
 * unknown kind, or WS_EIO / WS_ERUNTIME (no ffmpeg) / WS_ENOMEM with err set. The
 * view's date is restored. */
int vw_export(vw_view *v, const char *out, const vw_export_opts *o, ws_error *err);

/* Renders frames frames of w x h (dots as the view has them), stepping a month each,
 * and returns the mean milliseconds per frame, or -1 when out of memory. */
double vw_bench(vw_view *v, int frames, int w, int h);

#endif
