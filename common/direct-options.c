/* SPDX-License-Identifier: GPL-2.0-or-later */
/* direct-options.c: GOptionEntry definitions and checks for direct kernel
 * mode, written once for every tool and every --compare configuration. */
#include <config.h>

#include <string.h>

#include "direct-options.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-direct-options-error-quark, direct_options_error)
/* clang-format on */

void
direct_options_clear (direct_options *d)
{
  g_free (d->kernel);
  g_free (d->initrd);
  g_free (d->qemu);
  g_free (d->machine);
  g_free (d->bios);
  g_free (d->ready);
  memset (d, 0, sizeof *d);
}

void
direct_options_copy (direct_options *dst, const direct_options *src)
{
  *dst = *src;
  dst->kernel = g_strdup (src->kernel);
  dst->initrd = g_strdup (src->initrd);
  dst->qemu = g_strdup (src->qemu);
  dst->machine = g_strdup (src->machine);
  dst->bios = g_strdup (src->bios);
  dst->ready = g_strdup (src->ready);
}

void
direct_options_add_entries (GOptionContext *ctx, direct_options *d)
{
  const GOptionEntry entries[] = {
    { "kernel", 0, 0, G_OPTION_ARG_FILENAME, &d->kernel,
      "Boot this kernel straight under QEMU (direct kernel mode, no libguestfs)", "FILE" },
    { "initrd", 0, 0, G_OPTION_ARG_FILENAME, &d->initrd,
      "Initrd for --kernel (default: the project's tiny init)", "FILE" },
    { "qemu", 0, 0, G_OPTION_ARG_FILENAME, &d->qemu,
      "QEMU binary or wrapper for --kernel (default: qemu-system-x86_64)", "PATH" },
    { "machine", 0, 0, G_OPTION_ARG_STRING, &d->machine,
      "Machine for --kernel: pc (default), q35 or microvm", "TYPE" },
    { "bios", 0, 0, G_OPTION_ARG_FILENAME, &d->bios,
      "Firmware for --kernel (e.g. /usr/share/qemu/qboot.rom)", "FILE" },
    { "cpus", 0, 0, G_OPTION_ARG_INT, &d->cpus, "Virtual CPUs for --kernel (as --smp)",
      "N" },
    { "ready", 0, 0, G_OPTION_ARG_STRING, &d->ready,
      "Console regex (pcre2) that means booted (default: the tiny init's marker)",
      "REGEX" },
    { NULL }
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

gboolean
direct_options_wanted (const direct_options *d)
{
  return d->kernel != NULL;
}

gboolean
direct_options_given (const direct_options *d, gboolean with_ready)
{
  return d->kernel || d->initrd || d->qemu || d->machine || d->bios || d->cpus
         || (with_ready && d->ready);
}

gboolean
direct_options_to_config (const direct_options *d, const boot_options *o, accel_kind accel,
                          direct_config *out, GError **error)
{
  memset (out, 0, sizeof *out);
  direct_machine machine = DIRECT_MACHINE_PC;
  if (d->machine && !direct_machine_parse (d->machine, &machine))
    {
      g_set_error (error, direct_options_error_quark (), 0,
                   "--machine must be pc, q35 or microvm, not '%s'", d->machine);
      return FALSE;
    }
  if (d->cpus < 0 || d->cpus > 255)
    {
      g_set_error (error, direct_options_error_quark (), 0,
                   "--cpus must be 0 (default) or 1 to 255, not %d", d->cpus);
      return FALSE;
    }
  if (!d->kernel && direct_options_given (d, TRUE))
    {
      g_set_error (error, direct_options_error_quark (), 0,
                   "--initrd, --qemu, --machine, --bios, --cpus and --ready need --kernel");
      return FALSE;
    }
  *out = (direct_config){
    .qemu = g_strdup (d->qemu),
    .kernel = g_strdup (d->kernel),
    .initrd = g_strdup (d->initrd),
    .bios = g_strdup (d->bios),
    .machine = machine,
    .memsize_mb = o->memsize_mb,
    .smp = d->cpus ? d->cpus : o->smp,
    .append = g_strdup (o->append),
    .ready = g_strdup (d->ready),
    .accel = accel,
    .timeout_s = o->timeout_s,
  };
  if (!direct_config_prepare (out, error))
    {
      direct_config_clear (out);
      return FALSE;
    }
  return TRUE;
}
