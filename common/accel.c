/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accel.c: KVM or TCG.
 *
 * /dev/kvm existing is not enough: under nested or paravirtual KVM, qemu may
 * abort at once ("failed to set MSR") or the guest may spin forever after the
 * firmware.  So the verdict comes from a real, short probe: launch the
 * appliance with force_kvm and watch the console.  Kernel text on the console
 * proves KVM works (the probe stops there); qemu dying, or firmware text with
 * no kernel text for PROBE_KERNEL_WAIT_S, proves it does not.  The verdict is
 * cached per hypervisor binary, host kernel and libguestfs version. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <guestfs.h>

#include "accel.h"
#include "appliance.h"
#include "hostinfo.h"
#include "output.h"

G_DEFINE_QUARK (bootperf-accel-error-quark, accel_error)

#define PROBE_KERNEL_WAIT_S 10   /* firmware output to first kernel line */
#define PROBE_TOTAL_S 120        /* covers a first supermin build */

gboolean
accel_parse (const char *s, accel_kind *out)
{
  if (g_str_equal (s, "auto"))
    *out = ACCEL_AUTO;
  else if (g_str_equal (s, "kvm"))
    *out = ACCEL_KVM;
  else if (g_str_equal (s, "tcg"))
    *out = ACCEL_TCG;
  else
    return FALSE;
  return TRUE;
}

const char *
accel_name (accel_kind a)
{
  switch (a)
    {
    case ACCEL_AUTO:
      return "auto";
    case ACCEL_KVM:
      return "kvm";
    case ACCEL_TCG:
      return "tcg";
    }
  return "unknown";
}

char *
accel_cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "bootperf", "kvm-probe.ini", NULL);
}

typedef struct {
  GMutex lock;
  int64_t firmware_seen_ns;   /* 0 until the first console output */
  gboolean kernel_seen;
  char *qemu_error;           /* last console line mentioning an error */
  GString *partial;
} probe_state;

static void
probe_console (guestfs_h *g, void *opaque, uint64_t event, int event_handle, int flags,
               const char *buf, size_t buf_len, const uint64_t *array, size_t array_len)
{
  probe_state *p = opaque;
  if (event != GUESTFS_EVENT_APPLIANCE)
    return;  /* library debug: registered only to keep it off stderr */
  g_mutex_lock (&p->lock);
  if (!p->firmware_seen_ns)
    p->firmware_seen_ns = monotonic_ns ();
  g_string_append_len (p->partial, buf, (gssize) buf_len);
  char *nl;
  while ((nl = memchr (p->partial->str, '\n', p->partial->len)) != NULL)
    {
      g_autofree char *line = g_strndup (p->partial->str, (gsize) (nl - p->partial->str));
      g_string_erase (p->partial, 0, nl - p->partial->str + 1);
      if (strstr (line, "Linux version") || strstr (line, "Probing EDD"))
        p->kernel_seen = TRUE;
      if (strstr (line, "error") || strstr (line, "Error"))
        {
          g_free (p->qemu_error);
          p->qemu_error = g_strstrip (g_strdup (line));
        }
    }
  g_mutex_unlock (&p->lock);
}

static void
probe_setup (guestfs_h *g, void *opaque)
{
  guestfs_set_verbose (g, 1);
  /* A callback on APPLIANCE and LIBRARY keeps libguestfs from printing them. */
  guestfs_set_event_callback (g, probe_console,
                              GUESTFS_EVENT_APPLIANCE | GUESTFS_EVENT_LIBRARY, 0, opaque);
}

static gboolean
probe_should_abort (void *opaque)
{
  probe_state *p = opaque;
  g_mutex_lock (&p->lock);
  gboolean stop = p->kernel_seen
                  || (p->firmware_seen_ns
                      && monotonic_ns () - p->firmware_seen_ns
                             > (int64_t) PROBE_KERNEL_WAIT_S * 1000000000);
  g_mutex_unlock (&p->lock);
  return stop;
}

/* Boot under KVM until the kernel speaks.  Returns TRUE if it did; otherwise
 * *reason says what happened. */
static gboolean
probe_kvm (char **reason)
{
  probe_state p = { .partial = g_string_new (NULL) };
  g_mutex_init (&p.lock);
  appliance_config cfg = {
    .accel = ACCEL_KVM,
    .timeout_s = PROBE_TOTAL_S,
    .setup_handle = probe_setup,
    .should_abort = probe_should_abort,
    .opaque = &p,
  };
  pass_result r;
  appliance_run_pass (&cfg, &r);

  gboolean usable = p.kernel_seen;
  if (!usable)
    {
      if (r.status == PASS_INTERRUPTED)
        *reason = g_strdup ("the probe was interrupted");
      else if (p.qemu_error)
        *reason = g_strdup_printf ("qemu failed under KVM: %s", p.qemu_error);
      else if (p.firmware_seen_ns)
        *reason = g_strdup_printf ("the guest hung under KVM: no kernel output %d s "
                                   "after the firmware started",
                                   PROBE_KERNEL_WAIT_S);
      else
        *reason = g_strdup_printf ("qemu failed under KVM: %s",
                                   r.error ? r.error : "no console output");
    }
  pass_result_clear (&r);
  g_free (p.qemu_error);
  g_string_free (p.partial, TRUE);
  g_mutex_clear (&p.lock);
  return usable;
}

