/* Viewer vector output: a frame as SVG or PDF through cairo's surfaces. */
#include "vector.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "canvas.h"
#include "draw.h"

/* Draws the frame into the cairo surface vs through a raster twin of w x h. */
static int draw_vector(vw_view *v, cairo_surface_t *vs, int w, int h, ws_error *err)
{
    SDL_Surface *s = vw_cv_alloc(w, h);
    if (!s)
        return ws_error_set(err, WS_ENOMEM, "cannot make a %dx%d frame: %s", w, h,
                            SDL_GetError());
    cairo_t *cr = cairo_create(vs);
    vw_cv_vector_begin(s, cr);
    vw_draw_frame(v, s, NULL);
    vw_cv_vector_end();
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    SDL_FreeSurface(s);
    return st == CAIRO_STATUS_SUCCESS
               ? WS_OK
               : ws_error_set(err, WS_EIO, "cairo: %s", cairo_status_to_string(st));
}

int vw_render_vector(vw_view *v, ws_month m, int w, int h, const char *path, ws_error *err)
{
    size_t n = strlen(path);
    int svg = n > 4 && !strcmp(path + n - 4, ".svg");
    char tmp[4200];
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    snprintf(tmp, sizeof tmp, "%.*s.%s.tmp-%ld", dirlen, path, path + dirlen, (long)getpid());
    cairo_surface_t *vs = svg ? cairo_svg_surface_create(tmp, w, h)
                              : cairo_pdf_surface_create(tmp, w, h);
    ws_month keep = v->month;
    vw_view_set_month(v, m);
    int rc = cairo_surface_status(vs) == CAIRO_STATUS_SUCCESS
                 ? draw_vector(v, vs, w, h, err)
                 : ws_error_set(err, WS_EIO, "cannot write %s: %s", path,
                                cairo_status_to_string(cairo_surface_status(vs)));
    v->month = keep;
    cairo_surface_finish(vs);
    if (rc == WS_OK && cairo_surface_status(vs) != CAIRO_STATUS_SUCCESS)
        rc = ws_error_set(err, WS_EIO, "cannot write %s: %s", path,
                          cairo_status_to_string(cairo_surface_status(vs)));
    cairo_surface_destroy(vs);
    /* cairo's font caches (fontconfig patterns) would otherwise outlive the program;
     * the viewer keeps no other cairo object, so they can go now */
    cairo_debug_reset_static_data();
    FcFini();
    if (rc == WS_OK && rename(tmp, path) != 0)
        rc = ws_error_set(err, WS_EIO, "cannot write %s: %s", path, strerror(errno));
    if (rc != WS_OK)
        remove(tmp);
    return rc;
}
