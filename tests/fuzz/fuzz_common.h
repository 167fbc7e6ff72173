/* Shared by the libFuzzer harnesses: a private work directory laid out so that the
 * relative paths of the shipped files resolve from the input file, and writing the
 * input there.
 *
 *   W/x/y/in.xml                     the input (and in.gml for GML)
 *   W/x/y/leeuwarden-oost.xml        -> scenarios/leeuwarden-oost.xml  (extends="...")
 *   W/x/y/maps                       -> scenarios/maps                 (map="maps/...")
 *   W/x/leeuwarden-oost.xml, W/x/golden, W/scenarios, W/tests         (sweeps' "../...")
 *
 * WS_SRCDIR (the repository root, absolute) is set by tests/fuzz/fuzz.mk. */
#ifndef WOONSIM_FUZZ_COMMON_H
#define WOONSIM_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "woonsim/common.h"

#ifndef WS_SRCDIR
#define WS_SRCDIR "."
#endif

static char fuzz_dir[256];      /* W */
static char fuzz_work_dir[300]; /* W/x/y */

static void fuzz_link(const char *target, const char *link)
{
    char t[1024], l[1024];
    snprintf(t, sizeof t, "%s/%s", WS_SRCDIR, target);
    snprintf(l, sizeof l, "%s/%s", fuzz_dir, link);
    if (symlink(t, l) != 0) {
        perror(l);
        abort();
    }
}

/* Removes the work directory (at exit). */
static void fuzz_cleanup(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
}

/* Lays out the work directory; call once from LLVMFuzzerInitialize. */
static void fuzz_setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/woonsim-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("mkdtemp");
        abort();
    }
    char d[300];
    snprintf(d, sizeof d, "%s/x", fuzz_dir);
    snprintf(fuzz_work_dir, sizeof fuzz_work_dir, "%s/x/y", fuzz_dir);
    if (mkdir(d, 0700) != 0 || mkdir(fuzz_work_dir, 0700) != 0) {
        perror("mkdir");
        abort();
    }
    fuzz_link("scenarios/leeuwarden-oost.xml", "x/y/leeuwarden-oost.xml");
    fuzz_link("scenarios/maps", "x/y/maps");
    fuzz_link("scenarios/leeuwarden-oost.xml", "x/leeuwarden-oost.xml");
    fuzz_link("tests/golden", "x/golden");
    fuzz_link("scenarios", "scenarios");
    fuzz_link("tests", "tests");
    atexit(fuzz_cleanup);
    /* A file name like /dev/stdin in the input must not wait for a terminal. */
    if (!freopen("/dev/null", "r", stdin))
        abort();
    xmlInitParser();
}

/* libFuzzer's start-up hook, the same for every harness: lays out the work directory. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

/* Aborts when a reader failed (ok 0) without saying why: a failure must set err. */
static void fuzz_check_error(int ok, const ws_error *err)
{
    if (!ok && (err->status == WS_OK || !err->msg[0]))
        abort();
}

/* Writes data to W/x/y/NAME and returns that path (a static buffer). */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", fuzz_work_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

#endif
