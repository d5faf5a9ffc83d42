/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log-clocks.c: clocks for the events of a plain console log (see
 * log-clocks.h).  Two steps: split a pass where the kernel's clock restarts
 * after a kernel banner (a reboot), then walk each pass once, giving every
 * event its clock and a place on the pass's timeline that never goes back. */
#include <config.h>

#include <string.h>

#include "events.h"
#include "log-clocks.h"
#include "printk-time.h"

#define SECOND_NS INT64_C (1000000000)

static gboolean
is_kernel_banner (const char *body)
{
  return g_str_has_prefix (body, "Linux version ")
         || g_str_has_prefix (body, "Booting Linux on physical CPU");
}

#define BANNER_WITHIN_LINES 20

/* A stamp lower than the one before it starts a clock again when a kernel
 * banner comes with it or within the next few console lines ("Booting
 * Linux" may come first).  Otherwise it only went backwards (an early
 * secondary CPU's clock, bytes lost on the serial line). */
static gboolean
is_restart (const pass_events *pe, guint from)
{
  guint seen = 0;
  for (guint e = from; e < pe->events->len && seen < BANNER_WITHIN_LINES; e++)
    {
      const boot_event *ev = &g_array_index (pe->events, boot_event, e);
      const char *body;
      if (ev->source != EVENT_SOURCE_CONSOLE)
        continue;
      seen++;
      printk_time_parse (ev->message, NULL, &body);
      if (is_kernel_banner (body))
        return TRUE;
    }
  return FALSE;
}

static void
add_note_event (pass_events *pe, guint index, char *text)
{
  boot_event ev = { .source = EVENT_SOURCE_NOTE,
                    .clock = EVENT_CLOCK_NONE,
                    .guest_time_ns = EVENT_NO_GUEST_TIME,
                    .message = text };
  g_array_insert_val (pe->events, index, ev);
}

/* The pass's events from index on, moved into a new pass. */
static pass_events *
split_off (pass_events *pe, guint index)
{
  pass_events *tail = pass_events_new (0);
  guint n = pe->events->len - index;
  g_array_append_vals (tail->events, &g_array_index (pe->events, boot_event, index), n);
  /* The messages now belong to tail: truncate without freeing them. */
  for (guint i = index; i < pe->events->len; i++)
    g_array_index (pe->events, boot_event, i).message = NULL;
  g_array_set_size (pe->events, index);
  return tail;
}

/* Reboots: the kernel's clock starting again after a kernel banner.  The
 * unstamped lines before the new start (firmware, bootloader) go with it. */
static void
split_reboots (pass_events *pe, GPtrArray *out)
{
  for (;;)
    {
      int64_t last = -1;
      gboolean banner = FALSE;
      guint after_last_stamp = 0, split = 0;
      for (guint e = 0; e < pe->events->len && split == 0; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          int64_t g;
          const char *body;
          if (ev->source != EVENT_SOURCE_CONSOLE
              || !printk_time_parse (ev->message, &g, &body))
            continue;
          if (last >= 0 && g < last && banner && is_restart (pe, e))
            split = after_last_stamp;
          else if (last < 0 || g >= last)
            {
              last = g;
              banner = banner || is_kernel_banner (body);
              after_last_stamp = e + 1;
            }
        }
      if (split == 0)
        break;
      pass_events *head = pe;
      pe = split_off (head, split);
      boot_event close = { .source = EVENT_SOURCE_CLOSE, .message = g_strdup ("") };
      g_array_append_val (head->events, close);
      g_ptr_array_add (out, head);
      add_note_event (pe, 0,
                      g_strdup_printf ("the kernel's clock started again after %.3f s: "
                                       "a reboot, so a new pass starts here",
                                       (double)last / 1e9));
    }
  g_ptr_array_add (out, pe);
}

typedef struct
{
  pass_events *pe;
  int64_t last_pos;     /* place of the latest event on the timeline */
  int64_t guest_offset; /* guest time 0 on the timeline, or -1 */
  int64_t last_printk;  /* latest printk stamp taken, or -1 */
  gboolean banner_seen; /* the kernel's banner, with its stamp */
  guint first_stamped;  /* the first event with a printk stamp taken */
  int64_t pos_before_guest;
  gboolean uptime_follows; /* the line before was "uptime: + cat /proc/uptime" */
  GPtrArray *notes;        /* pending notes: index (as pointer) and text pairs */
} pass_clock;

static void
note_at (pass_clock *pc, guint index, char *text)
{
  g_ptr_array_add (pc->notes, GUINT_TO_POINTER (index));
  g_ptr_array_add (pc->notes, text);
}

static void
place (pass_clock *pc, boot_event *ev, event_clock clock, int64_t clock_ns, int64_t pos)
{
  ev->clock = clock;
  ev->clock_ns = clock_ns;
  pc->last_pos = MAX (pc->last_pos, pos);
  ev->time_ns = pc->last_pos;
}

/* A guest-side time (printk or uptime) onto the timeline: guest time 0 is
 * put no earlier than the host-side line before the guest's first. */
