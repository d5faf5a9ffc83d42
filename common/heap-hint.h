/* SPDX-License-Identifier: GPL-2.0-or-later */
/* heap-hint.h: telling malloc that a large load of long-lived blocks is
 * coming (a replayed capture: an event array per pass, the analysis's
 * spans), so that it takes them from one heap grown once and advised as
 * transparent huge pages.  Where a page fault costs tens of microseconds (a
 * virtual machine without nested paging: see README, "Replay speed"), the
 * faults of those blocks' fresh 4 KiB pages cost more than reading them.
 * Only advice: with another malloc (ASan, valgrind) or without huge pages
 * nothing changes but speed. */
#ifndef BOOTPERF_HEAP_HINT_H
#define BOOTPERF_HEAP_HINT_H

#include <glib.h>

/* About bytes are coming.  The first call that expects enough for it to
 * matter (8 MiB) grows the heap by bytes (addresses only: memory is used
 * as it is written) and advises that part; later calls do nothing. */
void heap_expect_bulk (gsize bytes);

#endif
