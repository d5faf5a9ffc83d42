/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-realworld.c: replaying console logs that others published
 * (tests/data/realworld, see its SOURCES.md) and logs derived from them and
 * from the committed debian12 log: stamps stripped, a bootloader's stamps
 * before the kernel's, a reboot.  Expected values are read from the logs'
 * own lines here, not taken from the engine. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "analyse.h"
#include "capture-io.h"
#include "events.h"
#include "replay.h"
#include "report-analysis-json.h"

#define LIBVIRT_156 "fedora42-libguestfs-1.56-virt-sysprep-libvirt-kvm-kernel-6.18.log"
#define DIRECT_132 "ubuntu1604-libguestfs-1.32-guestfish-tcg-kernel-4.4.log"
#define DMESG_61 "tinycore14-x86_64-vmware-kernel-6.1-dmesg.log"
#define UBOOT_69 "nixos-24.11-arm64-bpi-r4-uboot-kernel-6.9-serial.log"
#define PANIC_519 "fedora36-ovmf-systemd-boot-kernel-5.19-panic-serial.log"

static char *
src_path (const char *rel)
{
  const char *top = g_getenv ("top_srcdir");
  return g_build_filename (top ? top : BOOTPERF_SRCDATADIR "/..", rel, NULL);
}

static char *
realworld (const char *name)
{
  g_autofree char *rel = g_build_filename ("tests/data/realworld", name, NULL);
  return src_path (rel);
}

static char *
read_text (const char *path)
{
  char *text = NULL;
  g_autoptr (GError) err = NULL;
  g_file_get_contents (path, &text, NULL, &err);
  g_assert_no_error (err);
  return text;
}

/* Replayed as boot-analysis --replay would, with the rules it picks. */
typedef struct
{
  replay_input in;
  boot_analysis *an;
} replayed;

static void
replayed_free (replayed *r)
{
  boot_analysis_free (r->an);
  replay_input_clear (&r->in);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (replayed, replayed_free)

static replayed *
replay_with (const char *path, const char *rules, const char *ready)
{
  replayed *r = g_new0 (replayed, 1);
  replay_options o = { .path = path, .rules_path = rules, .ready = ready };
  g_autoptr (GError) err = NULL;
  g_assert_true (replay_load (&o, &r->in, &err));
  g_assert_no_error (err);
  r->an = boot_analyse (r->in.rules, r->in.passes, !r->in.plain_log, &err);
  g_assert_no_error (err);
  return r;
}

static replayed *
replay_file (const char *path)
{
  return replay_with (path, NULL, NULL);
}

/* A derived log, written where replay_load can read it. */
static char *
write_temp (const char *text)
{
  g_autoptr (GError) err = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("bootperf-realworld-XXXXXX.log", &path, &err);
  g_assert_no_error (err);
  close (fd);
  g_file_set_contents (path, text, -1, &err);
  g_assert_no_error (err);
  return path;
}

static const activity *
find (const replayed *r, const char *name)
{
  const activity *a = boot_analysis_find (r->an, name);
  if (!a)
    g_error ("activity '%s' not found", name);
  return a;
}

static const unmatched_rule *
find_unmatched (const replayed *r, const char *rule)
{
  for (guint i = 0; i < r->an->unmatched->len; i++)
    {
      const unmatched_rule *u = g_ptr_array_index (r->an->unmatched, i);
      if (strcmp (u->rule, rule) == 0)
        return u;
    }
  return NULL;
}

static const analysis_note *
find_note (const replayed *r, const char *kind, const char *text)
{
  for (guint i = 0; i < r->an->notes->len; i++)
    {
      const analysis_note *n = g_ptr_array_index (r->an->notes, i);
      if (strcmp (n->kind, kind) == 0 && strstr (n->text, text))
        return n;
    }
  return NULL;
}

static guint
count_notes (const replayed *r, const char *text)
{
  guint n = 0;
  for (guint i = 0; i < r->an->notes->len; i++)
    n += strstr (((const analysis_note *)g_ptr_array_index (r->an->notes, i))->text, text)
         != NULL;
  return n;
}

static double
span_ms (const activity *a, guint pass)
{
  const activity_span *s = &g_array_index (a->spans, activity_span, pass);
  return (double)(s->end_ns - s->start_ns) / 1e6;
}

/* libguestfs 1.56, libvirt backend: only kernel lines carry printk stamps.
 * /init, guestfsd, every /init step, the insmods and shutdown have no clock
 * (they once read 0.0 ms, and "insmod bluetooth" the time of the kernel
 * lines printed during four other loads), and qemu's start is not assumed. */
static void
test_libvirt_156 (void)
{
  g_autofree char *path = realworld (LIBVIRT_156);
  g_autoptr (replayed) r = replay_file (path);
  g_assert_true (r->in.plain_log);
  g_assert_cmpstr (r->in.rules_name, ==, "activities.rules");
  static const char *const untimed[]
      = { "/init", "guestfsd", "/init:udev-overhead", "shutdown", "insmod bluetooth",
          "insmod virtio_scsi", "supermin:mini-initrd", NULL };
  for (int i = 0; untimed[i]; i++)
    {
      const activity *a = find (r, untimed[i]);
      g_assert_cmpuint (a->n_matched, ==, 1);
      g_assert_false (activity_is_timed (a));
      g_assert_false (a->flagged);
      g_assert_true (isnan (a->percent_of_run));
    }
  /* In the JSON: a null duration, the clock "none". */
  g_autoptr (JsonNode) json = report_analysis_json_build (r->an, r->in.passes, NULL, NULL);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, json);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_assert_nonnull (strstr (text, "\"name\":\"guestfsd\""));
  const char *g = strstr (text, "\"name\":\"guestfsd\"");
  const char *next = strstr (g + 1, "\"name\":");
  g_autofree char *one = g_strndup (g, next ? (size_t)(next - g) : strlen (g));
  g_assert_nonnull (strstr (one, "\"clock\":\"none\""));
  g_assert_nonnull (strstr (one, "\"duration\":null"));
  /* Two kernel lines with printk stamps: timed by the guest's clock. */
  const activity *k = find (r, "kernel:alternatives");
  g_assert_cmpint (k->clock, ==, EVENT_CLOCK_PRINTK);
  /* The libvirt backend: no qemu command line, said so. */
  const unmatched_rule *q = find_unmatched (r, "qemu");
  g_assert_nonnull (q);
  g_assert_nonnull (strstr (q->note, "no qemu launch was seen"));
  g_assert_null (boot_analysis_find (r->an, "qemu:overhead"));
}