static int64_t
guest_pos (pass_clock *pc, int64_t guest_ns)
{
  if (pc->guest_offset < 0)
    pc->guest_offset = MAX (pc->last_pos - guest_ns, 0);
  return pc->guest_offset + guest_ns;
}

/* "supermin: uptime: 0.94 0.21", "uptime: 10.11 1.38", or "1.82 0.24" after
 * the xtrace line of /init's `cat /proc/uptime`. */
static gboolean
uptime_parse (const char *line, gboolean bare, int64_t *ns)
{
  if (!bare)
    {
      if (g_str_has_prefix (line, "supermin: "))
        line += strlen ("supermin: ");
      if (!g_str_has_prefix (line, "uptime: "))
        return FALSE;
      line += strlen ("uptime: ");
    }
  int64_t sec = 0, frac = 0, scale = SECOND_NS;
  int digits = 0;
  for (; g_ascii_isdigit (*line) && digits < 9; line++, digits++)
    sec = sec * 10 + (*line - '0');
  if (digits == 0 || *line != '.')
    return FALSE;
  for (line++; g_ascii_isdigit (*line); line++)
    if (scale > 1)
      {
        scale /= 10;
        frac += (*line - '0') * scale;
      }
  if (*line != ' ')
    return FALSE;
  while (*line == ' ')
    line++;
  if (!g_ascii_isdigit (*line))
    return FALSE;
  *ns = sec * SECOND_NS + frac;
  return TRUE;
}

/* Stamps before the kernel's banner that a new start of the clock follows
 * were a bootloader's: they leave the kernel's clock. */
static void
drop_bootloader_stamps (pass_clock *pc, guint now)
{
  int64_t highest = pc->last_printk;
  for (guint i = pc->first_stamped; i < now; i++)
    {
      boot_event *ev = &g_array_index (pc->pe->events, boot_event, i);
      if (ev->clock == EVENT_CLOCK_PRINTK || ev->clock == EVENT_CLOCK_UPTIME)
        ev->clock = EVENT_CLOCK_NONE;
      ev->guest_time_ns = EVENT_NO_GUEST_TIME;
      ev->time_ns = pc->pos_before_guest;
    }
  note_at (pc, pc->first_stamped,
           g_strdup_printf ("the lines before the kernel's banner carry a bootloader's "
                            "own stamps (up to %.3f s), not the kernel's clock: "
                            "they are not timed",
                            (double)highest / 1e9));
  pc->last_pos = pc->pos_before_guest;
  pc->guest_offset = -1;
  pc->last_printk = -1;
}

static void
time_printk_line (pass_clock *pc, guint e, int64_t g, const char *body)
{
  boot_event *ev = &g_array_index (pc->pe->events, boot_event, e);
  if (pc->last_printk >= 0 && g < pc->last_printk)
    {
      if (pc->banner_seen || !is_restart (pc->pe, e))
        {
          note_at (pc, e,
                   g_strdup_printf ("a printk stamp went backwards (%.6f s after "
                                    "%.6f s): that line is not timed",
                                    (double)g / 1e9, (double)pc->last_printk / 1e9));
          place (pc, ev, EVENT_CLOCK_NONE, 0, pc->last_pos);
          return;
        }
      drop_bootloader_stamps (pc, e);
    }
  if (pc->last_printk < 0)
    {
      pc->first_stamped = e;
      pc->pos_before_guest = pc->last_pos;
    }
  pc->last_printk = g;
  pc->banner_seen = pc->banner_seen || is_kernel_banner (body);
  ev->guest_time_ns = g;
  place (pc, ev, EVENT_CLOCK_PRINTK, g, guest_pos (pc, g));
}

static void
time_console_line (pass_clock *pc, guint e)
{
  boot_event *ev = &g_array_index (pc->pe->events, boot_event, e);
  int64_t t;
  const char *body;
  gboolean bare_uptime = pc->uptime_follows;
  pc->uptime_follows = g_str_has_suffix (ev->message, "uptime: + cat /proc/uptime");
  if (printk_time_parse (ev->message, &t, &body))
    time_printk_line (pc, e, t, body);
  else if (libguestfs_stamp_parse (ev->message, &t, NULL))
    place (pc, ev, EVENT_CLOCK_LIBGUESTFS, t, t); /* qemu's command line, 1.32 */
  else if (uptime_parse (ev->message, bare_uptime, &t))
    place (pc, ev, EVENT_CLOCK_UPTIME, t, guest_pos (pc, t));
  else
    place (pc, ev, EVENT_CLOCK_NONE, 0, pc->last_pos);
}

/* The pass's end (the close event) is the time of the log's last line, when
 * that line has one: a time from further back would be carried over. */
static void
time_close (pass_clock *pc, boot_event *ev, const boot_event *last_line)
{
  if (!last_line || last_line->clock == EVENT_CLOCK_NONE)
    {
      place (pc, ev, EVENT_CLOCK_NONE, 0, pc->last_pos);
      return;
    }
  ev->clock = last_line->clock;
  ev->clock_ns = last_line->clock_ns;
  ev->time_ns = pc->last_pos;
}

