/* The XML reading machinery of sim/scenario.c (bounded, no DTDs or entities, schema
 * validation, FILE:LINE messages, checked attribute parsing), for the other readers
 * of the core (sim/sweep.c). Internal: includes libxml2. */
#ifndef WOONSIM_READER_INT_H
#define WOONSIM_READER_INT_H

#include <stddef.h>
#include <libxml/tree.h>
#include "woonsim/common.h"

typedef struct ws_reader ws_reader;

/* A reader validating against the embedded schema named schema ("schema/sweep.xsd").
 * NULL with err set on failure. */
ws_reader *ws_reader_new(const char *schema, ws_error *err);
void ws_reader_free(ws_reader *r);

/* Reads, parses and validates a file; NULL with the reader's err set. The caller frees
 * the document with xmlFreeDoc. */
xmlDocPtr ws_reader_parse(ws_reader *r, const char *path);

/* Records "FILE:LINE: msg" for node and returns WS_EINPUT. */
int ws_reader_bad(ws_reader *r, const void *node, const char *msg);

/* Attribute readers: missing attributes leave *out unchanged (str: unless required);
 * bad values give FILE:LINE errors. Each returns WS_OK or an error status. */
int ws_reader_num(ws_reader *r, const xmlNode *n, const char *name, double lo, double hi,
                  double *out);
int ws_reader_int(ws_reader *r, const xmlNode *n, const char *name, long lo, long hi,
                  int *out);
int ws_reader_str(ws_reader *r, const xmlNode *n, const char *name, int required, char *out,
                  size_t size);
int ws_reader_bool(ws_reader *r, const xmlNode *n, const char *name, int *out);

/* Limits checked on the raw bytes before libxml2 parses them (ws_xml_prescan). libxml2
 * 2.9 checks duplicate attributes in quadratic time and builds the whole tree before a
 * schema or reader can object, so a 2 MB file with 200000 attributes on one element, or
 * a million elements, would take seconds and much memory. */
typedef struct {
    char name[16]; /* element name ("" ends the list) */
    long max;      /* at most this many such elements */
} ws_xml_name_limit;

typedef struct {
    long max_elements;
    int max_attributes;                /* per start tag, namespace declarations included */
    long max_value;                    /* bytes in one attribute value */
    const ws_xml_name_limit *names;    /* NULL or at most 8, ended by an empty name */
} ws_xml_limits;

/* Checks a document's bytes before parsing: no NUL byte (UTF-16 and UTF-32 are not
 * read), markup first (after a UTF-8 byte order mark and white space), no DOCTYPE, and
 * the limits. One linear pass. Returns WS_OK, or WS_EINPUT with err set to
 * "SRC:LINE: message". The caller must parse buf as UTF-8 whatever its declaration
 * says (XML_PARSE_IGNORE_ENC), so that the parser reads the bytes checked here. */
int ws_xml_prescan(const char *buf, size_t len, const char *src, const ws_xml_limits *lim,
                   ws_error *err);

#endif
