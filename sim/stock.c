/* Dwelling stock: allocation, generation from the composition tables, new dwellings. */
#define _DEFAULT_SOURCE /* madvise */
#include "woonsim/stock.h"
#include "woonsim/map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "market.h"
#include "place.h"
#include "rng.h"

/* NTA 8800 label bounds on the primary fossil energy use, kWh/m2.yr (Regeling
 * energieprestatie gebouwen, 2021; MODEL.md 3.1): A <= 160 (A+ to A++++ below 105 are
 * lumped into A), B <= 190, C <= 250, D <= 290, E <= 335, F <= 380, G above. The bottom
 * of A (index_floor) and the top of G (480) are the model's own limits of the scale: a
 * drawn index is uniform inside its band, and G has no upper bound in NTA 8800. */
static const double label_upper[WS_NLABEL] = {160, 190, 250, 290, 335, 380, 480};
static const double index_floor = 40;

int ws_label_of_index(double index)
{
    for (int l = 0; l < WS_NLABEL - 1; l++)
        if (index <= label_upper[l])
            return l;
    return WS_LABEL_G;
}

double ws_label_upper(int label)
{
    return label_upper[label < 0 ? 0 : label >= WS_NLABEL ? WS_NLABEL - 1 : label];
}

/* The lower edge of a label's band (the bottom of the scale, 40, for A). */
static double label_lower(int label)
{
    return label > WS_LABEL_A ? ws_label_upper(label - 1) : 40.0;
}

uint16_t ws_label_move(uint16_t index, int label)
{
    int from = ws_label_of_index(index);
    if (from <= label)
        return index;
    double lo = label_lower(from), hi = ws_label_upper(from);
    double f = (index - lo) / (hi - lo);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    double lo2 = label_lower(label), hi2 = ws_label_upper(label);
    long n = ws_round(lo2 + f * (hi2 - lo2));
    /* Band edges are whole numbers; a label covers (lower, upper]. */
    if (n <= (long)lo2)
        n = (long)lo2 + 1;
    if (n > (long)hi2)
        n = (long)hi2;
    return (uint16_t)n;
}

/* malloc for an array of the stock. A large one is offered to the kernel for huge
 * pages: filling a national stock otherwise spends a third of its time in page
 * faults. */
static void *stock_array(size_t size)
{
    void *p = malloc(size);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    if (p && size >= 2 * huge) {
        uintptr_t a = ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1);
        uintptr_t b = ((uintptr_t)p + size) & ~(uintptr_t)(huge - 1);
        if (b > a)
            (void)madvise((void *)a, b - a, MADV_HUGEPAGE); /* only advice */
    }
#endif
    return p;
}

ws_stock *ws_stock_alloc(long cap, int nnbh)
{
    ws_stock *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    size_t c = (size_t)(cap > 0 ? cap : 1);
    st->cap = cap;
    st->nnbh = nnbh;
    st->nbh = stock_array(c * sizeof *st->nbh);
    st->qx = stock_array(c * sizeof *st->qx);
    st->qy = stock_array(c * sizeof *st->qy);
    /* The six byte-wide attributes share one block. */
    st->fabric = stock_array(c * 6);
    st->condition = stock_array(c * sizeof *st->condition);
    st->floor_area = stock_array(c * sizeof *st->floor_area);
    st->energy_index = stock_array(c * sizeof *st->energy_index);
    st->income = stock_array(c * sizeof *st->income);
    st->landlord = stock_array(c * sizeof *st->landlord);
    st->review = stock_array(c * sizeof *st->review);
    st->bbox = calloc((size_t)(nnbh > 0 ? nnbh : 1) * 4, sizeof *st->bbox);
    st->map_area = calloc((size_t)(nnbh > 0 ? nnbh : 1), sizeof *st->map_area);
    st->place_spans = calloc((size_t)(nnbh > 0 ? nnbh : 1), sizeof *st->place_spans);
    if (!st->place_spans || !st->nbh || !st->qx || !st->qy || !st->fabric || !st->floor_area ||
        !st->energy_index || !st->income || !st->landlord || !st->review || !st->condition ||
        !st->bbox || !st->map_area) {
        ws_stock_free(st);
        return NULL;
    }
    st->period = st->fabric + c;
    st->income_band = st->fabric + 2 * c;
    st->flags = st->fabric + 3 * c;
    st->retrofit = st->fabric + 4 * c;
    st->household = st->fabric + 5 * c;
    return st;
}

void ws_stock_free(ws_stock *st)
{
    if (!st)
        return;
    free(st->nbh);
    free(st->qx);
    free(st->qy);
    free(st->fabric);
    free(st->floor_area);
    free(st->energy_index);
    free(st->income);
    free(st->landlord);
    free(st->review);
    free(st->condition);
    free(st->bbox);
    free(st->map_area);
    for (int b = 0; st->place_spans && b < st->nnbh; b++)
        ws_place_spans_free(st->place_spans[b]);
    free(st->place_spans);
    free(st);
}

