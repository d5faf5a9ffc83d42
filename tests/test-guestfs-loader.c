/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-guestfs-loader.c: the tools reach libguestfs through
 * common/guestfs-loader.c, which opens it on the first handle: the calls
 * the tools make arrive at the real library with their arguments (variadic
 * ones too), and no tool has libguestfs among the libraries it starts with. */
#include <config.h>

#include <string.h>

#include <glib.h>
#include <guestfs.h>

static void
test_calls_reach_libguestfs (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  g_assert_nonnull (g);
  /* guestfs_free_version goes through libtirpc's XDR: under ASan it jumped
   * to address 0 while libtirpc was only loaded after start-up
   * (configure.ac, SANITIZER_LIBS). */
  struct guestfs_version *v = guestfs_version (g);
  g_assert_nonnull (v);
  g_assert_cmpint (v->major, ==, 1);
  g_assert_cmpint (v->minor, >=, 40);
  guestfs_free_version (v);
  g_assert_cmpint (guestfs_set_memsize (g, 777), ==, 0);
  g_assert_cmpint (guestfs_get_memsize (g), ==, 777);
  g_assert_cmpint (guestfs_set_smp (g, 3), ==, 0);
  g_assert_cmpint (guestfs_get_smp (g), ==, 3);
  g_assert_cmpint (guestfs_set_append (g, "quiet loglevel=3"), ==, 0);
  g_assert_cmpstr (guestfs_get_append (g), ==, "quiet loglevel=3");
  /* The variadic call: a bad optional argument is refused by libguestfs
   * itself, a good list accepted. */
  guestfs_set_error_handler (g, NULL, NULL);
  g_assert_cmpint (guestfs_add_drive_opts (g, "/dev/null", GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                                           "raw", GUESTFS_ADD_DRIVE_OPTS_READONLY, 1, -1),
                   ==, 0);
  g_assert_cmpint (
      guestfs_add_drive_opts (g, "/dev/null", GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw\"", -1),
      ==, -1);
  g_assert_nonnull (strstr (guestfs_last_error (g), "format"));
  guestfs_close (g);
}

/* The start of every tool skips libguestfs and the sixty libraries it
 * brings (about 55 ms of CPU each time). */
static void
test_not_linked (void)
{
  const char *builddir = g_getenv ("top_builddir");
  if (!builddir)
    {
      g_test_skip ("top_builddir is not set (run by make check)");
      return;
    }
  g_autofree char *tool
      = g_build_filename (builddir, "boot-analysis", "boot-analysis", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GError) err = NULL;
  const char *argv[] = { "ldd", tool, NULL };
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     NULL, NULL, &err))
    {
      g_test_skip (err->message);
      return;
    }
  g_assert_nonnull (strstr (out, "libglib-2.0"));
  g_assert_null (strstr (out, "libguestfs"));
  g_assert_null (strstr (out, "libvirt"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/guestfs-loader/calls-reach-libguestfs", test_calls_reach_libguestfs);
  g_test_add_func ("/guestfs-loader/not-linked", test_not_linked);
  return g_test_run ();
}
