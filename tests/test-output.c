/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-output.c: unit tests of common/output.c: result files are replaced
 * whole or not at all, no temporary file is left behind, and every error names
 * the path.  The tests run as root, so an unwritable directory is made with the
 * immutable attribute (or plain permissions when not root), and /proc stands in
 * for a directory nobody can create files in.  Also: read-only files refused,
 * outputs that name an input, and text made printable. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "output.h"

typedef struct
{
  char *dir;
} fixture;

static void
fixture_setup (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) err = NULL;
  fx->dir = g_dir_make_tmp ("bootperf-test-output-XXXXXX", &err);
  g_assert_no_error (err);
}

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  if (d)
    {
      const char *name;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (d);
    }
  g_rmdir (path);
}

static void
fixture_teardown (fixture *fx, gconstpointer data)
{
  (void)data;
  remove_tree (fx->dir);
  g_free (fx->dir);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Names in dir, sorted, joined by spaces: shows any stray temporary file. */
static char *
dir_listing (const char *dir)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "",
                            (char *)g_ptr_array_index (names, i));
  return g_string_free (out, FALSE);
}

static char *
read_file (const char *path)
{
  char *text = NULL;
  g_autoptr (GError) err = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &err));
  g_assert_no_error (err);
  return text;
}

static void
test_replaces_content (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autofree char *path = g_build_filename (fx->dir, "out.json", NULL);
  g_autoptr (GError) err = NULL;

  g_assert_true (output_write_atomic (path, "first version, rather long\n", -1, &err));
  g_assert_no_error (err);
  g_autofree char *a = read_file (path);
  g_assert_cmpstr (a, ==, "first version, rather long\n");

  /* Shorter content replaces the file entirely: no tail of the old one. */
  g_assert_true (output_write_atomic (path, "second\n", -1, &err));
  g_assert_no_error (err);
  g_autofree char *b = read_file (path);
  g_assert_cmpstr (b, ==, "second\n");

  /* An explicit length is honoured, embedded NUL included. */
  static const char bytes[] = { 'a', '\0', 'b', 'c' };
  g_assert_true (output_write_atomic (path, bytes, sizeof bytes, &err));
  g_assert_no_error (err);
  g_autofree char *c = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &c, &len, NULL));
  g_assert_cmpmem (c, len, bytes, sizeof bytes);

  /* Empty content gives an empty file. */
  g_assert_true (output_write_atomic (path, "", -1, &err));
  g_assert_no_error (err);
  g_autofree char *d = read_file (path);
  g_assert_cmpstr (d, ==, "");

  /* Only the target is left in the directory. */
  g_autofree char *listing = dir_listing (fx->dir);
  g_assert_cmpstr (listing, ==, "out.json");
}

/* Replacement is by rename: a reader holding the old file keeps the old text,
 * and a hard link to the old file is not rewritten in place. */
static void
test_replaces_by_rename (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autofree char *path = g_build_filename (fx->dir, "out.csv", NULL);
  g_autofree char *old_name = g_build_filename (fx->dir, "old.csv", NULL);
  g_assert_true (output_write_atomic (path, "old\n", -1, NULL));
  g_assert_cmpint (link (path, old_name), ==, 0);
  g_assert_true (output_write_atomic (path, "new\n", -1, NULL));
  g_autofree char *now = read_file (path);
  g_autofree char *old = read_file (old_name);
  g_assert_cmpstr (now, ==, "new\n");
  g_assert_cmpstr (old, ==, "old\n");
  g_autofree char *listing = dir_listing (fx->dir);
  g_assert_cmpstr (listing, ==, "old.csv out.csv");
}

/* A write that fails half way (file size limit: EFBIG) leaves the old file
 * and no temporary file. */
static void
test_failed_write_keeps_old (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autofree char *path = g_build_filename (fx->dir, "out.json", NULL);
  g_assert_true (output_write_atomic (path, "old content\n", -1, NULL));

  g_autofree char *big = g_strnfill (100000, 'x');
  struct rlimit saved, limit;
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 1000;
  void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_autoptr (GError) err = NULL;
  gboolean ok = output_write_atomic (path, big, -1, &err);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_FAILED); /* EFBIG has no own code */
  g_assert_nonnull (strstr (err->message, path));
  g_assert_nonnull (strstr (err->message, g_strerror (EFBIG)));
  g_autofree char *still = read_file (path);
  g_assert_cmpstr (still, ==, "old content\n");
  g_autofree char *listing = dir_listing (fx->dir);
  g_assert_cmpstr (listing, ==, "out.json");
}

