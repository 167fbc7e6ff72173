/* Viewer text: DejaVu through SDL2_ttf with a cache of rendered strings. */
#include "text.h"
#include "canvas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL_ttf.h>

#define NFONTSIZES 48
#define CACHE_SLOTS 2048 /* power of two; cleared when three quarters full */

typedef struct {
    int font, px;
    TTF_Font *f;
} font_entry;

typedef struct {
    unsigned long hash;
    int font, px;
    vw_rgb colour;
    char *s;
    SDL_Surface *surf;
} cache_entry;

struct vw_text {
    char path[VW_NFONT][1024];
    font_entry fonts[NFONTSIZES];
    int nfonts;
    cache_entry *cache;
    int ncached;
    vw_rgb halo;
};

static const char *const font_files[VW_NFONT] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};

vw_text *vw_text_alloc(const char *dir, ws_error *err)
{
    if (!dir || !*dir)
        dir = getenv("WOONSIM_FONT_DIR");
    if (!dir || !*dir)
        dir = "/usr/share/fonts/truetype/dejavu";
    vw_text *t = calloc(1, sizeof *t);
    if (t)
        t->cache = calloc(CACHE_SLOTS, sizeof *t->cache);
    if (!t || !t->cache) {
        free(t);
        ws_error_set(err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    t->halo = 0xffffff;
    for (int k = 0; k < VW_NFONT; k++) {
        snprintf(t->path[k], sizeof t->path[k], "%s/%s", dir, font_files[k]);
        FILE *f = fopen(t->path[k], "rb");
        if (!f) {
            ws_error_set(err, WS_EIO,
                         "font %s not found (install fonts-dejavu-core, or set "
                         "WOONSIM_FONT_DIR)", t->path[k]);
            free(t->cache);
            free(t);
            return NULL;
        }
        fclose(f);
    }
    if (TTF_Init() != 0) {
        ws_error_set(err, WS_ERUNTIME, "SDL_ttf: %s", TTF_GetError());
        free(t->cache);
        free(t);
        return NULL;
    }
    return t;
}

static void cache_clear(vw_text *t)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        free(t->cache[i].s);
        SDL_FreeSurface(t->cache[i].surf);
        t->cache[i] = (cache_entry){0};
    }
    t->ncached = 0;
}

void vw_text_free(vw_text *t)
{
    if (!t)
        return;
    cache_clear(t);
    free(t->cache);
    for (int i = 0; i < t->nfonts; i++)
        TTF_CloseFont(t->fonts[i].f);
    TTF_Quit();
    free(t);
}

void vw_text_set_halo(vw_text *t, vw_rgb halo)
{
    t->halo = halo;
}

static TTF_Font *get_font(vw_text *t, int font, int px)
{
    if (font < 0 || font >= VW_NFONT)
        font = VW_FONT_REGULAR;
    px = px < 4 ? 4 : px > 400 ? 400 : px;
    for (int i = 0; i < t->nfonts; i++)
        if (t->fonts[i].font == font && t->fonts[i].px == px)
            return t->fonts[i].f;
    if (t->nfonts == NFONTSIZES) { /* many window sizes seen: start again */
        cache_clear(t);
        for (int i = 0; i < t->nfonts; i++)
            TTF_CloseFont(t->fonts[i].f);
        t->nfonts = 0;
    }
    TTF_Font *f = TTF_OpenFont(t->path[font], px);
    if (!f)
        return NULL;
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    t->fonts[t->nfonts++] = (font_entry){font, px, f};
    return f;
}

int vw_text_size(vw_text *t, int font, int px, const char *s, int *w, int *h)
{
    *w = *h = 0;
    TTF_Font *f = get_font(t, font, px);
    if (!f)
        return -1;
    if (!s || !*s) {
        *h = TTF_FontHeight(f);
        return 0;
    }
    return TTF_SizeUTF8(f, s, w, h) == 0 ? 0 : -1;
}

static unsigned long hash_key(int font, int px, vw_rgb c, const char *s)
{
    unsigned long h = 1469598103934665603ul ^ (unsigned long)(font * 131 + px) ^
                      ((unsigned long)c << 20);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ul;
    return h;
}

