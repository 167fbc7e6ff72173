/* Scenario levers: the <lever> reader (checked by applying each end like --set) and the
 * writer of a variant that keeps a panel's lever values. See include/woonsim/levers.h. */
#define _XOPEN_SOURCE 700
#include "woonsim/levers.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xpath.h>

#include "scenario_int.h"
#include "woonsim/run.h"
#include "woonsim/scenario.h"

/* Decimals written in a number's text ("0.05" -> 2, "40" -> 0). */
static int decimals_of(const char *s)
{
    const char *dot = s ? strchr(s, '.') : NULL;
    if (!dot)
        return 0;
    int n = 0;
    for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++)
        n++;
    return n > 9 ? 9 : n;
}

/* The select's match count and the text of its first node (base, cut to size). */
static int eval_select(xmlDocPtr doc, const char *select, char *base, size_t size)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    if (!xc)
        return -1;
    xc->opLimit = 100000; /* a lever's select is a short path, not a computation */
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)select, xc);
    int n = 0;
    base[0] = '\0';
    if (r && r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0) {
        n = r->nodesetval->nodeNr;
        xmlChar *v = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
        snprintf(base, size, "%s", v ? (const char *)v : "");
        xmlFree(v);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(xc);
    return n;
}

/* Splits a choice lever's values ("a|b|c": a value may hold spaces, as a zone list). */
static int split_values(ws_error *err, const xmlNode *n, ws_lever *lv, const char *text)
{
    const char *p = text;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (lv->nvalues == WS_LEVER_MAX_VALUES || len >= WS_LEVER_TEXT)
            return ws_xml_bad(err, n, "lever '%s': at most %d values of at most %d bytes",
                              lv->name, WS_LEVER_MAX_VALUES, WS_LEVER_TEXT - 1);
        snprintf(lv->values[lv->nvalues++], WS_LEVER_TEXT, "%.*s", (int)len, p);
        if (!bar)
            return WS_OK;
        p = bar + 1;
    }
}

/* The attributes of one <lever> and the checks that need no scenario run. */
static int read_lever(ws_error *err, xmlDocPtr doc, const xmlNode *n, ws_lever *lv)
{
    memset(lv, 0, sizeof *lv);
    lv->line = (int)ws_xml_line(n);
    int st = ws_xml_str(err, n, "name", 1, lv->name, sizeof lv->name);
    if (st == WS_OK)
        st = ws_xml_str(err, n, "select", 1, lv->select, sizeof lv->select);
    if (st == WS_OK)
        st = ws_xml_str(err, n, "unit", 0, lv->unit, sizeof lv->unit);
    if (st == WS_OK)
        st = ws_xml_str(err, n, "label-nl", 0, lv->label_nl, sizeof lv->label_nl);
    if (st == WS_OK)
        st = ws_xml_str(err, n, "label-en", 0, lv->label_en, sizeof lv->label_en);
    if (st != WS_OK)
        return st;
    char *mn = ws_xml_prop(n, "min"), *mx = ws_xml_prop(n, "max"), *sp = ws_xml_prop(n, "step");
    char *vals = ws_xml_prop(n, "values");
    int numeric = mn || mx || sp;
    if (vals && numeric)
        st = ws_xml_bad(err, n, "lever '%s': give either values or min, max and step",
                        lv->name);
    else if (vals)
        st = split_values(err, n, lv, vals);
    else if (!mn || !mx || !sp)
        st = ws_xml_bad(err, n, "lever '%s' needs min, max and step (or values)", lv->name);
    if (st == WS_OK && numeric) {
        double inf = INFINITY;
        st = ws_xml_num(err, n, "min", -inf, inf, &lv->min);
        if (st == WS_OK)
            st = ws_xml_num(err, n, "max", -inf, inf, &lv->max);
        if (st == WS_OK)
            st = ws_xml_num(err, n, "step", -inf, inf, &lv->step);
        if (st == WS_OK && lv->min > lv->max)
            st = ws_xml_bad(err, n, "lever '%s': min %s is above max %s", lv->name, mn, mx);
        if (st == WS_OK && !(lv->step > 0))
            st = ws_xml_bad(err, n, "lever '%s': step must be above 0", lv->name);
        int d[3] = {decimals_of(mn), decimals_of(mx), decimals_of(sp)};
        lv->decimals = d[0] > d[1] ? d[0] : d[1];
        lv->decimals = d[2] > lv->decimals ? d[2] : lv->decimals;
    }
    xmlFree(mn);
    xmlFree(mx);
    xmlFree(sp);
    xmlFree(vals);
    if (st != WS_OK)
        return st;
    int matched = eval_select(doc, lv->select, lv->base, sizeof lv->base);
    if (matched < 0)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    if (matched == 0)
        return ws_xml_bad(err, n, "lever '%s': select '%s' matches nothing", lv->name,
                          lv->select);
    double x = ws_lever_position(lv, lv->base);
    lv->base_x = isnan(x) ? lv->min : x < 0 ? 0 : x;
    return WS_OK;
}

