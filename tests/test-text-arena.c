/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-text-arena.c: the arena that holds a replayed capture's messages
 * keeps every string intact across its blocks, reuses what was reserved but
 * not kept, and never holds much more memory than the text it was given. */
#include <config.h>

#include <string.h>

#include "text-arena.h"

/* Strings of many lengths, enough for several blocks, all read back. */
static void
test_keeps_strings (void)
{
  g_autoptr (text_arena) a = text_arena_new ();
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  char line[3000];
  for (guint i = 0; i < 5000; i++)
    {
      size_t len = (i * 7919) % sizeof line;
      memset (line, 'a' + (int)(i % 26), len);
      g_ptr_array_add (kept, text_arena_add (a, line, len));
    }
  for (guint i = 0; i < kept->len; i++)
    {
      const char *s = g_ptr_array_index (kept, i);
      size_t len = (i * 7919) % sizeof line;
      g_assert_cmpuint (strlen (s), ==, len);
      for (size_t j = 0; j < len; j++)
        g_assert_cmpint (s[j], ==, 'a' + (int)(i % 26));
    }
  g_assert_cmpuint (text_arena_used (a), >, 5000);
}

/* A reservation not committed is handed out again; a commit keeps it. */
static void
test_reserve_commit (void)
{
  g_autoptr (text_arena) a = text_arena_new ();
  char *first = text_arena_reserve (a, 100);
  strcpy (first, "kept");
  text_arena_commit (a, 5);
  char *second = text_arena_reserve (a, 100);
  g_assert_true (second == first + 5);
  strcpy (second, "dropped");
  char *third = text_arena_reserve (a, 50);
  g_assert_true (third == second);
  g_assert_cmpstr (first, ==, "kept");
  g_assert_cmpuint (text_arena_used (a), ==, 5);
  /* Larger than any block so far: a block of its own, the old one kept. */
  char *big = text_arena_reserve (a, 10 << 20);
  memset (big, 'x', 10 << 20);
  text_arena_commit (a, 10 << 20);
  g_assert_cmpstr (first, ==, "kept");
  g_assert_cmpuint (text_arena_used (a), ==, 5 + (10 << 20));
}

/* Memory follows the text: blocks double but never outgrow what is held. */
static void
test_memory_follows_text (void)
{
  for (size_t total = 100 << 10; total <= (size_t)48 << 20; total *= 4)
    {
      g_autoptr (text_arena) a = text_arena_new ();
      char line[200];
      memset (line, 'm', sizeof line);
      while (text_arena_used (a) < total)
        text_arena_add (a, line, sizeof line - 1);
      /* Doubling: at most twice the text, plus the first block and the
       * rounding of a huge-page block. */
      g_assert_cmpuint (text_arena_allocated (a), <=,
                        2 * text_arena_used (a) + (64 << 10) + (2 << 20));
    }
  /* A size hint makes the first block that large, and no larger. */
  g_autoptr (text_arena) sized = text_arena_new_sized (8 << 20);
  text_arena_add (sized, "x", 1);
  g_assert_cmpuint (text_arena_allocated (sized), ==, 8 << 20);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-arena/keeps-strings", test_keeps_strings);
  g_test_add_func ("/text-arena/reserve-commit", test_reserve_commit);
  g_test_add_func ("/text-arena/memory-follows-text", test_memory_follows_text);
  return g_test_run ();
}
