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

#endif
