/* The one atomic writer behind every output file (see include/woonsim/outfile.h). */
#define _GNU_SOURCE /* sync_file_range on Linux */
#include "woonsim/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTFILE_BUF 65536
/* Write-behind: every this many bytes a temporary's pages are handed to the disk, so the
 * fsync at commit waits for the last stretch only (20 MB of CSV: 31 ms of fsync before). */
#define OUTFILE_WRITE_BEHIND (1L << 20)

struct ws_outfile {
    int fd;
    int in_place;  /* a device, FIFO or stdout: no temporary, no rename */
    int is_stdout;
    int err;       /* the first write's errno, 0 while all went well */
    size_t len;
    off_t written; /* bytes written to a temporary, and of them handed to the disk */
    off_t flushed;
    char *path;    /* the file replaced (a symbolic link's target), for messages too */
    char *tmp;     /* the temporary file, NULL in place */
    mode_t mode;   /* the mode the result gets */
    char buf[OUTFILE_BUF];
};

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno ? errno : EIO;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The file a path names after following symbolic links: a new string (a dangling
 * link's target, made relative to the link's directory), or NULL when out of memory. */
static char *resolve(const char *path)
{
    char *s = strdup(path);
    for (int hops = 0; s && hops < 40; hops++) {
        struct stat lb;
        if (lstat(s, &lb) != 0 || !S_ISLNK(lb.st_mode))
            return s;
        char target[PATH_MAX];
        ssize_t n = readlink(s, target, sizeof target - 1);
        if (n < 0)
            return s;
        target[n] = '\0';
        char *slash = strrchr(s, '/');
        char *next;
        if (target[0] == '/' || !slash) {
            next = strdup(target);
        } else {
            size_t dir = (size_t)(slash - s) + 1, len = dir + (size_t)n + 1;
            next = malloc(len);
            if (next)
                snprintf(next, len, "%.*s%s", (int)dir, s, target);
        }
        free(s);
        s = next;
    }
    return s;
}

ws_outfile *ws_outfile_open(const char *path, ws_error *err)
{
    ws_outfile *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strcmp(path, "-") == 0 ? strdup(path) : resolve(path))) {
        free(f);
        ws_error_set(err, WS_ENOMEM, "out of memory");
        return NULL;
    }
    f->fd = -1;
    if (strcmp(path, "-") == 0) {
        fflush(stdout); /* what stdio holds goes first */
        f->fd = STDOUT_FILENO;
        f->in_place = f->is_stdout = 1;
        return f;
    }
    struct stat sb;
    int exists = stat(f->path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode)) {
        ws_error_set(err, WS_EIO, "%s: is a directory", path);
        goto fail;
    }
    if (exists && !S_ISREG(sb.st_mode)) {
        /* Renaming over a device or a pipe would replace it with an ordinary file. */
        f->in_place = 1;
        f->fd = open(f->path, O_WRONLY | O_NOCTTY);
        if (f->fd < 0) {
            ws_error_set(err, WS_EIO, "%s: cannot open: %s", path, strerror(errno));
            goto fail;
        }
        return f;
    }
    if (exists) {
        f->mode = sb.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        f->mode = 0666 & ~mask;
    }
    size_t n = strlen(f->path) + 40;
    if (!(f->tmp = malloc(n))) {
        ws_error_set(err, WS_ENOMEM, "out of memory");
        goto fail;
    }
    snprintf(f->tmp, n, "%s.tmp.%ld.XXXXXX", f->path, (long)getpid());
    f->fd = mkstemp(f->tmp);
    if (f->fd < 0) {
        int e = errno;
        const char *slash = strrchr(f->path, '/');
        if (e == ENOENT) /* say which directory is missing */
            ws_error_set(err, WS_EIO,
                         "%s: cannot create a file there: %s (no directory '%.*s')", path,
                         strerror(e),
                         slash ? (int)(slash == f->path ? 1 : slash - f->path) : 1,
                         slash ? f->path : ".");
        else
            ws_error_set(err, WS_EIO, "%s: cannot create a file there: %s", path, strerror(e));
        goto fail;
    }
    return f;
