/* SPDX-License-Identifier: GPL-2.0-or-later */
/* event-line.c: the fast reader of saved event lines (see event-line.h).
 * A small strict scanner over one line: it accepts only what it fully
 * understands and declines the rest, never guessing. */
#include <config.h>

#include <string.h>

#include "capture-io.h"
#include "event-line.h"

typedef struct
{
  const char *p, *end;
} scanner;

static void
skip_space (scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r'))
    s->p++;
}

static gboolean
expect (scanner *s, char c)
{
  skip_space (s);
  if (s->p >= s->end || *s->p != c)
    return FALSE;
  s->p++;
  return TRUE;
}

/* A key: plain bytes between quotes, no escapes. */
static gboolean
scan_key (scanner *s, const char **key, size_t *len)
{
  if (!expect (s, '"'))
    return FALSE;
  const char *start = s->p;
  while (s->p < s->end && *s->p != '"' && *s->p != '\\')
    s->p++;
  if (s->p >= s->end || *s->p != '"')
    return FALSE;
  *key = start;
  *len = (size_t)(s->p - start);
  s->p++;
  return expect (s, ':');
}

/* A JSON integer (no fraction, no exponent) that fits int64_t. */
static gboolean
scan_int (scanner *s, int64_t *out)
{
  skip_space (s);
  gboolean negative = s->p < s->end && *s->p == '-';
  if (negative)
    s->p++;
  if (s->p >= s->end || !g_ascii_isdigit (*s->p)
      || (*s->p == '0' && s->p + 1 < s->end && g_ascii_isdigit (s->p[1])))
    return FALSE;
  uint64_t v = 0;
  for (; s->p < s->end && g_ascii_isdigit (*s->p); s->p++)
    {
      if (v > (UINT64_C (1) << 63) / 10)
        return FALSE;
      v = v * 10 + (uint64_t)(*s->p - '0');
    }
  if (v > (uint64_t)INT64_MAX + (negative ? 1 : 0))
    return FALSE;
  if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E'))
    return FALSE;
  *out = negative ? (int64_t)(0 - v) : (int64_t)v;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
scan_hex4 (scanner *s, gunichar *out)
{
  if (s->end - s->p < 4)
    return FALSE;
  gunichar v = 0;
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (s->p[i]);
      if (h < 0)
        return FALSE;
      v = v * 16 + (gunichar)h;
    }
  s->p += 4;
  *out = v;
  return TRUE;
}

/* Output of scan_string: at most cap bytes (escapes only shrink a string,
 * so a line's length is always room enough for its message). */
typedef struct
{
  char *p;
  size_t len, cap;
} text_out;

static gboolean
put_bytes (text_out *out, const char *bytes, size_t n)
{
  if (out->cap - out->len < n)
    return FALSE;
  memcpy (out->p + out->len, bytes, n);
  out->len += n;
  return TRUE;
}

/* \uXXXX, with a surrogate pair; \u0000 and lone surrogates are declined. */
static gboolean
scan_unicode_escape (scanner *s, text_out *out)
{
  gunichar c, low;
  if (!scan_hex4 (s, &c) || c == 0 || (c >= 0xdc00 && c <= 0xdfff))
    return FALSE;
  if (c >= 0xd800 && c <= 0xdbff)
    {
      if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u')
        return FALSE;
      s->p += 2;
      if (!scan_hex4 (s, &low) || low < 0xdc00 || low > 0xdfff)
        return FALSE;
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
    }
  char utf8[6];
  size_t n = (size_t)g_unichar_to_utf8 (c, utf8);
  return put_bytes (out, utf8, n);
}

/* Whether any byte of w is a quote, a backslash, below 0x20 or above 0x7f
 * (the classic "has a zero byte" test on w's bytes xor'ed with each). */
static gboolean
word_needs_a_look (uint64_t w)
{
  const uint64_t ones = UINT64_C (0x0101010101010101), highs = ones * 0x80;
  uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
  uint64_t special
      = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | (w - ones * 0x20);
  return (((special & ~w) | w) & highs) != 0;
}

/* A run of plain bytes (no quote, backslash or control byte); eight at a
 * time while none of them needs a closer look. */
static const char *
plain_run_end (const char *p, const char *end, gboolean *high)
{
  uint64_t w;
  while (end - p >= 8 && (memcpy (&w, p, 8), !word_needs_a_look (w)))
    p += 8;
  guchar any = 0;
  for (; p < end; p++)
    {
      guchar c = (guchar)*p;
      if (c == '"' || c == '\\' || c < 0x20)
        break;
      any |= c;
    }
  *high |= (any & 0x80) != 0;
  return p;
}

/* A string value into out (from its start): UTF-8, no control bytes. */
static gboolean
scan_string (scanner *s, text_out *out)
{
  out->len = 0;
  if (!expect (s, '"'))
    return FALSE;
  gboolean high = FALSE;
  while (s->p < s->end)
    {
      const char *run = s->p;
      s->p = plain_run_end (s->p, s->end, &high);
      if (!put_bytes (out, run, (size_t)(s->p - run)))
        return FALSE;
      if (s->p >= s->end || (guchar)*s->p < 0x20)
        return FALSE;
      if (*s->p++ == '"')
        return !high || g_utf8_validate (out->p, (gssize)out->len, NULL);
      if (s->p >= s->end)
        return FALSE;
      char e = *s->p++;
      static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
      const char *k = strchr (from, e);
      if (e == 'u')
        {
          if (!scan_unicode_escape (s, out))
            return FALSE;
        }
      else if (!k || e == '\0' || !put_bytes (out, &to[k - from], 1))
        return FALSE;
    }
  return FALSE;
}

