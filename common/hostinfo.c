/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hostinfo.c: what the host is and which hypervisor libguestfs will run,
 * gathered once per run for the header, the JSON and the noise warning. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <guestfs.h>

#include "hostinfo.h"

static char *
read_cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown");
  g_auto (GStrv) lines = g_strsplit (cpuinfo, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, "model name"))
      {
        const char *colon = strchr (*l, ':');
        if (colon)
          return g_strstrip (g_strdup (colon + 1));
      }
  return g_strdup ("unknown");
}

char *
host_hv_version (const char *hv)
{
  if (!hv || !*hv)
    return g_strdup ("unknown");
  const char *argv[] = { hv, "-version", NULL };
  g_autofree char *out = NULL;
  int status;
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL) || !out || !*out)
    return g_strdup ("unknown");
  char *nl = strchr (out, '\n');
  if (nl)
    *nl = '\0';
  return g_strstrip (g_strdup (out));
}

void
host_info_gather (host_info *hi)
{
  memset (hi, 0, sizeof *hi);
  struct utsname u;
  if (uname (&u) == 0)
    {
      hi->uname = g_strdup_printf ("%s %s %s %s %s", u.sysname, u.nodename, u.release,
                                   u.version, u.machine);
      hi->kernel_release = g_strdup (u.release);
    }
  else
    {
      hi->uname = g_strdup ("unknown");
      hi->kernel_release = g_strdup ("unknown");
    }
  hi->cpu_model = read_cpu_model ();
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  hi->cores = cores > 0 ? (int) cores : 1;
  if (getloadavg (hi->loadavg, 3) != 3)
    hi->loadavg[0] = hi->loadavg[1] = hi->loadavg[2] = -1;

  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_CLOSE_ON_EXIT);
  if (g)
    {
      struct guestfs_version *v = guestfs_version (g);
      if (v)
        {
          hi->libguestfs_version = g_strdup_printf (
              "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT "%s", v->major,
              v->minor, v->release, v->extra);
          guestfs_free_version (v);
        }
      char *s = guestfs_get_backend (g);
      if (s)
        {
          hi->backend = g_strdup (s);
          free (s);
        }
      s = guestfs_get_hv (g);
      if (s)
        {
          hi->hv_path = g_strdup (s);
          free (s);
        }
      guestfs_close (g);
    }
  if (!hi->libguestfs_version)
    hi->libguestfs_version = g_strdup ("unknown");
  if (!hi->backend)
    hi->backend = g_strdup ("unknown");
  if (!hi->hv_path)
    hi->hv_path = g_strdup ("unknown");
  hi->hv_version = host_hv_version (hi->hv_path);
}

void
host_info_clear (host_info *hi)
{
  g_free (hi->uname);
  g_free (hi->kernel_release);
  g_free (hi->cpu_model);
  g_free (hi->libguestfs_version);
  g_free (hi->backend);
  g_free (hi->hv_path);
  g_free (hi->hv_version);
  memset (hi, 0, sizeof *hi);
}

gboolean
host_info_load_is_high (const host_info *hi)
{
  return hi->loadavg[0] > (double) hi->cores;
}
