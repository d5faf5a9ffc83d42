/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-marks.h: the marks of a boot (QEMU exec, first firmware output,
 * first kernel output, the ready marker, QEMU exit) read from a pass's
 * events, and the `ready` event the activity rules of direct boots start
 * from.  This is the one ready detector: the capture (capture.h) stamps
 * each console line with the arrival of its first and of its last byte;
 * the marks step below matches the ready regex once per line. */
#ifndef BOOTPERF_BOOT_MARKS_H
#define BOOTPERF_BOOT_MARKS_H

#include <stdint.h>
#include <glib.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "events.h"

typedef enum
{
  BOOT_MARK_EXEC,     /* QEMU exec'd: the pass's time 0 */
  BOOT_MARK_FIRMWARE, /* first console line before the kernel's */
  BOOT_MARK_KERNEL,   /* first kernel line (Probing EDD, Linux version, a printk time) */
  BOOT_MARK_READY,    /* the last byte of the first line matching the ready regex */
  BOOT_MARK_EXIT,     /* QEMU exited and was reaped (the close event) */
  BOOT_MARK_COUNT
} boot_mark;

typedef struct
{
  int64_t ns[BOOT_MARK_COUNT]; /* from exec; -1 when not seen */
} boot_marks;

const char *boot_mark_name (boot_mark m); /* "qemu exec", "firmware output", ... */

/* A console line of the kernel's: a printk time stamp, "Linux version "
 * or "Probing EDD" (what the kernel's decompressor prints first). */
gboolean boot_marks_is_kernel_line (const char *line);

/* No marks seen yet: exec at 0, every other mark -1. */
void boot_marks_clear (boot_marks *m);

/* The marks step: set *out from the pass's events (events may be NULL: no
 * marks) and, when a console line matches ready (NULL: none does), insert
 * a `ready` trace event just after the first such line, at the arrival of
 * its last byte (for a line without one, as a replayed log's, at the
 * line's own time and clock).  Returns TRUE when the ready line was found. */
gboolean boot_marks_from_events (pass_events *events, const pcre2_code *ready,
                                 boot_marks *out);

#endif
