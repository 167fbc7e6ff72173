/* Stock generation: counts per composition row, label mix, positions inside polygons,
 * reproducibility. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "check.h"
#include "woonsim/map.h"
#include "woonsim/scenario.h"
#include "woonsim/world.h"


/* chi-square statistic within dof + 6 standard deviations of its mean */
static int chi2_ok(double chi2, int dof)
{
    return dof <= 0 || chi2 < dof + 6 * sqrt(2.0 * dof);
}

/* Positions of the stock against the polygons of sc->map: every stored position inside,
 * counts in a 4 x 4 split of each bounding box as the area's share of it (integrated on
 * a fine grid with ws_map_contains), and the height independent of the income band. */
static void check_positions(const ws_scenario *sc, const ws_stock *st, const char *what)
{
    enum { B = 4, FINE = 400 };
    long outside = 0;
    double chi2 = 0, chi2_band = 0;
    int dof = 0, dof_band = 0;
    for (int b = 0; b < sc->nnbh; b++) {
        int ai = ws_map_find(sc->map, sc->nbh[b].id);
        CHECK(ai >= 0, "%s: no polygon for %s", what, sc->nbh[b].id);
        if (ai < 0)
            continue;
        const ws_map_area *a = &sc->map->areas[ai];
        double w = a->x1 - a->x0, h = a->y1 - a->y0;
        double share[B * B] = {0}, in = 0;
        for (int i = 0; i < FINE; i++)
            for (int j = 0; j < FINE; j++)
                if (ws_map_contains(a, a->x0 + (i + 0.5) * w / FINE, a->y0 + (j + 0.5) * h / FINE)) {
                    share[(i * B / FINE) * B + j * B / FINE]++;
                    in++;
                }
        long count[B * B] = {0}, band_y[WS_NINCOME][B * B] = {{0}}, n = 0;
        for (long i = 0; i < st->n; i++) {
            if (st->nbh[i] != b)
                continue;
            double x, y;
            ws_stock_position(st, i, &x, &y);
            outside += !ws_map_contains(a, x, y);
            int cx = (int)((x - a->x0) / w * B), cy = (int)((y - a->y0) / h * B);
            cx = cx < 0 ? 0 : cx >= B ? B - 1 : cx;
            cy = cy < 0 ? 0 : cy >= B ? B - 1 : cy;
            count[cx * B + cy]++;
            /* quarter of the height and, finer than the sampler's cells, stripes of 256
             * quantisation steps taken four by four */
            band_y[st->income_band[i]][cy * B + ((st->qy[i] >> 8) & 3)]++;
            n++;
        }
        if (n < 200 || in == 0)
            continue;
        for (int k = 0; k < B * B; k++) {
            double e = n * share[k] / in;
            if (e >= 5) {
                chi2 += (count[k] - e) * (count[k] - e) / e;
                dof++;
            }
        }
        dof--;
        long row[WS_NINCOME] = {0}, col[B * B] = {0};
        for (int r = 0; r < WS_NINCOME; r++)
            for (int c = 0; c < B * B; c++) {
                row[r] += band_y[r][c];
                col[c] += band_y[r][c];
            }
        int nr = 0, nc = 0;
        for (int r = 0; r < WS_NINCOME; r++)
            nr += row[r] > 0;
        for (int c = 0; c < B * B; c++)
            nc += col[c] > 0;
        for (int r = 0; r < WS_NINCOME; r++)
            for (int c = 0; c < B * B; c++) {
                double e = (double)row[r] * col[c] / n;
                if (e > 0)
                    chi2_band += (band_y[r][c] - e) * (band_y[r][c] - e) / e;
            }
        dof_band += (nr - 1) * (nc - 1);
    }
    CHECK(outside == 0, "%s: %ld dwellings outside their neighbourhood polygon", what, outside);
    CHECK(chi2_ok(chi2, dof), "%s: positions not uniform in the polygons: chi2 %.1f, %d dof",
          what, chi2, dof);
    CHECK(chi2_ok(chi2_band, dof_band),
          "%s: height depends on the income band: chi2 %.1f, %d dof", what, chi2_band, dof_band);
}

