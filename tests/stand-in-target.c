/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stand-in-target.c: see stand-in-target.h. */
#include <config.h>

#include "stand-in-target.h"

typedef struct
{
  boot_target base;
  stand_in_pass_fn fn;
  guint index;
  guint calls;
  gpointer data;
} stand_in_target;

static void
run_pass (boot_target *t, guint pass, boot_pass *out)
{
  stand_in_target *s = (stand_in_target *)t;
  (void)pass;
  *out = (boot_pass){ .result = { .qemu_peak_rss_kib = -1, .qemu_pid = -1 } };
  boot_marks_clear (&out->marks);
  s->fn (s->index, ++s->calls, out, s->data);
}

static gboolean
kvm_boots (boot_target *t, char **reason)
{
  (void)t;
  *reason = g_strdup ("a stand-in has no hypervisor");
  return FALSE;
}

static gboolean
facts (boot_target *t, boot_target_facts *out, GError **error)
{
  (void)t;
  (void)error;
  *out = (boot_target_facts){ .backend = g_strdup ("stand-in"),
                              .hv_path = g_strdup ("stand-in"),
                              .hv_version = g_strdup ("stand-in"),
                              .smp = 1,
                              .memsize_mb = 512 };
  return TRUE;
}

static void
free_target (boot_target *t)
{
  g_free (t);
}

static const boot_target_ops stand_in_ops = {
  .run_pass = run_pass, .kvm_boots = kvm_boots, .facts = facts, .free = free_target
};

boot_target *
stand_in_target_new (stand_in_pass_fn fn, guint index, gpointer data)
{
  stand_in_target *s = g_new0 (stand_in_target, 1);
  s->base = (boot_target){ .ops = &stand_in_ops, .accel = ACCEL_TCG };
  s->fn = fn;
  s->index = index;
  s->data = data;
  return &s->base;
}
