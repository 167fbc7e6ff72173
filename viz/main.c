/* woonsim-view: the viewer's command line (window, --render, --export, --bench-frames). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <SDL.h>
#include "export.h"
#include "gml.h"
#include "view.h"
#include "window.h"

static const char usage[] =
    "usage: woonsim-view [SCENARIO.xml [OTHER.xml]] [options]\n"
    "\n"
    "Shows the district map of Leeuwarden Oost over time, coloured by an indicator;\n"
    "with OTHER.xml two scenarios side by side on one colour scale, in step.\n"
    "Without SCENARIO.xml the embedded default scenario is shown.\n"
    "\n"
    "view:\n"
    "  --indicator KEY     map indicator (default label-b), one of:\n"
    "                      %s\n"
    "  --absolute          absolute numbers instead of per dwelling\n"
    "  --dots MODE         dwelling dots: off, tenure, label, retrofit (default off)\n"
    "  --lang nl|en        labels in Dutch or English (default nl)\n"
    "  --date YYYY-MM      date shown first (default: the start)\n"
    "  --no-names          no district names on the map\n"
    "  --present           presentation mode: full screen, large type, no controls\n"
    "  --title TEXT        title (default: the scenario's name)\n"
    "  --size WxH          window or frame size (default 1600x900)\n"
    "  --fullscreen        full screen window\n"
    "  --play              start playing\n"
    "simulation:\n"
    "  --runs N            simulate N runs; charts show the 5-95 %% band (default 1)\n"
    "  --jobs N            threads for the extra runs (default: all cores)\n"
    "  --set XPATH=VALUE   change the scenario(s), as woonsim run --set (repeatable)\n"
    "  --gml FILE.gml      neighbourhood boundaries from GML 3.2 (EPSG:28992), matched\n"
    "                      to the scenario's neighbourhoods by id, else by name\n"
    "  --gml-id FIELDS     attribute(s) holding the feature id, comma-separated\n"
    "                      (default buurtcode,code,statcode,id,naam,name)\n"
    "without a display:\n"
    "  --render            draw one frame (--date) into -o OUT.png\n"
    "  -o, --output FILE   output of --render\n"
    "  --export OUT        the animation: OUT.gif, OUT.mp4 (needs ffmpeg), or DIR/\n"
    "                      for PNG frames (frame-0001.png, ...)\n"
    "  --step N            months per exported frame (default 1)\n"
    "  --from YYYY-MM, --to YYYY-MM   months exported (default: all)\n"
    "  --fps N             frames per second of GIF and MP4 (default 10)\n"
    "  --bench-frames N    draw N frames at 1920x1080 with dots on, print ms per frame\n"
    "  --screenshot FILE   (window) save the window's pixels after a few frames, quit\n"
    "  -h, --help, --version\n"
    "\n"
    "keys in the window: h or F1 shows them all (space play/pause, arrows step,\n"
    "i next indicator, d dots, l language, p presentation, s screenshot, q quit).\n"
    "exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input\n";

static void print_usage(FILE *f)
{
    char keys[1024] = "";
    for (int i = 0; i < vw_nindicators; i++) {
        if (i)
            strncat(keys, i % 5 == 0 ? ",\n                      " : ", ",
                    sizeof keys - strlen(keys) - 1);
        strncat(keys, vw_indicators[i].key, sizeof keys - strlen(keys) - 1);
    }
    fprintf(f, usage, keys);
}

static int fail_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "woonsim-view: %s%s%s\n(see woonsim-view --help)\n", msg,
            arg ? ": " : "", arg ? arg : "");
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || a < 160 || b < 120 || a > 8192 || b > 8192)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

typedef struct {
    const char *files[2];
    int nfiles;
    const char **sets;
    int nsets;
    int runs, jobs;
    const char *indicator, *dots, *lang, *date, *title, *gml, *gml_id;
    const char *output, *export_to, *from, *to, *screenshot;
    int absolute, no_names, present, fullscreen, play, render, step, fps, bench;
    int w, h, size_set;
} options;

static vw_timeline *load(const options *o, int k, ws_error *err)
{
    ws_scenario *sc = ws_scenario_load(o->nfiles > k ? o->files[k] : NULL, o->sets, o->nsets, err);
    if (!sc)
        return NULL;
    int rc = vw_map_prepare(sc, o->gml, o->gml_id, err);
    if (rc != WS_OK) {
        ws_scenario_free(sc);
        return NULL;
    }
    return vw_timeline_alloc(sc, o->runs, o->jobs, err);
}

int main(int argc, char **argv)
{
    options o = {0};
    o.runs = 1;
    o.step = 1;
    o.fps = 10;
    o.w = 1600;
    o.h = 900;
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    if (!o.sets) {
        fprintf(stderr, "woonsim-view: out of memory\n");
        return 1;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = ncpu > 0 && ncpu < 1024 ? (int)ncpu : 1;
    int status = 0;
#define NEED_ARG()                                                                        \
    do {                                                                                  \
        if (i + 1 >= argc) {                                                              \
            status = fail_usage("option needs a value", a);                               \
            goto out;                                                                     \
        }                                                                                 \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            print_usage(stdout);
            goto out;
        } else if (!strcmp(a, "--version")) {
            printf("woonsim-view %s\n", WS_VERSION);
            goto out;
        } else if (!strcmp(a, "--runs") || !strcmp(a, "--jobs") || !strcmp(a, "--step") ||
                   !strcmp(a, "--fps") || !strcmp(a, "--bench-frames")) {
            NEED_ARG();
            int *dst = !strcmp(a, "--runs") ? &o.runs : !strcmp(a, "--jobs") ? &o.jobs
                       : !strcmp(a, "--step") ? &o.step : !strcmp(a, "--fps") ? &o.fps
                                                                               : &o.bench;
            int hi = !strcmp(a, "--runs") ? 10000 : !strcmp(a, "--fps") ? 100 : 100000;
            if (parse_int(argv[++i], 1, hi, dst) != 0) {
                status = fail_usage("needs a whole number in range", a);
                goto out;
            }
        } else if (!strcmp(a, "--size")) {
            NEED_ARG();
            if (parse_size(argv[++i], &o.w, &o.h) != 0) {
                status = fail_usage("--size wants WxH, from 160x120 to 8192x8192", argv[i]);
                goto out;
            }
            o.size_set = 1;
        } else if (!strcmp(a, "--set")) {
            NEED_ARG();
            o.sets[o.nsets++] = argv[++i];
        } else if (!strcmp(a, "--indicator") || !strcmp(a, "--dots") || !strcmp(a, "--lang") ||
                   !strcmp(a, "--date") || !strcmp(a, "--title") || !strcmp(a, "--gml") ||
                   !strcmp(a, "--gml-id") || !strcmp(a, "-o") || !strcmp(a, "--output") ||
                   !strcmp(a, "--export") || !strcmp(a, "--from") || !strcmp(a, "--to") ||
                   !strcmp(a, "--screenshot")) {
            NEED_ARG();
            const char *val = argv[++i];
            if (!strcmp(a, "--indicator")) o.indicator = val;
            else if (!strcmp(a, "--dots")) o.dots = val;
            else if (!strcmp(a, "--lang")) o.lang = val;
            else if (!strcmp(a, "--date")) o.date = val;
            else if (!strcmp(a, "--title")) o.title = val;
            else if (!strcmp(a, "--gml")) o.gml = val;
            else if (!strcmp(a, "--gml-id")) o.gml_id = val;
            else if (!strcmp(a, "--export")) o.export_to = val;
            else if (!strcmp(a, "--from")) o.from = val;
            else if (!strcmp(a, "--to")) o.to = val;
            else if (!strcmp(a, "--screenshot")) o.screenshot = val;
            else o.output = val;
        } else if (!strcmp(a, "--absolute")) o.absolute = 1;
        else if (!strcmp(a, "--no-names")) o.no_names = 1;
        else if (!strcmp(a, "--present")) o.present = 1;
        else if (!strcmp(a, "--fullscreen")) o.fullscreen = 1;
        else if (!strcmp(a, "--play")) o.play = 1;
        else if (!strcmp(a, "--render")) o.render = 1;
        else if (a[0] == '-' && a[1]) {
            status = fail_usage("unknown option", a);
            goto out;
        } else if (o.nfiles == 2) {
            status = fail_usage("at most two scenarios", a);
            goto out;
        } else {
            o.files[o.nfiles++] = a;
        }
    }
    /* check the options before the (slower) simulation */
    int ind = o.indicator ? vw_indicator_find(o.indicator) : 0;
    if (ind < 0) {
        status = fail_usage("unknown indicator (see --help)", o.indicator);
        goto out;
    }
    int dots = VW_DOTS_OFF;
    if (o.dots) {
        static const char *const names[VW_NDOTS] = {"off", "tenure", "label", "retrofit"};
        dots = -1;
        for (int k = 0; k < VW_NDOTS; k++)
            if (!strcmp(o.dots, names[k]))
                dots = k;
        if (dots < 0) {
            status = fail_usage("--dots wants off, tenure, label or retrofit", o.dots);
            goto out;
        }
    }
    int lang = o.lang ? vw_lang_parse(o.lang) : VW_LANG_NL;
    if (lang < 0) {
        status = fail_usage("--lang wants nl or en", o.lang);
        goto out;
    }
    ws_month date = 0, from = 0, to = 0;
    if ((o.date && ws_month_parse(o.date, &date) != 0) ||
        (o.from && ws_month_parse(o.from, &from) != 0) ||
        (o.to && ws_month_parse(o.to, &to) != 0)) {
        status = fail_usage("a date wants YYYY-MM", o.date ? o.date : o.from ? o.from : o.to);
        goto out;
    }
    if (o.render && !o.output) {
        status = fail_usage("--render needs -o OUT.png", NULL);
        goto out;
    }
    if (o.render && !o.date) {
        status = fail_usage("--render needs --date YYYY-MM", NULL);
        goto out;
    }
    if (o.output && !o.render) {
        status = fail_usage("-o goes with --render (use --export for animations)", o.output);
        goto out;
    }
    if (o.render && o.export_to) {
        status = fail_usage("--render and --export exclude each other", NULL);
        goto out;
    }

    ws_error err = {0};
    vw_text *text = vw_text_alloc(NULL, &err);
    if (!text) {
        fprintf(stderr, "woonsim-view: %s\n", err.msg);
        status = ws_exit_status(err.status);
        goto out;
    }
    vw_timeline *sa = load(&o, 0, &err), *sb = NULL;
    if (sa && o.nfiles == 2)
        sb = load(&o, 1, &err);
    if (!sa || (o.nfiles == 2 && !sb)) {
        fprintf(stderr, "%s\n", err.msg);
        vw_timeline_free(sa);
        vw_text_free(text);
        status = ws_exit_status(err.status);
        goto out;
    }
    vw_view v;
    if (vw_view_init(&v, sa, sb, text, (vw_lang)lang) != WS_OK) {
        vw_view_clear(&v);
        fprintf(stderr, "woonsim-view: out of memory\n");
        status = 1;
        goto out;
    }
    v.ind = ind;
    v.rel = !o.absolute;
    v.dots = dots;
    v.names = !o.no_names;
    v.present = o.present;
    v.controls = !o.present;
    if (o.title)
        snprintf(v.title, sizeof v.title, "%s", o.title);
    if (o.date) {
        if (date < v.first || date > v.last) {
            char a[8], b[8];
            ws_month_format(v.first, a);
            ws_month_format(v.last, b);
            fprintf(stderr, "woonsim-view: --date %s is outside the scenario (%s to %s)\n",
                    o.date, a, b);
            vw_view_clear(&v);
            status = 2;
            goto out;
        }
        v.month = date;
    }
    int rc = WS_OK;
    if (o.bench) {
        v.dots = v.dots ? v.dots : VW_DOTS_TENURE;
        int bw = o.size_set ? o.w : 1920, bh = o.size_set ? o.h : 1080;
        double ms = vw_bench(&v, o.bench, bw, bh);
        if (ms < 0)
            rc = ws_error_set(&err, WS_ENOMEM, "out of memory");
        else
            printf("frame time: %.2f ms per frame at %dx%d with dwelling dots (%ld "
                   "dwellings, software drawing), %.0f frames/s\n",
                   ms, bw, bh, v.sim[0]->ndw, ms > 0 ? 1000 / ms : 0);
    } else if (o.render) {
        rc = vw_render_png(&v, v.month, o.w, o.h, o.output, &err);
        if (rc == WS_OK)
            printf("wrote %s\n", o.output);
    } else if (o.export_to) {
        vw_export_opts eo = {o.size_set ? o.w : 1280, o.size_set ? o.h : 720, o.step,
                             o.from ? from : v.first, o.to ? to : v.last, o.fps,
                             isatty(2)};
        if (eo.from < v.first || eo.to > v.last || eo.to < eo.from) {
            fprintf(stderr, "woonsim-view: --from/--to must lie within the scenario and in "
                            "order\n");
            vw_view_clear(&v);
            status = 2;
            goto out;
        }
        rc = vw_export(&v, o.export_to, &eo, &err);
        if (rc == WS_OK)
            printf("wrote %s (%d frames, %dx%d)\n", o.export_to, vw_export_nframes(&eo),
                   eo.w, eo.h);
    } else {
        vw_window_opts wo = {o.w, o.h, o.fullscreen, o.play, o.screenshot, 4};
        rc = vw_window_run(&v, &wo, &err);
    }
    if (rc != WS_OK) {
        fprintf(stderr, "woonsim-view: %s\n", err.msg);
        status = ws_exit_status(rc);
    }
    vw_view_clear(&v);
out:
    SDL_Quit();
    free(o.sets);
    return status;
}
