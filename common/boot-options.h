/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-options.h: the command-line options every tool that boots the
 * appliance shares (passes, warm-up, memory, vCPUs, append, accelerator,
 * timeout, quiet, verbose), their help and their validation, written once. */
#ifndef BOOTPERF_BOOT_OPTIONS_H
#define BOOTPERF_BOOT_OPTIONS_H

#include <glib.h>

#include "accel.h"
#include "appliance.h"

typedef struct {
  int passes;
  int warmup;
  int memsize_mb;     /* 0: libguestfs's default */
  int smp;            /* 0: libguestfs's default */
  char *append;
  char *accel;        /* as typed; see boot_options_check */
  int timeout_s;      /* 0: none */
  gboolean reprobe;
  gboolean quiet;
  gboolean verbose;
  GPtrArray *help_strings;  /* owned texts the option entries point to */
} boot_options;

void boot_options_init (boot_options *o, int default_passes, int default_warmup);
void boot_options_clear (boot_options *o);

/* Add the shared entries to ctx's main group; o must outlive the parse. */
void boot_options_add_entries (GOptionContext *ctx, boot_options *o,
                               const char *verbose_help);

/* Check the parsed values; on error the message names the option and the
 * rule ("--passes must be at least 1, not 0"). */
gboolean boot_options_check (const boot_options *o, accel_kind *accel, GError **error);

/* The appliance configuration these options describe (append not copied). */
appliance_config boot_options_to_config (const boot_options *o, accel_kind accel,
                                         const char *append);

#endif
