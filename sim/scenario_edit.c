/* Scenario editing before reading: `extends` (a variant's replacement elements, then its
 * <set> edits, applied to its base document) and the command-line --set overrides, by
 * XPath on the document. Values that came from elsewhere keep an origin, so that a
 * message about them points at the place that set them. See sim/scenario_int.h. */
#define _XOPEN_SOURCE 700
#include "scenario_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#define MAX_EXTENDS_DEPTH 16
#define XPATH_MAX_OPS 2000000UL /* steps for all selects: ~50 ms; 0.3 s under ASan */

/* The state of one scenario's reading. */
typedef struct {
    ws_error *err;
    const ws_xml_schema *schema;
    ws_xml_origin **origins; /* the caller's list */
    char chain[MAX_EXTENDS_DEPTH][1024];
    int depth;
    unsigned long xpath_ops; /* XPath steps spent by <set> and --set, see apply_set */
    uint64_t *hash;          /* the sources' hash, or NULL */
} loader;

static void canonical(const char *path, char *out, size_t size)
{
    char tmp[PATH_MAX];
    const char *name = path;
    if (strncmp(path, WS_XML_EMBED_PREFIX, sizeof WS_XML_EMBED_PREFIX - 1) != 0 &&
        realpath(path, tmp))
        name = tmp;
    size_t n = strnlen(name, size - 1); /* cut to fit, as a chain entry */
    memcpy(out, name, n);
    out[n] = '\0';
}

/* Marks a subtree as coming from file (so messages name the right file). */
static int mark_origin(loader *ld, xmlNode *n, const char *file)
{
    ws_xml_origin *o = ws_xml_origin_new(ld->origins, file, 0);
    if (!o)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        c->_private = o;
        for (xmlAttr *a = c->properties; a; a = a->next)
            a->_private = o;
        if (c->children && mark_origin(ld, c->children, file) != WS_OK)
            return ld->err ? ld->err->status : WS_ENOMEM;
    }
    return WS_OK;
}

#if LIBXML_VERSION >= 21200
static void xpath_error(void *data, const xmlError *e)
#else
static void xpath_error(void *data, xmlErrorPtr e)
#endif
{
    (void)data;
    (void)e;
}

/* A select ending in /@name (at points at the '@') that matched nothing: creates the
 * attribute on the elements the rest selects, evaluated in xc. origin names who set it
 * and place where, for messages. */
static int create_attrs(loader *ld, xmlXPathContextPtr xc, const char *select, const char *at,
                        const char *value, const char *origin, const char *place)
{
    char parent[1024];
    snprintf(parent, sizeof parent, "%.*s", (int)(at - 1 - select), select);
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)parent, xc);
    int status = WS_OK, matched = 0;
    if (r && r->type == XPATH_NODESET && r->nodesetval) {
        for (int i = 0; i < r->nodesetval->nodeNr; i++) {
            xmlNode *n = r->nodesetval->nodeTab[i];
            if (n->type != XML_ELEMENT_NODE)
                continue;
            xmlAttr *a = xmlSetProp(n, (const xmlChar *)at + 1, (const xmlChar *)value);
            if (!a) {
                status = ws_error_set(ld->err, WS_ENOMEM, "out of memory");
                break;
            }
            ws_xml_origin *o = ws_xml_origin_new(ld->origins, origin, -1);
            if (!o) {
                status = ws_error_set(ld->err, WS_ENOMEM, "out of memory");
                break;
            }
            a->_private = o; /* origin holds FILE:LINE or the --set: no line of n */
            matched++;
        }
    }
    if (status == WS_OK && matched == 0)
        status = ws_error_set(ld->err, WS_EINPUT, "%s: select '%s' matches nothing", place,
                              select);
    xmlXPathFreeObject(r);
    return status;
}

