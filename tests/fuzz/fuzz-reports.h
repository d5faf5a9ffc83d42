/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-reports.h: the end of boot-analysis's replay path, shared by the
 * replay fuzz targets: passes -> the default rules -> analysis -> every
 * report (text timeline, JSON, Chrome trace, SVG drawn whole and folded),
 * each checked for what may never reach its reader. */
#ifndef BOOTPERF_FUZZ_REPORTS_H
#define BOOTPERF_FUZZ_REPORTS_H

#include <glib.h>

/* passes: pass_events*.  An analysis error (a mandatory rule missing, pcre2
 * giving up) is fine; a report that is not what it promises is a finding. */
void fuzz_check_reports (const GPtrArray *passes, gboolean enforce_mandatory);

/* Whether doc[0..len) is one JSON value (RFC 8259): structure, strings
 * (no raw control byte) and numbers ("1e+308.0", "inf" are not). */
gboolean fuzz_json_is_valid (const char *doc, gsize len);

#endif