/* The rendered string, from the cache or made now; NULL on failure. */
static SDL_Surface *rendered(vw_text *t, int font, int px, vw_rgb c, const char *s)
{
    unsigned long h = hash_key(font, px, c, s);
    unsigned slot = (unsigned)(h & (CACHE_SLOTS - 1));
    for (;;) {
        cache_entry *e = &t->cache[slot];
        if (!e->s)
            break;
        if (e->hash == h && e->font == font && e->px == px && e->colour == c &&
            strcmp(e->s, s) == 0)
            return e->surf;
        slot = (slot + 1) & (CACHE_SLOTS - 1);
    }
    TTF_Font *f = get_font(t, font, px);
    if (!f)
        return NULL;
    SDL_Color col = {(Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c, 255};
    SDL_Surface *raw = TTF_RenderUTF8_Blended(f, s, col);
    if (!raw)
        return NULL;
    SDL_Surface *surf = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    if (!surf)
        return NULL;
    if (t->ncached >= CACHE_SLOTS * 3 / 4) {
        cache_clear(t);
        slot = (unsigned)(h & (CACHE_SLOTS - 1));
    }
    char *copy = malloc(strlen(s) + 1);
    if (!copy) {
        SDL_FreeSurface(surf);
        return NULL;
    }
    strcpy(copy, s);
    t->cache[slot] = (cache_entry){h, font, px, c, copy, surf};
    t->ncached++;
    return surf;
}

/* Blends src (ARGB with alpha) into dst at (x, y), inside dst's clip rectangle. */
static void blend(SDL_Surface *dst, const SDL_Surface *src, int x, int y)
{
    SDL_Rect clip;
    SDL_GetClipRect(dst, &clip);
    int x0 = x < clip.x ? clip.x : x, y0 = y < clip.y ? clip.y : y;
    int x1 = x + src->w, y1 = y + src->h;
    if (x1 > clip.x + clip.w)
        x1 = clip.x + clip.w;
    if (y1 > clip.y + clip.h)
        y1 = clip.y + clip.h;
    for (int py = y0; py < y1; py++) {
        const Uint32 *sp = (const Uint32 *)((const Uint8 *)src->pixels + (py - y) * src->pitch);
        Uint32 *dp = (Uint32 *)((Uint8 *)dst->pixels + py * dst->pitch);
        for (int px = x0; px < x1; px++) {
            Uint32 s = sp[px - x];
            unsigned a = s >> 24;
            if (a == 0)
                continue;
            if (a == 255) {
                dp[px] = s;
                continue;
            }
            Uint32 d = dp[px];
            unsigned r = (((s >> 16) & 255) * a + ((d >> 16) & 255) * (255 - a) + 127) / 255;
            unsigned g = (((s >> 8) & 255) * a + ((d >> 8) & 255) * (255 - a) + 127) / 255;
            unsigned b = ((s & 255) * a + (d & 255) * (255 - a) + 127) / 255;
            dp[px] = 0xff000000u | r << 16 | g << 8 | b;
        }
    }
}

SDL_Rect vw_text_draw(vw_text *t, SDL_Surface *dst, int x, int y, int font, int px,
                      vw_rgb c, int flags, const char *s)
{
    SDL_Rect r = {0, 0, 0, 0};
    SDL_Surface *surf = t && s && *s ? rendered(t, font, px, c, s) : NULL;
    if (!surf)
        return r;
    r.w = surf->w;
    r.h = surf->h;
    r.x = flags & VW_AL_RIGHT ? x - r.w : flags & VW_AL_CENTER ? x - r.w / 2 : x;
    r.y = flags & VW_AL_BOTTOM ? y - r.h : flags & VW_AL_MIDDLE ? y - r.h / 2 : y;
    if (flags & VW_AL_HALO) {
        SDL_Surface *halo = rendered(t, font, px, t->halo, s);
        int d = px >= 28 ? 2 : 1;
        for (int dy = -d; halo && dy <= d; dy++)
            for (int dx = -d; dx <= d; dx++)
                if (dx || dy)
                    blend(dst, halo, r.x + dx, r.y + dy);
        /* looked up again: the halo's lookup may have cleared the cache */
        surf = rendered(t, font, px, c, s);
    }
    if (surf)
        blend(dst, surf, r.x, r.y);
    vw_cv_vector_text(dst, r, font == VW_FONT_BOLD, px, c,
                      flags & VW_AL_HALO ? (long)t->halo : -1, s);
    return r;
}