/* Sets every attribute of the node set r (which select gave) to value. */
static int set_attrs(loader *ld, xmlXPathObjectPtr r, const char *select, const char *value,
                     const char *origin, const char *place)
{
    for (int i = 0; i < r->nodesetval->nodeNr; i++) {
        xmlNode *n = r->nodesetval->nodeTab[i];
        if (n->type != XML_ATTRIBUTE_NODE)
            return ws_error_set(ld->err, WS_EINPUT,
                                "%s: select '%s' must name attributes (end in /@name)", place,
                                select);
        xmlAttr *a = xmlSetProp(n->parent, n->name, (const xmlChar *)value);
        if (!a)
            return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
        ws_xml_origin *o = ws_xml_origin_new(ld->origins, origin, 0);
        if (!o)
            return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
        /* place already holds FILE:LINE; mark line -1 so it is not repeated. */
        o->line = -1;
        a->_private = o;
    }
    return WS_OK;
}

/* Applies select=value to doc. A select ending in /@name whose attribute is missing
 * creates it on the elements the rest selects. where is the node to blame (a <set>) or
 * NULL with what naming the command-line option. */
static int apply_set(loader *ld, xmlDocPtr doc, const char *select, const char *value,
                     const xmlNode *where, const char *what)
{
    char place[1200];
    if (where) {
        const char *file;
        int line;
        ws_xml_place(where, &file, &line);
        snprintf(place, sizeof place, "%s:%d", file, line);
    } else {
        snprintf(place, sizeof place, "%s", what ? what : "--set");
    }
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    if (!xc)
        return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
    /* A select that counts all nodes inside a predicate over all nodes costs the
     * document size squared, and so on: bound the work. */
    xc->opLimit = XPATH_MAX_OPS - ld->xpath_ops; /* > 0: see the end */
    xc->error = xpath_error; /* the message below says it; libxml2 would print it */
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)select, xc);
    int status = WS_OK, matched = 0;
    if (!r) {
        if (xc->opCount >= xc->opLimit)
            status = ws_error_set(ld->err, WS_EINPUT,
                                  "%s: select '%.200s' takes too long to evaluate (the "
                                  "selects of a scenario have %lu steps in all)",
                                  place, select, XPATH_MAX_OPS);
        else
            status = ws_error_set(ld->err, WS_EINPUT, "%s: invalid XPath '%.200s'", place,
                                  select);
        goto done;
    }
    if (r->type == XPATH_NODESET && r->nodesetval)
        matched = r->nodesetval->nodeNr;
    const char *at = strrchr(select, '@');
    if (matched == 0 && at && at > select && at[-1] == '/' && !strpbrk(at, "[]/|()=")) {
        xmlXPathFreeObject(r);
        r = NULL;
        status = create_attrs(ld, xc, select, at, value, where ? place : what, place);
        goto done;
    }
    if (r->type != XPATH_NODESET || matched == 0) {
        status =
            ws_error_set(ld->err, WS_EINPUT, "%s: select '%s' matches nothing", place, select);
        goto done;
    }
    status = set_attrs(ld, r, select, value, where ? place : what, place);
done:
    /* One budget for all the selects of a load: many selects just under the limit must
     * not add up to minutes. */
    ld->xpath_ops += xc->opCount;
    if (status == WS_OK && ld->xpath_ops >= XPATH_MAX_OPS)
        status = ws_error_set(ld->err, WS_EINPUT,
                              "%s: select '%.200s' takes too long to evaluate (the selects "
                              "of a scenario have %lu steps in all)",
                              place, select, XPATH_MAX_OPS);
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(xc);
    return status;
}

/* Top-level element order of the schema, to insert replacement elements in place. */
static int top_rank(const xmlChar *name)
{
    static const char *const order[] = {
        "set",    "area",       "prices",     "energy",   "quality",   "liveability",
        "market", "woondeal",   "landlord-permit", "retrofit", "households",
        "corporations", "goals", "uncertain", "lever", "caption"};
    for (int i = 0; i < (int)(sizeof order / sizeof *order); i++)
        if (strcmp((const char *)name, order[i]) == 0)
            return i;
    return 99;
}

/* Captions (<caption>, repeatable, last in the schema) are a list: a variant with any
 * replaces the base's whole list, so they are removed here and the variant's appended. */
