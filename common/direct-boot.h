/* SPDX-License-Identifier: GPL-2.0-or-later */
/* direct-boot.h: a kernel booted straight under QEMU as a boot target (-kernel,
 * -initrd; no libguestfs), the way Clear Containers and microVMs boot.
 *
 * QEMU's serial port is read through a pipe and stamped by the same capture
 * code as the appliance path (capture.h): the pass starts with a synthetic
 * `launch` trace at QEMU's exec and ends with a `close` event when QEMU has
 * exited, so the activity rules and reports work unchanged.  From the
 * console come the marks (boot-marks.h): first firmware output, first
 * kernel output, the ready marker, which also adds the `ready` event.
 * Peak RSS is wait4()'s ru_maxrss of the QEMU child. */
#ifndef BOOTPERF_DIRECT_BOOT_H
#define BOOTPERF_DIRECT_BOOT_H

#include <stdint.h>
#include <glib.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "boot-marks.h"
#include "boot-target.h"

typedef enum { DIRECT_MACHINE_PC, DIRECT_MACHINE_Q35, DIRECT_MACHINE_MICROVM } direct_machine;

gboolean direct_machine_parse (const char *s, direct_machine *out); /* pc q35 microvm */
const char *direct_machine_name (direct_machine m);

/* The tiny init's marker, and the default --ready regex. */
#define DIRECT_TINY_INIT_MARKER "bootperf-tiny-init: ready"
#define DIRECT_DEFAULT_MEMSIZE_MB 512

typedef struct {
  char *qemu;               /* path or name looked up in $PATH */
  char *kernel;
  char *initrd;             /* the tiny init's cpio when the user gave none */
  char *bios;               /* -bios FILE, or NULL for the machine's default */
  direct_machine machine;
  int memsize_mb;
  int smp;
  char *append;             /* the user's, after ours; or NULL */
  char *ready;              /* regex source */
  pcre2_code *ready_code;   /* compiled by direct_config_prepare */
  accel_kind accel;         /* KVM or TCG */
  int timeout_s;            /* 0: none */
} direct_config;

void direct_config_clear (direct_config *cfg);
void direct_config_copy (direct_config *dst, const direct_config *src);

/* Check the files (readable), compile the ready regex, find the tiny init's
 * initrd when none was given.  Errors name the option and the file or
 * pattern: "--kernel /x: No such file or directory". */
gboolean direct_config_prepare (direct_config *cfg, GError **error);

/* Where the tiny init's initrd is (installed, else the build tree), or NULL. */
char *direct_tiny_init_path (void);

/* The kernel command line this pass uses, and the whole QEMU argv; that
 * argv as one shell-quoted line a user can paste (what --verbose prints). */
char *direct_kernel_cmdline (const direct_config *cfg);
GStrv direct_qemu_argv (const direct_config *cfg);
char *direct_qemu_command_line (const direct_config *cfg);

/* A target booting this configuration (copied) with its accelerator.
 * Its passes have marks; they fail when QEMU exits before the ready marker
 * or unsuccessfully.  Its KVM probe boots this kernel with this QEMU. */
boot_target *direct_target_new (const direct_config *cfg);

#endif
