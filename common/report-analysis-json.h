/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-analysis-json.h: the --json report of boot-analysis (json-glib):
 * config, host, every pass's raw events, every activity's per-pass spans and
 * statistics, the host/guest clock comparison and the unmatched rules. */
#ifndef BOOTPERF_REPORT_ANALYSIS_JSON_H
#define BOOTPERF_REPORT_ANALYSIS_JSON_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "activity.h"

/* config and host may be NULL (written as null).  passes: pass_events*. */
JsonNode *report_analysis_json_build (const boot_analysis *an, const GPtrArray *passes,
                                      JsonNode *config, JsonNode *host);
gboolean report_analysis_json_write (const boot_analysis *an, const GPtrArray *passes,
                                     JsonNode *config, JsonNode *host, const char *path,
                                     GError **error);

#endif
