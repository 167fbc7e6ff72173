/* Progress of a sweep or a long `run --runs` on stderr: a bar on a terminal (sweeps), and
 * where stderr is a pipe or a batch log (Slurm), a plain line every ~10 s and a final
 * line with the total time and rate. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(cli_progress *p, const char *what, int bar)
{
    p->what = what;
    p->tty = isatty(2);
    p->bar = bar && p->tty;
    p->total = 0;
    p->t0 = p->last = 0;
    /* WOONSIM_PROGRESS_SECONDS: the interval between lines (the tests make it short). */
    const char *s = getenv("WOONSIM_PROGRESS_SECONDS");
    char *end;
    double v = s ? strtod(s, &end) : 0;
    p->interval = s && end != s && *end == '\0' && v >= 0 ? v : 10;
}

/* "1:05:07" or "5:07": seconds as hours, minutes and seconds. */
static void clock_text(char *out, size_t size, double sec)
{
    long t = sec > 0 && sec < 1e9 ? (long)(sec + 0.5) : 0;
    if (t >= 3600)
        snprintf(out, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, size, "%ld:%02ld", t / 60, t % 60);
}

/* The bar, redrawn in place after every run. */
static void draw_bar(const cli_progress *p, int done, double rate, const char *left)
{
    int width = 30, fill = p->total ? (int)((long)width * done / p->total) : width;
    fprintf(stderr, "\r[%.*s%*s] %d/%d runs  %.1f runs/s  %s left ", fill,
            "##############################", width - fill, "", done, p->total, rate, left);
    fflush(stderr);
}

void cli_progress_update(void *ctx, int done, int total)
{
    cli_progress *p = ctx;
    double t = now();
    if (done == 0) {
        p->t0 = p->last = t;
        p->total = total;
        return;
    }
    double el = t - p->t0, rate = el > 0 ? done / el : 0;
    char left[32];
    clock_text(left, sizeof left, rate > 0 ? (total - done) / rate : 0);
    if (p->bar) {
        draw_bar(p, done, rate, left);
        return;
    }
    if (p->tty)
        return;
    if (done < total && t - p->last >= p->interval) {
        fprintf(stderr, "woonsim: %s: %d/%d runs, %.1f runs/s, %s left\n", p->what, done, total,
                rate, left);
        fflush(stderr);
        p->last = t;
    } else if (done == total && el >= p->interval) {
        /* Short work stays quiet in a pipe: the final line is for the long ones. */
        char took[32];
        clock_text(took, sizeof took, el);
        fprintf(stderr, "woonsim: %s: %d runs done in %s (%.1f s), %.1f runs/s\n", p->what,
                total, took, el, rate);
        fflush(stderr);
    }
}

void cli_progress_end(cli_progress *p)
{
    if (p->bar && p->total > 0)
        fputc('\n', stderr);
}
