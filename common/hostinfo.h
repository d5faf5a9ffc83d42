/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hostinfo.h: facts about the host and the hypervisor that go into every
 * result: kernel, CPU, load, libguestfs, backend, qemu path and version. */
#ifndef BOOTPERF_HOSTINFO_H
#define BOOTPERF_HOSTINFO_H

#include <glib.h>

typedef struct {
  char *uname;            /* "Linux host 6.1.0-26-amd64 #1 SMP ... x86_64" */
  char *kernel_release;   /* "6.1.0-26-amd64" */
  char *cpu_model;        /* from /proc/cpuinfo "model name" */
  int cores;              /* online processors */
  double loadavg[3];
  char *libguestfs_version; /* "1.48.6" */
  char *backend;          /* guestfs_get_backend */
  char *hv_path;          /* guestfs_get_hv */
  char *hv_version;       /* first line of `qemu -version` */
} host_info;

/* Gather everything; fields that cannot be read are "unknown", never NULL. */
void host_info_gather (host_info *hi);
void host_info_clear (host_info *hi);
/* The first line of `HV -version` (HV a path or a name in $PATH), or
 * "unknown". */
char *host_hv_version (const char *hv);
/* Load average high enough to distort timings (above the core count). */
gboolean host_info_load_is_high (const host_info *hi);

#endif
