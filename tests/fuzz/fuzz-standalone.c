/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-standalone.c: main() for a fuzz target built without libFuzzer.  Runs
 * LLVMFuzzerTestOneInput once on each file named, or on every file of each
 * directory named, and says how many; a failed check aborts, as in libFuzzer. */
#include <config.h>

#include <string.h>

#include "fuzz.h"

static gboolean
run_file (const char *path, guint *count)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (path, &data, &len, &err))
    {
      fprintf (stderr, "%s\n", err->message);
      return FALSE;
    }
  /* A private copy of exactly len bytes, so that ASan sees any overread. */
  g_autofree uint8_t *copy = g_memdup2 (data, len);
  LLVMFuzzerTestOneInput (copy, len);
  (*count)++;
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

int
main (int argc, char **argv)
{
  guint count = 0;
  for (int i = 1; i < argc; i++)
    {
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (!run_file (argv[i], &count))
            return 1;
          continue;
        }
      g_autoptr (GError) err = NULL;
      g_autoptr (GDir) dir = g_dir_open (argv[i], 0, &err);
      if (!dir)
        {
          fprintf (stderr, "%s\n", err->message);
          return 1;
        }
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      for (const char *name; (name = g_dir_read_name (dir));)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint k = 0; k < names->len; k++)
        if (!run_file (g_ptr_array_index (names, k), &count))
          return 1;
    }
  printf ("%u inputs ran\n", count);
  return 0;
}