/* libguestfs 1.32, direct backend, TCG: the library stamps its lines
 * ("[02850ms] finished building supermin appliance"), and qemu's command
 * line; modules that did not load are not loads. */
static void
test_direct_132 (void)
{
  g_autofree char *path = realworld (DIRECT_132);
  g_autoptr (replayed) r = replay_file (path);
  g_assert_cmpstr (r->in.rules_name, ==, "activities.rules");
  const activity *build = find (r, "supermin:build");
  g_assert_cmpint (build->clock, ==, EVENT_CLOCK_LIBGUESTFS);
  g_assert_cmpfloat (build->duration_ms.mean, ==, 2850.0 - 0.0);
  const activity *features = find (r, "qemu:feature-detect");
  g_assert_cmpfloat (features->duration_ms.mean, ==, 3139.0 - 2850.0);
  const activity *qemu = find (r, "qemu");
  g_assert_cmpint (g_array_index (qemu->spans, activity_span, 0).start_ns, ==,
                   INT64_C (3285000000));
  /* /init and guestfsd in an ordinary verbose log (no xtrace). */
  find (r, "/init");
  find (r, "guestfsd");
  /* "insmod: init_module: wmi.ko: No such device" */
  static const char *const failed[]
      = { "insmod wmi", "insmod crc32-pclmul", "insmod ideapad-laptop", NULL };
  for (int i = 0; failed[i]; i++)
    {
      const activity *a = find (r, failed[i]);
      g_assert_cmpuint (a->n_failed, ==, 1);
      g_assert_false (activity_is_timed (a));
      g_assert_false (a->flagged);
    }
  g_assert_cmpuint (find (r, "insmod megaraid")->n_failed, ==, 0);
}

/* A 4.4 kernel never says "Run /init as init process": the direct-kernel
 * rules reach init at its last "Freeing unused kernel memory" line. */
