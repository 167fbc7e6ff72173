/* Real boundaries through GDAL (viz/geo.c, viz/gml.c): synthetic CBS buurten under the
 * model's wijk codes, written as GeoJSON here and turned into GML, GeoPackage and a
 * Shapefile by ogr2ogr; a file without a CRS, a lon/lat file, a layer outside the RD
 * range; figures bitwise the same with and without boundaries. No CBS data is used. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "geo.h"
#include "gml.h"
#include "woonsim/scenario.h"
#include "woonsim/stock.h"
#include "woonsim/world.h"

#ifndef VIEW_BIN
#define VIEW_BIN "build/woonsim-view"
#endif

static char dir[] = "/tmp/woonsim-view-geo-XXXXXX";

/* Synthetic buurten (RD New), not CBS's shapes: three of Oud-Oost (WK008020), two of
 * Bilgaard (WK008021), one of another wijk (context). */
static const struct {
    const char *code, *name;
    double x0, y0, x1, y1;
} buurten[] = {
    {"BU00802001", "Oud-Oost A", 182900, 578900, 183400, 580300},
    {"BU00802002", "Oud-Oost B", 183400, 578900, 183900, 580300},
    {"BU00802003", "Oud-Oost C", 183900, 578900, 184350, 580300},
    {"BU00802101", "Bilgaard A", 182200, 580800, 182600, 581600},
    {"BU00802102", "Bilgaard B", 182600, 580800, 183000, 581600},
    {"BU00801001", "Binnenstad", 181800, 578900, 182900, 580300},
};
#define NB (int)(sizeof buurten / sizeof buurten[0])

/* Writes the buurten as GeoJSON in RD New (crs member: GDAL honours it); scale and
 * shift let a test write lon/lat-sized numbers that claim RD New. */
static int write_geojson(const char *path, const char *crs, double scale, double dx)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\"type\":\"FeatureCollection\",");
    if (crs)
        fprintf(f, "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"%s\"}},", crs);
    fprintf(f, "\"features\":[\n");
    for (int k = 0; k < NB; k++) {
        double x0 = buurten[k].x0 * scale + dx, x1 = buurten[k].x1 * scale + dx;
        double y0 = buurten[k].y0 * scale, y1 = buurten[k].y1 * scale;
        fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"buurtcode\":\"%s\","
                   "\"buurtnaam\":\"%s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                   "[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}}\n",
                k ? "," : "", buurten[k].code, buurten[k].name, x0, y0, x1, y0, x1, y1, x0,
                y1, x0, y0);
    }
    fprintf(f, "]}\n");
    return fclose(f) == 0 ? 0 : -1;
}