void ws_stock_copy(ws_stock *dst, const ws_stock *src)
{
    size_t n = (size_t)src->n;
    dst->n = src->n;
    dst->decay_offset = src->decay_offset;
    dst->landlords = src->landlords;
    memcpy(dst->nbh, src->nbh, n * sizeof *dst->nbh);
    memcpy(dst->qx, src->qx, n * sizeof *dst->qx);
    memcpy(dst->qy, src->qy, n * sizeof *dst->qy);
    uint8_t *const dbytes[] = {dst->fabric, dst->period,   dst->income_band,
                               dst->flags,  dst->retrofit, dst->household};
    const uint8_t *const sbytes[] = {src->fabric, src->period,   src->income_band,
                                     src->flags,  src->retrofit, src->household};
    for (size_t k = 0; k < sizeof dbytes / sizeof dbytes[0]; k++)
        memcpy(dbytes[k], sbytes[k], n);
    memcpy(dst->condition, src->condition, n * sizeof *dst->condition);
    memcpy(dst->floor_area, src->floor_area, n * sizeof *dst->floor_area);
    memcpy(dst->energy_index, src->energy_index, n * sizeof *dst->energy_index);
    memcpy(dst->income, src->income, n * sizeof *dst->income);
    memcpy(dst->landlord, src->landlord, n * sizeof *dst->landlord);
    memcpy(dst->review, src->review, n * sizeof *dst->review);
    memcpy(dst->bbox, src->bbox, (size_t)src->nnbh * 4 * sizeof *dst->bbox);
    memcpy(dst->map_area, src->map_area, (size_t)src->nnbh * sizeof *dst->map_area);
}

/* ---------------------------------------------------------------------------------
 * The positions' own stream.
 *
 * A dwelling's position is drawn from a stream of its own, keyed by the scenario's seed
 * and the dwelling's index, never from the stock's stream: how many numbers placing a
 * dwelling takes depends on the polygon (rejections), so drawing them from the stock's
 * stream made every later attribute, and so every figure, depend on the map (issue 18:
 * boundaries loaded in the viewer changed the results). SplitMix64 (G. L. Steele, D. Lea
 * and C. H. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), the
 * generator the project already seeds its streams with (ws_stream_seed). */
typedef struct {
    uint64_t s;
} place_rng;

