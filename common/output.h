/* output.h: writing result files atomically (temp file in the same directory,
 * fsync, rename), so a reader never sees half a file. */
#ifndef BOOTPERF_OUTPUT_H
#define BOOTPERF_OUTPUT_H

#include <glib.h>

/* Write len bytes to path atomically.  Errors name the path and the cause. */
gboolean output_write_atomic (const char *path, const char *data, gssize len,
                              GError **error);

/* Check early that path's directory is writable, so a long run does not end
 * with an unwritable output.  Errors name the path and the cause. */
gboolean output_check_writable (const char *path, GError **error);

#endif