fail:
    free(f->tmp);
    f->tmp = NULL;
    ws_outfile_abort(f);
    return NULL;
}

/* Starts the disk's writeback of a temporary's bytes written since the last call, once
 * there are enough of them; only a hint, so a failure is left to fsync at commit. */
static void write_behind(ws_outfile *f, size_t n)
{
    if (!f->tmp)
        return;
    f->written += (off_t)n;
#ifdef SYNC_FILE_RANGE_WRITE
    if (f->written - f->flushed >= OUTFILE_WRITE_BEHIND) {
        (void)sync_file_range(f->fd, f->flushed, f->written - f->flushed,
                              SYNC_FILE_RANGE_WRITE);
        f->flushed = f->written;
    }
#endif
}

/* Writes n bytes at p unless a write failed before; records the first failure. */
static void put(ws_outfile *f, const char *p, size_t n)
{
    if (!n || f->err)
        return;
    f->err = write_all(f->fd, p, n);
    if (!f->err)
        write_behind(f, n);
}

/* Writes out the buffer; records the first failure. */
static void flush_buf(ws_outfile *f)
{
    put(f, f->buf, f->len);
    f->len = 0;
}

int ws_outfile_write(ws_outfile *f, const void *data, size_t n)
{
    if (f->err)
        return WS_EIO;
    if (f->len + n > sizeof f->buf) {
        flush_buf(f);
        if (n > sizeof f->buf / 2) {
            put(f, data, n);
            return f->err ? WS_EIO : WS_OK;
        }
    }
    memcpy(f->buf + f->len, data, n);
    f->len += n;
    return f->err ? WS_EIO : WS_OK;
}

int ws_outfile_printf(ws_outfile *f, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        f->err = f->err ? f->err : EINVAL;
        return WS_EIO;
    }
    if ((size_t)n < sizeof small)
        return ws_outfile_write(f, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        f->err = f->err ? f->err : ENOMEM;
        return WS_EIO;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int st = ws_outfile_write(f, big, (size_t)n);
    free(big);
    return st;
}

int ws_outfile_status(const ws_outfile *f, ws_error *err)
{
    return f->err ? ws_error_set(err, WS_EIO, "%s: write failed: %s",
                                 f->is_stdout ? "stdout" : f->path, strerror(f->err))
                  : WS_OK;
}

/* Releases f's memory; closes its descriptor unless it is stdout. */
static void outfile_release(ws_outfile *f)
{
    if (f->fd >= 0 && !f->is_stdout)
        close(f->fd);
    free(f->tmp);
    free(f->path);
    free(f);
}

int ws_outfile_commit(ws_outfile *f, ws_error *err)
{
    if (!f)
        return WS_EIO;
    flush_buf(f);
    int e = f->err;
    /* fsync fails with EINVAL on pipes and terminals: only a regular file is synced. */
    if (!e && f->tmp && (fchmod(f->fd, f->mode) != 0 || fsync(f->fd) != 0))
        e = errno;
    if (!f->is_stdout) {
        if (close(f->fd) != 0 && !e)
            e = errno;
        f->fd = -1;
    }
    if (!e && f->tmp && rename(f->tmp, f->path) != 0)
        e = errno;
    if (e && f->tmp)
        unlink(f->tmp);
    int st = e ? ws_error_set(err, WS_EIO, "%s: write failed: %s",
                              f->is_stdout ? "stdout" : f->path, strerror(e))
               : WS_OK;
    outfile_release(f);
    return st;
}

void ws_outfile_abort(ws_outfile *f)
{
    if (!f)
        return;
    if (f->fd >= 0 && !f->is_stdout)
        close(f->fd);
    f->fd = -1;
    if (f->tmp)
        unlink(f->tmp);
    outfile_release(f);
}
