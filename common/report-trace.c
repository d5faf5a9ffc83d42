/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-trace.c: the analysed passes as Chrome trace event JSON (see
 * report-trace.h for the layout).
 *
 * The analysis's spans give each activity's place and its clock.  To draw a
 * host-timed activity on the guest clock too, the rules are matched once
 * more over the pass: a match names the lines that began and ended it, and
 * their printk stamps time it.  Slices are laid on a clock's tracks
 * greedily, earliest first and longer first: a slice goes on the first track
 * where it fits inside the innermost slice still open there, or after it. */
#include <config.h>

#include <math.h>

#include "json-util.h"
#include "output.h"
#include "report-trace.h"

/* Thread ids: each clock's tracks from its base, then the single tracks. */
#define TRACE_TID_HOST 1000
#define TRACE_TID_GUEST 2000
#define TRACE_TID_UPTIME 3000
#define TRACE_TID_UNTIMED 4000
#define TRACE_TID_CONSOLE 5000
#define TRACE_TID_CONSOLE_GUEST 5001

typedef struct
{
  int64_t start_ns, end_ns; /* on the pass's timeline */
  const char *name;
  const char *rule;
  const char *clock; /* what timed it, for args.clock */
  guint track;
} trace_slice;

/* A clock's slices and the tracks they go on. */
typedef struct
{
  const char *track_name;
  int first_tid;
  GArray *slices; /* trace_slice */
} trace_clock;

enum
{
  CLOCK_HOST,
  CLOCK_GUEST,
  CLOCK_UPTIME,
  CLOCK_UNTIMED, /* instants: matched without a duration */
  N_CLOCKS
};

/* One pass, as written: everything in nanoseconds on its timeline. */
typedef struct
{
  guint index; /* 0-based; pid = index + 1 */
  const pass_events *pass;
  trace_clock clocks[N_CLOCKS];
  int64_t guest_zero_ns; /* guest time 0 on the timeline, or INT64_MAX */
  int64_t shift_ns;      /* added to every time so that none is negative */
} trace_pass;

static int64_t
to_us (int64_t ns)
{
  /* Rounding is monotonic: slices nested in nanoseconds stay nested. */
  return (int64_t)llround ((double)ns / 1000.0);
}

static int
compare_slices (gconstpointer pa, gconstpointer pb)
{
  const trace_slice *a = pa, *b = pb;
  if (a->start_ns != b->start_ns)
    return a->start_ns < b->start_ns ? -1 : 1;
  if (a->end_ns != b->end_ns)
    return a->end_ns > b->end_ns ? -1 : 1;
  return g_strcmp0 (a->name, b->name);
}

/* Sorts slices and sets each one's track; returns the number of tracks. */
static guint
assign_tracks (GArray *slices)
{
  g_autoptr (GPtrArray) open
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);

  g_array_sort (slices, compare_slices);
  for (guint i = 0; i < slices->len; i++)
    {
      trace_slice *s = &g_array_index (slices, trace_slice, i);
      guint t;
      for (t = 0; t < open->len; t++)
        {
          GArray *ends
              = open->pdata[t]; /* int64_t: the open slices' ends, innermost last */
          while (ends->len > 0
                 && g_array_index (ends, int64_t, ends->len - 1) <= s->start_ns)
            g_array_set_size (ends, ends->len - 1);
          if (ends->len == 0 || g_array_index (ends, int64_t, ends->len - 1) >= s->end_ns)
            break;
        }
      if (t == open->len)
        g_ptr_array_add (open, g_array_new (FALSE, FALSE, sizeof (int64_t)));
      g_array_append_val ((GArray *)open->pdata[t], s->end_ns);
      s->track = t;
    }
  return open->len;
}

static int
clock_of_span (const activity_span *span)
{
  if (span->failed)
    return CLOCK_UNTIMED;
  switch (event_clock_side (span->clock))
    {
    case 1:
      return CLOCK_HOST;
    case 2:
      return CLOCK_GUEST;
    case 3:
      return CLOCK_UPTIME;
    default:
      return CLOCK_UNTIMED;
    }
}