/* The energy index is uniform inside its label's band (rounded: each whole number
 * strictly inside alike): counts in 5 parts of each band. */
static void check_index(const ws_stock *st, const char *what)
{
    long count[WS_NLABEL][5] = {{0}}, n[WS_NLABEL] = {0};
    for (long i = 0; i < st->n; i++) {
        int l = ws_label_of_index(st->energy_index[i]);
        double lo = l == 0 ? 40 : ws_label_upper(l - 1), hi = ws_label_upper(l);
        /* indices lo + 1 .. hi - 1 are drawn (strictly inside), each part alike */
        int k = (int)((st->energy_index[i] - lo - 0.5) / (hi - lo - 1) * 5);
        count[l][k < 0 ? 0 : k > 4 ? 4 : k]++;
        n[l]++;
    }
    double chi2 = 0;
    int dof = 0;
    for (int l = 0; l < WS_NLABEL; l++) {
        double lo = l == 0 ? 40 : ws_label_upper(l - 1), hi = ws_label_upper(l);
        int values = (int)(hi - lo) - 1; /* lo + 1 .. hi - 1 */
        if (n[l] < 100)
            continue;
        /* each integer of the band equally likely: part k's share is its count of them */
        long in_part[5] = {0};
        for (int v = (int)lo + 1; v <= (int)hi - 1; v++) {
            int k = (int)((v - lo - 0.5) / (hi - lo - 1) * 5);
            in_part[k < 0 ? 0 : k > 4 ? 4 : k]++;
        }
        for (int k = 0; k < 5; k++) {
            double e = n[l] * (double)in_part[k] / values;
            chi2 += (count[l][k] - e) * (count[l][k] - e) / e;
            dof++;
        }
        dof--;
    }
    CHECK(chi2_ok(chi2, dof), "%s: energy index not uniform in the bands: chi2 %.1f, %d dof",
          what, chi2, dof);
}

/* The NTA 8800 bands on the primary fossil energy use (kWh/m2.yr), as the Regeling
 * energieprestatie gebouwen sets them (MODEL.md 3.1): each band's edges map to its
 * label, the next whole number to the next label, and the bands' upper bounds are the
 * published ones (G's is the model's top of the scale). */
static void check_nta8800_bands(void)
{
    static const double upper[WS_NLABEL - 1] = {160, 190, 250, 290, 335, 380};
    static const char letter[] = "ABCDEFG";
    CHECK(ws_label_of_index(40) == WS_LABEL_A && ws_label_of_index(104) == WS_LABEL_A &&
              ws_label_of_index(105) == WS_LABEL_A,
          "A+ and better (below 105) are lumped into A");
    for (int l = 0; l < WS_NLABEL - 1; l++) {
        CHECK(ws_label_upper(l) == upper[l], "label %c: upper bound %g, NTA 8800 says %g",
              letter[l], ws_label_upper(l), upper[l]);
        CHECK(ws_label_of_index(upper[l]) == l, "index %g is label %c", upper[l], letter[l]);
        CHECK(ws_label_of_index(upper[l] + 0.01) == l + 1, "index %g is label %c",
              upper[l] + 0.01, letter[l + 1]);
        CHECK(ws_label_of_index(upper[l] + 1) == l + 1, "index %g is label %c", upper[l] + 1,
              letter[l + 1]);
    }
    CHECK(ws_label_of_index(1000) == WS_LABEL_G && ws_label_of_index(381) == WS_LABEL_G,
          "above 380 is G");
    CHECK(ws_label_upper(WS_LABEL_G) > 380, "the top of G's drawing band lies above 380");
}

/* Awkward polygons under the default scenario's neighbourhood ids, in RD-size
 * coordinates: holes, concave teeth, two parts, a slanted sliver, a self-crossing star,
 * a many-sided disc, a strip, nested rings. */