/* Applies value like --set and reads the scenario: the schema and the reader must take
 * it. which names the end ("min", "max", "value") in the message. */
static int check_value(ws_error *err, const xmlNode *n, const char *path, const ws_lever *lv,
                       const char *which, const char *value)
{
    char set[WS_LEVER_TEXT + 600];
    if (ws_lever_set(lv, value, set, sizeof set) != WS_OK)
        return ws_xml_bad(err, n, "lever '%s': select and value too long", lv->name);
    const char *sets[1] = {set};
    ws_error e = {0, ""};
    ws_scenario *sc = ws_scenario_load(path, sets, 1, &e);
    if (sc) {
        ws_scenario_free(sc);
        return WS_OK;
    }
    if (e.status == WS_ENOMEM)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    return ws_xml_bad(err, n, "lever '%s': its %s '%s' is rejected: %s", lv->name, which,
                      value, e.msg);
}

/* Every end of a lever's range, applied. */
static int check_range(ws_error *err, const xmlNode *n, const char *path, const ws_lever *lv)
{
    char t[WS_LEVER_TEXT];
    if (lv->nvalues == 0) {
        ws_lever_text(lv, lv->min, t, sizeof t);
        int st = check_value(err, n, path, lv, "min", t);
        if (st != WS_OK)
            return st;
        ws_lever_text(lv, lv->max, t, sizeof t);
        return check_value(err, n, path, lv, "max", t);
    }
    for (int k = 0; k < lv->nvalues; k++) {
        int st = check_value(err, n, path, lv, "value", lv->values[k]);
        if (st != WS_OK)
            return st;
    }
    return WS_OK;
}

/* Reads the <lever> elements of the resolved document doc into l. */
static int read_levers(ws_error *err, xmlDocPtr doc, ws_levers *l)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    int count = 0;
    /* Each lever costs a scenario load per end and a few KiB: capped before either. */
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (ws_xml_is_elem(c, "lever") && ++count > WS_LEVER_MAX)
            return ws_xml_bad(err, c, "more than %d levers", WS_LEVER_MAX);
    l->lever = calloc((size_t)count + 1, sizeof *l->lever);
    if (!l->lever)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!ws_xml_is_elem(c, "lever"))
            continue;
        ws_lever *lv = &l->lever[l->n];
        int st = read_lever(err, doc, c, lv);
        if (st == WS_OK)
            st = check_range(err, c, l->path, lv);
        if (st != WS_OK)
            return st;
        /* A later lever of the same name (a variant's) replaces the earlier one. */
        int k = 0;
        while (k < l->n && strcmp(l->lever[k].name, lv->name) != 0)
            k++;
        if (k < l->n)
            l->lever[k] = *lv;
        else
            l->n++;
    }
    return WS_OK;
}

