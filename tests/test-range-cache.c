/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-range-cache.c: the per-commit cache of boot-benchmark-range: what is
 * stored is read back exactly, and every kind of damaged or foreign file is
 * rejected with RANGE_ERROR_CACHE_CORRUPT naming the file, leaving the
 * commit untouched. */

#include <config.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "range.h"

#define SHA "0123456789abcdef0123456789abcdef01234567"
#define KEY "feedfacecafebeef"

static char *tmpdir;

static char *
write_file (const char *name, const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_round_trip (void)
{
  range_commit *c = range_commit_new (SHA, "Make boot faster", 3);
  c->build = BUILD_OK;
  c->build_exit = 0;
  c->build_log = g_strdup ("/work/logs/0123456/build.log");
  c->runs = 2;
  double v[] = { 1013.7, 1009.25, 1020, 998.5 };
  g_array_append_vals (c->samples_ms, v, G_N_ELEMENTS (v));
  g_autofree char *path = g_build_filename (tmpdir, "round.json", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (range_cache_store (path, KEY, c, &error));
  g_assert_no_error (error);

  range_commit *d = range_commit_new (SHA, "Make boot faster", 3);
  g_assert_true (range_cache_load (path, KEY, d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d->build, ==, BUILD_OK);
  g_assert_cmpint (d->build_exit, ==, 0);
  g_assert_cmpstr (d->build_log, ==, c->build_log);
  g_assert_cmpuint (d->runs, ==, 2);
  g_assert_cmpuint (d->samples_ms->len, ==, G_N_ELEMENTS (v));
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    g_assert_cmpfloat (g_array_index (d->samples_ms, double, i), ==, v[i]);
  range_commit_free (c);
  range_commit_free (d);
}

static void
test_failed_build_round_trip (void)
{
  range_commit *c = range_commit_new (SHA, "Break the build", 0);
  c->build = BUILD_FAILED;
  c->build_exit = 2;
  g_autofree char *path = g_build_filename (tmpdir, "failed.json", NULL);
  g_assert_true (range_cache_store (path, KEY, c, NULL));
  range_commit *d = range_commit_new (SHA, "Break the build", 0);
  g_assert_true (range_cache_load (path, KEY, d, NULL));
  g_assert_cmpint (d->build, ==, BUILD_FAILED);
  g_assert_cmpint (d->build_exit, ==, 2);
  g_assert_null (d->build_log);
  g_assert_cmpuint (d->samples_ms->len, ==, 0);
  range_commit_free (c);
  range_commit_free (d);
}

static void
test_missing (void)
{
  range_commit *c = range_commit_new (SHA, "", 0);
  g_autofree char *path = g_build_filename (tmpdir, "absent.json", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_false (range_cache_load (path, KEY, c, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  range_commit_free (c);
}

#define GOOD_HEAD "{\"format\":\"bootperf-range-cache\",\"version\":2,"
#define GOOD_ID "\"commit\":\"" SHA "\",\"config_key\":\"" KEY "\","
#define GOOD_REST "\"build\":\"ok\",\"build_exit\":0,\"build_log\":null,\"runs\":1,\"run_list\":[],"

static const struct
{
  const char *name;
  const char *text;
} corrupt_files[] = {
  { "empty", "" },
  { "truncated", GOOD_HEAD GOOD_ID "\"build\":\"o" },
  { "binary", "\x7f"
              "ELF\x02\x01\x01" },
  { "array", "[1, 2, 3]" },
  { "other-format", "{\"format\":\"something-else\",\"version\":1}" },
  { "future-version", "{\"format\":\"bootperf-range-cache\",\"version\":99}" },
  { "other-commit", GOOD_HEAD "\"commit\":\"ffff\",\"config_key\":\"" KEY "\"," GOOD_REST
                              "\"samples_ms\":[1000]}" },
  { "other-config", GOOD_HEAD "\"commit\":\"" SHA "\",\"config_key\":\"0000\"," GOOD_REST
                              "\"samples_ms\":[1000]}" },
  { "bad-build",
    GOOD_HEAD GOOD_ID "\"build\":\"maybe\",\"build_exit\":0,\"build_log\":null,"
                      "\"runs\":1,\"samples_ms\":[1000]}" },
  { "bad-exit",
    GOOD_HEAD GOOD_ID "\"build\":\"ok\",\"build_exit\":\"zero\",\"build_log\":null,"
                      "\"runs\":1,\"samples_ms\":[1000]}" },
  { "negative-runs",
    GOOD_HEAD GOOD_ID "\"build\":\"ok\",\"build_exit\":0,\"build_log\":null,"
                      "\"runs\":-4,\"samples_ms\":[1000]}" },
  { "samples-not-array", GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":1000}" },
  { "sample-string", GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":[1000,\"fast\"]}" },
  { "sample-negative", GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":[1000,-3]}" },
  { "sample-zero", GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":[0]}" },
  { "sample-huge", GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":[1000,1e308]}" },
  { "sample-tiny", GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":[1e-300]}" },
  { "runs-beyond-int64",
    GOOD_HEAD GOOD_ID "\"build\":\"ok\",\"build_exit\":0,"
                      "\"build_log\":null,\"runs\":99999999999999999999999,"
                      "\"samples_ms\":[1000]}" },
  { "samples-missing", GOOD_HEAD GOOD_ID GOOD_REST "\"other\":[]}" },
  { "failed-with-samples",
    GOOD_HEAD GOOD_ID "\"build\":\"failed\",\"build_exit\":1,"
                      "\"build_log\":null,\"runs\":1,\"samples_ms\":[1000]}" },
};

static void
test_corrupt (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autofree char *path = write_file (corrupt_files[i].name, corrupt_files[i].text);
  range_commit *c = range_commit_new (SHA, "", 0);
  double before = 1234.5;
  g_array_append_val (c->samples_ms, before);
  g_autoptr (GError) error = NULL;
  g_assert_false (range_cache_load (path, KEY, c, &error));
  g_assert_error (error, RANGE_ERROR, RANGE_ERROR_CACHE_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  /* The commit keeps what it had. */
  g_assert_cmpint (c->build, ==, BUILD_UNKNOWN);
  g_assert_cmpuint (c->samples_ms->len, ==, 1);
  g_assert_cmpuint (c->runs, ==, 0);
  range_commit_free (c);
}

/* 100,000 '[' overflowed json-glib's parser's stack (exit 139). */
static void
test_deeply_nested (void)
{
  g_autofree char *brackets = g_strnfill (100000, '[');
  g_autofree char *text
      = g_strconcat (GOOD_HEAD GOOD_ID GOOD_REST "\"samples_ms\":", brackets, NULL);
  g_autofree char *path = write_file ("deep", text);
  range_commit *c = range_commit_new (SHA, "", 0);
  g_autoptr (GError) error = NULL;
  g_assert_false (range_cache_load (path, KEY, c, &error));
  g_assert_error (error, RANGE_ERROR, RANGE_ERROR_CACHE_CORRUPT);
  g_assert_nonnull (strstr (error->message, "nested deeper than"));
  range_commit_free (c);
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-range-cache-XXXXXX", NULL);
  g_test_add_func ("/range/cache/round-trip", test_round_trip);
  g_test_add_func ("/range/cache/failed-build", test_failed_build_round_trip);
  g_test_add_func ("/range/cache/missing", test_missing);
  g_test_add_func ("/range/cache/deeply-nested", test_deeply_nested);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_files); i++)
    {
      g_autofree char *name
          = g_strdup_printf ("/range/cache/corrupt/%s", corrupt_files[i].name);
      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_corrupt);
    }
  int r = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_files); i++)
    {
      g_autofree char *p = g_build_filename (tmpdir, corrupt_files[i].name, NULL);
      g_unlink (p);
    }
  const char *made[] = { "round.json", "failed.json" };
  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      g_autofree char *p = g_build_filename (tmpdir, made[i], NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return r;
}