static void
test_old_kernel_reaches_init (void)
{
  g_autofree char *path = realworld (DIRECT_132);
  g_autofree char *rules = src_path ("data/direct-kernel.rules");
  g_autoptr (replayed) r = replay_with (path, rules, NULL);
  g_assert_null (r->in.rules_name);
  const activity *k = find (r, "kernel:overhead");
  g_assert_cmpint (k->clock, ==, EVENT_CLOCK_PRINTK);
  /* [    0.000000] Linux version ... to [    1.920046] Freeing unused kernel memory */
  g_assert_cmpfloat_with_epsilon (k->duration_ms.mean, 1920.046, 1e-6);
  g_assert_nonnull (find_unmatched (r, "userspace")); /* no --ready */
}

/* A dmesg of real hardware: the direct-kernel rules, no qemu assumed, and
 * the early stamps of secondary CPUs that go backwards are noted, unused. */
static void
test_dmesg_61 (void)
{
  g_autofree char *path = realworld (DMESG_61);
  g_autoptr (replayed) r = replay_file (path);
  g_assert_cmpstr (r->in.rules_name, ==, "direct-kernel.rules");
  g_assert_cmpuint (r->in.passes->len, ==, 1);
  g_assert_null (boot_analysis_find (r->an, "qemu:overhead"));
  g_assert_null (boot_analysis_find (r->an, "run"));
  g_assert_nonnull (find_unmatched (r, "qemu:overhead"));
  g_assert_cmpuint (count_notes (r, "went backwards"), >=, 3);
  /* [    0.000000] Linux version to [    0.760914] Run /init as init process */
  g_assert_cmpfloat_with_epsilon (find (r, "kernel:overhead")->duration_ms.mean, 760.914,
                                  1e-6);
}

/* Stamps before the kernel's that a bootloader printed (U-Boot with its
 * timestamps) do not become the kernel's clock: the kernel is timed as in
 * the log without them, and the jump is said. */
static void
test_bootloader_stamps (void)
{
  g_autofree char *path = realworld (UBOOT_69);
  g_autofree char *text = read_text (path);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *prefixed = g_string_new (NULL);
  gboolean in_kernel = FALSE;
  for (guint i = 0; lines[i]; i++)
    {
      in_kernel = in_kernel || lines[i][0] == '[';
      if (!in_kernel)
        g_string_append_printf (prefixed, "[%8.3f] ", 0.120 * i + 1.0);
      g_string_append_printf (prefixed, "%s\n", lines[i]);
    }
  g_autofree char *derived = write_temp (prefixed->str);
  g_string_free (prefixed, TRUE);
  g_autoptr (replayed) plain = replay_file (path);
  g_autoptr (replayed) r = replay_file (derived);
  g_unlink (derived);
  g_assert_cmpuint (r->in.passes->len, ==, 1);
  const activity *k = find (r, "kernel:overhead"), *k0 = find (plain, "kernel:overhead");
  g_assert_true (activity_is_timed (k));
  g_assert_cmpint (k->clock, ==, EVENT_CLOCK_PRINTK);
  g_assert_cmpfloat (k->duration_ms.mean, ==, k0->duration_ms.mean);
  /* It starts at the kernel's 0, not after the bootloader's last stamp. */
  g_assert_cmpint (g_array_index (k->spans, activity_span, 0).start_ns, ==, 0);
  /* The timeline is the same from the kernel on. */
  g_assert_cmpfloat (find (r, "kernel:smp-bringup")->start_mean_ms, ==,
                     find (plain, "kernel:smp-bringup")->start_mean_ms);
  g_assert_nonnull (find_note (r, "input", "bootloader"));
  g_assert_null (find_note (plain, "input", "bootloader"));
}

/* The same boot twice in one log: the kernel's clock starting again after
 * its banner is a reboot, a second pass, timed like the first. */
static void
test_reboot (void)
{
  g_autofree char *path = realworld (DMESG_61);
  g_autofree char *text = read_text (path);
  g_autofree char *twice = g_strconcat (text, "reboot: Restarting system\n", text, NULL);
  g_autofree char *derived = write_temp (twice);
  g_autoptr (replayed) r = replay_file (derived);
  g_unlink (derived);
  g_assert_cmpuint (r->in.passes->len, ==, 2);
  const activity *k = find (r, "kernel:overhead");
  g_assert_cmpuint (k->n_timed, ==, 2);
  g_assert_cmpfloat_with_epsilon (span_ms (k, 0), 760.914, 1e-6);
  g_assert_cmpfloat_with_epsilon (span_ms (k, 1), 760.914, 1e-6);
  g_assert_nonnull (find_note (r, "input", "a reboot"));
}

