/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-kvm-probe.c: the KVM probe of a direct boot runs the target's own
 * --qemu (not libguestfs's), under KVM, and reads its verdict from that
 * console (kvm-probe.c).  Stand-in hypervisors are shell scripts: one
 * prints a kernel's first line and would then run for a minute (the probe
 * must stop it at once and say KVM works), one fails as QEMU does under a
 * broken nested KVM, one prints only firmware text and hangs (the guest hung
 * verdict after KVM_PROBE_KERNEL_WAIT_S).  Each records its command line,
 * which must ask for KVM.  (The appliance's probe cannot be run here:
 * libguestfs asks qemu itself whether KVM is there before it launches.) */
#include <config.h>

#include <string.h>

#include <glib/gstdio.h>

#include "direct-boot.h"
#include "kvm-probe.h"

static char *
write_script (const char *dir, const char *name, const char *body)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text
      = g_strdup_printf ("#!/bin/sh\necho \"$@\" >\"$0.args\"\n%s", body);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

static boot_target *
direct_target_with_qemu (const char *qemu)
{
  direct_config cfg = { .qemu = g_strdup (qemu),
                        .kernel = g_strdup ("/dev/null"),
                        .initrd = g_strdup ("/dev/null"),
                        .accel = ACCEL_TCG };
  g_autoptr (GError) err = NULL;
  g_assert_true (direct_config_prepare (&cfg, &err));
  boot_target *t = direct_target_new (&cfg);
  direct_config_clear (&cfg);
  return t;
}

/* The stand-in ran, and was asked for KVM. */
static void
assert_ran_under_kvm (const char *script)
{
  g_autofree char *args_path = g_strdup_printf ("%s.args", script);
  g_autofree char *args = NULL;
  g_assert_true (g_file_get_contents (args_path, &args, NULL, NULL));
  g_assert_nonnull (strstr (args, "accel=kvm"));
  g_assert_nonnull (strstr (args, "-cpu host"));
}

static void
test_kernel_speaks (gconstpointer dir)
{
  g_autofree char *qemu
      = write_script (dir, "kernel-speaks",
                      "echo 'SeaBIOS (version 1.16.2)'\n"
                      "echo '[    0.000000] Linux version 6.1.0-57-amd64 "
                      "(debian-kernel@lists.debian.org)'\n"
                      "exec sleep 60\n");
  g_autoptr (boot_target) t = direct_target_with_qemu (qemu);
  g_autofree char *reason = NULL;
  gint64 start = g_get_monotonic_time ();
  g_assert_true (boot_target_kvm_boots (t, &reason));
  g_assert_null (reason);
  /* Stopped as soon as the kernel spoke, not after the script's minute. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  assert_ran_under_kvm (qemu);
  /* The probe leaves the target's own accelerator alone. */
  g_assert_cmpint (t->accel, ==, ACCEL_TCG);
}

static void
test_qemu_fails (gconstpointer dir)
{
  g_autofree char *qemu = write_script (
      dir, "msr-fails",
      "echo 'qemu-system-x86_64: error: failed to set MSR 0x10a to 0x0' >&2\nexit 1\n");
  g_autoptr (boot_target) t = direct_target_with_qemu (qemu);
  g_autofree char *reason = NULL;
  g_assert_false (boot_target_kvm_boots (t, &reason));
  g_assert_cmpstr (
      reason, ==,
      "qemu failed under KVM: qemu exited with status 1: qemu-system-x86_64: "
      "error: failed to set MSR 0x10a to 0x0");
  assert_ran_under_kvm (qemu);
}

static void
test_guest_hangs (gconstpointer dir)
{
  g_autofree char *qemu = write_script (
      dir, "firmware-only", "echo 'SeaBIOS (version 1.16.2)'\nexec sleep 60\n");
  g_autoptr (boot_target) t = direct_target_with_qemu (qemu);
  g_autofree char *reason = NULL;
  gint64 start = g_get_monotonic_time ();
  g_assert_false (boot_target_kvm_boots (t, &reason));
  gint64 took = g_get_monotonic_time () - start;
  g_assert_cmpstr (reason, ==,
                   "the guest hung under KVM: no kernel output 10 s after the firmware "
                   "started");
  g_assert_cmpint (took, >=, KVM_PROBE_KERNEL_WAIT_S * G_USEC_PER_SEC);
  g_assert_cmpint (took, <, (KVM_PROBE_KERNEL_WAIT_S + 10) * G_USEC_PER_SEC);
}

/* What supermin prints before qemu starts is not the guest's firmware: a
 * slow appliance build must not count as a hung guest. */
static void
test_supermin_is_not_firmware (gconstpointer dir)
{
  g_autofree char *qemu
      = write_script (dir, "slow-supermin",
                      "echo 'supermin: version: 5.2.2'\n"
                      "echo 'supermin: if-newer: output needs rebuilding'\n"
                      "sleep 12\n"
                      "echo '[    0.000000] Linux version 6.1.0-57-amd64'\n"
                      "exec sleep 60\n");
  g_autoptr (boot_target) t = direct_target_with_qemu (qemu);
  g_autofree char *reason = NULL;
  g_assert_true (boot_target_kvm_boots (t, &reason));
  g_assert_null (reason);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *dir = g_dir_make_tmp ("test-kvm-probe-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_test_add_data_func ("/kvm-probe/kernel-speaks", dir, test_kernel_speaks);
  g_test_add_data_func ("/kvm-probe/qemu-fails", dir, test_qemu_fails);
  g_test_add_data_func ("/kvm-probe/guest-hangs", dir, test_guest_hangs);
  g_test_add_data_func ("/kvm-probe/supermin-is-not-firmware", dir,
                        test_supermin_is_not_firmware);
  int rc = g_test_run ();
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
  (void)!system (rm);
  return rc;
}
