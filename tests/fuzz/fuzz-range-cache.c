/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-range-cache.c: boot-benchmark-range's per-commit cache reader
 * (boot-benchmark-range/cache.c) on arbitrary files.  It must accept a file
 * or reject it as corrupt, touching the commit only when it accepts, and
 * what it accepts must survive a store and load unchanged. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fuzz.h"
#include "range.h"

#define SHA "0123456789abcdef0123456789abcdef01234567"
#define KEY "feedfacecafebeef"

static char *dir;
static char *path;
static char *path2;

static void
remove_files (void)
{
  g_unlink (path);
  g_unlink (path2);
  g_rmdir (dir);
}

/* A directory for the two cache files, in memory when /dev/shm is there:
 * on a disk the fsync of writing them (twice a run) took most of each run. */
static char *
make_cache_dir (void)
{
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    {
      char *shm = g_strdup ("/dev/shm/bootperf-fuzz-cache.XXXXXX");
      if (g_mkdtemp (shm))
        return shm;
      g_free (shm);
    }
  g_autoptr (GError) err = NULL;
  char *tmp = g_dir_make_tmp ("bootperf-fuzz-cache.XXXXXX", &err);
  FUZZ_CHECK (tmp != NULL);
  return tmp;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  if (!path)
    {
      dir = make_cache_dir ();
      path = g_build_filename (dir, SHA ".json", NULL);
      path2 = g_build_filename (dir, "again.json", NULL);
      atexit (remove_files);
    }
  FUZZ_CHECK (g_file_set_contents (path, (const char *)data, (gssize)size, NULL));
  range_commit *c = range_commit_new (SHA, "subject", 0);
  g_autoptr (GError) err = NULL;
  if (!range_cache_load (path, KEY, c, &err))
    {
      FUZZ_CHECK (g_error_matches (err, RANGE_ERROR, RANGE_ERROR_CACHE_CORRUPT));
      FUZZ_CHECK (c->runs == 0 && c->samples_ms->len == 0 && c->build_log == NULL);
      range_commit_free (c);
      return 0;
    }
  for (guint i = 0; i < c->samples_ms->len; i++)
    FUZZ_CHECK (isfinite (g_array_index (c->samples_ms, double, i)));
  FUZZ_CHECK (range_cache_store (path2, KEY, c, NULL));
  range_commit *d = range_commit_new (SHA, "subject", 0);
  FUZZ_CHECK (range_cache_load (path2, KEY, d, NULL));
  FUZZ_CHECK (d->build == c->build && d->build_exit == c->build_exit);
  FUZZ_CHECK (d->runs == c->runs);
  FUZZ_CHECK (g_strcmp0 (d->build_log, c->build_log) == 0);
  FUZZ_CHECK (d->samples_ms->len == c->samples_ms->len);
  range_commit_free (c);
  range_commit_free (d);
  return 0;
}
