/* Wijkpaspoort and vector output tests, through the viewer's command line: the PDF's
 * pages and text (pdfinfo, pdftotext) against `woonsim run`'s CSV, one district, the
 * English version, the error paths (exit 2 or 1, nothing left on disk), and --render's
 * SVG (well-formed XML, xmllint) and PDF (rasterised by pdftoppm, the same picture as
 * the PNG). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <SDL_image.h>
#include "check.h"
#include "lang.h"
#include "woonsim/scenario.h"

/* The sources' root (tests run from it). */
#define SRCDIR ""

#ifndef VIEW_BIN
#define VIEW_BIN "build/woonsim-view"
#endif

static char dir[] = "/tmp/woonsim-passport-XXXXXX";
static char woonsim[4200];

/* Runs a shell command (output to dir/log); returns its exit status, or -1. */
static int sh(const char *fmt, const char *a, const char *b)
{
    char cmd[8192];
    int n = snprintf(cmd, sizeof cmd, fmt, a ? a : "", b ? b : "");
    if (n < 0 || (size_t)n >= sizeof cmd)
        return -1;
    char full[8400];
    snprintf(full, sizeof full, "(%s) >%s/log 2>&1", cmd, dir);
    int st = system(full);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The whole of a file as a NUL-terminated string (the caller frees it), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = 0;
    fclose(f);
    return s;
}

/* Files in dir other than the test's own (log, and those named in keep). */
static int stray_files(const char *keep)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.' || strstr(e->d_name, ".tmp-"))
            n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                 strcmp(e->d_name, "log") && !strstr(keep, e->d_name);
    if (d)
        closedir(d);
    return n;
}

typedef struct {
    char id[64];
    long dwellings;
} start_row;

/* The districts' dwellings in the CSV's first month (run 1), from `woonsim run`. */
static int csv_start(start_row *rows, int max)
{
    char csv[300];
    snprintf(csv, sizeof csv, "%s/run.csv", dir);
    if (sh("%s run -o %s", woonsim, csv) != 0)
        return -1;
    FILE *f = fopen(csv, "r");
    char line[4096], first[16] = "";
    int n = 0;
    if (!f || !fgets(line, sizeof line, f)) { /* header: run,date,district,dwellings */
        if (f)
            fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f) && n < max) {
        char date[16], id[64];
        long dw;
        if (sscanf(line, "%*d,%15[^,],%63[^,],%ld", date, id, &dw) != 3)
            break;
        if (!*first)
            snprintf(first, sizeof first, "%s", date);
        if (strcmp(date, first) != 0)
            break;
        if (strcmp(id, "total") != 0) {
            snprintf(rows[n].id, sizeof rows[n].id, "%s", id);
            rows[n++].dwellings = dw;
        }
    }
    fclose(f);
    return n;
}

/* The whole passport: 5 A4 pages, page d holds district d's name and its dwellings at
 * the start as the CSV has them (one run, so the median is run 1). */
static void test_passport_pages(void)
{
    char pdf[300], txt[300];
    snprintf(pdf, sizeof pdf, "%s/p.pdf", dir);
    snprintf(txt, sizeof txt, "%s/p.txt", dir);
    CHECK(sh("%s --passport --runs 1 -o %s", VIEW_BIN, pdf) == 0, "--passport runs");
    CHECK(sh("pdfinfo %s | grep -q '^Pages: *5$'", pdf, NULL) == 0, "5 pages");
    CHECK(sh("pdfinfo %s | grep -q 'Page size: *595.* x 841.* (A4)'", pdf, NULL) == 0, "A4");
    CHECK(sh("pdftotext %s %s", pdf, txt) == 0, "pdftotext");
    char *text = slurp(txt);
    start_row rows[16];
    int n = csv_start(rows, 16);
    CHECK(text && n == 5, "text and 5 districts in the CSV (%d)", n);
    ws_error err = {0};
    ws_scenario *sc = ws_scenario_load(NULL, NULL, 0, &err);
    char *page = text;
    for (int d = 0; text && sc && d < n; d++) {
        char *end = strchr(page, '\f');
        if (end)
            *end = 0;
        int k = ws_scenario_district(sc, rows[d].id);
        char num[32];
        vw_format_number(VW_LANG_NL, (double)rows[d].dwellings, 0, num, sizeof num);
        CHECK(k == d && strstr(page, sc->districts[k].name), "page %d names %s", d + 1,
              rows[d].id);
        char want[120];
        snprintf(want, sizeof want, "%s woningen bij de start", num);
        CHECK(strstr(page, want) != NULL, "page %d: '%s'", d + 1, want);
        CHECK(strstr(page, "Modelresultaat, geen prognose") && strstr(page, sc->name) &&
                  strstr(page, WS_VERSION),
              "page %d: the source line", d + 1);
        CHECK(strstr(page, "2030") && strstr(page, "2035") && strstr(page, "2040"),
              "page %d: the milestones", d + 1);
        CHECK(!strstr(page, "runs") && !strstr(page, "1 run "), "page %d: Dutch, 'simulaties'",
              d + 1);
        page = end ? end + 1 : page + strlen(page);
    }
    ws_scenario_free(sc);
    free(text);
    remove(txt);
    remove(pdf);
}

