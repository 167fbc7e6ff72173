/* The command line's shared parts: the verbs, one option parser, usage errors. Only the
 * CLI (sim/cli/) includes this; the library below it never prints. */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stddef.h>

#include "woonsim/run.h"

/* The verbs: argc/argv after the verb; each returns the exit status (0 ok, 1 runtime
 * failure, 2 bad usage or input). */
int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_track(int argc, char **argv);

/* Prints "woonsim: " fmt (with arg) and the pointer to --help on stderr; returns 2. */
int cli_usage_error(const char *fmt, const char *arg);

/* A whole number from lo to hi in s: 0, or -1 when s is not one. */
int cli_parse_long(const char *s, long lo, long hi, long *out);

/* What an option takes. */
enum {
    CLI_FLAG, /* no value; sets *(int *)dest to 1 */
    CLI_INT,  /* a whole number from lo to hi into *(long *)dest */
    CLI_TEXT, /* a string into *(const char **)dest */
    CLI_CALL  /* a string handed to call(dest, value) */
};

typedef struct {
    const char *name;  /* "--runs" */
    const char *alias; /* "-o", or NULL */
    int kind;          /* CLI_* */
    void *dest;
    long lo, hi;       /* CLI_INT */
    const char *what;  /* CLI_TEXT, CLI_CALL: what the value is, for "-o needs a file name" */
    int (*call)(void *dest, const char *value); /* CLI_CALL: 0, or 2 after a usage error */
} cli_option;

/* Parses argv against opts (ended by an entry with name NULL): options anywhere, each
 * other argument handed to positional(ctx, arg), which returns 0 or 2 after a usage
 * error. Returns 0, or 2 after printing the usage error. */
int cli_parse(int argc, char **argv, const cli_option *opts,
              int (*positional)(void *ctx, const char *arg), void *ctx);

/* The default output of an input file: its base name with ".xml" replaced by ext
 * (".csv"), in the current directory; the default scenario's name when input is NULL. */
void cli_default_output(const char *input, const char *ext, char *out, size_t size);

/* Writes the n buffers to path atomically (ws_write_atomic), or to stdout when path is
 * "-". Returns a status with err set. */
int cli_write(const char *path, const ws_buf *const *bufs, int n, ws_error *err);

/* --uncertain (on = 1): sc's runs draw their own <uncertain> values; says on stderr when
 * sc declares none. */
struct ws_scenario;
void cli_uncertain(struct ws_scenario *sc, int on);

/* Sorts v[0..n-1] and writes its median, 5 % and 95 % quantiles to q. */
void cli_quantiles(double *v, int n, double q[3]);

/* Progress of many runs on stderr (sim/cli/progress.c). */
typedef struct {
    const char *what;    /* "sweep", "run": the lines' subject */
    int tty, bar;        /* stderr is a terminal; draw a bar there */
    int total;
    double t0, last, interval;
} cli_progress;

/* Sets p up: a bar when bar is set and stderr is a terminal; elsewhere a line every
 * interval seconds (10, or WOONSIM_PROGRESS_SECONDS) and a final line when the work
 * took that long. Cannot fail. */
void cli_progress_init(cli_progress *p, const char *what, int bar);

/* The progress callback (ctx: a cli_progress): done = 0 starts the clock. */
void cli_progress_update(void *ctx, int done, int total);

/* Ends a bar's line. */
void cli_progress_end(cli_progress *p);

#endif