static void
add_slice (trace_pass *tp, int clock, int64_t start_ns, int64_t end_ns, const activity *a,
           const char *clock_text)
{
  trace_slice s = { start_ns, MAX (end_ns, start_ns), a->name, a->rule, clock_text, 0 };
  g_array_append_val (tp->clocks[clock].slices, s);
}

/* Every activity matched in the pass, on the clock that timed it. */
static void
add_spans (trace_pass *tp, const boot_analysis *an)
{
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = an->activities->pdata[i];
      if (!a->spans || tp->index >= a->spans->len)
        continue;
      const activity_span *span = &g_array_index (a->spans, activity_span, tp->index);
      if (!span->matched)
        continue;
      int clock = clock_of_span (span);
      add_slice (tp, clock, span->start_ns,
                 clock == CLOCK_UNTIMED ? span->start_ns : span->end_ns, a,
                 span->failed ? "failed" : event_clock_description (span->clock));
    }
}

/* Guest time 0 on the timeline: the console line that crossed the serial
 * console fastest (its host arrival minus its printk stamp).  Stamps of
 * 0.000000 are left out: the kernel prints them before its clock runs. */
static int64_t
find_guest_zero (const pass_events *pass)
{
  int64_t zero = INT64_MAX;
  for (guint i = 0; i < pass->events->len; i++)
    {
      const boot_event *ev = &g_array_index (pass->events, boot_event, i);
      if (ev->source == EVENT_SOURCE_CONSOLE && ev->clock == EVENT_CLOCK_HOST
          && ev->guest_time_ns > 0)
        zero = MIN (zero, ev->time_ns - ev->guest_time_ns);
    }
  return zero;
}

static gboolean
has_stamp (const boot_event *ev)
{
  return ev->clock == EVENT_CLOCK_HOST && ev->guest_time_ns > 0;
}

/* Activities the host timed, timed again by the printk stamps of their two
 * lines when both have one. */
static void
add_guest_retimings (trace_pass *tp, const boot_analysis *an, const rule_set *rules)
{
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  /* The analysis matched this pass already: pcre2 cannot give up now. */
  g_autoptr (GArray) matches = rules_match_pass (rules, tp->pass, NULL);
  const GArray *events = tp->pass->events;
  if (!matches)
    return;

  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = an->activities->pdata[i];
      g_hash_table_insert (by_name, a->name, (gpointer)a);
    }
  for (guint i = 0; i < matches->len; i++)
    {
      const rule_match *m = &g_array_index (matches, rule_match, i);
      const activity *a = g_hash_table_lookup (by_name, m->name);
      if (!a || !m->ended || m->failed || tp->index >= a->spans->len
          || m->begin_event >= events->len || m->end_event >= events->len)
        continue;
      const activity_span *span = &g_array_index (a->spans, activity_span, tp->index);
      const boot_event *b = &g_array_index (events, boot_event, m->begin_event);
      const boot_event *e = &g_array_index (events, boot_event, m->end_event);
      if (!span->matched || clock_of_span (span) != CLOCK_HOST || !has_stamp (b)
          || !has_stamp (e))
        continue;
      add_slice (tp, CLOCK_GUEST, tp->guest_zero_ns + b->guest_time_ns,
                 tp->guest_zero_ns + e->guest_time_ns, a,
                 "guest printk (the host timed it too)");
    }
}

static int64_t
earliest_time (const trace_pass *tp, gboolean console_lines)
{
  int64_t min = 0;
  for (int c = 0; c < N_CLOCKS; c++)
    for (guint i = 0; i < tp->clocks[c].slices->len; i++)
      min = MIN (min, g_array_index (tp->clocks[c].slices, trace_slice, i).start_ns);
  for (guint i = 0; console_lines && i < tp->pass->events->len; i++)
    {
      const boot_event *ev = &g_array_index (tp->pass->events, boot_event, i);
      if (ev->source != EVENT_SOURCE_CONSOLE)
        continue;
      min = MIN (min, ev->time_ns);
      if (tp->guest_zero_ns != INT64_MAX && has_stamp (ev))
        min = MIN (min, tp->guest_zero_ns + ev->guest_time_ns);
    }
  return min;
}

