/* Viewer vector output: one frame of the view as SVG or PDF through cairo, drawn by the
 * same vw_draw_frame as the PNG (canvas.c mirrors each primitive into cairo). */
#ifndef VW_VECTOR_H
#define VW_VECTOR_H

#include "view.h"

/* Renders the view at month m as a w x h frame (units: the PNG's pixels, as points)
 * into path, SVG when it ends in ".svg", else PDF. Written atomically (a temporary
 * file beside it, then renamed); the view's date is restored. Returns WS_OK, or
 * WS_ENOMEM / WS_EIO with err set (nothing at path changes). */
int vw_render_vector(vw_view *v, ws_month m, int w, int h, const char *path, ws_error *err);

#endif