ws_levers *ws_levers_load(const char *path, ws_error *err)
{
    ws_error local = {0, ""};
    err = err ? err : &local;
    ws_levers *l = calloc(1, sizeof *l);
    if (!l) {
        ws_error_set(err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(l->path, sizeof l->path, "%s",
             path && *path ? path : WS_XML_EMBED_PREFIX "/leeuwarden-oost.xml");
    ws_xml_origin *origins = NULL;
    ws_xml_schema *schema = ws_xml_schema_alloc("schema/woonsim.xsd", err);
    xmlDocPtr doc =
        schema ? ws_scenario_edit_read(l->path, NULL, 0, schema, &origins, NULL, err) : NULL;
    int st = doc ? read_levers(err, doc, l) : WS_EINPUT;
    xmlFreeDoc(doc);
    ws_xml_schema_free(schema);
    ws_xml_origins_free(origins);
    if (st != WS_OK) {
        ws_levers_free(l);
        return NULL;
    }
    return l;
}

void ws_levers_free(ws_levers *l)
{
    if (!l)
        return;
    free(l->lever);
    free(l);
}

void ws_lever_text(const ws_lever *lv, double x, char *out, size_t size)
{
    if (lv->nvalues > 0) {
        int k = isnan(x) ? 0 : (int)lround(x);
        k = k < 0 ? 0 : k >= lv->nvalues ? lv->nvalues - 1 : k;
        snprintf(out, size, "%s", lv->values[k]);
        return;
    }
    if (isnan(x))
        x = lv->min;
    double k = round((x - lv->min) / lv->step);
    double v = lv->min + k * lv->step;
    v = v < lv->min ? lv->min : v > lv->max ? lv->max : v;
    snprintf(out, size, "%.*f", lv->decimals, v);
}

double ws_lever_position(const ws_lever *lv, const char *text)
{
    if (lv->nvalues > 0) {
        for (int k = 0; k < lv->nvalues; k++)
            if (strcmp(lv->values[k], text) == 0)
                return k;
        return -1;
    }
    char *end;
    double v = strtod(text, &end);
    return end == text || *end ? NAN : v;
}

int ws_lever_set(const ws_lever *lv, const char *value, char *out, size_t size)
{
    int n = snprintf(out, size, "%s=%s", lv->select, value);
    return n < 0 || (size_t)n >= size ? WS_EINPUT : WS_OK;
}

/* Appends s with the XML attribute escapes. */
static void put_escaped(ws_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': ws_buf_printf(b, "&amp;"); break;
        case '<': ws_buf_printf(b, "&lt;"); break;
        case '>': ws_buf_printf(b, "&gt;"); break;
        case '"': ws_buf_printf(b, "&quot;"); break;
        default: ws_buf_append(b, s, 1); break;
        }
    }
}

/* What extends= names: the embedded name as it is, a file by its absolute path (the
 * saved file may go to any directory). */
static void extends_target(const char *path, char *out, size_t size)
{
    char abs[PATH_MAX];
    if (strncmp(path, WS_XML_EMBED_PREFIX, sizeof WS_XML_EMBED_PREFIX - 1) != 0 &&
        realpath(path, abs))
        snprintf(out, size, "%s", abs);
    else
        snprintf(out, size, "%s", path);
}

int ws_levers_save(const ws_levers *l, const char *const *values, const char *name,
                   const char *out_path, ws_error *err)
{
    char ext[PATH_MAX + 16], date[32];
    extends_target(l->path, ext, sizeof ext);
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm))
        snprintf(date, sizeof date, "unknown");
    ws_buf b = {0};
    ws_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!-- Saved from the viewer's lever panel on %s: one <set> per "
                      "lever moved. -->\n<scenario extends=\"", date);
    put_escaped(&b, ext);
    ws_buf_printf(&b, "\" name=\"");
    put_escaped(&b, name && *name ? name : "levers");
    ws_buf_printf(&b, "\">\n");
    for (int k = 0; k < l->n; k++) {
        if (strcmp(values[k], l->lever[k].base) == 0)
            continue;
        ws_buf_printf(&b, "  <!-- lever %s -->\n  <set select=\"", l->lever[k].name);
        put_escaped(&b, l->lever[k].select);
        ws_buf_printf(&b, "\" value=\"");
        put_escaped(&b, values[k]);
        ws_buf_printf(&b, "\"/>\n");
    }
    ws_buf_printf(&b, "</scenario>\n");
    if (b.failed) {
        ws_buf_clear(&b);
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    }
    const ws_buf *bufs[1] = {&b};
    int st = ws_write_atomic(out_path, bufs, 1, err);
    ws_buf_clear(&b);
    return st;
}
