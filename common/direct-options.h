/* SPDX-License-Identifier: GPL-2.0-or-later */
/* direct-options.h: the options of direct kernel mode (--kernel, --initrd,
 * --qemu, --machine, --bios, --cpus, --ready), shared by boot-benchmark,
 * boot-analysis and the configurations of --compare, and how they combine
 * with the shared boot options into a direct_config. */
#ifndef BOOTPERF_DIRECT_OPTIONS_H
#define BOOTPERF_DIRECT_OPTIONS_H

#include <glib.h>

#include "boot-options.h"
#include "direct-boot.h"

typedef struct {
  char *kernel;
  char *initrd;
  char *qemu;
  char *machine;
  char *bios;
  char *ready;
  int cpus;  /* 0: --smp's value */
} direct_options;

void direct_options_clear (direct_options *d);
void direct_options_copy (direct_options *dst, const direct_options *src);
/* Add the entries to ctx's main group; d must outlive the parse. */
void direct_options_add_entries (GOptionContext *ctx, direct_options *d);
/* Only --kernel makes a boot direct. */
gboolean direct_options_wanted (const direct_options *d);
/* Any direct option given (--ready counted only when with_ready). */
gboolean direct_options_given (const direct_options *d, gboolean with_ready);

/* Check the values and build the configuration (files checked, regex
 * compiled, tiny init found).  Errors are one line naming the option. */
gboolean direct_options_to_config (const direct_options *d, const boot_options *o,
                                   accel_kind accel, direct_config *out, GError **error);

#endif
