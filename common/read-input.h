/* SPDX-License-Identifier: GPL-2.0-or-later */
/* read-input.h: reading a file that comes from outside (a capture, a log, a
 * cache file) whole into memory, gzip or not, with a bound on its size, so
 * that a hostile file is one clear error and not an allocation failure. */
#ifndef BOOTPERF_READ_INPUT_H
#define BOOTPERF_READ_INPUT_H

#include <glib.h>

/* The file's bytes, decompressed when they start with gzip's magic (every
 * member of a multi-member gzip file, as zcat does), followed by a NUL not
 * counted in *len.  More than max_bytes (decompressed) is an error saying
 * so; errors name the path and the cause. */
gboolean read_input_file (const char *path, gsize max_bytes, char **data, gsize *len,
                          GError **error);

/* The error read_input_file gives for more than max_bytes: "PATH: more than
 * N MiB: too big to read".  Returns FALSE. */
gboolean read_input_too_big (GError **error, const char *path, gsize max_bytes);

#endif
