/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-options.c: shared GOptionEntry definitions and checks for the tools
 * that boot the appliance, so that boot-benchmark and boot-analysis accept
 * and refuse exactly the same things with the same words. */
#include <config.h>

#include <string.h>

#include "boot-options.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-options-error-quark, boot_options_error)
/* clang-format on */

void
boot_options_init (boot_options *o, int default_passes, int default_warmup)
{
  memset (o, 0, sizeof *o);
  o->passes = default_passes;
  o->warmup = default_warmup;
  o->timeout_s = 300;
  o->help_strings = g_ptr_array_new_with_free_func (g_free);
}

void
boot_options_clear (boot_options *o)
{
  g_clear_pointer (&o->append, g_free);
  g_clear_pointer (&o->accel, g_free);
  g_clear_pointer (&o->help_strings, g_ptr_array_unref);
}

static const char *
owned (boot_options *o, char *s)
{
  g_ptr_array_add (o->help_strings, s);
  return s;
}

void
boot_options_add_entries (GOptionContext *ctx, boot_options *o, const char *verbose_help)
{
  const GOptionEntry entries[] = {
    { "passes", 'n', 0, G_OPTION_ARG_INT, &o->passes,
      owned (o, g_strdup_printf ("Measured passes (default %d)", o->passes)), "N" },
    { "warmup", 'w', 0, G_OPTION_ARG_INT, &o->warmup,
      owned (o, g_strdup_printf ("Warm-up passes, not counted (default %d)", o->warmup)),
      "N" },
    { "memsize", 'm', 0, G_OPTION_ARG_INT, &o->memsize_mb,
      "Appliance memory (default: libguestfs's)", "MB" },
    { "smp", 0, 0, G_OPTION_ARG_INT, &o->smp, "Virtual CPUs (default: libguestfs's, 1)",
      "N" },
    { "append", 0, 0, G_OPTION_ARG_STRING, &o->append, "Extra kernel command line",
      "OPTS" },
    { "accel", 0, 0, G_OPTION_ARG_STRING, &o->accel, "auto (default), kvm or tcg",
      "ACCEL" },
    { "reprobe", 0, 0, G_OPTION_ARG_NONE, &o->reprobe,
      "Test KVM again instead of trusting the cached verdict", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout_s,
      "Kill a pass after this long; 0: never (default 300)", "SECONDS" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "No progress display", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose, verbose_help, NULL },
    { NULL }
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

gboolean
boot_options_check (const boot_options *o, accel_kind *accel, GError **error)
{
#define REFUSE(...)                                                                \
  do                                                                               \
    {                                                                              \
      g_set_error (error, boot_options_error_quark (), 0, __VA_ARGS__);            \
      return FALSE;                                                                \
    }                                                                              \
  while (0)
  if (o->passes < 1)
    REFUSE ("--passes must be at least 1, not %d", o->passes);
  if (o->warmup < 0)
    REFUSE ("--warmup must be 0 or more, not %d", o->warmup);
  if (o->memsize_mb < 0 || (o->memsize_mb > 0 && o->memsize_mb < 128))
    REFUSE ("--memsize must be at least 128 MB, not %d", o->memsize_mb);
  if (o->smp < 0 || o->smp > 255)
    REFUSE ("--smp must be 0 (default) or 1 to 255, not %d", o->smp);
  if (o->timeout_s < 0)
    REFUSE ("--timeout must be 0 (none) or more seconds, not %d", o->timeout_s);
  *accel = ACCEL_AUTO;
  if (o->accel && !accel_parse (o->accel, accel))
    REFUSE ("--accel must be auto, kvm or tcg, not '%s'", o->accel);
  return TRUE;
#undef REFUSE
}

appliance_config
boot_options_to_config (const boot_options *o, accel_kind accel, const char *append)
{
  return (appliance_config){
    .memsize_mb = o->memsize_mb,
    .smp = o->smp,
    .append = append,
    .accel = accel,
    .timeout_s = o->timeout_s,
  };
}