static void
trace_pass_init (trace_pass *tp, guint index, const pass_events *pass,
                 const boot_analysis *an, const rule_set *rules,
                 const report_trace_options *opts)
{
  static const struct
  {
    const char *name;
    int tid;
  } clocks[N_CLOCKS] = {
    [CLOCK_HOST] = { "host clock", TRACE_TID_HOST },
    [CLOCK_GUEST] = { "guest clock", TRACE_TID_GUEST },
    [CLOCK_UPTIME] = { "guest uptime clock", TRACE_TID_UPTIME },
    [CLOCK_UNTIMED] = { "matched, no duration", TRACE_TID_UNTIMED },
  };

  tp->index = index;
  tp->pass = pass;
  for (int c = 0; c < N_CLOCKS; c++)
    tp->clocks[c] = (trace_clock){ clocks[c].name, clocks[c].tid,
                                   g_array_new (FALSE, FALSE, sizeof (trace_slice)) };
  add_spans (tp, an);
  tp->guest_zero_ns = find_guest_zero (pass);
  if (tp->guest_zero_ns != INT64_MAX && rules)
    add_guest_retimings (tp, an, rules);
  tp->shift_ns = -earliest_time (tp, opts->console_lines);
}

static void
trace_pass_clear (trace_pass *tp)
{
  for (int c = 0; c < N_CLOCKS; c++)
    g_array_unref (tp->clocks[c].slices);
}

/* ---- JSON ---- */

static void
begin_event (JsonBuilder *b, const char *name, const char *ph, guint pid, int tid)
{
  g_autofree char *valid = g_utf8_make_valid (name ? name : "", -1);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, valid);
  json_builder_set_member_name (b, "ph");
  json_builder_add_string_value (b, ph);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, pid);
  json_builder_set_member_name (b, "tid");
  json_builder_add_int_value (b, tid);
}

static void
add_member_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

