/* The XML layer: bounded file reading, the hardened libxml2 parse, schema validation,
 * FILE:LINE messages and attribute values for every reader of the core (see
 * sim/xml_int.h). The only file, with the readers that use it, that includes libxml2. */
#include "xml_int.h"
#include "woonsim/scenario.h" /* WS_MAX_* for the element limits of a scenario */

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* ---------------------------------------------------------------- messages */

/* Copies src into msg[size] without the newline and spaces libxml2 puts at the end of
 * its messages; utf8: cut at a character boundary when too long (else at a byte). */
static void copy_message(char *msg, size_t size, const char *src, int utf8)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (utf8 && n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(msg, src, n);
    msg[n] = '\0';
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
}

ws_xml_origin *ws_xml_origin_new(ws_xml_origin **list, const char *file, int line)
{
    size_t n = strlen(file) + 1;
    ws_xml_origin *o = malloc(sizeof *o + n);
    if (!o)
        return NULL;
    memcpy(o->file, file, n);
    o->line = line;
    o->next = *list;
    *list = o;
    return o;
}

void ws_xml_origins_free(ws_xml_origin *list)
{
    for (ws_xml_origin *o = list, *next; o; o = next) {
        next = o->next;
        free(o);
    }
}

void ws_xml_place(const void *vnode, const char **file, int *line)
{
    const xmlNode *node = vnode;
    *file = "?";
    *line = 0;
    if (!node)
        return;
    const ws_xml_origin *o = node->_private;
    if (node->type == XML_ATTRIBUTE_NODE) {
        const xmlAttr *a = vnode;
        if (!o && a->parent) {
            node = a->parent;
            o = node->_private;
        }
        *line = a->parent ? (int)xmlGetLineNo(a->parent) : 0;
    } else {
        *line = (int)xmlGetLineNo((xmlNode *)node);
    }
    if (o) {
        *file = o->file;
        if (o->line > 0)
            *line = o->line;
        else if (o->line < 0)
            *line = 0;
    } else if (node->doc && node->doc->URL) {
        *file = (const char *)node->doc->URL;
    }
}

/* Records "FILE:LINE: msg" for node (see ws_xml_bad). */
static int bad_at(ws_error *err, const void *node, const char *msg)
{
    const char *file;
    int line;
    ws_xml_place(node, &file, &line);
    if (line > 0)
        return ws_error_set(err, WS_EINPUT, "%s:%d: %s", file, line, msg);
    return ws_error_set(err, WS_EINPUT, "%s: %s", file, msg);
}

/* Each formats its own message rather than one calling the other: clang's analyzer
 * takes a va_list handed on within one file for uninitialised. */
int ws_xml_bad(ws_error *err, const void *node, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return bad_at(err, node, msg);
}

int ws_xml_vbad(ws_error *err, const void *node, const char *fmt, va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return bad_at(err, node, msg);
}

long ws_xml_line(const xmlNode *n)
{
    return xmlGetLineNo(n);
}