/* One district by name, in English, with bands over runs. */
static void test_passport_one(void)
{
    char pdf[300];
    snprintf(pdf, sizeof pdf, "%s/one.pdf", dir);
    CHECK(sh("%s --passport vrijheidswijk --lang en --runs 4 --jobs 2 -o %s", VIEW_BIN,
             pdf) == 0, "--passport vrijheidswijk");
    CHECK(sh("pdfinfo %s | grep -q '^Pages: *1$'", pdf, NULL) == 0, "1 page");
    CHECK(sh("pdftotext %s - | grep -q 'dwellings at the start'", pdf, NULL) == 0,
          "English text");
    CHECK(sh("pdftotext %s - | grep -q 'Model result, not a forecast'", pdf, NULL) == 0,
          "English source line");
    remove(pdf);
}

/* Bad usage: exit 2, said, nothing written; an unwritable file: exit 1, nothing left. */
static void test_passport_errors(void)
{
    char pdf[300];
    snprintf(pdf, sizeof pdf, "%s/bad.pdf", dir);
    CHECK(sh("%s --passport nosuch -o %s", VIEW_BIN, pdf) == 2, "unknown district: 2");
    char *log = NULL, logp[300];
    snprintf(logp, sizeof logp, "%s/log", dir);
    log = slurp(logp);
    CHECK(log && strstr(log, "no district 'nosuch'"), "unknown district said: %s",
          log ? log : "");
    free(log);
    CHECK(sh("%s --passport -o %s/p.png", VIEW_BIN, dir) == 2, "--passport -o .png: 2");
    CHECK(sh("%s --passport", VIEW_BIN, NULL) == 2, "--passport without -o: 2");
    CHECK(sh("%s --passport --render --date 2030-01 -o %s", VIEW_BIN, pdf) == 2,
          "--passport with --render: 2");
    CHECK(sh("%s --passport --runs 1 -o %s/no/such/dir/p.pdf", VIEW_BIN, dir) == 1,
          "unwritable: 1");
    CHECK(stray_files("run.csv") == 0, "nothing left on disk");
}

/* The mean absolute difference per channel of two same-sized surfaces, or -1. */
static double picture_diff(SDL_Surface *a, SDL_Surface *b)
{
    if (!a || !b || a->w != b->w || a->h != b->h)
        return -1;
    SDL_Surface *x = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *y = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
    double sum = 0;
    for (int r = 0; x && y && r < x->h; r++) {
        const Uint32 *p = (const Uint32 *)((Uint8 *)x->pixels + r * x->pitch);
        const Uint32 *q = (const Uint32 *)((Uint8 *)y->pixels + r * y->pitch);
        for (int c = 0; c < x->w; c++)
            for (int k = 0; k < 24; k += 8)
                sum += abs((int)((p[c] >> k) & 255) - (int)((q[c] >> k) & 255));
    }
    double n = 3.0 * a->w * a->h;
    SDL_FreeSurface(x);
    SDL_FreeSurface(y);
    return sum / n;
}

/* --render into .svg (valid XML, an <svg> of the frame's size) and .pdf (the same
 * picture as the PNG once rasterised at 72 dpi, where a point is a pixel). */
