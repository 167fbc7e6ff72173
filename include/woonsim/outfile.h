/* woonsim output files: one atomic writer for every file the programs write (CSV, PNG,
 * GIF, frames): open -> write (streaming) -> commit, or abort. */
#ifndef WOONSIM_OUTFILE_H
#define WOONSIM_OUTFILE_H

#include <stddef.h>
#include "woonsim/common.h"

/* An output being written. A regular file (new or existing) is written to a temporary
 * file beside it (unique per process), synced and renamed over it on commit, keeping an
 * existing file's mode; a symbolic link is followed and its target replaced; a device
 * or FIFO (/dev/null, a pipe) is written in place; "-" is standard output. Until commit
 * nothing at the path changes (devices aside). */
typedef struct ws_outfile ws_outfile;

/* Opens path for writing. Returns the handle (owned by the caller: ws_outfile_commit or
 * ws_outfile_abort releases it), or NULL with err set (WS_EIO: a directory, a missing
 * directory, no permission; WS_ENOMEM). */
ws_outfile *ws_outfile_open(const char *path, ws_error *err);

/* Appends n bytes (buffered). Returns WS_OK, or WS_EIO once any write has failed (the
 * failure is sticky and reported again by commit). */
int ws_outfile_write(ws_outfile *f, const void *data, size_t n);

/* Appends formatted text; as ws_outfile_write. */
int ws_outfile_printf(ws_outfile *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* WS_OK while every write so far went through; WS_EIO with err set ("PATH: write failed:
 * No space left on device") once one failed. For writers that report their own failure
 * less precisely (an image library): ask this before ws_outfile_abort. */
int ws_outfile_status(const ws_outfile *f, ws_error *err);

/* Flushes, syncs, closes and renames the temporary file over the target; releases f.
 * Returns WS_OK, or WS_EIO with err set ("PATH: write failed: No space left on device")
 * and then nothing at the path changed and the temporary file is gone. f may be NULL
 * (returns WS_EIO without touching err). */
int ws_outfile_commit(ws_outfile *f, ws_error *err);

/* Drops what was written (the temporary file is removed) and releases f; f may be NULL. */
void ws_outfile_abort(ws_outfile *f);

#endif