static ws_map *shapes_map(const ws_scenario *sc)
{
    static const char *const shape[] = {
        /* square with a square hole */
        "<ring>0,0 1000,0 1000,1000 0,1000</ring><ring>300,300 700,300 700,700 300,700</ring>",
        /* L */
        "<ring>0,0 1000,0 1000,200 200,200 200,1000 0,1000</ring>",
        /* comb: five teeth 40 m wide */
        "<ring>0,0 1000,0 1000,1000 960,1000 960,100 760,100 760,1000 720,1000 720,100 "
        "520,100 520,1000 480,1000 480,100 280,100 280,1000 240,1000 240,100 40,100 "
        "40,1000 0,1000</ring>",
        "<ring>0,0 1000,0 500,800</ring>",
        /* two parts */
        "<ring>0,0 300,0 300,300 0,300</ring><ring>600,600 1000,600 1000,1000 600,1000</ring>",
        /* slanted sliver, about 7 m wide */
        "<ring>0,0 10,0 1000,990 1000,1000 990,1000 0,10</ring>",
        /* self-crossing pentagram: the centre is outside by the even-odd rule */
        "<ring>500,1000 794,95 18,655 982,655 206,95</ring>",
        /* a hole touching the outer ring at a vertex */
        "<ring>0,0 1000,0 1000,1000 0,1000</ring><ring>0,0 600,200 200,600</ring>",
        NULL, /* disc, below */
        /* strip */
        "<ring>0,0 2000,0 2000,10 0,10</ring>",
        /* square, hole, island */
        "<ring>0,0 1000,0 1000,1000 0,1000</ring><ring>200,200 800,200 800,800 200,800</ring>"
        "<ring>400,400 600,400 600,600 400,600</ring>",
        "<ring>0,0 1000,0 1000,1000 0,1000</ring>",
    };
    size_t cap = 1 << 16, len = 0;
    char *xml = malloc(cap);
    if (!xml)
        return NULL;
    len += (size_t)snprintf(xml + len, cap - len, "<map name=\"shapes\">\n");
    for (int b = 0; b < sc->nnbh; b++) {
        const char *sh = shape[b % 12];
        double ox = 150000 + 3000.0 * b, oy = 450000 + 1000.0 * (b % 3);
        len += (size_t)snprintf(xml + len, cap - len, "<area id=\"%s\">", sc->nbh[b].id);
        if (!sh) {
            len += (size_t)snprintf(xml + len, cap - len, "<ring>");
            for (int k = 0; k < 64; k++)
                len += (size_t)snprintf(xml + len, cap - len, "%.3f,%.3f ",
                                        ox + 500 + 500 * cos(k * 6.283185307179586 / 64),
                                        oy + 500 + 500 * sin(k * 6.283185307179586 / 64));
            len += (size_t)snprintf(xml + len, cap - len, "</ring>");
        } else {
            /* shift the ring's points by the origin */
            const char *p = sh;
            while (*p) {
                if (*p >= '0' && *p <= '9') {
                    char *end;
                    double x = strtod(p, &end);
                    double y = strtod(end + 1, &end);
                    len += (size_t)snprintf(xml + len, cap - len, "%.0f,%.0f", ox + x, oy + y);
                    p = end;
                } else {
                    xml[len++] = *p++;
                }
            }
        }
        len += (size_t)snprintf(xml + len, cap - len, "</area>\n");
    }
    len += (size_t)snprintf(xml + len, cap - len, "</map>\n");
    ws_error err;
    ws_map *map = len < cap ? ws_map_parse(xml, len, "shapes.xml", &err) : NULL;
    CHECK(map != NULL, "shapes map: %s", len < cap ? err.msg : "too long");
    free(xml);
    return map;
}

/* A stock generated straight from sc with seed. */
static ws_stock *generate(const ws_scenario *sc, unsigned long seed)
{
    long total = 0;
    for (int g = 0; g < sc->ngroups; g++)
        total += sc->groups[g].count;
    ws_stock *st = ws_stock_alloc(total, sc->nnbh);
    gsl_rng *rng = gsl_rng_alloc(ws_rng_type);
    CHECK(st && rng, "stock alloc");
    if (st && rng) {
        gsl_rng_set(rng, seed);
        CHECK(ws_stock_generate(st, sc, rng) == WS_OK, "generate");
    }
    gsl_rng_free(rng);
    return st;
}

