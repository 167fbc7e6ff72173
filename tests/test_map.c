/* Tests for the map module (sim/map.c, sim/map_xml.c): the shipped schematic map, point
 * tests, sampling and every input error (real boundaries: viz/tests/test_geo.c). Usage: test_map [MAP.xml]
 * (run from the repository root). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, close, unlink */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "woonsim/map.h"

/* A fixed-seed uniform generator for ws_map_sample (64-bit LCG, top 53 bits). */
typedef struct {
    unsigned long long s;
} lcg;

static double lcg_u(void *state)
{
    lcg *g = state;
    g->s = g->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(g->s >> 11) * (1.0 / 9007199254740992.0);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static ws_map *parse(const char *xml, ws_error *err)
{
    return ws_map_parse(xml, strlen(xml), "t.xml", err);
}

/* Writes text to a new temporary file; returns its path in buf (caller unlinks). */
static int write_temp(const char *text, char *buf, size_t size)
{
    snprintf(buf, size, "/tmp/woonsim-test-map-XXXXXX");
    int fd = mkstemp(buf);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The buffer must fail with WS_EINPUT and a message starting with prefix and holding
 * needle. */
static void check_bad(const char *what, const char *xml, const char *prefix,
                      const char *needle)
{
    ws_error err = {0};
    ws_map *map = ws_map_parse(xml, strlen(xml), "bad.xml", &err);
    CHECK(map == NULL, "%s: accepted", what);
    CHECK(err.status == WS_EINPUT, "%s: status %d", what, err.status);
    CHECK(starts_with(err.msg, prefix), "%s: message '%s' (want prefix '%s')", what,
          err.msg, prefix);
    CHECK(strstr(err.msg, needle) != NULL, "%s: message '%s' (want '%s')", what, err.msg,
          needle);
    ws_map_free(map);
}

/* Every sample lies in its own area and in no other. */
static void check_samples(const ws_map *map, int per_area, const char *what)
{
    lcg g = {42};
    int outside = 0, shared = 0;
    for (int i = 0; i < map->nareas; i++) {
        for (int k = 0; k < per_area; k++) {
            ws_point p = ws_map_sample(&map->areas[i], lcg_u, &g);
            outside += !ws_map_contains(&map->areas[i], p.x, p.y);
            for (int j = 0; j < map->nareas; j++)
                shared += j != i && ws_map_contains(&map->areas[j], p.x, p.y);
        }
    }
    CHECK(outside == 0, "%s: %d samples outside their area", what, outside);
    CHECK(shared == 0, "%s: %d samples inside another area", what, shared);
}

static void test_shipped(const char *path)
{
    static const char *const expect[][2] = {
        {"vlietzone", "oud-oost"},
        {"oud-oost-noord", "oud-oost"},
        {"oud-oost-zuid", "oud-oost"},
        {"cambuur", "oud-oost"},
        {"bilgaard-noord", "bilgaard"},
        {"bilgaard-zuid", "bilgaard"},
        {"vrijheidswijk-west", "vrijheidswijk"},
        {"vrijheidswijk-oost", "vrijheidswijk"},
        {"heechterp", "heechterp-schieringen"},
        {"schieringen", "heechterp-schieringen"},
        {"camminghaburen-noord", "camminghaburen"},
        {"camminghaburen-zuid", "camminghaburen"},
    };
    static const char *const districts[] = {"oud-oost", "bilgaard", "vrijheidswijk",
                                            "heechterp-schieringen", "camminghaburen"};
    const int n = (int)(sizeof expect / sizeof expect[0]);
    ws_error err = {0};
    ws_map *map = ws_map_load(path, &err);
    CHECK(map != NULL, "load %s: %s", path, err.msg);
    if (!map)
        return;
    CHECK(map->nareas == n, "%d areas", map->nareas);
    CHECK(map->schematic == 1, "schematic flag");
    CHECK(strstr(map->name, "schematic") != NULL, "name '%s' says schematic", map->name);
    CHECK(map->x0 >= 182000 && map->x1 <= 187000 && map->y0 >= 578500 && map->y1 <= 582500,
          "bbox %g %g %g %g", map->x0, map->y0, map->x1, map->y1);
    for (int i = 0; i < n; i++) {
        int k = ws_map_find(map, expect[i][0]);
        CHECK(k >= 0, "area %s present", expect[i][0]);
        if (k < 0)
            continue;
        const ws_map_area *a = &map->areas[k];
        CHECK(strcmp(a->district, expect[i][1]) == 0, "%s in district %s, not %s", a->id,
              expect[i][1], a->district);
        CHECK(a->area > 0, "%s area %g", a->id, a->area);
        int npoints = a->ring_start[a->nrings];
        CHECK(a->nrings == 1 && npoints >= 5 && npoints <= 12, "%s: %d rings, %d points",
              a->id, a->nrings, npoints);
        CHECK(a->name[0] != '\0', "%s has a name", a->id);
    }
    for (int d = 0; d < 5; d++) {
        double sum = 0;
        for (int i = 0; i < map->nareas; i++)
            sum += strcmp(map->areas[i].district, districts[d]) ? 0 : map->areas[i].area;
        CHECK(sum >= 0.5e6 && sum <= 2.5e6, "district %s: %g m2", districts[d], sum);
        if (!strcmp(districts[d], "bilgaard"))
            CHECK_NEAR(sum, 0.89e6, 0.1e6, "Bilgaard 0.89 km2");
        if (!strcmp(districts[d], "vrijheidswijk"))
            CHECK_NEAR(sum, 0.59e6, 0.1e6, "Vrijheidswijk 0.59 km2");
        if (!strcmp(districts[d], "camminghaburen"))
            CHECK_NEAR(sum, 2.2e6, 0.3e6, "Camminghaburen 220 ha");
    }
    /* the positions given in docs/SOURCES.md */
    static const struct {
        double x, y;
        const char *district;
    } at[] = {{182600, 581200, "bilgaard"},     {183700, 581200, "vrijheidswijk"},
              {185500, 581500, "camminghaburen"}, {185000, 579800, "heechterp-schieringen"},
              {183600, 579600, "oud-oost"},     {182600, 579500, NULL}};
    for (size_t t = 0; t < sizeof at / sizeof at[0]; t++) {
        const char *found = NULL;
        for (int i = 0; i < map->nareas; i++) {
            if (ws_map_contains(&map->areas[i], at[t].x, at[t].y))
                found = map->areas[i].district;
        }
        if (at[t].district)
            CHECK(found && !strcmp(found, at[t].district), "(%g, %g) in %s, found %s",
                  at[t].x, at[t].y, at[t].district, found ? found : "nothing");
        else
            CHECK(found == NULL, "city centre (%g, %g) outside the map, found %s", at[t].x,
                  at[t].y, found ? found : "");
    }
    check_samples(map, 2000, "shipped map");
    /* a grid over the whole map: no point in two areas */
    int overlaps = 0;
    for (double x = map->x0 + 3.3; x < map->x1; x += 20) {
        for (double y = map->y0 + 4.7; y < map->y1; y += 20) {
            int c = 0;
            for (int i = 0; i < map->nareas; i++)
                c += ws_map_contains(&map->areas[i], x, y);
            overlaps += c > 1;
        }
    }
    CHECK(overlaps == 0, "%d grid points in more than one area", overlaps);
    ws_map_free(map);
}

static void test_shapes(void)
{
    ws_error err = {0};
    ws_map *map = parse(
        "<?xml version=\"1.0\"?>\n"
        "<map name=\"shapes\" crs=\"EPSG:28992\" schematic=\"false\">\n"
        "  <area id=\"square\" district=\"d\" name=\"Vierkant\">\n"
        "    <ring>0,0 10,0 10,10 0,10</ring>\n"
        "  </area>\n"
        "  <area id=\"ell\"><ring>0,0 20,0 20,10 10,10 10,20 0,20 0,0</ring></area>\n"
        "  <!-- a ring with a hole; the hole ring runs the same way round -->\n"
        "  <area id=\"holed\">\n"
        "    <ring>0,0 10,0 10,10 0,10</ring>\n"
        "    <ring>3,3 7,3 7,7 3,7</ring>\n"
        "  </area>\n"
        "  <area id=\"rd\"><ring>182000,579000 183000,579000 183000,580000\n"
        "    182000,580000</ring></area>\n"
        "</map>\n",
        &err);
    CHECK(map != NULL, "shapes: %s", err.msg);
    if (!map)
        return;
    CHECK(map->nareas == 4 && map->schematic == 0, "4 areas, not schematic");
    CHECK(strcmp(map->name, "shapes") == 0, "name %s", map->name);
    const ws_map_area *sq = &map->areas[ws_map_find(map, "square")];
    const ws_map_area *ell = &map->areas[ws_map_find(map, "ell")];
    const ws_map_area *holed = &map->areas[ws_map_find(map, "holed")];
    const ws_map_area *rd = &map->areas[ws_map_find(map, "rd")];
    CHECK(ws_map_find(map, "nope") == -1, "unknown id");
    CHECK(!strcmp(sq->name, "Vierkant") && !strcmp(sq->district, "d"), "labels");
    CHECK(!strcmp(ell->name, "ell") && ell->district[0] == '\0', "default labels");
    CHECK_NEAR(sq->area, 100, 1e-9, "square area");
    CHECK_NEAR(rd->area, 1e6, 1e-6, "RD square area");
    CHECK_NEAR(ell->area, 300, 1e-9, "L area");
    CHECK_NEAR(holed->area, 84, 1e-9, "ring with hole area");
    CHECK(ell->ring_start[1] == 6, "closing point dropped: %d points", ell->ring_start[1]);
    CHECK(sq->x0 == 0 && sq->y0 == 0 && sq->x1 == 10 && sq->y1 == 10, "square bbox");
    CHECK(map->x0 == 0 && map->y0 == 0 && map->x1 == 183000 && map->y1 == 580000,
          "map bbox");

    CHECK(ws_map_contains(sq, 5, 5), "square centre");
    CHECK(ws_map_contains(sq, 0.001, 9.999), "square corner inside");
    CHECK(!ws_map_contains(sq, 15, 5), "right of square");
    CHECK(!ws_map_contains(sq, -1, 5), "left of square");
    CHECK(!ws_map_contains(sq, 5, 10.5), "above square");
    CHECK(ws_map_contains(ell, 5, 15), "L upper arm");
    CHECK(ws_map_contains(ell, 15, 5), "L lower arm");
    CHECK(!ws_map_contains(ell, 15, 15), "L notch");
    CHECK(!ws_map_contains(holed, 5, 5), "in the hole");
    CHECK(ws_map_contains(holed, 1, 1), "in the ring, corner");
    CHECK(ws_map_contains(holed, 8.5, 5), "in the ring, side");
    CHECK(!ws_map_contains(holed, 11, 5), "outside the ring");
    CHECK(ws_map_contains(rd, 182500.5, 579500.5), "RD square centre");

    /* sampling: always inside, reproducible for a given sequence */
    for (int i = 0; i < map->nareas; i++) {
        lcg g1 = {7}, g2 = {7};
        int bad = 0, differ = 0;
        for (int k = 0; k < 5000; k++) {
            ws_point p = ws_map_sample(&map->areas[i], lcg_u, &g1);
            ws_point q = ws_map_sample(&map->areas[i], lcg_u, &g2);
            bad += !ws_map_contains(&map->areas[i], p.x, p.y);
            differ += p.x != q.x || p.y != q.y;
        }
        CHECK(bad == 0, "%s: %d samples outside", map->areas[i].id, bad);
        CHECK(differ == 0, "%s: sampling not reproducible", map->areas[i].id);
    }
    /* the hole gets no samples, the ring about its share */
    lcg g = {99};
    int in_hole = 0;
    for (int k = 0; k < 5000; k++) {
        ws_point p = ws_map_sample(holed, lcg_u, &g);
        in_hole += p.x > 3 && p.x < 7 && p.y > 3 && p.y < 7;
    }
    CHECK(in_hole == 0, "%d samples in the hole", in_hole);
    ws_map_free(map);

    /* a sliver too thin for rejection sampling still yields an inside point */
    map = parse("<map><area id=\"sliver\">"
                "<ring>0,0 1000000,1000000 1000000,1000000.001</ring></area></map>",
                &err);
    CHECK(map != NULL, "sliver: %s", err.msg);
    if (map) {
        lcg gs = {1};
        ws_point p = ws_map_sample(&map->areas[0], lcg_u, &gs);
        CHECK(ws_map_contains(&map->areas[0], p.x, p.y), "sliver sample (%.9g, %.9g)",
              p.x, p.y);
        CHECK_NEAR(map->areas[0].area, 500, 1e-3, "sliver area");
        ws_map_free(map);
    }

    /* a degenerate area built by hand falls back to its first vertex */
    ws_point line[3] = {{1, 2}, {3, 4}, {5, 6}};
    int starts[2] = {0, 3};
    ws_map_area deg = {.nrings = 1, .ring_start = starts, .points = line,
                       .x0 = 1, .y0 = 2, .x1 = 5, .y1 = 6};
    lcg gd = {3};
    ws_point p = ws_map_sample(&deg, lcg_u, &gd);
    CHECK(p.x == 1 && p.y == 2, "degenerate fallback (%g, %g)", p.x, p.y);
}

static void test_synthetic(void)
{
    static const char *const ids[] = {"a", "b", "c", "d", "e"};
    ws_map *map = ws_map_synthetic(ids, 5, 100);
    CHECK(map != NULL, "synthetic map");
    if (!map)
        return;
    CHECK(map->nareas == 5, "%d areas", map->nareas);
    for (int i = 0; i < 5; i++) {
        CHECK(ws_map_find(map, ids[i]) == i, "find %s", ids[i]);
        CHECK_NEAR(map->areas[i].area, 10000, 1e-9, "cell area");
    }
    CHECK(ws_map_find(map, "f") == -1, "find unknown");
    CHECK_NEAR(map->x1 - map->x0, 300, 1e-9, "3 columns");
    CHECK_NEAR(map->y1 - map->y0, 200, 1e-9, "2 rows");
    CHECK(map->areas[0].y0 > map->areas[3].y0, "first row at the top");
    check_samples(map, 500, "synthetic");
    ws_map_free(map);
    map = ws_map_synthetic(NULL, 0, 100);
    CHECK(map != NULL && map->nareas == 0, "empty synthetic map");
    ws_map_free(map);
    ws_map_free(NULL);
}

static void test_errors(void)
{
    check_bad("wijk code not WK and six digits",
              "<map>\n<area id=\"a\" wijk=\"WK0080\"><ring>0,0 1,0 1,1</ring></area></map>",
              "bad.xml:2: ", "wijk 'WK0080' is not a CBS wijk code");
    check_bad("wijk code with a letter",
              "<map>\n\n<area id=\"a\" wijk=\"WK00802X\"><ring>0,0 1,0 1,1</ring></area></map>",
              "bad.xml:3: ", "is not a CBS wijk code");
    {
        ws_error err = {0};
        const char ok[] = "<map><area id=\"a\" wijk=\"WK008020\"><ring>0,0 1,0 1,1</ring>"
                          "</area></map>";
        ws_map *m = ws_map_parse(ok, strlen(ok), "ok.xml", &err);
        CHECK(m && !strcmp(m->areas[0].wijk, "WK008020"), "wijk code read: %s", err.msg);
        ws_map_free(m);
    }
    check_bad("malformed XML",
              "<map>\n<area id=\"a\">\n<ring>0,0 1,0 1,1</ring>\n</map>\n",
              "bad.xml:4: ", "mismatch");
    check_bad("DOCTYPE with an entity",
              "<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE map [\n"
              "  <!ENTITY a \"0,0 1,0 1,1\">\n"
              "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
              "]>\n"
              "<map><area id=\"a\"><ring>&b;</ring></area></map>\n",
              "bad.xml:2: ", "DOCTYPE");
    check_bad("external entity",
              "<!DOCTYPE map SYSTEM \"file:///etc/passwd\">\n<map/>\n", "bad.xml:1: ",
              "DOCTYPE");
    check_bad("undeclared entity", "<map>\n<area id=\"&x;\"/></map>\n", "bad.xml:2: ",
              "x");
    check_bad("ring with 2 points",
              "<map>\n<area id=\"a\">\n<ring>0,0 1,0</ring>\n</area>\n</map>\n",
              "bad.xml:3: ", "at least 3");
    check_bad("ring with repeated points",
              "<map>\n<area id=\"a\">\n<ring>0,0 1,0 1,0 0,0</ring>\n</area>\n</map>\n",
              "bad.xml:3: ", "at least 3");
    check_bad("non-numeric coordinate",
              "<map>\n<area id=\"a\">\n<ring>0,0\n1,0\n1,x 0,1</ring>\n</area>\n</map>\n",
              "bad.xml:5: ", "'1,x'");
    check_bad("NaN coordinate",
              "<map>\n<area id=\"a\">\n<ring>0,0 1,0 nan,1</ring>\n</area>\n</map>\n",
              "bad.xml:3: ", "not finite");
    check_bad("infinite coordinate",
              "<map>\n<area id=\"a\">\n<ring>0,0 1,0 1,1e999</ring>\n</area>\n</map>\n",
              "bad.xml:3: ", "not finite");
    check_bad("pair split by a space",
              "<map>\n<area id=\"a\">\n<ring>0,0 1, 0 1,1</ring>\n</area>\n</map>\n",
              "bad.xml:3: ", "'1,'");
    check_bad("duplicate area id",
              "<map>\n<area id=\"a\"><ring>0,0 1,0 1,1</ring></area>\n"
              "<area id=\"b\"><ring>2,0 3,0 3,1</ring></area>\n"
              "<area id=\"a\"><ring>4,0 5,0 5,1</ring></area>\n</map>\n",
              "bad.xml:4: ", "duplicate area id 'a' (first at line 2)");
    check_bad("area without id", "<map>\n<area><ring>0,0 1,0 1,1</ring></area>\n</map>",
              "bad.xml:2: ", "needs an id");
    check_bad("area without ring", "<map>\n<area id=\"a\"/>\n</map>", "bad.xml:2: ",
              "no polygon");
    check_bad("zero area", "<map>\n<area id=\"a\"><ring>0,0 1,1 2,2</ring></area>\n</map>",
              "bad.xml:2: ", "zero area");
    check_bad("unknown element", "<map>\n<area id=\"a\">\n<rings/></area></map>",
              "bad.xml:3: ", "<rings>");
    check_bad("unknown attribute", "<map>\n<area id=\"a\" distict=\"x\"/></map>",
              "bad.xml:2: ", "distict");
    check_bad("attribute on ring", "<map>\n<area id=\"a\">\n<ring x=\"1\">0,0 1,0 1,1</ring>"
              "</area></map>", "bad.xml:3: ", "'x' on <ring>");
    check_bad("attribute prefix", "<map nam=\"x\"/>", "bad.xml:1: ", "'nam'");
    check_bad("wrong root", "<kaart/>", "bad.xml:1: ", "<map>");
    check_bad("other CRS", "<map crs=\"EPSG:4326\"/>", "bad.xml:1: ", "EPSG:4326");
    check_bad("long id",
              "<map><area id=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
              "<ring>0,0 1,0 1,1</ring></area></map>",
              "bad.xml:1: ", "too long");
    check_bad("empty document", "", "bad.xml:1: ", "empty");

    ws_error err = {0};
    const char *missing = "/nonexistent-woonsim/map.xml";
    ws_map *map = ws_map_load(missing, &err);
    CHECK(map == NULL && err.status == WS_EINPUT, "missing file: status %d", err.status);
    CHECK(starts_with(err.msg, "/nonexistent-woonsim/map.xml: ") &&
              strstr(err.msg, "cannot open"),
          "missing file: '%s'", err.msg);
    /* The XML layer's map wording (sim/xml_int.h): only real files, "empty document". */
    map = ws_map_load("/dev/null", &err);
    CHECK(map == NULL && err.status == WS_EINPUT &&
              strcmp(err.msg, "/dev/null:1: empty document") == 0,
          "empty map file: '%s'", err.msg);
    map = ws_map_load("<embedded>/maps/leeuwarden-oost.xml", &err);
    CHECK(map == NULL && strstr(err.msg, "cannot open"), "embedded path: '%s'", err.msg);

    /* over 64 MiB is refused before parsing (a sparse file) */
    char path[64];
    if (write_temp("<map>", path, sizeof path) == 0) {
        FILE *f = fopen(path, "r+b");
        int ok = f && fseek(f, 64L * 1024 * 1024, SEEK_SET) == 0 && fputc(' ', f) != EOF;
        if (f)
            ok &= fclose(f) == 0;
        CHECK(ok, "cannot grow temp file");
        map = ws_map_load(path, &err);
        CHECK(map == NULL && err.status == WS_EINPUT && starts_with(err.msg, path) &&
                  strstr(err.msg, "too large"),
              "large file: '%s'", err.msg);
        unlink(path);
    }
}

/* The shipped map's districts carry their CBS wijk codes (issue 18; docs/SOURCES.md). */
static void test_codes(const char *path)
{
    static const char *const want[][2] = {
        {"oud-oost", "WK008020"}, {"heechterp-schieringen", ""},
        {"camminghaburen", "WK008036"}, {"bilgaard", "WK008021"}, {"vrijheidswijk", "WK008061"}};
    ws_error err = {0};
    ws_map *m = ws_map_load(path, &err);
    CHECK(m != NULL, "%s: %s", path, err.msg);
    for (int a = 0; m && a < m->nareas; a++) {
        const char *code = NULL;
        for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
            if (!strcmp(m->areas[a].district, want[k][0]))
                code = want[k][1];
        CHECK(code && !strcmp(m->areas[a].wijk, code), "area %s (%s): wijk '%s', want %s",
              m->areas[a].id, m->areas[a].district, m->areas[a].wijk, code ? code : "?");
    }
    ws_map_free(m);
}

int main(int argc, char **argv)
{
    test_codes("scenarios/maps/leeuwarden-oost.xml");
    test_shipped(argc > 1 ? argv[1] : "scenarios/maps/leeuwarden-oost.xml");
    test_shapes();
    test_synthetic();
    test_errors();
    return CHECK_DONE("map");
}
