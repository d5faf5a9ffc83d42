/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accel.c: KVM or TCG.
 *
 * /dev/kvm existing is not enough: under nested or paravirtual KVM, qemu may
 * abort at once ("failed to set MSR") or the guest may spin forever after the
 * firmware.  So the verdict comes from a real, short probe in which the boot
 * target boots its own hypervisor under KVM (kvm-probe.h says how a console
 * decides).  The verdict is cached per hypervisor binary, host kernel and
 * libguestfs version. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "accel.h"
#include "hostinfo.h"
#include "output.h"
#include "progress.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-accel-error-quark, accel_error)
/* clang-format on */

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

/* The cache key: a probe verdict holds while these stay the same (the
 * target's hypervisor binary and its mtime, the host kernel, libguestfs).
 * NULL when the target cannot say which hypervisor it runs. */
static char *
probe_cache_key (boot_target *t)
{
  boot_target_facts facts;
  if (!boot_target_facts_get (t, &facts, NULL))
    return NULL;
  host_info hi;
  host_info_gather (&hi);
  struct stat st;
  gint64 mtime = stat (facts.hv_path, &st) == 0 ? (gint64)st.st_mtime : 0;
  g_autofree char *raw
      = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s|%s|%s", facts.hv_path, mtime,
                         hi.kernel_release, hi.libguestfs_version,
                         g_getenv ("LIBGUESTFS_BACKEND_SETTINGS") ?: "");
  host_info_clear (&hi);
  boot_target_facts_clear (&facts);
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

/* Verdicts of this run's probes by cache key: targets that share a
 * hypervisor (--compare) probe it once, --reprobe or not. */
static GHashTable *probed_this_run;

typedef struct {
  gboolean usable;
  char *reason;
  gboolean cached; /* the cache file holds it */
} probe_verdict;

static void
probe_verdict_free (gpointer p)
{
  g_free (((probe_verdict *)p)->reason);
  g_free (p);
}

static gboolean
probed_lookup (const char *key, gboolean *usable, char **reason, char **cached_in)
{
  const probe_verdict *v = probed_this_run ? g_hash_table_lookup (probed_this_run, key) : NULL;
  if (!v)
    return FALSE;
  *usable = v->usable;
  *reason = g_strdup (v->reason);
  *cached_in = v->cached ? accel_cache_path () : NULL;
  return TRUE;
}

static void
probed_store (const char *key, gboolean usable, const char *reason, gboolean cached)
{
  if (!probed_this_run)
    probed_this_run
        = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, probe_verdict_free);
  probe_verdict *v = g_new0 (probe_verdict, 1);
  *v = (probe_verdict){ usable, g_strdup (reason), cached };
  g_hash_table_insert (probed_this_run, g_strdup (key), v);
}

/* *cached_in: the file that holds the verdict, or NULL when none does (no
 * usable /dev/kvm needs no probe, an interrupted probe proves nothing, the
 * cache may be unwritable). */
static gboolean
kvm_usable (boot_target *t, gboolean refresh, char **reason, char **cached_in)
{
  *cached_in = NULL;
  if (!kvm_device_usable (reason))
    return FALSE;
  g_autofree char *key = probe_cache_key (t);
  gboolean usable;
  if (key && probed_lookup (key, &usable, reason, cached_in))
    return usable;
  if (key && !refresh && cache_lookup (key, &usable, reason))
    {
      if (!*reason)
        *reason = g_strdup ("no reason recorded");
      *cached_in = accel_cache_path ();
      return usable;
    }
  progress_update ("checking whether KVM works...");
  usable = boot_target_kvm_boots (t, reason);
  progress_clear ();
  /* An interrupted probe proves nothing. */
  if (!key || (!usable && g_str_equal (*reason, "the probe was interrupted")))
    return usable;
  if (cache_store (key, usable, usable ? NULL : *reason))
    *cached_in = accel_cache_path ();
  probed_store (key, usable, *reason, *cached_in != NULL);
  return usable;
}

gboolean
accel_resolve (boot_target *t, accel_kind wanted, gboolean refresh, char **fallback_note,
               GError **error)
{
  *fallback_note = NULL;
  /* LIBGUESTFS_BACKEND_SETTINGS=force_tcg is the libguestfs way of asking. */
  const char *settings = g_getenv ("LIBGUESTFS_BACKEND_SETTINGS");
  if (wanted == ACCEL_TCG
      || (wanted == ACCEL_AUTO && settings && strstr (settings, "force_tcg")))
    {
      t->accel = ACCEL_TCG;
      return TRUE;
    }
  g_autofree char *reason = NULL;
  g_autofree char *cache = NULL;
  if (kvm_usable (t, refresh, &reason, &cache))
    {
      t->accel = ACCEL_KVM;
      return TRUE;
    }
  g_autofree char *cached
      = cache ? g_strdup_printf (" (verdict cached in %s; --reprobe tests again)", cache)
              : g_strdup ("");
  if (wanted == ACCEL_KVM)
    {
      g_set_error (error, ACCEL_ERROR, 0,
                   "KVM is not usable on this host (%s); use --accel tcg or --accel "
                   "auto%s",
                   reason, cached);
      return FALSE;
    }
  t->accel = ACCEL_TCG;
  *fallback_note = g_strdup_printf ("KVM is not usable on this host (%s): using TCG, "
                                    "software emulation, much slower%s",
                                    reason, cached);
  return TRUE;
}
