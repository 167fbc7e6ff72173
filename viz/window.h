/* Viewer window: the interactive loop (events, playback, drawing, presenting) around
 * the same frame drawing as the exports. */
#ifndef VW_WINDOW_H
#define VW_WINDOW_H

#include "view.h"

typedef struct {
    int w, h;             /* window size in screen coordinates */
    int fullscreen;
    int play;             /* start playing */
    const char *screenshot; /* save the window's content after a few frames, then quit */
    int screenshot_after; /* frames before that screenshot */
} vw_window_opts;

/* Opens the window and runs until the user quits. Returns WS_OK, or WS_ERUNTIME with
 * err set when no display or renderer can be had. */
int vw_window_run(vw_view *v, const vw_window_opts *o, ws_error *err);

#endif