/* Household types per tenure against the scenario's shares (a chi-square per tenure):
 * in the initial stock, and among the occupied dwellings after a run to 2042, whose
 * households have mostly moved in since (market, permit and rehousing draws). */
static void household_shares(const ws_scenario *sc, const ws_stock *st, const char *what)
{
    long n[WS_NTENURE][WS_NHOUSEHOLD] = {{0}}, bad_type = 0;
    for (long i = 0; i < st->n; i++) {
        if (ws_stock_life(st, i) != WS_LIFE_STANDING || !(st->flags[i] & WS_F_OCCUPIED))
            continue;
        if (st->household[i] >= WS_NHOUSEHOLD) {
            bad_type++;
            continue;
        }
        n[ws_stock_tenure(st, i)][st->household[i]]++;
    }
    CHECK(bad_type == 0, "%s: %ld households of no known type", what, bad_type);
    for (int t = 0; t < WS_NTENURE; t++) {
        long total = 0;
        for (int h = 0; h < WS_NHOUSEHOLD; h++)
            total += n[t][h];
        double chi2 = 0;
        int dof = -1;
        for (int h = 0; h < WS_NHOUSEHOLD; h++) {
            double e = sc->household_mix[t][h] * (double)total;
            if (e > 0) {
                chi2 += (n[t][h] - e) * (n[t][h] - e) / e;
                dof++;
            } else {
                CHECK(n[t][h] == 0, "%s: %s households of zero share", what,
                      ws_household_names[h]);
            }
        }
        CHECK(total > 1000 && chi2_ok(chi2, dof), "%s, %s: %ld households, chi2 %.1f", what,
              ws_tenure_names[t], total, chi2);
    }
}

/* The household types of the default scenario: at the start and after the moves of a
 * run to 2042; a scenario where every social tenant is a single parent has children in
 * every social dwelling, also after moves. */
static void test_households(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    CHECK(sc != NULL, "default: %s", err.msg);
    ws_world *w = sc ? ws_world_alloc(sc, 1, &err) : NULL;
    if (w) {
        household_shares(sc, ws_world_stock(w), "initial stock");
        while (!ws_world_done(w))
            ws_world_step(w);
        household_shares(sc, ws_world_stock(w), "after 2042");
    }
    ws_world_free(w);
    ws_scenario_free(sc);
    const char *sets[] = {"/scenario/households/composition[@tenure='social']/@mix="
                          "single:0 couple:0 family:0 single-parent:1"};
    sc = ws_scenario_load(NULL, sets, 1, &err);
    CHECK(sc != NULL, "single parents: %s", err.msg);
    w = sc ? ws_world_alloc(sc, 1, &err) : NULL;
    if (w) {
        for (int m = 0; m < 36; m++)
            ws_world_step(w);
        const ws_stock *st = ws_world_stock(w);
        long social = 0, without = 0;
        for (long i = 0; i < st->n; i++) {
            if (ws_stock_life(st, i) != WS_LIFE_STANDING ||
                ws_stock_tenure(st, i) != WS_TENURE_SOCIAL || !(st->flags[i] & WS_F_OCCUPIED))
                continue;
            social++;
            without += !ws_stock_children(st, i);
        }
        CHECK(social > 5000 && without == 0, "%ld of %ld social households without children",
              without, social);
    }
    ws_world_free(w);
    ws_scenario_free(sc);
}