static gboolean
set_immutable (const char *path, gboolean on)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  int flags = 0;
  gboolean ok = ioctl (fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok)
    {
      flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
      ok = ioctl (fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
  close (fd);
  return ok;
}

/* A directory nobody may create files in: root ignores permissions, so use
 * the immutable attribute as root. */
static void
test_readonly_directory (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autofree char *sub = g_build_filename (fx->dir, "ro", NULL);
  g_autofree char *path = g_build_filename (sub, "out.json", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (output_write_atomic (path, "old content\n", -1, NULL));

  gboolean root = geteuid () == 0;
  if (root ? !set_immutable (sub, TRUE) : g_chmod (sub, 0555) != 0)
    {
      g_test_skip ("cannot make a read-only directory here (chattr +i unsupported?)");
      return;
    }
  g_autoptr (GError) err = NULL;
  gboolean ok = output_write_atomic (path, "new content\n", -1, &err);
  g_autoptr (GError) check_err = NULL;
  gboolean check_ok = output_check_writable (path, &check_err);
  if (root)
    g_assert_true (set_immutable (sub, FALSE));
  else
    g_assert_cmpint (g_chmod (sub, 0755), ==, 0);

  g_assert_false (ok);
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, path));
  g_autofree char *still = read_file (path);
  g_assert_cmpstr (still, ==, "old content\n");
  g_autofree char *listing = dir_listing (sub);
  g_assert_cmpstr (listing, ==, "out.json");

  /* The early check sees it too, so a long run does not end unwritten
   * (access(2) honours the immutable flag even for root). */
  g_assert_false (check_ok);
  g_assert_nonnull (check_err);
  g_assert_nonnull (strstr (check_err->message, path));
}

/* /proc/version is a regular file in a directory where no file can be
 * created: the temporary file fails, the error names the path, and the
 * file is untouched.  Works as root. */
