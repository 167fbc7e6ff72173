/* woonsim common definitions: status codes, error messages, month arithmetic. */
#ifndef WOONSIM_COMMON_H
#define WOONSIM_COMMON_H

#include <stddef.h>

#define WS_VERSION "0.1.0"

/* The git commit the build was made from (short hash), or "unknown" outside git: what
 * --version prints and a sweep store records. A static string; cannot fail. */
const char *ws_commit(void);

/* Status codes: WS_OK, or a negative WS_E* value. */
enum {
    WS_OK = 0,
    WS_EINPUT = -1,  /* bad input (scenario, option): the CLI exits 2 */
    WS_ENOMEM = -2,  /* allocation failed: exit 1 */
    WS_EIO = -3,     /* file system failure: exit 1 */
    WS_ERUNTIME = -4 /* a numerical or internal failure: exit 1 */
};

/* An error report: a status and one line "FILE:LINE: message" (or a plain message). */
typedef struct {
    int status;
    char msg[512];
} ws_error;

/* Records an error in err (which may be NULL) and returns status. Never fails. */
int ws_error_set(ws_error *err, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Exit status for a status code: 0 ok, 2 bad input, 1 otherwise. */
int ws_exit_status(int status);

/* For applications (the CLI, the bench), process-wide; the library never calls it.
 * Asks the C library's allocator to keep memory freed at the end of a run for the next
 * one rather than hand it back to the system: glibc trims the top of its heap beyond
 * 128 KiB, so a loop of default runs, which frees and allocates about 1 MB a run, took
 * the same pages through page faults and zeroing again every run (~13 % of a run's time,
 * measured). Allocations of 4 MiB and more (a national stock's arrays) still come
 * straight from the system. Does nothing where the allocator is not glibc's. */
void ws_keep_freed_memory(void);

/* Months are counted as year*12 + (month-1). */
typedef int ws_month;

/* Parses "YYYY-MM" (year 1900..2200) into *out. Returns 0, or -1 on malformed text. */
int ws_month_parse(const char *text, ws_month *out);

/* Writes "YYYY-MM" into buf (at least 8 bytes). */
void ws_month_format(ws_month m, char *buf);

static inline int ws_month_year(ws_month m) { return m / 12; }

/* Rounds a non-negative, finite x to the nearest whole number (halves up). A cheap
 * replacement for lround in hot paths, where libm's lround is a function call. */
static inline long ws_round(double x) { return (long)(x + 0.5); }
static inline int ws_month_of_year(ws_month m) { return m % 12 + 1; }

#endif
