/* SPDX-License-Identifier: GPL-2.0-or-later */
/* model-json.h: the shared model as JSON, written here once for every
 * report (boot-benchmark, --compare, boot-analysis, the range tool and
 * --save headers), under one naming scheme:
 *   - a member whose value has a unit ends in it: _ms, _kib, _s, _pct;
 *   - a sample summary is an object {n, mean_U, sd_U, median_U, mad_U,
 *     min_U, max_U, ci95_low_U, ci95_high_U, cv} (U its unit; mad unscaled,
 *     ci95 Student's t, cv = sd / mean); a statistic that does not exist
 *     (the sd of one sample, anything of none) is null;
 *   - every document says "schema": MODEL_JSON_SCHEMA at its top (README,
 *     "JSON schema"). */
#ifndef BOOTPERF_MODEL_JSON_H
#define BOOTPERF_MODEL_JSON_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "boot-marks.h"
#include "direct-boot.h"
#include "hostinfo.h"
#include "pass.h"
#include "stats.h"

/* 1: before the scheme (no "schema" member); 2: this one. */
#define MODEL_JSON_SCHEMA 2

/* A builder with the document's object begun and its first members
 * written: "tool", "version" (this build's) and "schema". */
JsonBuilder *model_json_document_new (const char *tool);

/* A summary's members into the open object, in unit ("ms", "kib"). */
void model_json_summary_members (JsonBuilder *b, const sample_summary *s,
                                 const char *unit);
/* Member `member`: the summary as an object. */
void model_json_summary (JsonBuilder *b, const char *member, const sample_summary *s,
                         const char *unit);

/* Member "host": the machine (uname, kernel, cpu_model, cores, loadavg
 * [1, 5, 15 min]). */
void model_json_host (JsonBuilder *b, const host_info *h);
/* The hypervisor's facts into the open object: libguestfs_version, backend,
 * hv_path, hv_version. */
void model_json_hypervisor_members (JsonBuilder *b, const host_info *h);
/* The machine's and the hypervisor's facts as one object (boot-analysis's
 * "host", kept in --save headers). */
JsonNode *model_json_host_node (const host_info *h);

/* Member "direct": what a direct kernel boot booted (qemu, machine, bios,
 * kernel, initrd, cmdline, ready, smp, memsize_mb), or null when d is NULL
 * (the libguestfs appliance). */
void model_json_direct (JsonBuilder *b, const direct_config *d);
/* Member "marks": ms from qemu's exec to each mark (exec_ms, firmware_ms,
 * kernel_ms, ready_ms, exit_ms), null when not seen. */
void model_json_marks (JsonBuilder *b, const boot_marks *m);
/* Member "phases": [{from, to, summary members in ms}] of bench_phase
 * (bench-summary.h); an empty array when phases is NULL. */
void model_json_phases (JsonBuilder *b, const GArray *phases);

/* One boot's result into the open object: wall_ms, qemu_peak_rss_kib,
 * qemu_pid (null when unknown), status, error, loadavg_1min (the host's
 * after the pass; < 0 unknown) and, when marks is not NULL, "marks". */
void model_json_pass_members (JsonBuilder *b, const pass_result *r, double loadavg_1min,
                              const boot_marks *marks);

#endif