int ws_xml_is_elem(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

int ws_xml_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *ws_xml_token(const char **s, long *line)
{
    const char *p = *s;
    while (ws_xml_is_space(*p))
        *line += *p++ == '\n';
    *s = p;
    if (!*p)
        return NULL;
    while (*p && !ws_xml_is_space(*p))
        p++;
    return p;
}

/* ---------------------------------------------------------------- files and paths */

/* A copy of an embedded file, NUL-terminated. */
static char *read_embedded(const char *path, size_t *len, ws_error *err)
{
    const char *data = ws_embedded_lookup(path + sizeof WS_XML_EMBED_PREFIX, len);
    if (!data) {
        ws_error_set(err, WS_EINPUT, "%s: no such embedded file", path);
        return NULL;
    }
    char *copy = malloc(*len + 1);
    if (!copy) {
        ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    memcpy(copy, data, *len);
    copy[*len] = '\0';
    return copy;
}

char *ws_xml_read_file(const char *path, ws_xml_wording wording, size_t *len, ws_error *err)
{
    int map = wording == WS_XML_MAP;
    if (!map && strncmp(path, WS_XML_EMBED_PREFIX "/", sizeof WS_XML_EMBED_PREFIX) == 0)
        return read_embedded(path, len, err);
    FILE *f = fopen(path, "rb");
    if (!f) {
        ws_error_set(err, WS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    /* A regular file's size is known before reading: a 2 GB (sparse) file is refused at
     * once instead of after 64 MiB of reading. Pipes are read up to the limit. */
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > WS_XML_MAX_BYTES) {
        if (map)
            ws_error_set(err, WS_EINPUT, "%s: file too large (limit 64 MiB)", path);
        else
            ws_error_set(err, WS_EINPUT, "%s: file larger than %ld MiB", path,
                         WS_XML_MAX_BYTES >> 20);
        goto fail;
    }
    for (;;) {
        if (n == cap) {
            if (!map && cap >= (size_t)WS_XML_MAX_BYTES) {
                ws_error_set(err, WS_EINPUT, "%s: file larger than %ld MiB", path,
                             WS_XML_MAX_BYTES >> 20);
                goto fail;
            }
            size_t grow = cap ? 2 * cap : 65536;
            if (grow > (size_t)WS_XML_MAX_BYTES + 1)
                grow = (size_t)WS_XML_MAX_BYTES + 1;
            char *nb = realloc(buf, grow + 1);
            if (!nb) {
                ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
                goto fail;
            }
            buf = nb;
            cap = grow;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (map && n > (size_t)WS_XML_MAX_BYTES) {
            ws_error_set(err, WS_EINPUT, "%s: file too large (limit 64 MiB)", path);
            goto fail;
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        if (map)
            ws_error_set(err, WS_EIO, "%s: read error: %s", path, strerror(errno));
        else
            ws_error_set(err, WS_EINPUT, "%s: read error", path);
        goto fail;
    }
    fclose(f);
    if (!buf && !(buf = malloc(1))) {
        ws_error_set(err, WS_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    free(buf);
    fclose(f);
    return NULL;
}

int ws_xml_resolve_path(const char *base, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(base, '/');
    int n;
    /* An embedded file is named the same from anywhere (a saved lever scenario extends
     * the embedded default by that name). */
    if (rel[0] == '/' || !slash ||
        strncmp(rel, WS_XML_EMBED_PREFIX "/", sizeof WS_XML_EMBED_PREFIX) == 0)
        n = snprintf(out, size, "%s", rel);
    else
        n = snprintf(out, size, "%.*s/%s", (int)(slash - base), base, rel);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The part of a message about the file as a whole (it cannot be read, or is no XML
 * document of the right kind) after "path: " or "path:N: ", with *line = N (0 when
 * none), or NULL when msg is about a line inside the file (or about another file). */
static const char *whole_file_reason(const char *msg, const char *path, long *line)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) != 0 || msg[n] != ':')
        return NULL;
    const char *p = msg + n + 1;
    *line = 0;
    if (*p == ' ')
        return p + 1;
    static const char *const whole[] = {
        "empty document", "Document is empty", "not an XML document", "Start tag expected",
        "NUL byte", "Premature end of data", "Extra content at the end", "root element",
    };
    const char *q = p;
    while (*q >= '0' && *q <= '9' && *line < 1000000000L)
        *line = *line * 10 + (*q++ - '0');
    if (q == p || q[0] != ':' || q[1] != ' ')
        return NULL;
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
        if (strncmp(q + 2, whole[i], strlen(whole[i])) == 0)
            return q + 2;
    /* the schema's word for a root element it does not know: another kind of document */
    return strstr(q + 2, "No matching global declaration") ? q + 2 : NULL;
}

int ws_xml_refer(ws_error *err, const void *node, const char *what, const char *path)
{
    if (!err)
        return WS_EINPUT;
    long line = 0;
    const char *why = whole_file_reason(err->msg, path, &line);
    if (!why)
        return err->status;
    char reason[sizeof err->msg];
    if (line > 1)
        snprintf(reason, sizeof reason, "line %ld: %s", line, why);
    else
        snprintf(reason, sizeof reason, "%s", why);
    int status = err->status;
    ws_xml_bad(err, node, "%s '%s': %s", what, path, reason);
    err->status = status; /* an I/O or memory failure stays one */
    return status;
}

int ws_xml_not_regular(const char *path)
{
    struct stat sb;
    return strncmp(path, WS_XML_EMBED_PREFIX, sizeof WS_XML_EMBED_PREFIX - 1) != 0 &&
           stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
}

/* ---------------------------------------------------------------- prescan */

static int line_at(const char *buf, const char *at)
{
    int line = 1;
    for (const char *p = buf; p < at; p++)
        line += *p == '\n';
    return line;
}

/* The first byte at or after p of the string s (n bytes), or NULL. */
static const char *find(const char *p, const char *end, const char *s, size_t n)
{
    while (end - p >= (ptrdiff_t)n) {
        p = memchr(p, s[0], (size_t)(end - p) - n + 1);
        if (!p)
            return NULL;
        if (memcmp(p, s, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

static int starts(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return end - p >= (ptrdiff_t)n && memcmp(p, s, n) == 0;
}

/* Checks one start tag whose name begins at *pp (just after '<'): the element limits
 * and its attributes; leaves *pp at the tag's end. */
static int prescan_tag(const char *buf, const char *tag, const char **pp, const char *end,
                       const char *src, const ws_xml_limits *lim, long *elements,
                       long counts[8], ws_error *err)
{
    const char *p = *pp, *name = p;
    while (p < end && !ws_xml_is_space(*p) && *p != '>' && *p != '/' && *p != '<')
        p++;
    size_t nlen = (size_t)(p - name);
    if (++*elements > lim->max_elements)
        return ws_error_set(err, WS_EINPUT, "%s:%d: more than %ld elements", src,
                            line_at(buf, tag), lim->max_elements);
    for (int i = 0; lim->names && i < 8 && lim->names[i].name[0]; i++) {
        const ws_xml_name_limit *l = &lim->names[i];
        if (strlen(l->name) == nlen && memcmp(l->name, name, nlen) == 0 &&
            ++counts[i] > l->max)
            return ws_error_set(err, WS_EINPUT, "%s:%d: more than %ld <%s> elements", src,
                                line_at(buf, tag), l->max, l->name);
    }
    /* Attributes: each has one '=' outside quotes. */
    int nattr = 0;
    char quote = 0;
    const char *value = NULL;
    for (; p < end; p++) {
        if (quote) {
            if (*p != quote)
                continue;
            quote = 0;
            if (p - value > lim->max_value)
                return ws_error_set(err, WS_EINPUT,
                                    "%s:%d: an attribute value is longer than %ld bytes", src,
                                    line_at(buf, tag), lim->max_value);
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
            value = p + 1;
        } else if (*p == '=') {
            if (++nattr > lim->max_attributes)
                return ws_error_set(err, WS_EINPUT,
                                    "%s:%d: more than %d attributes on one element", src,
                                    line_at(buf, tag), lim->max_attributes);
        } else if (*p == '>' || *p == '<') {
            break;
        }
    }
    *pp = p;
    if (quote && end - value > lim->max_value)
        return ws_error_set(err, WS_EINPUT, "%s:%d: an attribute value is longer than %ld bytes",
                            src, line_at(buf, tag), lim->max_value);
    return WS_OK;
}

int ws_xml_prescan(const char *buf, size_t len, const char *src, const ws_xml_limits *lim,
                   ws_error *err)
{
    const char *p = buf, *end = buf + len, *nul = memchr(buf, '\0', len);
    if (nul)
        return ws_error_set(err, WS_EINPUT,
                            "%s:%d: NUL byte: not UTF-8 text (UTF-16 and UTF-32 are not read)",
                            src, line_at(buf, nul));
    if (starts(p, end, "\xEF\xBB\xBF"))
        p += 3;
    while (p < end && ws_xml_is_space(*p))
        p++;
    if (p < end && *p != '<')
        return ws_error_set(err, WS_EINPUT, "%s:%d: not an XML document in UTF-8 (it must "
                            "start with '<')", src, line_at(buf, p));
    long elements = 0, counts[8] = {0};
    while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        const char *tag = p++, *skip_to = NULL;
        if (starts(p, end, "!--"))
            skip_to = find(p + 3, end, "-->", 3);
        else if (starts(p, end, "![CDATA["))
            skip_to = find(p + 8, end, "]]>", 3);
        else if (starts(p, end, "?"))
            skip_to = find(p + 1, end, "?>", 2);
        else if (starts(p, end, "!DOCTYPE"))
            return ws_error_set(err, WS_EINPUT,
                                "%s:%d: DOCTYPE declarations are not allowed (no DTDs, no "
                                "entities)", src, line_at(buf, tag));
        else if (p == end || *p == '!' || *p == '/')
            continue; /* an end tag, or malformed: the parser will say */
        else
            skip_to = tag; /* a start tag */
        if (!skip_to)
            break; /* an unterminated comment, CDATA section or PI: the parser will say */
        if (skip_to != tag) {
            p = skip_to;
            continue;
        }
        int st = prescan_tag(buf, tag, &p, end, src, lim, &elements, counts, err);
        if (st != WS_OK)
            return st;
    }
    return WS_OK;
}

/* ---------------------------------------------------------------- parse */

/* First parser error (libxml2 reports later, less telling ones after it). */
typedef struct {
    int failed;
    long line;
    char msg[256];
    long doctype_line; /* > 0 once the parser met a DOCTYPE the prescan did not see */
    int utf8_cut;      /* cut messages at a character boundary (WS_XML_MAP) */
} parse_state;

/* Called at "<!DOCTYPE": stop before any declaration or entity is read (a second line
 * of defence behind ws_xml_prescan). */
static void parse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                          const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr pc = ctx;
    parse_state *st = pc->_private;
    if (st && !st->doctype_line)
        st->doctype_line = pc->input ? pc->input->line : 1;
    xmlStopParser(pc);
}

#if LIBXML_VERSION >= 21200
static void parse_error(void *ctx, const xmlError *e)
#else
static void parse_error(void *ctx, xmlErrorPtr e)
#endif
{
    parse_state *st = ((xmlParserCtxtPtr)ctx)->_private;
    if (!st || st->failed || !e || e->level < XML_ERR_ERROR)
        return;
    st->failed = 1;
    st->line = e->line;
    copy_message(st->msg, sizeof st->msg, e->message ? e->message : "not well-formed XML",
                 st->utf8_cut);
}

/* Sets err for a document the parser refused or that has a DOCTYPE, in the scenario
 * readers' words; returns 1 when doc must be refused. */
static int refuse_scenario(xmlParserCtxtPtr pc, xmlDocPtr doc, parse_state *st,
                           const char *src, ws_error *err)
{
    if (st->doctype_line > 0 || (doc && (doc->intSubset || doc->extSubset))) {
        ws_error_set(err, WS_EINPUT,
                     "%s:%ld: DOCTYPE declarations are not allowed (no DTDs, no entities)", src,
                     st->doctype_line > 0 ? st->doctype_line : 1);
        return 1;
    }
    if (doc && pc->wellFormed && !st->failed)
        return 0;
    if (!st->failed) {
        xmlErrorPtr e = xmlCtxtGetLastError(pc);
        copy_message(st->msg, sizeof st->msg,
                     e && e->message ? e->message : "not well-formed XML", 0);
        st->line = e ? e->line : 0;
    }
    ws_error_set(err, WS_EINPUT, "%s:%ld: %s", src, st->line > 0 ? st->line : 1, st->msg);
    return 1;
}

/* The same in the map readers' words. */
static int refuse_map(xmlParserCtxtPtr pc, xmlDocPtr doc, parse_state *st, const char *src,
                      ws_error *err)
{
    int ok = pc->wellFormed && !st->failed && !st->doctype_line && doc;
    if (ok && (doc->intSubset || doc->extSubset))
        st->doctype_line = 1;
    if (st->doctype_line) {
        ws_error_set(err, WS_EINPUT,
                     "%s:%ld: DOCTYPE not allowed (no DTDs or entities in map files)", src,
                     st->doctype_line);
        return 1;
    }
    if (ok)
        return 0;
    if (st->failed)
        ws_error_set(err, WS_EINPUT, "%s:%ld: %s", src, st->line, st->msg);
    else
        ws_error_set(err, WS_EINPUT, "%s:%d: malformed XML", src,
                     pc->input ? pc->input->line : 1);
    return 1;
}

/* Runs libxml2 over buf with st collecting the first error. The two wordings also parse
 * in two ways, kept as they were: the map readers without an encoding handler, which
 * leaves libxml2's 10 MB limit on one text node (a ring's coordinates) unchecked, the
 * scenario readers through the UTF-8 handler, which checks it. Returns the document,
 * good or bad, or NULL; *pcp receives the parser context (NULL when none was made). */
static xmlDocPtr run_parser(const char *buf, size_t len, const char *src, int map,
                            parse_state *st, xmlParserCtxtPtr *pcp)
{
    xmlInitParser();
    xmlParserCtxtPtr pc = map ? xmlCreateMemoryParserCtxt(buf, (int)len) : xmlNewParserCtxt();
    *pcp = pc;
    if (!pc)
        return NULL;
    pc->_private = st;
    pc->sax->serror = parse_error;
    pc->sax->internalSubset = parse_doctype;
    /* UTF-8 whatever the document declares: the parser reads the bytes prescanned. */
    if (!map)
        return xmlCtxtReadMemory(pc, buf, (int)len, src, "UTF-8",
                                 PARSE_OPTIONS | XML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(pc, XML_CHAR_ENCODING_UTF8);
    xmlCtxtUseOptions(pc, PARSE_OPTIONS | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC);
    xmlParseDocument(pc);
    xmlDocPtr doc = pc->myDoc;
    pc->myDoc = NULL;
    return doc;
}

xmlDocPtr ws_xml_parse(const char *buf, size_t len, const char *src, const ws_xml_limits *lim,
                       ws_xml_wording wording, ws_error *err)
{
    int map = wording == WS_XML_MAP;
    if (map && len > (size_t)WS_XML_MAX_BYTES) {
        ws_error_set(err, WS_EINPUT, "%s: file too large (%zu bytes, limit 64 MiB)", src, len);
        return NULL;
    }
    if (!map && len > (size_t)INT_MAX) {
        ws_error_set(err, WS_EINPUT, "%s: file too large", src);
        return NULL;
    }
    if (ws_xml_prescan(buf, len, src, lim, err) != WS_OK)
        return NULL;
    parse_state st = {0, 0, "", 0, map};
    xmlParserCtxtPtr pc;
    xmlDocPtr doc = run_parser(buf, len, src, map, &st, &pc);
    if (!pc) {
        if (!map)
            ws_error_set(err, WS_ENOMEM, "%s: out of memory", src);
        else
            ws_error_set(err, len ? WS_ENOMEM : WS_EINPUT, "%s:1: %s", src,
                         len ? "out of memory" : "empty document");
        return NULL;
    }
    if (map ? refuse_map(pc, doc, &st, src, err) : refuse_scenario(pc, doc, &st, src, err)) {
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (doc->URL && !xmlStrEqual(doc->URL, (const xmlChar *)src)) {
        /* libxml2 escapes the URL ("<" -> "%3C"); messages and paths use the name as
         * given. */
        xmlFree((xmlChar *)doc->URL);
        doc->URL = xmlStrdup((const xmlChar *)src);
    }
    xmlFreeParserCtxt(pc);
    return doc;
}

/* Element limits of scenario and sweep files, far above any real scenario (1024
 * neighbourhoods with 140 stock rows each). Parsing and validating the largest document
 * allowed takes about a second; libxml2 checks an xs:unique list in quadratic time, so
 * the lists under one are limited by name (WS_XML_MAX_PROJECTS, and the scenario's own
 * limits). */
#define MAX_ELEMENTS 150000
#define MAX_ATTRIBUTES 256
#define MAX_VALUE (1L << 20)

void ws_xml_hash(uint64_t *hash, const char *data, size_t len)
{
    uint64_t h = *hash;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint64_t)(unsigned char)data[i]) * 0x100000001b3ULL;
    *hash = h;
}

xmlDocPtr ws_xml_read_doc(const char *path, ws_error *err)
{
    return ws_xml_read_doc_hashed(path, NULL, err);
}

xmlDocPtr ws_xml_read_doc_hashed(const char *path, uint64_t *hash, ws_error *err)
{
    size_t len;
    char *buf = ws_xml_read_file(path, WS_XML_SCENARIO, &len, err);
    if (!buf)
        return NULL;
    if (hash)
        ws_xml_hash(hash, buf, len);
    static const ws_xml_name_limit scenario_names[] = {
        {"district", WS_MAX_DISTRICTS},
        {"neighbourhood", WS_MAX_NEIGHBOURHOODS},
        {"project", WS_XML_MAX_PROJECTS},
        {"labels", WS_NPERIOD * (WS_MAX_NEIGHBOURHOODS + 1)},
        {"income", WS_NTENURE * (WS_MAX_NEIGHBOURHOODS + 1)},
        {"series", 100},
        {"condition", 100},
        {"", 0}};
    ws_xml_limits lim = {MAX_ELEMENTS, MAX_ATTRIBUTES, MAX_VALUE, scenario_names};
    xmlDocPtr doc = ws_xml_parse(buf, len, path, &lim, WS_XML_SCENARIO, err);
    free(buf);
    return doc;
}

/* ---------------------------------------------------------------- schemas */

struct ws_xml_schema {
    xmlSchemaPtr schema;
};

/* The first error libxml2's schema code reports. */
typedef struct {
    int nerrors;
    const void *first_node;
    char first_msg[256];
    int first_line;
    char first_file[1024];
} schema_errors;

static void schema_error(void *data, xmlErrorPtr e)
{
    schema_errors *se = data;
    if (se->nerrors++ > 0 || !e)
        return;
    se->first_node = e->node;
    se->first_line = e->line;
    snprintf(se->first_file, sizeof se->first_file, "%s", e->file ? e->file : "?");
    copy_message(se->first_msg, sizeof se->first_msg, e->message ? e->message : "invalid", 0);
}

ws_xml_schema *ws_xml_schema_alloc(const char *name, ws_error *err)
{
    size_t len;
    const char *xsd = ws_embedded_lookup(name, &len);
    if (!xsd) {
        ws_error_set(err, WS_ERUNTIME, "the embedded schema is missing");
        return NULL;
    }
    ws_xml_schema *s = calloc(1, sizeof *s);
    xmlSchemaParserCtxtPtr pc = s ? xmlSchemaNewMemParserCtxt(xsd, (int)len) : NULL;
    if (!pc) {
        free(s);
        ws_error_set(err, WS_ENOMEM, "out of memory reading the schema");
        return NULL;
    }
    schema_errors se = {0, NULL, "", 0, ""};
    xmlSchemaSetParserStructuredErrors(pc, schema_error, &se);
    s->schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!s->schema) {
        free(s);
        ws_error_set(err, WS_ERUNTIME, "the embedded schema does not compile: %s",
                     se.first_msg);
        return NULL;
    }
    return s;
}

void ws_xml_schema_free(ws_xml_schema *schema)
{
    if (!schema)
        return;
    xmlSchemaFree(schema->schema);
    free(schema);
}

/* A schema error msg at node. libxml2 blames the element for a bad attribute value
 * ("Element 'e', attribute 'a': ..."): when that attribute came from a --set, the
 * message names the --set, not the scenario's line. */
static int schema_bad(ws_error *err, const void *node, const char *msg)
{
    const xmlNode *n = node;
    const char *at = strstr(msg, "attribute '");
    const char *end = at ? strchr(at + 11, '\'') : NULL;
    if (n->type == XML_ELEMENT_NODE && end && end - (at + 11) < 128) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(end - (at + 11)), at + 11);
        const xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
        const ws_xml_origin *o = a ? a->_private : NULL;
        if (o && strncmp(o->file, "--set", 5) == 0)
            return ws_error_set(err, WS_EINPUT, "%s: value rejected by the schema: %s",
                                o->file, msg);
        if (o)
            node = a;
    }
    return ws_xml_bad(err, node, "%s", msg);
}

int ws_xml_validate(const ws_xml_schema *schema, xmlDocPtr doc, ws_error *err)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema->schema);
    if (!vc)
        return ws_error_set(err, WS_ENOMEM, "out of memory validating");
    schema_errors se = {0, NULL, "", 0, ""};
    xmlSchemaSetValidStructuredErrors(vc, schema_error, &se);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc == 0)
        return WS_OK;
    if (se.nerrors == 0)
        return ws_error_set(err, WS_ERUNTIME, "%s: schema validation failed",
                            doc->URL ? (const char *)doc->URL : "?");
    /* The schema's own wording names elements as "{ns}name"; it is clear enough. */
    if (se.first_node)
        return schema_bad(err, se.first_node, se.first_msg);
    return ws_error_set(err, WS_EINPUT, "%s:%d: %s", se.first_file, se.first_line,
                        se.first_msg);
}

/* ---------------------------------------------------------------- attribute values */

char *ws_xml_prop(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

int ws_xml_num(ws_error *err, const xmlNode *n, const char *name, double lo, double hi,
               double *out)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
    if (!a)
        return WS_OK;
    char *v = ws_xml_prop(n, name);
    if (!v)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n')
        end++;
    int st = WS_OK;
    if (end == v || *end || errno == ERANGE || !isfinite(x))
        st = ws_xml_bad(err, a, "%s=\"%s\" is not a number", name, v);
    else if (x < lo || x > hi)
        st = ws_xml_bad(err, a, "%s=%s is out of range [%g, %g]", name, v, lo, hi);
    else
        *out = x;
    xmlFree(v);
    return st;
}

int ws_xml_int(ws_error *err, const xmlNode *n, const char *name, long lo, long hi, int *out)
{
    double x = *out;
    int st = ws_xml_num(err, n, name, (double)lo, (double)hi, &x);
    if (st != WS_OK)
        return st;
    if (x != floor(x))
        return ws_xml_bad(err, xmlHasProp((xmlNode *)n, (const xmlChar *)name),
                          "%s must be a whole number", name);
    *out = (int)x;
    return WS_OK;
}

int ws_xml_bool(ws_error *err, const xmlNode *n, const char *name, int *out)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
    if (!a)
        return WS_OK;
    char *v = ws_xml_prop(n, name);
    int st = WS_OK;
    if (!v)
        return ws_error_set(err, WS_ENOMEM, "out of memory");
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = 1;
    else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = 0;
    else
        st = ws_xml_bad(err, a, "%s=\"%s\" is not true or false", name, v);
    xmlFree(v);
    return st;
}

int ws_xml_str(ws_error *err, const xmlNode *n, const char *name, int required, char *out,
               size_t size)
{
    char *v = ws_xml_prop(n, name);
    if (!v)
        return required ? ws_xml_bad(err, n, "<%s> needs %s", n->name, name) : WS_OK;
    int st = WS_OK;
    if (strlen(v) >= size)
        st = ws_xml_bad(err, xmlHasProp((xmlNode *)n, (const xmlChar *)name),
                        "%s is longer than %zu characters", name, size - 1);
    else
        snprintf(out, size, "%s", v);
    xmlFree(v);
    return st;
}