/* Without printk stamps nothing has a clock: no activity reads 0.0 ms. */
static void
test_no_stamps (void)
{
  g_autofree char *path = src_path ("tests/data/guestfish-verbose-debian12-tcg.log");
  g_autofree char *text = read_text (path);
  g_autoptr (GRegex) stamp = g_regex_new ("^\\[ *[0-9]+\\.[0-9]+\\] ?", G_REGEX_MULTILINE,
                                          0, NULL);
  g_autofree char *stripped = g_regex_replace (stamp, text, -1, 0, "", 0, NULL);
  g_autofree char *derived = write_temp (stripped);
  g_autoptr (replayed) r = replay_file (derived);
  g_unlink (derived);
  g_assert_cmpuint (r->an->activities->len, >, 700);
  for (guint i = 0; i < r->an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (r->an->activities, i);
      /* Only the kernel's own reports still time initcalls and fixups. */
      if (strcmp (a->rule, "initcall") == 0 || strcmp (a->rule, "pci-fixup") == 0)
        g_assert_cmpint (a->clock, ==, EVENT_CLOCK_KERNEL);
      else
        g_assert_false (activity_is_timed (a));
    }
  g_assert_nonnull (find (r, "/init"));
}

/* A log with no clock at all says so. */
static void
test_no_clock_at_all (void)
{
  g_autofree char *derived = write_temp ("Linux version 6.1.0 (someone)\nsomething\n"
                                         "Run /init as init process\nlogin:\n");
  g_autoptr (replayed) r = replay_file (derived);
  g_unlink (derived);
  g_assert_nonnull (find_note (r, "input", "nothing in it can be timed"));
  for (guint i = 0; i < r->an->activities->len; i++)
    g_assert_false (activity_is_timed (g_ptr_array_index (r->an->activities, i)));
}

/* A kernel panic: reported with its line and time, the pass ended by it. */
static void
test_panic (void)
{
  g_autofree char *path = realworld (PANIC_519);
  g_autoptr (replayed) r = replay_file (path);
  const analysis_note *n = find_note (r, "panic", "Kernel panic - not syncing");
  g_assert_nonnull (n);
  g_assert_true (n->ends_pass);
  g_assert_cmpint (n->clock, ==, EVENT_CLOCK_PRINTK);
  /* [    8.036984] Kernel panic - not syncing: Attempted to kill init! */
  g_assert_cmpint (n->time_ns, ==, INT64_C (8036984000));
  g_assert_nonnull (strstr (n->text, "Attempted to kill init"));
  g_autofree char *calm = realworld (DMESG_61);
  g_autoptr (replayed) c = replay_file (calm);
  g_assert_null (find_note (c, "panic", ""));
}

/* --ready REGEX with a replayed log: a `ready` trace ends userspace. */
static void
test_ready (void)
{
  g_autofree char *path = realworld (UBOOT_69);
  g_autoptr (replayed) r = replay_with (path, NULL, "systemd\\[1\\]: Inserted module");
  const activity *u = find (r, "userspace");
  g_assert_true (activity_is_timed (u));
  g_assert_cmpint (u->clock, ==, EVENT_CLOCK_PRINTK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/realworld/libvirt-1.56", test_libvirt_156);
  g_test_add_func ("/realworld/direct-1.32", test_direct_132);
  g_test_add_func ("/realworld/old-kernel-reaches-init", test_old_kernel_reaches_init);
  g_test_add_func ("/realworld/dmesg", test_dmesg_61);
  g_test_add_func ("/realworld/bootloader-stamps", test_bootloader_stamps);
  g_test_add_func ("/realworld/reboot", test_reboot);
  g_test_add_func ("/realworld/no-stamps", test_no_stamps);
  g_test_add_func ("/realworld/no-clock-at-all", test_no_clock_at_all);
  g_test_add_func ("/realworld/panic", test_panic);
  g_test_add_func ("/realworld/ready", test_ready);
  return g_test_run ();
}
