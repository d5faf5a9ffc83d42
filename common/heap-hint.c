/* SPDX-License-Identifier: GPL-2.0-or-later */
/* heap-hint.c: a heap grown once, in huge pages, for a large load (heap-hint.h). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "heap-hint.h"

#define HUGE_PAGE_BYTES ((uintptr_t)2 << 20)
#define WORTH_IT_BYTES ((gsize)8 << 20)
#define LARGEST_BYTES ((gsize)1 << 30)
/* The largest block glibc takes from the heap rather than mapping it alone
 * (its limit on 64-bit systems): per-pass arrays stay in the heap, and
 * freeing them does not unmap (and flush the TLB) one by one. */
#define HEAP_BLOCK_MAX_BYTES (32 << 20)

void
heap_expect_bulk (gsize bytes)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
  static gsize once = 0;
  if (bytes < WORTH_IT_BYTES || !g_once_init_enter (&once))
    return;
  bytes = MIN (bytes, LARGEST_BYTES);
  mallopt (M_MMAP_THRESHOLD, HEAP_BLOCK_MAX_BYTES);
  /* Grown by bytes when it next grows, and not given back when blocks are
   * freed on the way. */
  mallopt (M_TOP_PAD, (int)bytes);
  mallopt (M_TRIM_THRESHOLD, (int)bytes);
  char *before = sbrk (0);
  /* Larger than the top of the heap can hold: it grows now.  (volatile: a
   * compiler may drop a malloc that is only freed.) */
  void *volatile grow = malloc (HUGE_PAGE_BYTES);
  free (grow);
  char *after = sbrk (0);
  uintptr_t from = ((uintptr_t)before + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
  uintptr_t to = (uintptr_t)after & ~(HUGE_PAGE_BYTES - 1);
  if (before != (char *)-1 && after != (char *)-1 && to > from)
    madvise ((void *)from, to - from, MADV_HUGEPAGE);
  g_once_init_leave (&once, 1);
#else
  (void)bytes;
#endif
}