static void
insert_notes (pass_clock *pc)
{
  /* From the last: inserting one does not move those before it. */
  for (guint i = pc->notes->len; i >= 2; i -= 2)
    {
      guint index = GPOINTER_TO_UINT (g_ptr_array_index (pc->notes, i - 2));
      char *text = g_ptr_array_index (pc->notes, i - 1);
      const boot_event *at = &g_array_index (pc->pe->events, boot_event,
                                             MIN (index, pc->pe->events->len - 1));
      boot_event note = { .source = EVENT_SOURCE_NOTE,
                          .clock = at->clock,
                          .clock_ns = at->clock_ns,
                          .time_ns = at->time_ns,
                          .guest_time_ns = EVENT_NO_GUEST_TIME,
                          .message = text };
      g_array_insert_val (pc->pe->events, index, note);
    }
}

/* libguestfs counts its stamps from the launch: the launch is their 0.  A
 * libguestfs log without a `launch` trace gets one at its start. */
static void
time_launch (pass_events *pe, gboolean has_library, gboolean has_stamps)
{
  boot_event *first = pe->events->len ? &g_array_index (pe->events, boot_event, 0) : NULL;
  gboolean launched = first && first->source == EVENT_SOURCE_TRACE
                      && g_strcmp0 (first->message, "launch") == 0;
  if (!launched && !has_library)
    return;
  if (!launched)
    {
      boot_event ev = { .source = EVENT_SOURCE_TRACE,
                        .clock = EVENT_CLOCK_NONE,
                        .guest_time_ns = EVENT_NO_GUEST_TIME,
                        .message = g_strdup ("launch") };
      g_array_prepend_val (pe->events, ev);
      first = &g_array_index (pe->events, boot_event, 0);
    }
  if (has_stamps)
    {
      first->clock = EVENT_CLOCK_LIBGUESTFS;
      first->clock_ns = 0;
      first->time_ns = 0;
    }
}

static void
time_pass (pass_events *pe)
{
  pass_clock pc
      = { .pe = pe, .guest_offset = -1, .last_printk = -1, .notes = g_ptr_array_new () };
  const boot_event *last_line = NULL;
  gboolean has_library = FALSE, has_stamps = FALSE;
  for (guint e = 0; e < pe->events->len; e++)
    {
      boot_event *ev = &g_array_index (pe->events, boot_event, e);
      int64_t t;
      ev->guest_time_ns = EVENT_NO_GUEST_TIME;
      if (ev->source == EVENT_SOURCE_CONSOLE)
        time_console_line (&pc, e);
      else if (ev->source == EVENT_SOURCE_LIBRARY
               && libguestfs_stamp_parse (ev->message, &t, NULL))
        place (&pc, ev, EVENT_CLOCK_LIBGUESTFS, t, t);
      else if (ev->source == EVENT_SOURCE_CLOSE)
        time_close (&pc, ev, last_line);
      else
        place (&pc, ev, EVENT_CLOCK_NONE, 0, pc.last_pos);
      has_library = has_library || ev->source == EVENT_SOURCE_LIBRARY;
      has_stamps = has_stamps || ev->clock == EVENT_CLOCK_LIBGUESTFS;
      if (ev->source == EVENT_SOURCE_CONSOLE || ev->source == EVENT_SOURCE_LIBRARY)
        last_line = ev;
    }
  insert_notes (&pc);
  g_ptr_array_free (pc.notes, TRUE);
  time_launch (pe, has_library, has_stamps);
}

gboolean
log_clocks_any (const GPtrArray *passes)
{
  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      for (guint e = 0; e < pe->events->len; e++)
        if (g_array_index (pe->events, boot_event, e).clock != EVENT_CLOCK_NONE)
          return TRUE;
    }
  return FALSE;
}

GPtrArray *
log_clocks_assign (GPtrArray *passes)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  for (guint p = 0; p < passes->len; p++)
    split_reboots (g_ptr_array_index (passes, p), out);
  /* The passes moved to out. */
  g_ptr_array_set_free_func (passes, NULL);
  g_ptr_array_unref (passes);
  for (guint p = 0; p < out->len; p++)
    {
      pass_events *pe = g_ptr_array_index (out, p);
      pe->pass = p;
      time_pass (pe);
    }
  if (out->len > 0 && !log_clocks_any (out))
    {
      pass_events *pe = g_ptr_array_index (out, 0);
      add_note_event (pe, 0,
                      g_strdup ("no line of this log carries a time of its own (no "
                                "printk stamps, libguestfs stamps or uptime lines): "
                                "nothing in it can be timed"));
    }
  return out;
}

gboolean
libguestfs_stamp_parse (const char *message, int64_t *ns, const char **body)
{
  if (body)
    *body = message;
  if (message[0] != '[')
    return FALSE;
  const char *q = message + 1;
  int64_t ms = 0;
  int digits = 0;
  for (; g_ascii_isdigit (*q) && digits < 12; q++, digits++)
    ms = ms * 10 + (*q - '0');
  if (digits == 0 || q[0] != 'm' || q[1] != 's' || q[2] != ']')
    return FALSE;
  q += 3;
  if (*q == ' ')
    q++;
  if (ns)
    *ns = ms * 1000000;
  if (body)
    *body = q;
  return TRUE;
}