/* A short name ("console", "printk"): NUL-terminated in name. */
static gboolean
scan_name (scanner *s, char *name, size_t size)
{
  text_out out = { name, 0, size - 1 };
  if (!scan_string (s, &out))
    return FALSE;
  name[out.len] = '\0';
  return TRUE;
}

enum
{
  SEEN_PASS = 1,
  SEEN_TIME = 2,
  SEEN_SOURCE = 4,
  SEEN_MESSAGE = 8,
  SEEN_GUEST = 16,
  SEEN_CLOCK = 32,
  SEEN_CLOCK_NS = 64,
};

typedef struct
{
  guint seen;
  int64_t pass;
  boot_event ev;
  text_out message;
} line_values;

/* Which member this is: its length alone leaves at most two candidates. */
static guint
key_bit (const char *key, size_t len)
{
  switch (len)
    {
    case 4:
      return memcmp (key, "pass", 4) == 0 ? SEEN_PASS : 0;
    case 5:
      return memcmp (key, "clock", 5) == 0 ? SEEN_CLOCK : 0;
    case 6:
      return memcmp (key, "source", 6) == 0 ? SEEN_SOURCE : 0;
    case 7:
      if (memcmp (key, "time_ns", 7) == 0)
        return SEEN_TIME;
      return memcmp (key, "message", 7) == 0 ? SEEN_MESSAGE : 0;
    case 8:
      return memcmp (key, "clock_ns", 8) == 0 ? SEEN_CLOCK_NS : 0;
    case 13:
      return memcmp (key, "guest_time_ns", 13) == 0 ? SEEN_GUEST : 0;
    default:
      return 0;
    }
}

/* One member; FALSE declines the line. */
static gboolean
scan_member (scanner *s, line_values *v)
{
  const char *key;
  size_t len;
  char name[32];
  if (!scan_key (s, &key, &len))
    return FALSE;
  guint bit = key_bit (key, len);
  if (bit == 0 || (v->seen & bit))
    return FALSE;
  v->seen |= bit;
  switch (bit)
    {
    case SEEN_PASS:
      return scan_int (s, &v->pass) && v->pass >= 0 && v->pass <= (int64_t)G_MAXUINT - 1;
    case SEEN_TIME:
      return scan_int (s, &v->ev.time_ns);
    case SEEN_GUEST:
      return scan_int (s, &v->ev.guest_time_ns);
    case SEEN_CLOCK_NS:
      return scan_int (s, &v->ev.clock_ns);
    case SEEN_SOURCE:
      return scan_name (s, name, sizeof name)
             && event_source_from_name (name, &v->ev.source);
    case SEEN_CLOCK:
      return scan_name (s, name, sizeof name)
             && event_clock_from_name (name, &v->ev.clock)
             && v->ev.clock != EVENT_CLOCK_KERNEL;
    default: /* SEEN_MESSAGE */
      return scan_string (s, &v->message);
    }
}

static gboolean
complete (const line_values *v)
{
  guint required = SEEN_PASS | SEEN_TIME | SEEN_SOURCE;
  if ((v->seen & required) != required)
    return FALSE;
  /* A clock other than host or none needs its time.  Times out of the
   * ranges the general reader allows are its to refuse. */
  gboolean own_clock = (v->seen & SEEN_CLOCK) && v->ev.clock != EVENT_CLOCK_HOST
                       && v->ev.clock != EVENT_CLOCK_NONE;
  if (own_clock
      && (!(v->seen & SEEN_CLOCK_NS) || v->ev.clock_ns < 0
          || v->ev.clock_ns > CAPTURE_TIME_MAX_NS))
    return FALSE;
  if (v->ev.time_ns < -CAPTURE_TIME_MAX_NS || v->ev.time_ns > CAPTURE_TIME_MAX_NS)
    return FALSE;
  if ((v->seen & SEEN_GUEST)
      && (v->ev.guest_time_ns < 0 || v->ev.guest_time_ns > CAPTURE_TIME_MAX_NS))
    return FALSE;
  return TRUE;
}

static gboolean
scan_object (scanner *s, line_values *v)
{
  if (!expect (s, '{'))
    return FALSE;
  if (expect (s, '}'))
    return TRUE;
  for (;;)
    {
      if (!scan_member (s, v))
        return FALSE;
      if (expect (s, '}'))
        return TRUE;
      if (!expect (s, ','))
        return FALSE;
    }
}

gboolean
event_line_parse (const char *line, size_t len, guint *pass, boot_event *ev,
                  char *message, size_t *message_len)
{
  scanner s = { line, line + len };
  line_values v
      = { .ev = { .guest_time_ns = EVENT_NO_GUEST_TIME, .clock = EVENT_CLOCK_HOST },
          .message = { message, 0, len } };
  gboolean ok = scan_object (&s, &v);
  skip_space (&s);
  if (!ok || s.p != s.end || !complete (&v))
    return FALSE;
  /* As the general reader: clock_ns only means something with a clock. */
  if (v.ev.clock == EVENT_CLOCK_HOST || v.ev.clock == EVENT_CLOCK_NONE)
    v.ev.clock_ns = 0;
  *pass = (guint)v.pass;
  *ev = v.ev;
  ev->message = NULL;
  message[v.message.len] = '\0'; /* "" without a message member */
  *message_len = v.message.len;
  return TRUE;
}