int main(void)
{
    ws_error err;
    ws_scenario *sc = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    CHECK(sc != NULL, "default: %s", err.msg);
    if (!sc)
        return CHECK_DONE("stock");
    check_nta8800_bands();
    /* The generator's state is read directly: another generator type is refused. */
    {
        ws_stock *st = ws_stock_alloc(20000, sc->nnbh);
        gsl_rng *mt = gsl_rng_alloc(gsl_rng_mt19937);
        CHECK(st && mt && ws_stock_generate(st, sc, mt) == WS_ERUNTIME, "other generator type");
        gsl_rng_free(mt);
        ws_stock_free(st);
    }
    ws_world *w = ws_world_alloc(sc, 1, &err), *w2 = ws_world_alloc(sc, 1, &err);
    CHECK(w && w2, "alloc: %s", err.msg);
    if (w && w2) {
        const ws_stock *st = ws_world_stock(w), *st2 = ws_world_stock(w2);
        long *count = calloc((size_t)sc->ngroups, sizeof *count);
        long outside = 0, differ = 0, standing = 0, labels_g = 0, old = 0;
        for (long i = 0; i < st->n; i++) {
            double x, y;
            ws_stock_position(st, i, &x, &y);
            const ws_map_area *a = &sc->map->areas[ws_map_find(sc->map, sc->nbh[st->nbh[i]].id)];
            /* Quantisation moves a point by at most a few centimetres: check the exact
             * decoded position, and report any outside. */
            outside += !ws_map_contains(a, x, y);
            differ += st->energy_index[i] != st2->energy_index[i] || st->qx[i] != st2->qx[i] ||
                      ws_stock_tenure(st, i) != ws_stock_tenure(st2, i) || st->income[i] != st2->income[i];
            if (ws_stock_life(st, i) != WS_LIFE_STANDING)
                continue;
            standing++;
            if (st->period[i] == WS_PERIOD_1945) {
                old++;
                labels_g += ws_label_of_index(st->energy_index[i]) == WS_LABEL_G;
            }
            const ws_neighbourhood *nb = &sc->nbh[st->nbh[i]];
            for (int g = nb->group0; g < nb->group0 + nb->ngroups; g++)
                if (sc->groups[g].type == ws_stock_type(st, i) && sc->groups[g].tenure == ws_stock_tenure(st, i) &&
                    sc->groups[g].period == st->period[i]) {
                    count[g]++;
                    break;
                }
        }
        CHECK(outside == 0, "%ld dwellings outside their neighbourhood polygon", outside);
        CHECK(differ == 0, "%ld dwellings differ between identical runs", differ);
        long bad_groups = 0;
        for (int g = 0; g < sc->ngroups; g++)
            bad_groups += count[g] != sc->groups[g].count;
        CHECK(bad_groups == 0, "%ld composition rows not matched", bad_groups);
        CHECK(standing == 16439, "initial standing stock %ld", standing);
        /* 15 % G in 1945-1964 (sampling sd about 0.8 points over ~4,000 dwellings). */
        CHECK_NEAR((double)labels_g / old, 0.15, 0.03, "label G share 1945-1964");
        free(count);
    }
    ws_world_free(w);
    ws_world_free(w2);
    /* the placement and index distributions on the default map, awkward polygons, and
     * without a map */
    ws_stock *st = generate(sc, 7);
    if (st) {
        check_positions(sc, st, "default map");
        check_index(st, "default map");
    }
    ws_stock_free(st);
    ws_map *shapes = shapes_map(sc), *map = sc->map;
    if (shapes) {
        sc->map = shapes;
        for (unsigned long seed = 1; seed <= 2; seed++) {
            st = generate(sc, seed);
            if (st)
                check_positions(sc, st, "shapes");
            ws_stock_free(st);
        }
        sc->map = map;
        ws_map_free(shapes);
    }
    sc->map = NULL;
    st = generate(sc, 3);
    if (st) {
        /* no map: a square kilometre each, positions uniform in it, index as before */
        long qx[8] = {0}, qy[8] = {0};
        for (long i = 0; i < st->n; i++) {
            qx[st->qx[i] * 8 / 65536]++;
            qy[st->qy[i] * 8 / 65536]++;
        }
        double chi2 = 0, e = st->n / 8.0;
        for (int k = 0; k < 8; k++)
            chi2 += (qx[k] - e) * (qx[k] - e) / e + (qy[k] - e) * (qy[k] - e) / e;
        CHECK(chi2_ok(chi2, 14), "no map: positions not uniform: chi2 %.1f", chi2);
        check_index(st, "no map");
    }
    ws_stock_free(st);
    sc->map = map;
    ws_scenario_free(sc);
    test_households();
    return CHECK_DONE("stock");
}