static uint64_t place_next(place_rng *g)
{
    uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform on [0, 1), a multiple of 2^-53. */
static double place_uniform(place_rng *g)
{
    return (double)(place_next(g) >> 11) * 0x1p-53;
}

static double place_uniform_cb(void *state)
{
    return place_uniform(state);
}

/* The stream of dwelling i of a scenario with this seed. */
static place_rng place_stream(unsigned long seed, long i)
{
    place_rng g = {(uint64_t)seed ^ 0x706C616365ULL}; /* "place": apart from the seeds */
    g.s = place_next(&g) ^ (uint64_t)i;
    g.s = place_next(&g);
    return g;
}

/* Index drawn from non-negative shares (which sum to 1): the first category with a
 * positive share whose running sum exceeds a uniform u, else the last with a positive
 * share (0 if none). The running sums are the same with the zero shares skipped or not,
 * so the category is the number of sums u reaches, counted without a branch on u (the
 * category is random, and a loop that stopped at it mispredicted its exit about every
 * other draw); only a u beyond a total just short of 1 needs the last positive one. */
static int draw_share(const double *share, int n, gsl_rng *rng)
{
    double u = ws_rng_uniform(rng), acc = 0;
    int c = 0;
    for (int k = 0; k < n - 1; k++) {
        acc += share[k];
        c += u >= acc;
    }
    if (share[c] > 0)
        return c;
    int last = 0;
    for (int k = 0; k < n; k++)
        last = share[k] > 0 ? k : last;
    return last;
}

static uint16_t quantise(double v, double lo, double hi)
{
    double f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    long q = f <= 0 ? 0 : ws_round(f * 65535.0);
    return (uint16_t)(q < 0 ? 0 : q > 65535 ? 65535 : q);
}

void ws_stock_position(const ws_stock *st, long i, double *x, double *y)
{
    const double *b = st->bbox + 4 * st->nbh[i];
    *x = b[0] + (b[2] - b[0]) * st->qx[i] / 65535.0;
    *y = b[1] + (b[3] - b[1]) * st->qy[i] / 65535.0;
}

void ws_stock_draw_household(ws_stock *st, const ws_scenario *sc, long i, gsl_rng *rng)
{
    st->household[i] = (uint8_t)draw_share(sc->household_mix[ws_stock_tenure(st, i)],
                                           WS_NHOUSEHOLD, rng);
    int band = draw_share(sc->nbh[st->nbh[i]].income_mix[ws_stock_tenure(st, i)], WS_NINCOME, rng);
    double mean = sc->energy.income[band];
    double inc = mean * (1 + sc->energy.income_spread * ws_rng_normal(rng));
    if (inc < 0.3 * mean)
        inc = 0.3 * mean;
    st->income_band[i] = (uint8_t)band;
    long units = ws_round(inc / 10);
    st->income[i] = (uint16_t)(units > 65535 ? 65535 : units);
}

/* ---------------------------------------------------------------------------------
 * Drawing a dwelling's attributes.
 *
 * The uniforms come inline from the generator (rng.h). A discrete draw (label,
 * income band) returns besides the category the uniform's position inside the chosen
 * bin, rescaled to [0, 1): given the category it is again uniform and independent of
 * the category, so the label's serves as the uniform of the energy index inside the
 * band and the income band's as one coordinate of the position (two draws fewer per
 * dwelling; the distributions are those of MODEL.md 3.1). A 53-bit uniform keeps more
 * than 47 bits after a bin of share 1/50, far more than a rounded index or a position
 * quantised to 1/65535 of its box needs. */

/* A distribution over categories with positive shares, cumulated in the order and
 * with the sums of draw_share; a guide table gives for each sixteenth of [0, 1) the
 * first category a u in it can fall in. */
#define MIX_MAX 8
#define MIX_GUIDE 16
_Static_assert(WS_NLABEL <= MIX_MAX && WS_NINCOME <= MIX_MAX && WS_NHOUSEHOLD <= MIX_MAX,
               "mix too small");
typedef struct {
    int n;
    int cat[MIX_MAX];
    double upper[MIX_MAX]; /* running sums; from the last category on, infinite */
    double lower[MIX_MAX], share[MIX_MAX];
    uint8_t guide[MIX_GUIDE];
} mix;

static void mix_init(mix *m, const double *share, int n)
{
    double acc = 0;
    m->n = 0;
    for (int k = 0; k < n && k < MIX_MAX; k++) {
        if (share[k] <= 0)
            continue;
        m->cat[m->n] = k;
        m->lower[m->n] = acc;
        acc += share[k];
        m->upper[m->n] = acc;
        m->share[m->n] = share[k];
        m->n++;
    }
    if (m->n == 0) {
        /* draw_share's answer when nothing has a share: category 0 */
        m->cat[0] = 0;
        m->lower[0] = 0;
        m->share[0] = 1;
        m->n = 1;
    }
    /* the last category also takes a u beyond a total just short of 1 */
    for (int j = m->n - 1; j < MIX_MAX; j++)
        m->upper[j] = HUGE_VAL;
    for (int b = 0, j = 0; b < MIX_GUIDE; b++) {
        while (!((double)b / MIX_GUIDE < m->upper[j]))
            j++;
        m->guide[b] = (uint8_t)j;
    }
}

/* Category for the uniform u (as draw_share would return it); *rest gets u's place in
 * the category's bin, in [0, 1). */
static inline int mix_draw(const mix *m, double u, double *rest)
{
    int j = m->guide[(int)(u * MIX_GUIDE)];
    while (!(u < m->upper[j]))
        j++;
    /* u >= upper[j - 1] = lower[j], so r >= 0 */
    double r = (u - m->lower[j]) / m->share[j];
    *rest = r < 1 ? r : 1 - 0x1p-53;
    return m->cat[j];
}

/* The same straight from the shares, for a single draw (no table to build). */
static int share_draw(const double *share, int n, double u, double *rest)
{
    double acc = 0, lower = 0;
    int last = -1;
    for (int k = 0; k < n; k++) {
        if (share[k] <= 0)
            continue;
        lower = acc;
        acc += share[k];
        last = k;
        if (u < acc)
            break;
    }
    if (last < 0) {
        *rest = u;
        return 0;
    }
    double r = (u - lower) / share[last];
    *rest = r < 0 ? 0 : r < 1 ? r : 1 - 0x1p-53;
    return last;
}

/* ---------------------------------------------------------------------------------
 * Positions inside a polygon without rejection from the whole bounding box.
 *
 * The area's bounding box is cut into a grid of cells. A cell that no edge comes near
 * (closer than a margin of a quantisation step plus rounding) lies wholly inside or
 * wholly outside the area by ws_map_contains, and so do all points within the margin of
 * it; the others are boundary cells. A position is drawn uniformly over the cells that
 * are not outside and uniformly inside the cell: in an inside cell it is accepted at
 * once, in a boundary cell only if its quantised position (as ws_stock_position decodes
 * it) is inside, tested against the edges near the cell's row. This is rejection
 * sampling from a smaller region than the box, so the position is uniform inside the
 * polygon as with ws_map_sample, except that a point whose quantised position would
 * fall outside (within a centimetre or so of an edge) is drawn again: the stored
 * position is always inside. */

typedef struct {
    double xi, yi, xj, yj; /* an edge as ring_contains in sim/map.c walks it */
} edge;

typedef struct {
    const ws_map_area *a;
    int nx, ny;
    double cw, ch;      /* cell size */
    double qx_per_cell, qy_per_cell; /* quantisation steps per cell */
    int ncand;
    int32_t *cand;      /* cells not outside: cell index * 2 + 1 for a boundary cell */
    int *row_start;     /* ny + 1 offsets into row_edges */
    edge *row_edges;    /* per row, the edges within the margin of it (not horizontal) */
    uint8_t *state;     /* per cell: 1 boundary */
    double *xs;         /* scratch: crossings of one scan line */
    size_t cap_cand, cap_rows, cap_edges, cap_state, cap_xs;
} area_sampler;

#define SAMPLER_MAX_CELLS 4096
#define SAMPLER_MAX_ROW 512 /* edges in a row, on average */
#define SAMPLER_MAX_WORK 8e6 /* cells marked and (edge, row) pairs, for one area */
#define SAMPLER_TRIES 64
#define REJECT_TRIES 1000
#define REJECT_WORK 1000000L /* vertices x tries for one dwelling */

static void sampler_free(area_sampler *s)
{
    free(s->cand);
    free(s->row_start);
    free(s->row_edges);
    free(s->state);
    free(s->xs);
}

/* Grows *p to at least n elements of size sz. Returns 0 when out of memory. */
static int grow(void *pp, size_t *cap, size_t n, size_t sz)
{
    void **p = pp;
    if (n <= *cap)
        return 1;
    size_t c = *cap ? *cap : 16;
    while (c < n)
        c *= 2;
    void *q = realloc(*p, c * sz);
    if (!q)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

/* Parity of the crossings of the row's edges right of (x, y): ws_map_contains for a
 * point within the margin of row r. */
static int sampler_contains(const area_sampler *s, int r, double x, double y)
{
    const ws_map_area *a = s->a;
    if (x < a->x0 || x > a->x1 || y < a->y0 || y > a->y1)
        return 0;
    int c = 0;
    for (int k = s->row_start[r]; k < s->row_start[r + 1]; k++) {
        const edge *e = &s->row_edges[k];
        if ((e->yi > y) != (e->yj > y) &&
            x < (e->xj - e->xi) * (y - e->yi) / (e->yj - e->yi) + e->xi)
            c = !c;
    }
    return c;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Rows r0..r1 of the grid that an edge from y0 to y1 comes within margin of. */
static void edge_rows(const area_sampler *s, double ya, double yb, double margin, int *r0,
                      int *r1)
{
    double lo = (fmin(ya, yb) - margin - s->a->y0) / s->ch;
    double hi = (fmax(ya, yb) + margin - s->a->y0) / s->ch;
    *r0 = lo < 0 ? 0 : lo >= s->ny ? s->ny - 1 : (int)lo;
    *r1 = hi < 0 ? 0 : hi >= s->ny ? s->ny - 1 : (int)hi;
}

/* The grid's geometry for area a and about ndw dwellings: about one cell per
 * dwelling, near square. Returns the margin an edge's cells are widened by, or 0 when
 * the grid cannot be used (a degenerate area, or cells too small for the margin). */
static double sampler_grid(area_sampler *s, const ws_map_area *a, long ndw)
{
    double w = a->x1 - a->x0, h = a->y1 - a->y0;
    if (!(w > 0 && h > 0) || a->nrings < 1 || !isfinite(w) || !isfinite(h))
        return 0;
    /* about one cell per dwelling, near square */
    double target = ndw < 16 ? 16 : ndw > SAMPLER_MAX_CELLS ? SAMPLER_MAX_CELLS : (double)ndw;
    double gx = sqrt(target * w / h);
    int nx = gx < 1 ? 1 : gx > 256 ? 256 : (int)(gx + 0.5);
    double gy = target / nx;
    int ny = gy < 1 ? 1 : gy > 256 ? 256 : (int)(gy + 0.5);
    s->nx = nx;
    s->ny = ny;
    s->cw = w / nx;
    s->ch = h / ny;
    s->qx_per_cell = 65535.0 / nx;
    s->qy_per_cell = 65535.0 / ny;
    /* a quantisation step, and far more than the rounding of a crossing */
    double margin = fmax(w, h) / 65535.0 +
                    1e-9 * (fabs(a->x0) + fabs(a->x1) + fabs(a->y0) + fabs(a->y1) + w + h);
    return margin < 0.25 * fmin(s->cw, s->ch) ? margin : 0;
}

/* What one pass over the area's edges does with an edge from pi to pj that comes within
 * margin of the grid rows r0..r1; acc is the pass's own running result. */
typedef void edge_fn(area_sampler *s, ws_point pi, ws_point pj, int r0, int r1,
                     double margin, void *acc);

/* Calls f for every edge of s's area, ring by ring, each ring's edges (i - 1, i) in
 * order starting with (last, first): the one walk grid_work, mark_edges and store_edges
 * share. */
static void walk_edges(area_sampler *s, double margin, edge_fn *f, void *acc)
{
    const ws_map_area *a = s->a;
    for (int r = 0; r < a->nrings; r++) {
        const ws_point *p = a->points + a->ring_start[r];
        int n = a->ring_start[r + 1] - a->ring_start[r];
        for (int i = 0, j = n - 1; i < n; j = i++) {
            int r0, r1;
            edge_rows(s, p[i].y, p[j].y, margin, &r0, &r1);
            f(s, p[i], p[j], r0, r1, margin, acc);
        }
    }
}

/* grid_work's edge: its rows times the columns its box covers. */
static void edge_work(area_sampler *s, ws_point pi, ws_point pj, int r0, int r1,
                      double margin, void *acc)
{
    double cols = (fabs(pi.x - pj.x) + 2 * margin) / s->cw + 2;
    *(double *)acc += (r1 - r0 + 1) * (cols < s->nx ? cols : s->nx);
}

/* What mark_edges would cost: the (edge, row) pairs and the cells marked, bounded by
 * the rows times the columns an edge's box covers. */
static double grid_work(area_sampler *s, double margin)
{
    double work = 0;
    walk_edges(s, margin, edge_work, &work);
    return work;
}

/* mark_edges's edge: marks the cells it comes within margin of, row by row, and counts
 * it in those rows (and in *acc) unless horizontal. */
static void edge_mark(area_sampler *s, ws_point pi, ws_point pj, int r0, int r1,
                      double margin, void *acc)
{
    const ws_map_area *a = s->a;
    int nx = s->nx;
    int flat = pi.y == pj.y;
    double k = flat ? 0 : (pj.x - pi.x) / (pj.y - pi.y);
    for (int row = r0; row <= r1; row++) {
        double xa = pi.x, xb = pj.x;
        if (!flat) {
            /* the part of the edge within the row's band widened by margin */
            double blo = a->y0 + row * s->ch - margin;
            double bhi = a->y0 + (row + 1) * s->ch + margin;
            double ya = fmax(blo, fmin(pi.y, pj.y));
            double yb = fmin(bhi, fmax(pi.y, pj.y));
            xa = pi.x + k * (ya - pi.y);
            xb = pi.x + k * (yb - pi.y);
            s->row_start[row + 1]++;
            (*(size_t *)acc)++;
        }
        double lo = (fmin(xa, xb) - margin - a->x0) / s->cw;
        double hi = (fmax(xa, xb) + margin - a->x0) / s->cw;
        int c0 = lo < 0 ? 0 : lo >= nx ? nx - 1 : (int)lo;
        int c1 = hi < 0 ? 0 : hi >= nx ? nx - 1 : (int)hi;
        memset(s->state + (size_t)row * nx + c0, 1, (size_t)(c1 - c0 + 1));
    }
}

/* Every edge: marks the cells it comes within margin of, row by row, and counts it in
 * those rows (row_start[row + 1]) unless horizontal (a horizontal edge is never
 * crossed). Returns the number of (edge, row) entries counted. */
static size_t mark_edges(area_sampler *s, double margin)
{
    size_t nentries = 0;
    walk_edges(s, margin, edge_mark, &nentries);
    return nentries;
}

/* store_edges's edge: stored in each of its rows unless horizontal. */
static void edge_store(area_sampler *s, ws_point pi, ws_point pj, int r0, int r1,
                       double margin, void *acc)
{
    (void)margin;
    (void)acc;
    if (pi.y == pj.y)
        return;
    for (int row = r0; row <= r1; row++)
        s->row_edges[s->row_start[row + 1]++] = (edge){pi.x, pi.y, pj.x, pj.y};
}

/* Stores each row's edges (counted by mark_edges) in row_edges, row by row. */
static void store_edges(area_sampler *s, double margin)
{
    int ny = s->ny;
    /* row_start[row + 1] becomes the start of row, and advances to its end as the row's
     * edges are stored */
    for (int row = 0; row < ny; row++)
        s->row_start[row + 1] += s->row_start[row];
    for (int row = ny; row > 0; row--)
        s->row_start[row] = s->row_start[row - 1];
    walk_edges(s, margin, edge_store, NULL);
}

/* The candidate cells: those an edge comes near (to be tested point by point), and of
 * the others those inside by their centre, each row's centre line crossed by the row's
 * edges as ws_map_contains computes it. */
static void classify_cells(area_sampler *s)
{
    const ws_map_area *a = s->a;
    int nx = s->nx, ny = s->ny;
    for (int row = 0; row < ny; row++) {
        double yc = a->y0 + (row + 0.5) * s->ch;
        size_t nxs = 0;
        for (int k = s->row_start[row]; k < s->row_start[row + 1]; k++) {
            const edge *e = &s->row_edges[k];
            if ((e->yi > yc) != (e->yj > yc))
                s->xs[nxs++] = (e->xj - e->xi) * (yc - e->yi) / (e->yj - e->yi) + e->xi;
        }
        qsort(s->xs, nxs, sizeof *s->xs, cmp_double);
        size_t left = 0; /* crossings at or left of the centre */
        for (int col = 0; col < nx; col++) {
            size_t cell = (size_t)row * nx + col;
            if (s->state[cell]) {
                s->cand[s->ncand++] = (int32_t)(2 * cell + 1);
                continue;
            }
            double xc = a->x0 + (col + 0.5) * s->cw;
            while (left < nxs && !(xc < s->xs[left]))
                left++;
            /* inside when an odd number of crossings lies right of the centre */
            if ((nxs - left) % 2)
                s->cand[s->ncand++] = (int32_t)(2 * cell);
        }
    }
}

/* Prepares s for area a, to place about ndw dwellings. Returns 0 when the grid cannot
 * be used (degenerate or too complex area, out of memory): the caller then samples by
 * ws_map_sample. */
static int sampler_init(area_sampler *s, const ws_map_area *a, long ndw)
{
    s->a = a;
    s->ncand = 0;
    double margin = sampler_grid(s, a, ndw);
    if (!(margin > 0))
        return 0;
    size_t ncell = (size_t)s->nx * (size_t)s->ny;
    if (!grow(&s->cand, &s->cap_cand, ncell, sizeof *s->cand) ||
        !grow(&s->row_start, &s->cap_rows, (size_t)s->ny + 1, sizeof *s->row_start) ||
        !grow(&s->state, &s->cap_state, ncell, 1))
        return 0;
    /* ncell >= 1 (sampler_grid clamps nx and ny to 1..256), so grow has allocated;
     * clang's analyser does not follow that into here: NOLINT. */
    memset(s->state, 0, ncell); // NOLINT(clang-analyzer-core.NonNullParamChecker)
    memset(s->row_start, 0, ((size_t)s->ny + 1) * sizeof *s->row_start);
    /* marking costs the cells every edge comes near: refuse before, not after */
    if (grid_work(s, margin) > SAMPLER_MAX_WORK)
        return 0;
    size_t nentries = mark_edges(s, margin);
    /* an area of many long edges is cheaper by plain rejection; and a try in a boundary
     * cell walks its row's edges, so long rows (a comb, a star of thousands of
     * spikes) go to the scan-line spans instead */
    if (nentries > 8 * (size_t)a->ring_start[a->nrings] + 4096 || nentries > ((size_t)1 << 22) ||
        nentries > (size_t)s->ny * SAMPLER_MAX_ROW)
        return 0;
    if (!grow(&s->row_edges, &s->cap_edges, nentries + 1, sizeof *s->row_edges) ||
        !grow(&s->xs, &s->cap_xs, nentries + 1, sizeof *s->xs))
        return 0;
    store_edges(s, margin);
    classify_cells(s);
    return s->ncand > 0;
}

/* Draws the quantised position of a dwelling into *qx, *qy from its stream rng.
 * Returns 0 when rejection failed too often (a sliver): the caller falls back to ws_map_sample. */
static int sampler_draw(const area_sampler *s, place_rng *rng, uint16_t *qx, uint16_t *qy)
{
    const ws_map_area *a = s->a;
    for (int t = 0; t < SAMPLER_TRIES; t++) {
        double fy = place_uniform(rng);
        double v = place_uniform(rng) * s->ncand;
        int j = (int)v;
        if (j >= s->ncand)
            j = s->ncand - 1;
        double fx = v - j;
        int32_t code = s->cand[j];
        int cell = code >> 1, row = cell / s->nx, col = cell % s->nx;
        /* quantise(x0 + (col + fx) * cw, x0, x1) without the round trip */
        long kx = ws_round((col + fx) * s->qx_per_cell), ky = ws_round((row + fy) * s->qy_per_cell);
        kx = kx > 65535 ? 65535 : kx;
        ky = ky > 65535 ? 65535 : ky;
        if (code & 1) {
            /* as ws_stock_position decodes it */
            double dx = a->x0 + (a->x1 - a->x0) * kx / 65535.0;
            double dy = a->y0 + (a->y1 - a->y0) * ky / 65535.0;
            if (!sampler_contains(s, row, dx, dy))
                continue;
        }
        *qx = (uint16_t)kx;
        *qy = (uint16_t)ky;
        return 1;
    }
    return 0;
}

/* The same by rejection from the whole bounding box, for a single dwelling (a grid
 * would not pay). Returns 0 after
 * REJECT_TRIES failures (a sliver). */
static int reject_draw(const ws_map_area *a, place_rng *rng, uint16_t *qx, uint16_t *qy)
{
    /* each try costs a pass over the vertices: bound the work, not only the tries */
    long nv = a->nrings > 0 ? a->ring_start[a->nrings] : 1;
    long tries = REJECT_WORK / (nv > 0 ? nv : 1);
    tries = tries < 1 ? 1 : tries > REJECT_TRIES ? REJECT_TRIES : tries;
    for (long t = 0; t < tries; t++) {
        /* quantise(x0 + (x1 - x0) * fx, x0, x1) without the round trip */
        double fx = place_uniform(rng);
        long kx = ws_round(fx * 65535.0), ky = ws_round(place_uniform(rng) * 65535.0);
        double dx = a->x0 + (a->x1 - a->x0) * kx / 65535.0;
        double dy = a->y0 + (a->y1 - a->y0) * ky / 65535.0;
        if (ws_map_contains(a, dx, dy)) {
            *qx = (uint16_t)kx;
            *qy = (uint16_t)ky;
            return 1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------------------------
 * Drawing the dwellings of one composition row. */

/* What every dwelling of one composition row (or one new dwelling) shares. */
typedef struct {
    mix label, income, household; /* for a row of many dwellings */
    const double *label_share;   /* for one: the shares, drawn from directly */
    const double *income_share;
    const double *household_share;
    int many;
    int nbh, type, tenure, period, life;
    unsigned flags; /* WS_F_* flags (the status byte's low bits) */
    double mean_area;
    double income_mean[WS_NINCOME], income_spread;
    const double *cond_cdf; /* the tenure's settled condition law, cumulative (256) */
    double cond_u0;         /* the row's start in the golden-ratio sequence */
    uint16_t new_condition; /* stored condition of a new dwelling (no draw) */
    unsigned long seed;     /* the scenario's, for the positions' streams */
} row_ctx;

static void row_init(row_ctx *c, const ws_stock *st, const ws_scenario *sc, int nbh,
                     int type, int tenure, int period, double mean_area, int many)
{
    const ws_neighbourhood *nb = &sc->nbh[nbh];
    c->label_share = nb->label_mix[period];
    c->income_share = nb->income_mix[tenure];
    c->household_share = sc->household_mix[tenure];
    c->many = many;
    if (many) {
        mix_init(&c->label, c->label_share, WS_NLABEL);
        mix_init(&c->income, c->income_share, WS_NINCOME);
        mix_init(&c->household, c->household_share, WS_NHOUSEHOLD);
    }
    c->nbh = nbh;
    c->type = type;
    c->tenure = tenure;
    c->period = period;
    c->life = WS_LIFE_STANDING;
    c->flags = WS_F_OCCUPIED;
    c->mean_area = mean_area;
    for (int k = 0; k < WS_NINCOME; k++)
        c->income_mean[k] = sc->energy.income[k];
    c->income_spread = sc->energy.income_spread;
    c->cond_cdf = NULL;
    c->cond_u0 = 0;
    c->new_condition = (uint16_t)(st->decay_offset + ws_round(255 * 1.0));
    c->seed = sc->seed;
}

/* The first unit k with cdf[k] > u (255 when rounding leaves none): the law's
 * quantile at u in [0, 1). */
static int quantile_256(const double *cdf, double u)
{
    int lo = 0, hi = 255;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* How positions are drawn: in a box without a map; in a polygon by the grid sampler,
 * by rejection (one dwelling), or by scan-line spans (when neither is cheap). */
enum { PLACE_BOX, PLACE_GRID, PLACE_REJECT, PLACE_SPANS };

/* Where the positions of one neighbourhood come from. */
typedef struct {
    int how;                 /* PLACE_* */
    const area_sampler *smp; /* for PLACE_GRID */
    const ws_map_area *poly; /* NULL for PLACE_BOX */
    ws_place_spans **spans;  /* made on first need (PLACE_SPANS, or a failed draw) */
} placer;

/* The quantised position of dwelling i, from its own stream (place_stream). bb: the
 * neighbourhood's bounding box. */
static void place_one(const placer *pl, unsigned long seed, long i, const double *bb,
                      uint16_t *qx, uint16_t *qy)
{
    place_rng pr = place_stream(seed, i);
    if (pl->how == PLACE_BOX) {
        /* quantise(x0 + (x1 - x0) * u, x0, x1) without the round trip */
        *qx = (uint16_t)ws_round(place_uniform(&pr) * 65535.0);
        *qy = (uint16_t)ws_round(place_uniform(&pr) * 65535.0);
        return;
    }
    if (pl->how == PLACE_GRID && sampler_draw(pl->smp, &pr, qx, qy))
        return;
    ws_place_spans **sp = pl->spans;
    /* once an area has needed its spans (rejection failed), they serve every later
     * dwelling there: a failed rejection costs up to REJECT_WORK each time */
    int have = *sp && ws_place_spans_area(*sp) == pl->poly;
    if (pl->how == PLACE_REJECT && !have && reject_draw(pl->poly, &pr, qx, qy))
        return;
    if (*sp && ws_place_spans_area(*sp) != pl->poly) {
        ws_place_spans_free(*sp);
        *sp = NULL;
    }
    if (!*sp)
        *sp = ws_place_spans_alloc(pl->poly);
    if (*sp && ws_place_spans_draw(*sp, place_uniform(&pr), qx, qy))
        return;
    /* a sliver thinner than the lattice (or no memory): ws_map_sample's scan lines */
    ws_point p = ws_map_sample(pl->poly, place_uniform_cb, &pr);
    *qx = quantise(p.x, bb[0], bb[2]);
    *qy = quantise(p.y, bb[1], bb[3]);
}

/* Fills dwellings i0 .. i0 + count - 1 of row c: every attribute but the landlord;
 * positions by pl. The stock's arrays are held in locals: a store
 * through a byte pointer may alias the stock struct, which would reload them after
 * every store. */
static void draw_row(ws_stock *st, const row_ctx *row, long i0, long count, gsl_rng *rng,
                     const placer *pl)
{
    const mix *label_mix = &row->label, *income_mix = &row->income;
    const mix *household_mix = &row->household;
    const double *label_share = row->label_share, *income_share = row->income_share;
    const double *household_share = row->household_share;
    const int many = row->many;
    /* the row's values in locals too */
    const uint16_t nb = (uint16_t)row->nbh;
    const uint8_t ty = (uint8_t)row->type, pe = (uint8_t)row->period;
    const uint8_t status = (uint8_t)((unsigned)row->flags |
                                     (unsigned)row->life << WS_F_LIFE_SHIFT |
                                     (unsigned)row->tenure << WS_F_TENURE_SHIFT);
    const double mean_area = row->mean_area, spread = row->income_spread;
    const double *cond_cdf = row->cond_cdf;
    double cond_u = row->cond_u0;
    double income_mean[WS_NINCOME];
    memcpy(income_mean, row->income_mean, sizeof income_mean);
    const uint16_t new_condition = row->new_condition;
    uint16_t *nbh = st->nbh, *qx = st->qx, *qy = st->qy, *condition = st->condition;
    uint16_t *floor_area = st->floor_area, *energy_index = st->energy_index;
    uint16_t *income = st->income;
    uint8_t *fabric = st->fabric, *period = st->period, *income_band = st->income_band;
    uint8_t *flags = st->flags, *retrofit = st->retrofit, *household = st->household;
    uint32_t *landlord = st->landlord;
    uint8_t *review = st->review;
    const double *bb = st->bbox + 4 * row->nbh;
    int decay_offset = st->decay_offset, is_new = row->period == WS_PERIOD_NEW;
    const unsigned long seed = row->seed;
    for (long i = i0; i < i0 + count; i++) {
        nbh[i] = nb;
        period[i] = pe;
        flags[i] = status;
        retrofit[i] = WS_RETRO_NONE;
        landlord[i] = 0;
        review[i] = 255;
        double area = mean_area * (1 + 0.1 * ws_rng_normal(rng));
        area = area < 15 ? 15 : area > 1500 ? 1500 : area;
        floor_area[i] = (uint16_t)ws_round(area);
        /* the label, and the energy index uniformly inside its band from the rest */
        double f;
        double ul = ws_rng_uniform(rng);
        int label = many ? mix_draw(label_mix, ul, &f) : share_draw(label_share, WS_NLABEL, ul, &f);
        double lo = label == 0 ? index_floor : label_upper[label - 1];
        /* Strictly inside the band so that rounding keeps the label. */
        energy_index[i] = (uint16_t)ws_round(lo + 0.5 + (label_upper[label] - lo - 1) * f);
        if (is_new) {
            fabric[i] = (uint8_t)(ty | WS_HEAT_PUMP << 4);
            condition[i] = new_condition;
        } else {
            fabric[i] = (uint8_t)(ty | WS_HEAT_GAS << 4);
            /* an equilibrium start: the law decay and maintenance keep (3.1) */
            condition[i] = (uint16_t)(decay_offset + quantile_256(cond_cdf, cond_u));
            cond_u += 0.6180339887498949;
            cond_u -= cond_u >= 1;
        }
        /* the household, as ws_stock_draw_household (type, then income) */
        double uh = ws_rng_uniform(rng), fh;
        household[i] = (uint8_t)(many ? mix_draw(household_mix, uh, &fh)
                                      : share_draw(household_share, WS_NHOUSEHOLD, uh, &fh));
        double ub = ws_rng_uniform(rng);
        int band = many ? mix_draw(income_mix, ub, &f) : share_draw(income_share, WS_NINCOME, ub, &f);
        double mean = income_mean[band];
        double inc = mean * (1 + spread * ws_rng_normal(rng));
        if (inc < 0.3 * mean)
            inc = 0.3 * mean;
        income_band[i] = (uint8_t)band;
        long units = ws_round(inc / 10);
        income[i] = (uint16_t)(units > 65535 ? 65535 : units);
        place_one(pl, seed, i, bb, &qx[i], &qy[i]);
    }
}

static void set_bboxes(ws_stock *st, const ws_scenario *sc)
{
    int cols = (int)ceil(sqrt(sc->nnbh > 0 ? sc->nnbh : 1));
    for (int b = 0; b < sc->nnbh; b++) {
        double *bb = st->bbox + 4 * b;
        int a = sc->map ? ws_map_find(sc->map, sc->nbh[b].id) : -1;
        st->map_area[b] = a;
        if (a >= 0) {
            const ws_map_area *ar = &sc->map->areas[a];
            bb[0] = ar->x0;
            bb[1] = ar->y0;
            bb[2] = ar->x1;
            bb[3] = ar->y1;
        } else {
            /* No map: a square kilometre per neighbourhood on a grid. */
            bb[0] = 1000.0 * (b % cols);
            bb[1] = 1000.0 * (b / cols);
            bb[2] = bb[0] + 1000;
            bb[3] = bb[1] + 1000;
        }
    }
}

int ws_stock_generate(ws_stock *st, const ws_scenario *sc, gsl_rng *rng)
{
    if (rng->type != ws_rng_type)
        return WS_ERUNTIME;
    set_bboxes(st, sc);
    st->n = 0;
    long total = 0;
    for (int g = 0; g < sc->ngroups; g++)
        total += sc->groups[g].count;
    if (total > st->cap)
        return WS_ENOMEM;
    /* The existing stock's conditions start from the law that the yearly decay and
     * maintenance leave unchanged (sim/market.c), so that without policy the condition
     * stays level in expectation instead of drifting from an arbitrary start. */
    /* Drawn through the law's quantiles along a golden-ratio sequence from a random
     * start per row, so that a row's mix matches the law to about a dwelling: every run
     * shares this stock, and a plain random draw's error (about +-16 substandard
     * dwellings here) would show in every run as a drift back to the expectation. */
    double cdf[WS_NTENURE][256];
    ws_market_settled_laws(sc, cdf);
    for (int t = 0; t < WS_NTENURE; t++)
        for (int k = 1; k < 256; k++)
            cdf[t][k] += cdf[t][k - 1];
    area_sampler smp;
    memset(&smp, 0, sizeof smp);
    /* Private dwellings are handed to landlords in order; a landlord's portfolio size is
     * geometric with the scenario's mean, so a few landlords own many dwellings. */
    uint32_t landlord = 0;
    long left_in_portfolio = 0;
    double pf = sc->market.landlord_portfolio;
    for (int b = 0; b < sc->nnbh; b++) {
        const ws_neighbourhood *nb = &sc->nbh[b];
        long ndw = 0;
        for (int g = nb->group0; g < nb->group0 + nb->ngroups; g++)
            ndw += sc->groups[g].count;
        int a = sc->map ? st->map_area[b] : -1;
        const ws_map_area *area = a >= 0 ? &sc->map->areas[a] : NULL;
        /* where the grid would cost too much, scan-line spans (bounded work) */
        placer pl = {!area ? PLACE_BOX
                     : ndw > 0 && sampler_init(&smp, area, ndw) ? PLACE_GRID : PLACE_SPANS,
                     &smp, area, &st->place_spans[b]};
        for (int g = nb->group0; g < nb->group0 + nb->ngroups; g++) {
            const ws_stock_group *gr = &sc->groups[g];
            row_ctx c;
            row_init(&c, st, sc, b, gr->type, gr->tenure, gr->period, gr->floor_area, 1);
            c.cond_cdf = cdf[gr->tenure];
            c.cond_u0 = ws_rng_uniform(rng);
            long i0 = st->n;
            draw_row(st, &c, i0, gr->count, rng, &pl);
            st->n += gr->count;
            if (gr->tenure != WS_TENURE_PRIVATE)
                continue;
            for (long i = i0; i < st->n; i++) {
                if (left_in_portfolio <= 0) {
                    landlord++;
                    left_in_portfolio = pf <= 1 ? 1 : (long)gsl_ran_geometric(rng, 1 / pf);
                }
                st->landlord[i] = landlord;
                left_in_portfolio--;
            }
        }
    }
    sampler_free(&smp);
    st->landlords = landlord;
    return WS_OK;
}

long ws_stock_add(ws_stock *st, const ws_scenario *sc, int nbh, int type, int tenure,
                  double floor_area, gsl_rng *rng)
{
    if (st->n >= st->cap)
        return -1;
    long i = st->n++;
    row_ctx c;
    row_init(&c, st, sc, nbh, type, tenure, WS_PERIOD_NEW, floor_area, 0);
    c.life = WS_LIFE_PLANNED;
    c.flags = 0;
    /* one dwelling does not pay for a grid: rejection from the bounding box, with
     * the neighbourhood's spans (kept in the stock) when that fails */
    int a = sc->map ? st->map_area[nbh] : -1;
    placer pl = {a >= 0 ? PLACE_REJECT : PLACE_BOX, NULL,
                 a >= 0 ? &sc->map->areas[a] : NULL, &st->place_spans[nbh]};
    draw_row(st, &c, i, 1, rng, &pl);
    return i;
}