static void drop_base_captions(const xmlNode *vroot, xmlNode *broot)
{
    int any = 0;
    for (const xmlNode *c = vroot->children; c && !any; c = c->next)
        any = ws_xml_is_elem(c, "caption");
    for (xmlNode *b = broot->children, *next; any && b; b = next) {
        next = b->next;
        if (ws_xml_is_elem(b, "caption")) {
            xmlUnlinkNode(b);
            xmlFreeNode(b);
        }
    }
}

/* Puts a copy of each element under the variant's root vroot (other than <set>) in the
 * base document: in place of the base's element of that name, or where the schema's
 * order wants it. path names the variant in messages. */
static int replace_elements(loader *ld, const xmlNode *vroot, xmlDocPtr base, const char *path)
{
    xmlNode *broot = xmlDocGetRootElement(base);
    drop_base_captions(vroot, broot);
    for (xmlNode *c = vroot->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || ws_xml_is_elem(c, "set"))
            continue;
        xmlNode *copy = xmlDocCopyNode(c, base, 1);
        if (!copy || mark_origin(ld, copy, path) != WS_OK) {
            xmlFreeNode(copy);
            return ws_error_set(ld->err, WS_ENOMEM, "out of memory");
        }
        /* Repeatable elements are added after the base's of their name, in the schema's
         * order: <uncertain> and <lever> add up (a later one for the same select or name
         * wins when they are read, sim/uncertain.c, sim/levers.c); <caption>, the
         * variant's list in order (the base's were dropped). */
        int repeatable = ws_xml_is_elem(c, "uncertain") || ws_xml_is_elem(c, "lever") ||
                         ws_xml_is_elem(c, "caption");
        xmlNode *old = NULL, *after = NULL;
        for (xmlNode *b = broot->children; b; b = b->next) {
            if (b->type != XML_ELEMENT_NODE)
                continue;
            if (xmlStrEqual(b->name, c->name) && !repeatable) {
                old = b;
                break;
            }
            if (!after && top_rank(b->name) > top_rank(c->name))
                after = b;
        }
        if (old) {
            xmlReplaceNode(old, copy);
            xmlFreeNode(old);
        } else if (after) {
            xmlAddPrevSibling(after, copy);
        } else {
            xmlAddChild(broot, copy);
        }
    }
    return WS_OK;
}

static xmlDocPtr load_resolved(loader *ld, const char *path);

/* Applies a variant document (root has extends) to its base. Returns the base document,
 * which the variant's edits have changed, or NULL. */
static xmlDocPtr apply_variant(loader *ld, xmlDocPtr var, const char *path, const char *ext)
{
    char base_path[1024];
    const xmlAttr *at = xmlHasProp(xmlDocGetRootElement(var), (const xmlChar *)"extends");
    if (!*ext) {
        ws_xml_bad(ld->err, at, "extends=\"\" names no file");
        return NULL;
    }
    if (ws_xml_resolve_path(path, ext, base_path, sizeof base_path) != 0) {
        ws_xml_bad(ld->err, at, "extends path longer than %zu bytes", sizeof base_path - 1);
        return NULL;
    }
    char canon[1024];
    canonical(base_path, canon, sizeof canon);
    for (int i = 0; i < ld->depth; i++) {
        if (strcmp(ld->chain[i], canon) == 0) {
            ws_xml_bad(ld->err,
                       xmlHasProp(xmlDocGetRootElement(var), (const xmlChar *)"extends"),
                       "extends cycle: '%s' is already being read", base_path);
            return NULL;
        }
    }
    if (ws_xml_not_regular(base_path)) {
        ws_xml_bad(ld->err, xmlHasProp(xmlDocGetRootElement(var), (const xmlChar *)"extends"),
                   "extends '%s': not a regular file", base_path);
        return NULL;
    }
    xmlDocPtr base = load_resolved(ld, base_path);
    if (!base) {
        ws_xml_refer(ld->err, at, "extends", base_path);
        return NULL;
    }
    xmlNode *vroot = xmlDocGetRootElement(var), *broot = xmlDocGetRootElement(base);
    /* Root attributes other than extends override the base's. */
    for (xmlAttr *a = vroot->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, "extends") == 0)
            continue;
        xmlChar *v = xmlNodeGetContent((xmlNode *)a);
        xmlAttr *na = xmlSetProp(broot, a->name, v);
        xmlFree(v);
        ws_xml_origin *o =
            na ? ws_xml_origin_new(ld->origins, path, (int)xmlGetLineNo(vroot)) : NULL;
        if (!o) {
            ws_error_set(ld->err, WS_ENOMEM, "out of memory");
            goto fail;
        }
        na->_private = o;
    }
    /* Replacement elements first, then the <set> edits. */
    if (replace_elements(ld, vroot, base, path) != WS_OK)
        goto fail;
    for (xmlNode *c = vroot->children; c; c = c->next) {
        if (!ws_xml_is_elem(c, "set"))
            continue;
        char *sel = ws_xml_prop(c, "select"), *val = ws_xml_prop(c, "value");
        int st = (sel && val) ? apply_set(ld, base, sel, val, c, NULL)
                              : ws_xml_bad(ld->err, c, "<set> needs select and value");
        xmlFree(sel);
        xmlFree(val);
        if (st != WS_OK)
            goto fail;
    }
    return base;
