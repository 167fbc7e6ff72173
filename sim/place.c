/* Positions inside a polygon in bounded time: inside spans of scan lines on the stock's
 * quantisation lattice (issue 20: a 200,000-vertex polygon made rejection sampling,
 * O(vertices) a try and a thousand tries a dwelling, hang). Built once per area, a draw
 * is a binary search. */
#include "place.h"

#include <math.h>
#include <stdlib.h>

struct ws_place_spans {
    const ws_map_area *a;
    long n, cap;
    uint16_t *ky;  /* per span: its line's lattice row */
    int32_t *kx0;  /* per span: first lattice column inside */
    double *cum;   /* per span: lattice points in it and all before */
};

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The lattice column whose decoded abscissa is the first (dir > 0) strictly right of x,
 * or the last (dir < 0) strictly left of it. */
static long lattice_col(const ws_map_area *a, double x, int dir)
{
    double w = a->x1 - a->x0;
    long k = (long)floor((x - a->x0) / w * 65535.0);
    k = k < -1 ? -1 : k > 65536 ? 65536 : k;
    /* decode exactly as the stock does, and step until strictly on the wanted side */
    if (dir > 0) {
        while (k <= 65535 && !(a->x0 + w * (double)k / 65535.0 > x))
            k++;
        while (k > 0 && a->x0 + w * (double)(k - 1) / 65535.0 > x)
            k--;
    } else {
        k++;
        while (k >= 0 && !(a->x0 + w * (double)k / 65535.0 < x))
            k--;
        while (k < 65535 && a->x0 + w * (double)(k + 1) / 65535.0 < x)
            k++;
    }
    return k;
}

static int add_span(ws_place_spans *s, uint16_t ky, long k0, long k1)
{
    if (k0 < 0)
        k0 = 0;
    if (k1 > 65535)
        k1 = 65535;
    if (k1 < k0)
        return 1;
    if (s->n == s->cap) {
        long cap = s->cap ? 2 * s->cap : 256;
        uint16_t *y = realloc(s->ky, (size_t)cap * sizeof *y);
        if (y)
            s->ky = y;
        int32_t *x = realloc(s->kx0, (size_t)cap * sizeof *x);
        if (x)
            s->kx0 = x;
        double *c = realloc(s->cum, (size_t)cap * sizeof *c);
        if (c)
            s->cum = c;
        if (!y || !x || !c)
            return 0;
        s->cap = cap;
    }
    double before = s->n ? s->cum[s->n - 1] : 0;
    s->ky[s->n] = ky;
    s->kx0[s->n] = (int32_t)k0;
    s->cum[s->n] = before + (double)(k1 - k0 + 1);
    s->n++;
    return 1;
}

/* The inside spans of lattice row ky. xs: scratch for every vertex. Returns 0 when out
 * of memory. */
static int scan_line(ws_place_spans *s, uint16_t ky, double *xs)
{
    const ws_map_area *a = s->a;
    double y = a->y0 + (a->y1 - a->y0) * ky / 65535.0;
    size_t n = 0;
    for (int r = 0; r < a->nrings; r++) {
        const ws_point *p = a->points + a->ring_start[r];
        int m = a->ring_start[r + 1] - a->ring_start[r];
        /* the crossing exactly as ring_contains (sim/map.c) computes it */
        for (int i = 0, j = m - 1; i < m; j = i++)
            if ((p[i].y > y) != (p[j].y > y))
                xs[n++] = (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x;
    }
    qsort(xs, n, sizeof *xs, cmp_double);
    /* strictly between xs[i] and xs[i + 1] a point has n - i - 1 crossings to its right:
     * inside when that is odd */
    for (size_t i = 0; i + 1 < n; i++) {
        if ((n - i - 1) % 2 == 0 || !(xs[i] < xs[i + 1]))
            continue;
        if (!add_span(s, ky, lattice_col(a, xs[i], 1), lattice_col(a, xs[i + 1], -1)))
            return 0;
    }
    return 1;
}

ws_place_spans *ws_place_spans_alloc(const ws_map_area *a)
{
    ws_place_spans *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->a = a;
    long nv = a->nrings > 0 ? a->ring_start[a->nrings] : 0;
    if (nv < 3 || !(a->x1 > a->x0) || !(a->y1 > a->y0))
        return s; /* no point: ws_place_spans_draw says so */
    long lines = WS_PLACE_WORK / nv;
    lines = lines < 1 ? 1 : lines > 1024 ? 1024 : lines;
    double *xs = malloc((size_t)nv * sizeof *xs);
    int ok = xs != NULL;
    for (long j = 0; j < lines && ok; j++)
        ok = scan_line(s, (uint16_t)lround((j + 0.5) * 65535.0 / (double)lines), xs);
    free(xs);
    if (!ok) {
        ws_place_spans_free(s);
        return NULL;
    }
    return s;
}

const ws_map_area *ws_place_spans_area(const ws_place_spans *s)
{
    return s->a;
}

int ws_place_spans_draw(const ws_place_spans *s, double u, uint16_t *kx, uint16_t *ky)
{
    if (s->n == 0)
        return 0;
    double t = u * s->cum[s->n - 1];
    long lo = 0, hi = s->n - 1; /* the first span whose running count exceeds t */
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (s->cum[mid] > t)
            hi = mid;
        else
            lo = mid + 1;
    }
    double before = lo ? s->cum[lo - 1] : 0;
    long k = s->kx0[lo] + (long)(t - before);
    long last = s->kx0[lo] + (long)(s->cum[lo] - before) - 1;
    *kx = (uint16_t)(k > last ? last : k);
    *ky = s->ky[lo];
    return 1;
}

void ws_place_spans_free(ws_place_spans *s)
{
    if (!s)
        return;
    free(s->ky);
    free(s->kx0);
    free(s->cum);
    free(s);
}
