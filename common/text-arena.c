/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text-arena.c: strings in a few large blocks, freed together (text-arena.h). */
#include <config.h>

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "text-arena.h"

#define FIRST_BLOCK_BYTES ((size_t)64 << 10)
#define HUGE_PAGE_BYTES ((size_t)2 << 20)
#define LARGEST_STEP_BYTES ((size_t)64 << 20)

typedef struct
{
  char *base;
  size_t size;
  gboolean mapped; /* from mmap (else g_malloc) */
} arena_block;

struct text_arena
{
  gint ref_count;
  GArray *blocks; /* arena_block */
  char *pos, *end;
  size_t next_block_bytes;
  size_t used, allocated;
};

/* size bytes (a multiple of HUGE_PAGE_BYTES) starting on a huge-page
 * boundary, advised as transparent huge pages; NULL when it cannot be had. */
static char *
map_huge (size_t size)
{
  size_t span = size + HUGE_PAGE_BYTES;
  /* An anonymous mapping takes fd -1, as mmap(2) asks. */
  /* cppcheck-suppress invalidFunctionArg */
  char *p = mmap (NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  size_t head = (HUGE_PAGE_BYTES - ((uintptr_t)p & (HUGE_PAGE_BYTES - 1)))
                & (HUGE_PAGE_BYTES - 1);
  char *block = p + head;
  if (span - head > size)
    munmap (block + size, span - head - size);
  if (head)
    munmap (p, head); /* only the unaligned head: block stays mapped */
#ifdef MADV_HUGEPAGE
  /* Only advice: without transparent huge pages the block still works. */
  madvise (block, size, MADV_HUGEPAGE);
#endif
  return block;
}

static void
add_block (text_arena *a, size_t need)
{
  size_t size = MAX (a->next_block_bytes, need);
  arena_block b = { .size = size };
  if (size >= HUGE_PAGE_BYTES)
    {
      b.size = (size + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
      b.base = map_huge (b.size);
      b.mapped = b.base != NULL;
    }
  if (!b.base)
    {
      b.size = size;
      b.base = g_malloc (size);
    }
  g_array_append_val (a->blocks, b);
  a->pos = b.base;
  a->end = b.base + b.size;
  a->allocated += b.size;
  a->next_block_bytes = MIN (a->next_block_bytes * 2, LARGEST_STEP_BYTES);
  /* Never ahead of the input: a block at most as large as all before it. */
  a->next_block_bytes = MAX (MIN (a->next_block_bytes, a->allocated), FIRST_BLOCK_BYTES);
}

text_arena *
text_arena_new (void)
{
  return text_arena_new_sized (0);
}

text_arena *
text_arena_new_sized (size_t expected_bytes)
{
  text_arena *a = g_new0 (text_arena, 1);
  a->ref_count = 1;
  a->blocks = g_array_new (FALSE, FALSE, sizeof (arena_block));
  a->next_block_bytes = CLAMP (expected_bytes, FIRST_BLOCK_BYTES, LARGEST_STEP_BYTES);
  return a;
}

text_arena *
text_arena_ref (text_arena *a)
{
  g_atomic_int_inc (&a->ref_count);
  return a;
}

void
text_arena_unref (text_arena *a)
{
  if (!a || !g_atomic_int_dec_and_test (&a->ref_count))
    return;
  for (guint i = 0; i < a->blocks->len; i++)
    {
      arena_block *b = &g_array_index (a->blocks, arena_block, i);
      if (b->mapped)
        munmap (b->base, b->size);
      else
        g_free (b->base);
    }
  g_array_unref (a->blocks);
  g_free (a);
}

char *
text_arena_reserve (text_arena *a, size_t size)
{
  if ((size_t)(a->end - a->pos) < size)
    add_block (a, size);
  return a->pos;
}

void
text_arena_commit (text_arena *a, size_t used)
{
  g_return_if_fail (used <= (size_t)(a->end - a->pos));
  a->pos += used;
  a->used += used;
}

char *
text_arena_add (text_arena *a, const char *text, size_t len)
{
  char *p = text_arena_reserve (a, len + 1);
  memcpy (p, text, len);
  p[len] = '\0';
  text_arena_commit (a, len + 1);
  return p;
}

size_t
text_arena_used (const text_arena *a)
{
  return a->used;
}

size_t
text_arena_allocated (const text_arena *a)
{
  return a->allocated;
}
