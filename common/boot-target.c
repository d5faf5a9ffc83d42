/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-target.c: the calls every boot target answers (boot-target.h). */
#include <config.h>

#include "boot-target.h"

void
boot_pass_clear (boot_pass *p)
{
  pass_result_clear (&p->result);
  g_clear_pointer (&p->events, pass_events_free);
}

void
boot_target_facts_clear (boot_target_facts *f)
{
  g_free (f->backend);
  g_free (f->hv_path);
  g_free (f->hv_version);
  g_free (f->append);
  *f = (boot_target_facts){ 0 };
}

gboolean
boot_target_host_info (boot_target *t, host_info *hi, boot_target_facts *facts,
                       GError **error)
{
  boot_target_facts f;
  if (!boot_target_facts_get (t, &f, error))
    return FALSE;
  host_info_gather (hi);
  g_free (hi->backend);
  g_free (hi->hv_path);
  g_free (hi->hv_version);
  hi->backend = g_strdup (f.backend);
  hi->hv_path = g_strdup (f.hv_path);
  hi->hv_version = g_strdup (f.hv_version);
  if (facts)
    *facts = f;
  else
    boot_target_facts_clear (&f);
  return TRUE;
}

void
boot_target_run_pass (boot_target *t, guint pass, boot_pass *out)
{
  t->ops->run_pass (t, pass, out);
}

gboolean
boot_target_kvm_boots (boot_target *t, char **reason)
{
  return t->ops->kvm_boots (t, reason);
}

gboolean
boot_target_facts_get (boot_target *t, boot_target_facts *out, GError **error)
{
  return t->ops->facts (t, out, error);
}

void
boot_target_free (boot_target *t)
{
  if (t)
    t->ops->free (t);
}