/* A metadata event: process_name or thread_name (args.name), or a sort index. */
static void
add_metadata (JsonBuilder *b, const char *what, guint pid, int tid, const char *name,
              int sort_index)
{
  begin_event (b, what, "M", pid, tid);
  json_builder_set_member_name (b, "args");
  json_builder_begin_object (b);
  if (name)
    add_member_string (b, "name", name);
  else
    {
      json_builder_set_member_name (b, "sort_index");
      json_builder_add_int_value (b, sort_index);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
add_track_name (JsonBuilder *b, guint pid, int tid, const char *name)
{
  add_metadata (b, "thread_name", pid, tid, name, 0);
  add_metadata (b, "thread_sort_index", pid, tid, NULL, tid);
}

/* A clock's tracks and its slices: complete events, or instants for the
 * activities without a duration. */
static void
add_clock (JsonBuilder *b, const trace_pass *tp, const trace_clock *clock)
{
  guint pid = tp->index + 1;
  gboolean instants = clock->first_tid == TRACE_TID_UNTIMED;
  guint n_tracks = instants ? MIN (clock->slices->len, 1) : assign_tracks (clock->slices);

  for (guint t = 0; t < n_tracks; t++)
    {
      g_autofree char *name = t == 0
                                  ? g_strdup (clock->track_name)
                                  : g_strdup_printf ("%s %u", clock->track_name, t + 1);
      add_track_name (b, pid, clock->first_tid + (int)t, name);
    }
  for (guint i = 0; i < clock->slices->len; i++)
    {
      const trace_slice *s = &g_array_index (clock->slices, trace_slice, i);
      int64_t ts = to_us (s->start_ns + tp->shift_ns);
      begin_event (b, s->name, instants ? "i" : "X", pid,
                   clock->first_tid + (int)s->track);
      add_member_string (b, "cat", s->rule ? s->rule : "activity");
      json_builder_set_member_name (b, "ts");
      json_builder_add_int_value (b, ts);
      if (instants)
        add_member_string (b, "s", "t");
      else
        {
          json_builder_set_member_name (b, "dur");
          json_builder_add_int_value (b, to_us (s->end_ns + tp->shift_ns) - ts);
        }
      json_builder_set_member_name (b, "args");
      json_builder_begin_object (b);
      add_member_string (b, "clock", s->clock);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
}

static void
add_console_line (JsonBuilder *b, const trace_pass *tp, const boot_event *ev, int tid,
                  int64_t time_ns)
{
  begin_event (b, ev->message, "i", tp->index + 1, tid);
  add_member_string (b, "cat", "console");
  add_member_string (b, "s", "t");
  json_builder_set_member_name (b, "ts");
  json_builder_add_int_value (b, to_us (time_ns + tp->shift_ns));
  json_builder_set_member_name (b, "args");
  json_builder_begin_object (b);
  add_member_string (b, "clock",
                     tid == TRACE_TID_CONSOLE_GUEST
                         ? "guest printk"
                         : event_clock_description (ev->clock));
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* The console lines as instant events: where the timeline places them, and
 * at their printk stamp when they have both. */
static void
add_console_lines (JsonBuilder *b, const trace_pass *tp)
{
  gboolean guest = tp->guest_zero_ns != INT64_MAX;

  add_track_name (b, tp->index + 1, TRACE_TID_CONSOLE, "console");
  if (guest)
    add_track_name (b, tp->index + 1, TRACE_TID_CONSOLE_GUEST, "console, guest printk");
  for (guint i = 0; i < tp->pass->events->len; i++)
    {
      const boot_event *ev = &g_array_index (tp->pass->events, boot_event, i);
      if (ev->source != EVENT_SOURCE_CONSOLE)
        continue;
      add_console_line (b, tp, ev, TRACE_TID_CONSOLE, ev->time_ns);
      if (guest && has_stamp (ev))
        add_console_line (b, tp, ev, TRACE_TID_CONSOLE_GUEST,
                          tp->guest_zero_ns + ev->guest_time_ns);
    }
}

static void
add_pass (JsonBuilder *b, trace_pass *tp, guint n_passes,
          const report_trace_options *opts)
{
  guint pid = tp->index + 1;
  g_autofree char *name = g_strdup_printf ("pass %u of %u", pid, n_passes);

  add_metadata (b, "process_name", pid, 0, name, 0);
  add_metadata (b, "process_sort_index", pid, 0, NULL, (int)pid);
  /* Where the launch is, as a label the viewers show beside the name. */
  g_autofree char *launch
      = g_strdup_printf ("launch at %" G_GINT64_FORMAT " us", to_us (tp->shift_ns));
  begin_event (b, "process_labels", "M", pid, 0);
  json_builder_set_member_name (b, "args");
  json_builder_begin_object (b);
  add_member_string (b, "labels", launch);
  json_builder_end_object (b);
  json_builder_end_object (b);
  for (int c = 0; c < N_CLOCKS; c++)
    add_clock (b, tp, &tp->clocks[c]);
  if (opts->console_lines)
    add_console_lines (b, tp);
}

JsonNode *
report_trace_build (const boot_analysis *an, const GPtrArray *passes,
                    const rule_set *rules, const report_trace_options *opts)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "traceEvents");
  json_builder_begin_array (b);
  for (guint p = 0; p < passes->len; p++)
    {
      trace_pass tp = { 0 };
      trace_pass_init (&tp, p, passes->pdata[p], an, rules, opts);
      add_pass (b, &tp, passes->len, opts);
      trace_pass_clear (&tp);
    }
  json_builder_end_array (b);
  add_member_string (b, "displayTimeUnit", "ms");
  json_builder_set_member_name (b, "otherData");
  json_builder_begin_object (b);
  add_member_string (b, "tool", "boot-analysis " PACKAGE_VERSION);
  add_member_string (b, "time",
                     "microseconds since each pass's launch (later when something "
                     "came before the launch)");
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
report_trace_write (const boot_analysis *an, const GPtrArray *passes,
                    const rule_set *rules, const report_trace_options *opts,
                    const char *path, GError **error)
{
  g_autoptr (JsonNode) root = report_trace_build (an, passes, rules, opts);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  gsize len;

  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_text (gen, &len);
  return output_write_atomic (path, text, (gssize)len, error);
}