/* Runs a shell command; returns its exit status; stderr into err. */
static int sh(const char *cmd, char *err, size_t size)
{
    char full[2400], errpath[300];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    snprintf(full, sizeof full, "env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=x11 "
             "timeout 120 %s >/dev/null 2>%s", cmd, errpath);
    int st = system(full);
    err[0] = '\0';
    FILE *f = fopen(errpath, "r");
    if (f) {
        size_t n = fread(err, 1, size - 1, f);
        err[n] = '\0';
        fclose(f);
    }
    remove(errpath);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void path_of(char *dst, size_t size, const char *name)
{
    snprintf(dst, size, "%s/%s", dir, name);
}

/* Each format loads in the viewer (exit 0, a PNG), with the note naming the model's
 * neighbourhoods left schematic. */
static void test_formats(void)
{
    char src[300], cmd[1600], e[4096], out[300], file[300];
    path_of(src, sizeof src, "buurten.geojson");
    CHECK(write_geojson(src, "urn:ogc:def:crs:EPSG::28992", 1, 0) == 0, "write GeoJSON");
    static const struct {
        const char *name, *driver;
    } fmt[] = {{"buurten.gml", "GML"}, {"buurten.gpkg", "GPKG"}, {"buurten.shp", NULL},
               {"buurten.geojson", NULL}};
    for (size_t k = 0; k < sizeof fmt / sizeof fmt[0]; k++) {
        path_of(file, sizeof file, fmt[k].name);
        if (strcmp(fmt[k].name, "buurten.geojson") != 0) {
            snprintf(cmd, sizeof cmd, "ogr2ogr %s%s%s %s %s", fmt[k].driver ? "-f " : "",
                     fmt[k].driver ? fmt[k].driver : "",
                     fmt[k].driver && !strcmp(fmt[k].driver, "GML") ? " -dsco FORMAT=GML3.2"
                                                                   : "", file, src);
            CHECK(sh(cmd, e, sizeof e) == 0, "ogr2ogr %s: %s", fmt[k].name, e);
        }
        path_of(out, sizeof out, "view.png");
        snprintf(cmd, sizeof cmd, "%s scenarios/leeuwarden-oost.xml --boundaries %s --render "
                 "--date 2030-12 -o %s", VIEW_BIN, file, out);
        int rc = sh(cmd, e, sizeof e);
        CHECK(rc == 0 && access(out, F_OK) == 0, "%s loads and is drawn: exit %d: %s",
              fmt[k].name, rc, e);
        CHECK(strstr(e, "neighbourhoods without a boundary, drawn schematic") &&
              strstr(e, "vrijheidswijk") && !strstr(e, "vlietzone"),
              "%s: the note names the schematic neighbourhoods: %s", fmt[k].name, e);
        remove(out);
    }
    /* --gml is the same option */
    path_of(file, sizeof file, "buurten.gpkg");
    snprintf(cmd, sizeof cmd, "%s scenarios/leeuwarden-oost.xml --gml %s --render --date "
             "2030-12 -o %s/g.png", VIEW_BIN, file, dir);
    CHECK(sh(cmd, e, sizeof e) == 0, "--gml FILE.gpkg: %s", e);
    snprintf(cmd, sizeof cmd, "%s/g.png", dir);
    remove(cmd);
}

/* The refusals: exit 2, "FILE: message". */
static void test_refused(void)
{
    char src[300], shp[300], cmd[1600], e[4096], gml[300];
    path_of(src, sizeof src, "buurten.geojson");
    path_of(shp, sizeof shp, "nocrs.shp");
    snprintf(cmd, sizeof cmd, "ogr2ogr %s %s && rm -f %s/nocrs.prj", shp, src, dir);
    CHECK(sh(cmd, e, sizeof e) == 0, "shapefile without .prj: %s", e);
    snprintf(cmd, sizeof cmd, "%s scenarios/leeuwarden-oost.xml --boundaries %s --render "
             "--date 2030-12 -o %s/x.png", VIEW_BIN, shp, dir);
    int rc = sh(cmd, e, sizeof e);
    char want[400];
    snprintf(want, sizeof want, "%s: layer 'nocrs' has no coordinate reference system", shp);
    CHECK(rc == 2 && strncmp(e, want, strlen(want)) == 0, "no CRS refused: exit %d: %s", rc, e);
    /* a GML without srsName (the old reader took it for RD New) */
    path_of(gml, sizeof gml, "nosrs.gml");
    FILE *f = fopen(gml, "w");
    if (f) {
        fprintf(f, "<?xml version=\"1.0\"?>\n<wfs:FeatureCollection "
                   "xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" "
                   "xmlns:gml=\"http://www.opengis.net/gml/3.2\" xmlns:c=\"urn:x\">\n"
                   "<wfs:member><c:buurten gml:id=\"b1\"><c:buurtcode>BU00802001</c:buurtcode>"
                   "<c:geom><gml:Polygon gml:id=\"p1\"><gml:exterior><gml:LinearRing>"
                   "<gml:posList>5.8 53.2 5.81 53.2 5.81 53.21 5.8 53.2</gml:posList>"
                   "</gml:LinearRing></gml:exterior></gml:Polygon></c:geom></c:buurten>"
                   "</wfs:member>\n</wfs:FeatureCollection>\n");
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "%s scenarios/leeuwarden-oost.xml --gml %s --render --date "
             "2030-12 -o %s/x.png", VIEW_BIN, gml, dir);
    rc = sh(cmd, e, sizeof e);
    CHECK(rc == 2 && strstr(e, "has no coordinate reference system"),
          "GML without srsName refused: exit %d: %s", rc, e);
    /* lon/lat numbers that claim RD New: outside the RD range, refused with the extent */
    path_of(src, sizeof src, "lonlat-as-rd.geojson");
    CHECK(write_geojson(src, "urn:ogc:def:crs:EPSG::28992", 3e-5, 0) == 0, "write");
    snprintf(cmd, sizeof cmd, "%s scenarios/leeuwarden-oost.xml --boundaries %s --render "
             "--date 2030-12 -o %s/x.png", VIEW_BIN, src, dir);
    rc = sh(cmd, e, sizeof e);
    CHECK(rc == 2 && strstr(e, "lies outside the RD New range: its extent in RD is x 5..6, "
                               "y 17..17"),
          "outside RD refused with its extent: exit %d: %s", rc, e);
    snprintf(cmd, sizeof cmd, "%s scenarios/leeuwarden-oost.xml --boundaries %s/none.gpkg "
             "--render --date 2030-12 -o %s/x.png", VIEW_BIN, dir, dir);
    rc = sh(cmd, e, sizeof e);
    CHECK(rc == 2 && strstr(e, "none.gpkg: cannot read as vector data"),
          "missing file: exit %d: %s", rc, e);
    snprintf(cmd, sizeof cmd, "%s/x.png", dir);
    CHECK(access(cmd, F_OK) != 0, "nothing written on a refusal");
}

/* A WGS84 file is reprojected: its polygons come back to the RD numbers (within 0.5 m:
 * PROJ's RD New transformation without the grid correction is good to about a metre). */
static void test_wgs84(void)
{
    char src[300], dst[300], cmd[1600], e[4096];
    path_of(src, sizeof src, "buurten.geojson");
    path_of(dst, sizeof dst, "wgs84.geojson");
    snprintf(cmd, sizeof cmd, "ogr2ogr -t_srs EPSG:4326 -lco COORDINATE_PRECISION=9 %s %s",
             dst, src);
    CHECK(sh(cmd, e, sizeof e) == 0, "ogr2ogr to WGS84: %s", e);
    ws_error err = {0};
    ws_map *m = vw_geo_read(dst, NULL, &err);
    CHECK(m && m->nareas == NB, "WGS84 file read: %s", err.msg);
    for (int k = 0; m && k < m->nareas && k < NB; k++) {
        const ws_map_area *a = &m->areas[k];
        CHECK(!strcmp(a->id, buurten[k].code) && !strcmp(a->name, buurten[k].name),
              "feature %d: id %s name %s", k, a->id, a->name);
        double d = fmax(fmax(fabs(a->x0 - buurten[k].x0), fabs(a->x1 - buurten[k].x1)),
                        fmax(fabs(a->y0 - buurten[k].y0), fabs(a->y1 - buurten[k].y1)));
        CHECK(d < 0.5, "%s back in RD New within %.3f m", a->id, d);
    }
    ws_map_free(m);
}

/* Every indicator of every district and month of run 1. */
static double *figures(const ws_scenario *sc, size_t *n)
{
    ws_error err = {0};
    ws_world *w = ws_world_alloc(sc, 1, &err);
    if (!w)
        return NULL;
    size_t per = (size_t)(sc->ndistricts + 1) * WS_NIND, k = 0;
    size_t months = (size_t)(sc->end - sc->start + 1);
    double *v = malloc(per * months * sizeof *v);
    while (v && !ws_world_done(w) && k + per <= per * months) {
        ws_world_step(w);
        for (int d = 0; d <= sc->ndistricts; d++)
            memcpy(v + k + (size_t)d * WS_NIND, ws_world_indicators(w, d), WS_NIND * sizeof *v);
        k += per;
    }
    ws_world_free(w);
    *n = k;
    return v;
}

/* The figures with and without boundaries are bitwise the same; the dwellings of the
 * neighbourhoods that took buurten lie inside them. */
static void test_figures(void)
{
    char gpkg[300];
    path_of(gpkg, sizeof gpkg, "buurten.gpkg");
    ws_error err = {0};
    ws_scenario *a = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    ws_scenario *b = ws_scenario_load("scenarios/leeuwarden-oost.xml", NULL, 0, &err);
    CHECK(a && b && vw_map_prepare(a, NULL, NULL, &err) == WS_OK &&
          vw_map_prepare(b, gpkg, NULL, &err) == WS_OK, "prepare: %s", err.msg);
    if (!a || !b) {
        ws_scenario_free(a);
        ws_scenario_free(b);
        return;
    }
    CHECK(b->map->nareas == b->nnbh + 1 && !strcmp(b->map->areas[b->nnbh].id, "BU00801001"),
          "one context buurt after the neighbourhoods (%d areas)", b->map->nareas);
    size_t na = 0, nb = 0;
    double *fa = figures(a, &na), *fb = figures(b, &nb);
    CHECK(fa && fb && na == nb && na > 0 && memcmp(fa, fb, na * sizeof *fa) == 0,
          "figures bitwise the same with and without boundaries (%zu values)", na);
    free(fa);
    free(fb);
    /* Oud-Oost's four neighbourhoods share its three buurten: their dwellings lie inside */
    ws_world *w = ws_world_alloc(b, 1, &err);
    const ws_stock *st = w ? ws_world_stock(w) : NULL;
    long in = 0, n = 0;
    for (long i = 0; st && i < st->n; i++) {
        const ws_neighbourhood *nbh = &b->nbh[st->nbh[i]];
        if (strcmp(b->districts[nbh->district].id, "oud-oost") != 0)
            continue;
        double x, y;
        ws_stock_position(st, i, &x, &y);
        n++;
        in += x > 182900 && x < 184350 && y > 578900 && y < 580300;
    }
    CHECK(n > 1000 && in == n, "%ld of %ld Oud-Oost dwellings inside its buurten", in, n);
    ws_world_free(w);
    ws_scenario_free(a);
    ws_scenario_free(b);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_formats();
    test_refused();
    test_wgs84();
    test_figures();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE("view geo");
}