static void
test_uncreatable_temp_file (void)
{
  const char *path = "/proc/version";
  g_autofree char *before = read_file (path);
  g_autoptr (GError) err = NULL;
  g_assert_false (output_write_atomic (path, "overwritten\n", -1, &err));
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, path));
  g_autofree char *after = read_file (path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_missing_directory (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autofree char *path = g_build_filename (fx->dir, "no-such-dir", "out.json", NULL);
  g_autoptr (GError) err = NULL;
  g_assert_false (output_write_atomic (path, "x\n", -1, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (err->message, path));
  g_autofree char *listing = dir_listing (fx->dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_dev_full (void)
{
  struct stat st;
  if (stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    {
      g_test_skip ("/dev/full is missing");
      return;
    }
  g_autoptr (GError) err = NULL;
  g_assert_false (output_write_atomic ("/dev/full", "data\n", -1, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (err->message, "/dev/full"));
  g_assert_nonnull (strstr (err->message, g_strerror (ENOSPC)));
  /* Still the device, not a regular file renamed over it. */
  struct stat after;
  g_assert_cmpint (stat ("/dev/full", &after), ==, 0);
  g_assert_true (S_ISCHR (after.st_mode));
  g_assert_cmpuint (after.st_rdev, ==, st.st_rdev);
  g_assert_cmpuint (after.st_ino, ==, st.st_ino);
}

static void
test_directory_target (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autofree char *sub = g_build_filename (fx->dir, "results", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_autoptr (GError) err = NULL;
  g_assert_false (output_write_atomic (sub, "x\n", -1, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_nonnull (strstr (err->message, sub));
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  g_autofree char *listing = dir_listing (fx->dir);
  g_assert_cmpstr (listing, ==, "results");

  g_clear_error (&err);
  g_assert_false (output_check_writable (sub, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_nonnull (strstr (err->message, sub));
}

static void
test_check_writable (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) err = NULL;

  /* A new file in a writable directory, and an existing file. */
  g_autofree char *path = g_build_filename (fx->dir, "out.json", NULL);
  g_assert_true (output_check_writable (path, &err));
  g_assert_no_error (err);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS)); /* checking creates nothing */
  g_assert_true (output_write_atomic (path, "x\n", -1, NULL));
  g_assert_true (output_check_writable (path, &err));
  g_assert_no_error (err);

  /* A bare file name means the current directory. */
  g_assert_true (output_check_writable ("bootperf-out.json", &err));
  g_assert_no_error (err);

  /* A missing directory. */
  g_autofree char *missing = g_build_filename (fx->dir, "no-such-dir", "out.json", NULL);
  g_assert_false (output_check_writable (missing, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (err->message, missing));
  g_clear_error (&err);

  /* A "directory" that is a file. */
  g_autofree char *under_file = g_build_filename (path, "out.json", NULL);
  g_assert_false (output_check_writable (under_file, &err));
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, under_file));
  g_clear_error (&err);

  /* An empty file name: stat fails but its directory "." exists; refused
   * early rather than after the whole run. */
  g_assert_false (output_check_writable ("", &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  g_assert_false (output_write_atomic ("", "x\n", -1, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);

  /* A device that can be opened for writing is fine. */
  g_assert_true (output_check_writable ("/dev/null", &err));
  g_assert_no_error (err);
}

/* A read-only (0444) file is refused, not replaced, even by root. */
static void
test_read_only_file (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) err = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "ro.json", NULL);
  g_assert_true (g_file_set_contents (path, "keep", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_false (output_check_writable (path, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_nonnull (strstr (err->message, "read-only"));
  g_clear_error (&err);
  g_assert_false (output_write_atomic (path, "new", -1, &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "keep");
}

/* Outputs may not name an input or each other, however spelt. */
static void
test_distinct (fixture *fx, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) err = NULL;
  g_autofree char *in = g_build_filename (fx->dir, "in.log", NULL);
  g_autofree char *link = g_build_filename (fx->dir, "link.log", NULL);
  g_autofree char *dotted = g_build_filename (fx->dir, ".", "in.log", NULL);
  g_autofree char *fresh = g_build_filename (fx->dir, "new.json", NULL);
  g_autofree char *fresh_dotted = g_build_filename (fx->dir, ".", "new.json", NULL);
  g_assert_true (g_file_set_contents (in, "x", -1, NULL));
  g_assert_cmpint (symlink ("in.log", link), ==, 0);
  const output_file_option inputs[]
      = { { "--replay", in }, { "--rules", NULL }, { NULL } };

  const output_file_option same[] = { { "--save", dotted }, { NULL } };
  g_assert_false (output_check_distinct (same, inputs, &err));
  g_assert_nonnull (strstr (err->message, "is the --replay file"));
  g_clear_error (&err);
  const output_file_option via_link[] = { { "--json", link }, { NULL } };
  g_assert_false (output_check_distinct (via_link, inputs, &err));
  g_clear_error (&err);
  const output_file_option twice[]
      = { { "--json", fresh }, { "--svg", fresh_dotted }, { NULL } };
  g_assert_false (output_check_distinct (twice, inputs, &err));
  g_assert_nonnull (strstr (err->message, "--svg"));
  g_clear_error (&err);

  const output_file_option fine[] = { { "--json", fresh },
                                      { "--svg", NULL },
                                      { "--csv", "/dev/null" },
                                      { "--x", "/dev/null" },
                                      { NULL } };
  g_assert_true (output_check_distinct (fine, inputs, &err));
  g_assert_no_error (err);
}

/* Text from outside: control characters and bytes that are not UTF-8 as
 * \xHH, valid UTF-8 kept. */
static void
test_printable (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "plain", "plain" },
    { "caf\xc3\xa9 \xe2\x86\x91", "caf\xc3\xa9 \xe2\x86\x91" },
    { "\x1b[2Jred", "\\x1b[2Jred" },
    { "a\nb\rc\td", "a\\x0ab\\x0dc\\x09d" },
    { "latin caf\xe9 \xff", "latin caf\\xe9 \\xff" },
    { "c1 \xc2\x9b"
      "31m",
      "c1 \\xc2\\x9b31m" },
    { "del \x7f", "del \\x7f" },
    { "", "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = output_printable (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
      g_assert_true (g_utf8_validate (got, -1, NULL));
    }
  g_autofree char *null_text = output_printable (NULL);
  g_assert_cmpstr (null_text, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn)                                                                    \
  g_test_add ("/output/" name, fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("replaces-content", test_replaces_content);
  ADD ("replaces-by-rename", test_replaces_by_rename);
  ADD ("failed-write-keeps-old", test_failed_write_keeps_old);
  ADD ("readonly-directory", test_readonly_directory);
  ADD ("missing-directory", test_missing_directory);
  ADD ("directory-target", test_directory_target);
  ADD ("check-writable", test_check_writable);
  ADD ("read-only-file", test_read_only_file);
  ADD ("distinct", test_distinct);
#undef ADD
  g_test_add_func ("/output/printable", test_printable);
  g_test_add_func ("/output/uncreatable-temp-file", test_uncreatable_temp_file);
  g_test_add_func ("/output/dev-full", test_dev_full);
  return g_test_run ();
}