fail:
    xmlFreeDoc(base);
    return NULL;
}

/* Removes comments, processing instructions and whitespace-only text from a validated
 * scenario: they mean nothing, and a 9 MB comment would make every string an XPath
 * select builds from it (string(), concat(), a comparison) cost 9 MB, beyond what the
 * select's step budget counts. The only text the schema allows, a <caption>'s, is at
 * most 300 characters and is kept. */
static void strip_inert(xmlNode *n)
{
    xmlNode *c = n->children;
    while (c) {
        xmlNode *next = c->next;
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
            ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
             xmlIsBlankNode(c))) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            strip_inert(c);
        }
        c = next;
    }
}

/* Parses and validates path, resolving its extends chain. */
static xmlDocPtr load_resolved(loader *ld, const char *path)
{
    char canon[1024];
    canonical(path, canon, sizeof canon);
    for (int i = 0; i < ld->depth; i++) {
        if (strcmp(ld->chain[i], canon) == 0) {
            ws_error_set(ld->err, WS_EINPUT, "%s: extends cycle: this file extends itself",
                         path);
            return NULL;
        }
    }
    if (ld->depth >= MAX_EXTENDS_DEPTH) {
        ws_error_set(ld->err, WS_EINPUT, "%s: extends chain deeper than %d", path,
                     MAX_EXTENDS_DEPTH);
        return NULL;
    }
    snprintf(ld->chain[ld->depth++], sizeof ld->chain[0], "%s", canon);
    xmlDocPtr doc = ws_xml_read_doc_hashed(path, ld->hash, ld->err);
    if (doc && ws_xml_validate(ld->schema, doc, ld->err) != WS_OK) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc)
        strip_inert((xmlNode *)doc);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    char *ext = root ? ws_xml_prop(root, "extends") : NULL;
    if (ext) {
        xmlDocPtr base = apply_variant(ld, doc, path, ext);
        xmlFree(ext);
        xmlFreeDoc(doc);
        doc = base;
    } else if (root) {
        /* A document's own <set> elements are meaningless without a base. */
        for (xmlNode *c = root->children; c; c = c->next) {
            if (ws_xml_is_elem(c, "set")) {
                ws_xml_bad(ld->err, c,
                           "<set> is only allowed in a scenario that extends another");
                xmlFreeDoc(doc);
                doc = NULL;
                break;
            }
        }
    }
    ld->depth--;
    return doc;
}

/* Splits "XPATH=VALUE" at the first '=' outside [...] and quotes. */
static int split_set(const char *s, char *xpath, size_t size, const char **value)
{
    int depth = 0;
    char quote = 0;
    for (const char *p = s; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '[') {
            depth++;
        } else if (*p == ']') {
            depth--;
        } else if (*p == '=' && depth == 0) {
            if ((size_t)(p - s) >= size || p == s)
                return -1;
            snprintf(xpath, size, "%.*s", (int)(p - s), s);
            *value = p + 1;
            return 0;
        }
    }
    return -1;
}