static void test_render_vector(void)
{
    char png[300], svg[300], pdf[300], ras[300], rasp[320];
    snprintf(png, sizeof png, "%s/v.png", dir);
    snprintf(svg, sizeof svg, "%s/v.svg", dir);
    snprintf(pdf, sizeof pdf, "%s/v.pdf", dir);
    snprintf(ras, sizeof ras, "%s/ras", dir);
    snprintf(rasp, sizeof rasp, "%s.png", ras);
    const char *opts = "--render --date 2031-06 --size 640x360 --dots tenure";
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s %s -o %%s", VIEW_BIN, opts);
    CHECK(sh(cmd, png, NULL) == 0, "--render PNG");
    CHECK(sh(cmd, svg, NULL) == 0, "--render SVG");
    CHECK(sh(cmd, pdf, NULL) == 0, "--render PDF");
    CHECK(sh("xmllint --noout %s", svg, NULL) == 0, "the SVG is well-formed XML");
    char *s = slurp(svg);
    CHECK(s && strstr(s, "<svg") && strstr(s, "width=\"640") && strstr(s, "height=\"360"),
          "an <svg> of 640x360");
    free(s);
    CHECK(sh("pdftoppm -r 72 -png -singlefile %s %s", pdf, ras) == 0, "pdftoppm");
    SDL_Surface *a = IMG_Load(png), *b = IMG_Load(rasp);
    double diff = picture_diff(a, b);
    printf("vector PDF vs PNG: mean difference %.2f of 255 per channel\n", diff);
    CHECK(diff >= 0 && diff < 8, "vector copy and PNG show the same view (%.2f)", diff);
    /* and a different date is a different picture (the comparison can fail) */
    SDL_FreeSurface(b);
    snprintf(cmd, sizeof cmd, "%s --render --date 2040-06 --size 640x360 -o %%s", VIEW_BIN);
    CHECK(sh(cmd, pdf, NULL) == 0, "--render PDF 2040");
    sh("pdftoppm -r 72 -png -singlefile %s %s", pdf, ras);
    b = IMG_Load(rasp);
    double other = picture_diff(a, b);
    printf("another date: mean difference %.2f\n", other);
    CHECK(other > 2 * diff, "another date differs more (%.2f vs %.2f)", other, diff);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    remove(png);
    remove(svg);
    remove(pdf);
    remove(rasp);
}

/* --actuals: the points and goal lines change the charts' pixels; a bad file is
 * FILE:LINE, exit 2, nothing written. */
static void test_actuals(void)
{
    char a[300], b[300], bad[300];
    snprintf(a, sizeof a, "%s/plain.png", dir);
    snprintf(b, sizeof b, "%s/act.png", dir);
    snprintf(bad, sizeof bad, "%s/bad.csv", dir);
    const char *r = "--render --date 2027-06 --indicator net-added --absolute --size 800x450";
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s %s -o %%s%%s", VIEW_BIN, r);
    CHECK(sh(cmd, a, "") == 0, "render without actuals");
    CHECK(sh(cmd, b, " --actuals " SRCDIR "scenarios/actuals/example.csv") == 0,
          "render with the example actuals");
    SDL_Surface *x = IMG_Load(a), *y = IMG_Load(b);
    double diff = picture_diff(x, y);
    CHECK(diff > 0.002, "actuals and goals drawn (mean difference %.3f)", diff);
    SDL_FreeSurface(x);
    SDL_FreeSurface(y);
    FILE *f = fopen(bad, "w");
    if (f) {
        fputs("date,district,indicator,value\n2025-12,total,no_such_column,3\n", f);
        fclose(f);
    }
    remove(b);
    snprintf(cmd, sizeof cmd, "%s %s -o %s --actuals %%s", VIEW_BIN, r, b);
    CHECK(sh(cmd, bad, NULL) == 2, "bad actuals: exit 2");
    char logp[300];
    snprintf(logp, sizeof logp, "%s/log", dir);
    char *log = slurp(logp), want[340];
    snprintf(want, sizeof want, "%s:2:", bad);
    CHECK(log && strstr(log, want), "bad actuals: FILE:LINE (%s)", log ? log : "");
    free(log);
    CHECK(access(b, F_OK) != 0, "bad actuals: nothing written");
    remove(a);
    remove(bad);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    const char *slash = strrchr(VIEW_BIN, '/');
    snprintf(woonsim, sizeof woonsim, "%.*swoonsim", slash ? (int)(slash - VIEW_BIN + 1) : 0,
             VIEW_BIN);
    test_passport_pages();
    test_passport_one();
    test_passport_errors();
    test_render_vector();
    test_actuals();
    char path[300];
    snprintf(path, sizeof path, "%s/log", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/run.csv", dir);
    remove(path);
    rmdir(dir);
    return CHECK_DONE("test_passport");
}
