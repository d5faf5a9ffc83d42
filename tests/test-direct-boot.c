/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-direct-boot.c: the QEMU command line that --verbose prints for a
 * direct boot (direct_qemu_command_line) is one shell-quoted line: pasted
 * into a shell it gives back exactly the argv the boot runs, even when a
 * path or the user's --append holds spaces and quotes. */
#include <config.h>

#include <string.h>

#include <glib.h>

#include "direct-boot.h"

static void
test_command_line_round_trip (void)
{
  direct_config cfg = { .qemu = g_strdup ("/opt/my qemu/bin/qemu-system-x86_64"),
                        .kernel = g_strdup ("/boot/vmlinuz"),
                        .initrd = g_strdup ("/tmp/it's here/initrd.img"),
                        .append = g_strdup ("quiet init=\"/bin/sh -c x\" $HOME"),
                        .accel = ACCEL_TCG,
                        .memsize_mb = 512,
                        .smp = 1 };
  g_auto (GStrv) argv = direct_qemu_argv (&cfg);
  g_autofree char *line = direct_qemu_command_line (&cfg);
  g_assert_null (strchr (line, '\n'));

  g_auto (GStrv) parsed = NULL;
  g_autoptr (GError) err = NULL;
  g_assert_true (g_shell_parse_argv (line, NULL, &parsed, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (g_strv_length (parsed), ==, g_strv_length (argv));
  for (guint i = 0; argv[i]; i++)
    g_assert_cmpstr (parsed[i], ==, argv[i]);
  /* The user's words stay one argument, after the tool's own. */
  g_assert_true (g_strv_contains ((const char *const *)parsed,
                                  "/opt/my qemu/bin/qemu-system-x86_64"));
  guint n = g_strv_length (parsed);
  g_assert_true (n > 6);
  g_assert_true (g_str_has_suffix (parsed[n - 4], " quiet init=\"/bin/sh -c x\" $HOME"));
  direct_config_clear (&cfg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/direct/command-line", test_command_line_round_trip);
  return g_test_run ();
}
