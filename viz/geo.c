/* Vector boundaries through GDAL/OGR (the GDAL 3.6 C API) and PROJ: open any vector
 * format, pick the buurt layer, reproject to RD New, copy the polygons into a ws_map. */
#include "geo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#define GEO_MAX_POINTS 10000000L /* as the core's map reader */
#define GEO_MAX_AREAS 100000
#define GEO_MAX_RINGS 1000       /* per feature */

static const char default_ids[] = "buurtcode,wijkcode,statcode,code,id";
static const char name_fields[] = "buurtnaam,wijknaam,statnaam,naam,name";

/* The first field of the comma-separated list that the feature has non-empty, copied
 * into dst[size]. Returns 1 when found. */
static int field_of(OGRFeatureH f, const char *list, char *dst, size_t size)
{
    OGRFeatureDefnH def = OGR_F_GetDefnRef(f);
    const char *s = list;
    while (*s) {
        while (*s == ',' || *s == ' ')
            s++;
        size_t n = strcspn(s, ", ");
        char name[64];
        if (n > 0 && n < sizeof name) {
            memcpy(name, s, n);
            name[n] = '\0';
            int k = OGR_FD_GetFieldIndex(def, name);
            if (k >= 0 && OGR_F_IsFieldSetAndNotNull(f, k)) {
                const char *v = OGR_F_GetFieldAsString(f, k);
                while (*v == ' ')
                    v++;
                if (*v) {
                    snprintf(dst, size, "%s", v);
                    return 1;
                }
            }
        }
        s += n;
    }
    return 0;
}

/* A map being filled feature by feature. */
typedef struct {
    ws_map *m;
    int cap;
    long total;         /* points over all areas */
    ws_point *pts;      /* the feature being read */
    int npts, cap_pts;
    int starts[GEO_MAX_RINGS + 1];
    int nrings;
    double area;        /* of the feature: outer rings minus holes */
} geo_build;