/* Applies the command-line overrides sets[0..nsets-1] to doc (NULL: nothing); returns
 * doc, or NULL with ld->err set and doc freed. */
static xmlDocPtr apply_sets(loader *ld, xmlDocPtr doc, const char *const *sets, int nsets)
{
    for (int i = 0; doc && i < nsets; i++) {
        char xpath[1024], what[1200];
        const char *value;
        /* A long --set is shortened in messages (its start and end), so that what is
         * wrong with it still fits the error's 512 bytes. */
        size_t len = strlen(sets[i]);
        if (len > 160)
            snprintf(what, sizeof what, "--set %.100s...%s", sets[i], sets[i] + len - 50);
        else
            snprintf(what, sizeof what, "--set %s", sets[i]);
        if (split_set(sets[i], xpath, sizeof xpath, &value) != 0) {
            ws_error_set(ld->err, WS_EINPUT, "%s: expected XPATH=VALUE", what);
            xmlFreeDoc(doc);
            doc = NULL;
        } else if (strstr(xpath, "extends")) {
            /* extends is resolved when the file is read, before any --set */
            ws_error_set(ld->err, WS_EINPUT,
                         "%s: extends cannot be set (name the variant file instead)", what);
            xmlFreeDoc(doc);
            doc = NULL;
        } else if (apply_set(ld, doc, xpath, value, NULL, what) != WS_OK) {
            xmlFreeDoc(doc);
            doc = NULL;
        }
    }
    return doc;
}

xmlDocPtr ws_scenario_edit_read(const char *path, const char *const *sets, int nsets,
                                const ws_xml_schema *schema, ws_xml_origin **origins,
                                uint64_t *hash, ws_error *err)
{
    unsigned long ops = 0;
    xmlDocPtr doc = ws_scenario_edit_resolve(path, schema, origins, hash, &ops, err);
    return ws_scenario_edit_copy(doc, 0, ops, sets, nsets, origins, err);
}

xmlDocPtr ws_scenario_edit_resolve(const char *path, const ws_xml_schema *schema,
                                   ws_xml_origin **origins, uint64_t *hash,
                                   unsigned long *xpath_ops, ws_error *err)
{
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.hash = hash;
    ld.err = err;
    ld.schema = schema;
    ld.origins = origins;
    xmlDocPtr doc = load_resolved(&ld, path);
    if (xpath_ops)
        *xpath_ops = ld.xpath_ops;
    return doc;
}

/* Gives the nodes of the copy dst the origins of the original src (xmlCopyDoc leaves
 * _private out): the two trees have the same shape. */
static void copy_origins(xmlNode *dst, const xmlNode *src)
{
    for (; dst && src; dst = dst->next, src = src->next) {
        dst->_private = src->_private;
        if (dst->type != XML_ELEMENT_NODE)
            continue;
        const xmlAttr *sa = src->properties;
        for (xmlAttr *da = dst->properties; da && sa; da = da->next, sa = sa->next)
            da->_private = sa->_private;
        copy_origins(dst->children, src->children);
    }
}

xmlDocPtr ws_scenario_edit_copy(xmlDocPtr doc, int copy, unsigned long xpath_ops,
                                const char *const *sets, int nsets, ws_xml_origin **origins,
                                ws_error *err)
{
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.err = err;
    ld.origins = origins;
    ld.xpath_ops = xpath_ops; /* one budget for the whole load, as in one reading */
    if (doc && copy) {
        xmlDocPtr c = xmlCopyDoc(doc, 1);
        if (!c) {
            ws_error_set(err, WS_ENOMEM, "out of memory");
            return NULL;
        }
        copy_origins(c->children, doc->children);
        doc = c;
    }
    return apply_sets(&ld, doc, sets, nsets);
}

int ws_scenario_edit_set(xmlDocPtr doc, const char *select, const char *value,
                         const xmlNode *where, ws_xml_origin **origins, ws_error *err)
{
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.err = err;
    ld.origins = origins;
    return apply_set(&ld, doc, select, value, where, NULL);
}
