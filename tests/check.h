/* Minimal test harness: CHECK(cond, fmt, ...) records a failure with file:line and goes
 * on; CHECK_DONE() prints "NAME: N passed, N failed" and returns the exit status. */
#ifndef WS_TEST_CHECK_H
#define WS_TEST_CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (cond) {                                                                   \
            check_passed++;                                                           \
        } else {                                                                      \
            check_failed++;                                                           \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
        }                                                                             \
    } while (0)

#define CHECK_NEAR(a, b, tol, what)                                                   \
    CHECK(((a) - (b)) <= (tol) && ((b) - (a)) <= (tol), "%s: %g vs %g (tol %g)",     \
          (what), (double)(a), (double)(b), (double)(tol))

#define CHECK_DONE(name)                                                              \
    (printf("%s: %d passed, %d failed\n", (name), check_passed, check_failed),       \
     check_failed ? 1 : 0)

#endif