static int push_point(geo_build *b, double x, double y)
{
    if (b->npts == b->cap_pts) {
        int cap = b->cap_pts ? 2 * b->cap_pts : 256;
        ws_point *p = realloc(b->pts, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        b->pts = p;
        b->cap_pts = cap;
    }
    b->pts[b->npts++] = (ws_point){x, y};
    return 0;
}

/* Appends one ring (repeated and closing points dropped); hole: subtracts its area.
 * Returns 0, 1 when dropped (fewer than 3 points), -1 out of memory, -2 too big. */
static int add_ring(geo_build *b, OGRGeometryH ring, int hole)
{
    int n = OGR_G_GetPointCount(ring), s = b->npts;
    if (b->nrings == GEO_MAX_RINGS || b->total + b->npts + n > GEO_MAX_POINTS)
        return -2;
    for (int i = 0; i < n; i++) {
        double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
        if (!isfinite(x) || !isfinite(y))
            continue;
        if (b->npts > s && b->pts[b->npts - 1].x == x && b->pts[b->npts - 1].y == y)
            continue;
        if (push_point(b, x, y))
            return -1;
    }
    while (b->npts - s > 1 && b->pts[b->npts - 1].x == b->pts[s].x &&
           b->pts[b->npts - 1].y == b->pts[s].y)
        b->npts--;
    if (b->npts - s < 3) {
        b->npts = s;
        return 1;
    }
    double a = 0; /* shoelace relative to the first point (RD numbers are large) */
    const ws_point *p = b->pts + s;
    for (int i = 1; i + 1 < b->npts - s; i++)
        a += (p[i].x - p[0].x) * (p[i + 1].y - p[0].y) - (p[i + 1].x - p[0].x) * (p[i].y - p[0].y);
    b->area += (hole ? -0.5 : 0.5) * fabs(a);
    b->starts[++b->nrings] = b->npts;
    return 0;
}

/* The rings of a polygon or multipolygon (curves linearised). */
static int add_geometry(geo_build *b, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbGeometryCollection || t == wkbMultiSurface) {
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++) {
            int rc = add_geometry(b, OGR_G_GetGeometryRef(g, k));
            if (rc < 0)
                return rc;
        }
        return 0;
    }
    if (t == wkbCurvePolygon) {
        OGRGeometryH lin = OGR_G_ForceToPolygon(OGR_G_Clone(g));
        int rc = lin ? add_geometry(b, lin) : -1;
        OGR_G_DestroyGeometry(lin);
        return rc;
    }
    if (t != wkbPolygon)
        return 0; /* points and lines bound nothing */
    for (int r = 0; r < OGR_G_GetGeometryCount(g); r++) {
        int rc = add_ring(b, OGR_G_GetGeometryRef(g, r), r > 0);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Moves the feature's rings into a new area of the map. Returns 0, or -1 when out of
 * memory. */
static int end_feature(geo_build *b, const char *id, const char *name)
{
    ws_map *m = b->m;
    if (m->nareas == b->cap) {
        int cap = b->cap ? 2 * b->cap : 64;
        ws_map_area *p = realloc(m->areas, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        m->areas = p;
        b->cap = cap;
    }
    ws_map_area *a = &m->areas[m->nareas];
    memset(a, 0, sizeof *a);
    a->ring_start = malloc(((size_t)b->nrings + 1) * sizeof *a->ring_start);
    a->points = malloc((size_t)b->npts * sizeof *a->points);
    m->nareas++; /* so that ws_map_free releases this area too */
    if (!a->ring_start || !a->points)
        return -1;
    memcpy(a->ring_start, b->starts, ((size_t)b->nrings + 1) * sizeof *a->ring_start);
    memcpy(a->points, b->pts, (size_t)b->npts * sizeof *a->points);
    a->nrings = b->nrings;
    snprintf(a->id, sizeof a->id, "%s", id);
    snprintf(a->name, sizeof a->name, "%s", name);
    a->area = fabs(b->area);
    a->x0 = a->y0 = INFINITY;
    a->x1 = a->y1 = -INFINITY;
    for (int i = 0; i < b->npts; i++) {
        a->x0 = fmin(a->x0, b->pts[i].x);
        a->y0 = fmin(a->y0, b->pts[i].y);
        a->x1 = fmax(a->x1, b->pts[i].x);
        a->y1 = fmax(a->y1, b->pts[i].y);
    }
    m->x0 = fmin(m->x0, a->x0);
    m->y0 = fmin(m->y0, a->y0);
    m->x1 = fmax(m->x1, a->x1);
    m->y1 = fmax(m->y1, a->y1);
    b->total += b->npts;
    return 0;
}

/* The layer holding the buurten: named so, else the first. */
static OGRLayerH pick_layer(GDALDatasetH ds)
{
    int n = GDALDatasetGetLayerCount(ds);
    for (int k = 0; k < n; k++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, k);
        const char *name = OGR_L_GetName(l);
        for (const char *s = name; s && *s; s++)
            if (strncasecmp(s, "buurt", 5) == 0)
                return l;
    }
    return n > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
}

/* The transformation from the layer's CRS to RD New into *ct (NULL when it is RD New
 * already). Returns 0, or an error status with err set. */
static int rd_transform(const char *path, OGRLayerH layer, OGRCoordinateTransformationH *ct,
                        ws_error *err)
{
    *ct = NULL;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer);
    if (!src)
        return ws_error_set(err, WS_EINPUT,
                            "%s: layer '%s' has no coordinate reference system (CRS); "
                            "assign one, e.g. ogr2ogr -a_srs EPSG:28992", path,
                            OGR_L_GetName(layer));
    OGRSpatialReferenceH rd = OSRNewSpatialReference(NULL);
    OGRSpatialReferenceH s = OSRClone(src);
    int status = 0;
    if (!rd || !s || OSRImportFromEPSG(rd, 28992) != OGRERR_NONE) {
        status = ws_error_set(err, WS_EINPUT, "%s: PROJ does not know EPSG:28992 (RD New): "
                              "is proj-data installed?", path);
    } else {
        /* x east, y north whatever the authority's axis order */
        OSRSetAxisMappingStrategy(rd, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
        if (!OSRIsSame(s, rd)) {
            CPLErrorReset();
            *ct = OCTNewCoordinateTransformation(s, rd);
            if (!*ct) {
                const char *nm = OSRGetName(s);
                status = ws_error_set(err, WS_EINPUT,
                                      "%s: layer '%s': CRS '%s' cannot be transformed to "
                                      "RD New (EPSG:28992): %s", path, OGR_L_GetName(layer),
                                      nm ? nm : "unknown", CPLGetLastErrorMsg());
            }
        }
    }
    OSRDestroySpatialReference(rd);
    OSRDestroySpatialReference(s);
    return status;
}

/* Reads every feature of the layer into b. Returns 0, or an error status with err
 * set. */
static int read_layer(const char *path, OGRLayerH layer, OGRCoordinateTransformationH ct,
                      const char *id_fields, geo_build *b, ws_error *err)
{
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    int status = 0;
    while (!status && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        char id[48], name[96];
        if (!field_of(f, id_fields, id, sizeof id) && !field_of(f, name_fields, id, sizeof id))
            snprintf(id, sizeof id, "feature %lld", (long long)OGR_F_GetFID(f));
        if (!field_of(f, name_fields, name, sizeof name))
            snprintf(name, sizeof name, "%s", id);
        b->npts = b->nrings = 0;
        b->starts[0] = 0;
        b->area = 0;
        if (g && ct && OGR_G_Transform(g, ct) != OGRERR_NONE)
            status = ws_error_set(err, WS_EINPUT, "%s: feature '%s' cannot be transformed to "
                                  "RD New: %s", path, id, CPLGetLastErrorMsg());
        int rc = !status && g ? add_geometry(b, g) : 0;
        if (rc == -2)
            status = ws_error_set(err, WS_EINPUT, "%s: feature '%s': more than %d rings or "
                                  "%ld points in all", path, id, GEO_MAX_RINGS,
                                  GEO_MAX_POINTS);
        else if (rc < 0 || (!status && b->nrings > 0 && b->m->nareas >= GEO_MAX_AREAS))
            status = ws_error_set(err, rc < 0 ? WS_ENOMEM : WS_EINPUT, rc < 0
                                  ? "%s: out of memory" : "%s: more than 100000 features",
                                  path);
        else if (!status && b->nrings > 0 && end_feature(b, id, name))
            status = ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
        OGR_F_Destroy(f);
    }
    return status;
}

ws_map *vw_geo_read(const char *path, const char *id_fields, ws_error *err)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler); /* GDAL's messages go into err */
    CPLErrorReset();
    /* GDAL's GML driver would write a .gfs schema file beside the user's GML (and read a
     * stale one on the next open): reading must leave the user's folder as it was. */
    size_t len = strlen(path);
    int gml = len > 4 && (!strcasecmp(path + len - 4, ".gml") || !strcasecmp(path + len - 4, ".xml"));
    const char *const gml_opts[] = {"WRITE_GFS=NO", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                                 gml ? gml_opts : NULL, NULL);
    ws_map *m = NULL;
    geo_build b;
    memset(&b, 0, sizeof b);
    OGRCoordinateTransformationH ct = NULL;
    OGRLayerH layer = ds ? pick_layer(ds) : NULL;
    if (!ds) {
        const char *msg = CPLGetLastErrorMsg();
        ws_error_set(err, WS_EINPUT, "%s: cannot read as vector data%s%s", path,
                     *msg ? ": " : "", msg);
    } else if (!layer) {
        ws_error_set(err, WS_EINPUT, "%s: no layer", path);
    } else if (rd_transform(path, layer, &ct, err) == 0 &&
               (m = calloc(1, sizeof *m)) == NULL) {
        ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
    }
    if (m) {
        m->x0 = m->y0 = INFINITY;
        m->x1 = m->y1 = -INFINITY;
        snprintf(m->name, sizeof m->name, "%s", path);
        b.m = m;
        int bad = read_layer(path, layer, ct, id_fields && *id_fields ? id_fields : default_ids,
                             &b, err);
        if (!bad && m->nareas == 0)
            bad = ws_error_set(err, WS_EINPUT, "%s: layer '%s' has no polygons", path,
                               OGR_L_GetName(layer));
        else if (!bad && (m->x1 < VW_RD_X0 || m->x0 > VW_RD_X1 || m->y1 < VW_RD_Y0 ||
                          m->y0 > VW_RD_Y1))
            bad = ws_error_set(err, WS_EINPUT,
                               "%s: layer '%s' lies outside the RD New range: its extent in "
                               "RD is x %.0f..%.0f, y %.0f..%.0f (the grid: x %.0f..%.0f, "
                               "y %.0f..%.0f); is its CRS right?", path, OGR_L_GetName(layer),
                               m->x0, m->x1, m->y0, m->y1, VW_RD_X0, VW_RD_X1, VW_RD_Y0,
                               VW_RD_Y1);
        if (bad) {
            ws_map_free(m);
            m = NULL;
        }
    }
    free(b.pts);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return m;
}
