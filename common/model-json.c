/* SPDX-License-Identifier: GPL-2.0-or-later */
/* model-json.c: the shared model as JSON (see model-json.h). */
#include <config.h>

#include <math.h>

#include "bench-summary.h"
#include "json-util.h"
#include "model-json.h"

JsonBuilder *
model_json_document_new (const char *tool)
{
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  json_member_string (b, "tool", tool);
  json_member_string (b, "version", PACKAGE_VERSION);
  json_member_int (b, "schema", MODEL_JSON_SCHEMA);
  return b;
}

/* Member "<stat>_<unit>" ("<stat>" without a unit).  Of no sample there is
 * no statistic, whatever the summary holds. */
static void
stat_member (JsonBuilder *b, const sample_summary *s, const char *stat, const char *unit,
             double v)
{
  g_autofree char *name = unit ? g_strdup_printf ("%s_%s", stat, unit) : g_strdup (stat);
  json_member_double (b, name, s->n > 0 ? v : NAN);
}

void
model_json_summary_members (JsonBuilder *b, const sample_summary *s, const char *unit)
{
  json_member_int (b, "n", (gint64)s->n);
  stat_member (b, s, "mean", unit, s->mean);
  stat_member (b, s, "sd", unit, s->sd);
  stat_member (b, s, "median", unit, s->median);
  stat_member (b, s, "mad", unit, s->mad);
  stat_member (b, s, "min", unit, s->min);
  stat_member (b, s, "max", unit, s->max);
  stat_member (b, s, "ci95_low", unit, s->ci95_low);
  stat_member (b, s, "ci95_high", unit, s->ci95_high);
  stat_member (b, s, "cv", NULL, s->cv);
}

void
model_json_summary (JsonBuilder *b, const char *member, const sample_summary *s,
                    const char *unit)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  model_json_summary_members (b, s, unit);
  json_builder_end_object (b);
}

static void
host_members (JsonBuilder *b, const host_info *h)
{
  json_member_string (b, "uname", h->uname);
  json_member_string (b, "kernel", h->kernel_release);
  json_member_string (b, "cpu_model", h->cpu_model);
  json_member_int (b, "cores", h->cores);
  json_builder_set_member_name (b, "loadavg");
  json_builder_begin_array (b);
  for (int i = 0; i < 3; i++)
    json_add_double (b, h->loadavg[i]);
  json_builder_end_array (b);
}

void
model_json_host (JsonBuilder *b, const host_info *h)
{
  json_builder_set_member_name (b, "host");
  json_builder_begin_object (b);
  host_members (b, h);
  json_builder_end_object (b);
}

void
model_json_hypervisor_members (JsonBuilder *b, const host_info *h)
{
  json_member_string (b, "libguestfs_version", h->libguestfs_version);
  json_member_string (b, "backend", h->backend);
  json_member_string (b, "hv_path", h->hv_path);
  json_member_string (b, "hv_version", h->hv_version);
}

JsonNode *
model_json_host_node (const host_info *h)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  host_members (b, h);
  model_json_hypervisor_members (b, h);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
model_json_direct (JsonBuilder *b, const direct_config *d)
{
  json_builder_set_member_name (b, "direct");
  if (!d)
    {
      json_builder_add_null_value (b);
      return;
    }
  g_autofree char *cmdline = direct_kernel_cmdline (d);
  json_builder_begin_object (b);
  json_member_string (b, "qemu", d->qemu);
  json_member_string (b, "machine", direct_machine_name (d->machine));
  json_member_string (b, "bios", d->bios);
  json_member_string (b, "kernel", d->kernel);
  json_member_string (b, "initrd", d->initrd);
  json_member_string (b, "cmdline", cmdline);
  json_member_string (b, "ready", d->ready);
  json_member_int (b, "smp", d->smp);
  json_member_int (b, "memsize_mb", d->memsize_mb);
  json_builder_end_object (b);
}

static const char *const mark_keys[BOOT_MARK_COUNT]
    = { "exec_ms", "firmware_ms", "kernel_ms", "ready_ms", "exit_ms" };

void
model_json_marks (JsonBuilder *b, const boot_marks *m)
{
  json_builder_set_member_name (b, "marks");
  json_builder_begin_object (b);
  for (int k = 0; k < BOOT_MARK_COUNT; k++)
    json_member_double (b, mark_keys[k], m->ns[k] >= 0 ? (double)m->ns[k] / 1e6 : NAN);
  json_builder_end_object (b);
}

void
model_json_phases (JsonBuilder *b, const GArray *phases)
{
  json_builder_set_member_name (b, "phases");
  json_builder_begin_array (b);
  for (guint i = 0; phases && i < phases->len; i++)
    {
      const bench_phase *ph = &g_array_index (phases, bench_phase, i);
      json_builder_begin_object (b);
      json_member_string (b, "from", boot_mark_name (ph->from));
      json_member_string (b, "to", boot_mark_name (ph->to));
      model_json_summary_members (b, &ph->ms, "ms");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
model_json_pass_members (JsonBuilder *b, const pass_result *r, double loadavg_1min,
                         const boot_marks *marks)
{
  json_member_double (b, "wall_ms", (double)r->wall_ns / 1e6);
  json_builder_set_member_name (b, "qemu_peak_rss_kib");
  if (r->qemu_peak_rss_kib >= 0)
    json_builder_add_int_value (b, r->qemu_peak_rss_kib);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "qemu_pid");
  if (r->qemu_pid > 0)
    json_builder_add_int_value (b, r->qemu_pid);
  else
    json_builder_add_null_value (b);
  json_member_string (b, "status", pass_status_name (r->status));
  json_member_string (b, "error", r->error);
  json_member_double (b, "loadavg_1min", loadavg_1min >= 0 ? loadavg_1min : NAN);
  if (marks)
    model_json_marks (b, marks);
}