/* The cache key: a probe verdict holds while these stay the same. */
static char *
probe_cache_key (void)
{
  host_info hi;
  host_info_gather (&hi);
  struct stat st;
  gint64 mtime = stat (hi.hv_path, &st) == 0 ? (gint64) st.st_mtime : 0;
  g_autofree char *raw
      = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s|%s|%s", hi.hv_path, mtime,
                         hi.kernel_release, hi.libguestfs_version,
                         g_getenv ("LIBGUESTFS_BACKEND_SETTINGS") ?: "");
  host_info_clear (&hi);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, raw, -1);
}

static gboolean
cache_lookup (const char *key, gboolean *usable, char **reason)
{
  g_autofree char *path = accel_cache_path ();
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return FALSE;
  g_autoptr (GError) err = NULL;
  gboolean u = g_key_file_get_boolean (kf, key, "usable", &err);
  if (err)
    return FALSE;
  *usable = u;
  /* The file is anyone's to edit: what it says is printed, so made safe. */
  g_autofree char *raw = g_key_file_get_string (kf, key, "reason", NULL);
  *reason = raw ? output_printable (raw) : NULL;
  return TRUE;
}

static gboolean
cache_store (const char *key, gboolean usable, const char *reason)
{
  g_autofree char *path = accel_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) < 0)
    return FALSE;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_boolean (kf, key, "usable", usable);
  g_key_file_set_string (kf, key, "reason", reason ? reason : "");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_key_file_set_string (kf, key, "probed", when);
  gsize len;
  g_autofree char *data = g_key_file_to_data (kf, &len, NULL);
  /* A cache that cannot be written only costs a probe next time. */
  return output_write_atomic (path, data, (gssize) len, NULL);
}

/* Can this process use /dev/kvm at all?  If not, no probe is needed. */
static gboolean
kvm_device_usable (char **reason)
{
  int fd = open ("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    {
      *reason = g_strdup_printf ("/dev/kvm: %s", g_strerror (errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* *cached_in: the file that holds the verdict, or NULL when none does (no
 * usable /dev/kvm needs no probe, an interrupted probe proves nothing, the
 * cache may be unwritable). */
static gboolean
kvm_usable (gboolean refresh, char **reason, char **cached_in)
{
  *cached_in = NULL;
  if (!kvm_device_usable (reason))
    return FALSE;
  g_autofree char *key = probe_cache_key ();
  gboolean usable;
  if (!refresh && cache_lookup (key, &usable, reason))
    {
      if (!*reason)
        *reason = g_strdup ("no reason recorded");
      *cached_in = accel_cache_path ();
      return usable;
    }
  usable = probe_kvm (reason);
  if ((usable || !g_str_equal (*reason, "the probe was interrupted"))
      && cache_store (key, usable, usable ? NULL : *reason))
    *cached_in = accel_cache_path ();
  return usable;
}

gboolean
accel_resolve (accel_kind wanted, gboolean refresh, accel_kind *out, char **fallback_note,
               GError **error)
{
  *fallback_note = NULL;
  if (wanted == ACCEL_TCG)
    {
      *out = ACCEL_TCG;
      return TRUE;
    }
  /* LIBGUESTFS_BACKEND_SETTINGS=force_tcg is the libguestfs way of asking. */
  const char *settings = g_getenv ("LIBGUESTFS_BACKEND_SETTINGS");
  if (wanted == ACCEL_AUTO && settings && strstr (settings, "force_tcg"))
    {
      *out = ACCEL_TCG;
      return TRUE;
    }

  g_autofree char *reason = NULL;
  g_autofree char *cache = NULL;
  if (kvm_usable (refresh, &reason, &cache))
    {
      *out = ACCEL_KVM;
      return TRUE;
    }
  g_autofree char *cached
      = cache ? g_strdup_printf (" (verdict cached in %s; --reprobe tests again)", cache)
              : g_strdup ("");
  if (wanted == ACCEL_KVM)
    {
      g_set_error (error, accel_error_quark (), 0,
                   "KVM is not usable on this host (%s); use --accel tcg or --accel "
                   "auto%s",
                   reason, cached);
      return FALSE;
    }
  *out = ACCEL_TCG;
  *fallback_note = g_strdup_printf ("KVM is not usable on this host (%s): using TCG, "
                                    "software emulation, much slower%s",
                                    reason, cached);
  return TRUE;
}
