/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rules.h: activity rules, loaded from a GKeyFile (data/activities.rules), and
 * matching them against the events of one pass.
 *
 * One group per rule, its header written [name] (no spaces inside the
 * brackets); each key at most once in a rule.  Keys:
 *   source=console|library|trace|close|...   where begin and end are looked for
 *   begin-source=, end-source=               override source for one side
 *   begin=REGEX                              required (pcre2, JIT-compiled)
 *   end=REGEX                                omitted: the next event of end-source;
 *                                            a group (?<usecs>N) is the duration the
 *                                            kernel reported itself ("after N usecs")
 *   end-fallback=REGEX                       when end never matches, the last line
 *                                            matching this ends it (no key groups)
 *   fail=REGEX                               (end-source) ends the open instance as
 *                                            failed: it did not happen, so is not timed
 *   name=TEMPLATE                            default: the group name; ${group} and
 *                                            ${group:-default} insert begin captures
 *   repeat=true                              every begin match starts an instance
 *   long=true                                a container (never flagged)
 *   mandatory=true                           missing in a pass is an error
 *   missing=TEXT                             what it means when it never matched
 * Console rules see the line after its printk time and leading escapes;
 * console and library rules see it after libguestfs's own "[NNNNNms] ".  An end
 * match closes the open instance whose named captures shared by begin and end
 * are equal (exactly), else the open instances of the rule.  Names repeated in
 * one pass get ":1", ":2", ... suffixes.  The engine never prints. */
#ifndef BOOTPERF_RULES_H
#define BOOTPERF_RULES_H

#include <stdint.h>
#include <glib.h>
#include "events.h"

typedef struct rule_set rule_set;

/* Errors name the file and line, and quote pcre2's message for a bad regex. */
rule_set *rule_set_load_file (const char *path, GError **error);
rule_set *rule_set_load_data (const char *data, gsize len, const char *origin,
                              GError **error);
void rule_set_free (rule_set *rs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (rule_set, rule_set_free)

guint rule_set_count (const rule_set *rs);
const char *rule_set_origin (const rule_set *rs);
const char *rule_name (const rule_set *rs, guint rule);
gboolean rule_is_long (const rule_set *rs, guint rule);
gboolean rule_is_mandatory (const rule_set *rs, guint rule);
gboolean rule_is_repeated (const rule_set *rs, guint rule);
const char *rule_missing_note (const rule_set *rs, guint rule); /* or NULL */

/* One activity instance found in a pass. */
typedef struct
{
  guint rule;
  char *name;      /* final, with ":N" suffix when repeated in the pass */
  gboolean ended;  /* FALSE: begin seen, end never seen */
  gboolean failed; /* ended by a fail= line */
  int64_t start_ns;
  int64_t end_ns;               /* valid when ended */
  guint begin_event, end_event; /* indices into the pass's events */
  int64_t reported_ns;          /* the kernel's own duration, or -1 */
  guint fallback_end;           /* the engine's: last end-fallback= event + 1, or 0 */
} rule_match;

/* pcre2 may backtrack for ever on a regex such as ^(a+)+$: each match stops
 * after this many backtracking steps (pcre2's default is 10 million) and this
 * much nesting (interpreter only; JIT code has its own stack limit).  The
 * default rules stay under 1,000 steps and 30 levels on every line of the
 * captures and logs in tests/data (measured with smaller limits). */
#define RULES_MATCH_LIMIT 200000
#define RULES_DEPTH_LIMIT 10000

/* Every instance in the pass, in order of their begin events.  A GArray of
 * rule_match whose names it owns, or NULL when pcre2 gave up on a line (a
 * limit above): the error names the rule, the pass, the line and pcre2's
 * reason. */
GArray *rules_match_pass (const rule_set *rs, const pass_events *pass, GError **error);

#endif
