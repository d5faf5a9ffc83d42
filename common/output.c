/* SPDX-License-Identifier: GPL-2.0-or-later */
/* output.c: result files are written whole or not at all.  The data goes to a
 * temporary file beside the target, is flushed to disk, then renamed over it.
 * A target that is not a regular file (a terminal, a pipe, /dev/full) cannot be
 * replaced by rename, so it is written directly and its errors reported.  A
 * read-only target is refused, as cp and editors do, rather than silently
 * replaced.  Standard output may be a pipe its reader has closed: that costs
 * the printed report, never the files. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "output.h"

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t r = write (fd, data, len);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += r;
      len -= (gsize) r;
    }
  return TRUE;
}

static gboolean
write_special (const char *path, const char *data, gsize len, GError **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || !write_all (fd, data, len))
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (close (fd) < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A regular file nobody may write: rename would replace it all the same. */
static gboolean
refuse_read_only (const char *path, const struct stat *st, GError **error)
{
  if (!S_ISREG (st->st_mode) || ((st->st_mode & 0222) != 0 && access (path, W_OK) == 0))
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
               "cannot write %s: the file is read-only (make it writable or remove it "
               "first)",
               path);
  return FALSE;
}

gboolean
output_write_atomic (const char *path, const char *data, gssize len, GError **error)
{
  if (len < 0)
    len = (gssize) strlen (data);

  struct stat st;
  gboolean exists = stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   "cannot write %s: it is a directory", path);
      return FALSE;
    }
  if (exists && !S_ISREG (st.st_mode))
    return write_special (path, data, (gsize) len, error);
  if (exists && !refuse_read_only (path, &st, error))
    return FALSE;

  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  /* Close exactly once whatever failed: a second close could hit a
   * descriptor another thread (the watchdog) has just opened. */
  gboolean written = write_all (fd, data, (gsize) len) && fsync (fd) == 0;
  int write_errno = errno;
  if (close (fd) < 0 && written)
    {
      written = FALSE;
      write_errno = errno;
    }
  if (!written)
    {
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (write_errno),
                   "cannot write %s: %s", path, g_strerror (write_errno));
      return FALSE;
    }
  if (rename (tmp, path) < 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
output_check_writable (const char *path, GError **error)
{
  /* stat("") fails but its directory, ".", is fine: refuse it here. */
  if (*path == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "cannot write '': the file name is empty");
      return FALSE;
    }
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;
  if (stat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                       "cannot write %s: it is a directory", path);
          return FALSE;
        }
      if (!S_ISREG (st.st_mode))
        {
          if (access (path, W_OK) < 0)
            goto fail;
          return TRUE;
        }
      if (!refuse_read_only (path, &st, error))
        return FALSE;
    }
  if (stat (dir, &st) < 0)
    goto fail_dir;
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                   "cannot write %s: %s is not a directory", path, dir);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) < 0)
    goto fail_dir;
  return TRUE;

fail_dir:
  {
    int saved = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 "cannot write %s: directory %s: %s", path, dir, g_strerror (saved));
    return FALSE;
  }
fail:
  {
    int saved = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 "cannot write %s: %s", path, g_strerror (saved));
    return FALSE;
  }
}

/* Where path leads: its directory resolved, then its name (path need not
 * exist yet); NULL if the directory does not exist. */
static char *
resolved_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *real_dir = realpath (dir, NULL);
  return real_dir ? g_build_filename (real_dir, name, NULL) : NULL;
}

/* a and b name one regular file: the same inode, or (not existing yet) the
 * same place.  Devices are not files to lose: --json /dev/null --csv
 * /dev/null is fine. */
static gboolean
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  gboolean a_exists = stat (a, &sa) == 0, b_exists = stat (b, &sb) == 0;
  if (a_exists && b_exists)
    return S_ISREG (sa.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (a_exists || b_exists)
    return FALSE;
  g_autofree char *ra = resolved_path (a);
  g_autofree char *rb = resolved_path (b);
  return ra && rb && g_str_equal (ra, rb);
}

gboolean
output_check_distinct (const output_file_option *outputs,
                       const output_file_option *inputs, GError **error)
{
  for (const output_file_option *out = outputs; out->option; out++)
    {
      if (!out->path)
        continue;
      /* Inputs first, then the outputs before this one. */
      const output_file_option *lists[] = { inputs, outputs };
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (const output_file_option *in = lists[l]; in->option; in++)
          {
            if (in == out)
              break;
            if (!in->path || !same_file (out->path, in->path))
              continue;
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                         "%s %s is the %s file: refusing to overwrite it", out->option,
                         out->path, in->option);
            return FALSE;
          }
    }
  return TRUE;
}

static void
on_sigpipe (int sig)
{
  (void) sig;
}

void
output_stdout_init (void)
{
  /* A handler that does nothing rather than SIG_IGN: an ignored signal
   * stays ignored across exec, a caught one does not. */
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_sigpipe;
  sa.sa_flags = SA_RESTART;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGPIPE, &sa, NULL);
}

/* Why an earlier write to stdout failed, once stdio has forgotten: a pipe
 * whose reader has gone polls as an error. */
static int
stdout_failure_errno (void)
{
  struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };
  if (poll (&p, 1, 0) == 1 && (p.revents & POLLERR))
    return EPIPE;
  return EIO;
}

gboolean
output_stdout_finish (GError **error)
{
  errno = 0;
  gboolean flushed = fflush (stdout) == 0;
  int saved = errno;
  if (flushed && !ferror (stdout))
    return TRUE;
  if (flushed || saved == 0)
    saved = stdout_failure_errno ();
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               "cannot write to standard output: %s", g_strerror (saved));
  return FALSE;
}

void
output_append_printable (GString *out, const char *text, gsize len)
{
  const char *p = text, *end = text + len;
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar)-1 || c == (gunichar)-2 || c < 0x20 || (c >= 0x7f && c < 0xa0))
        {
          g_string_append_printf (out, "\\x%02x", (unsigned char)*p);
          p++;
          continue;
        }
      const char *next = g_utf8_next_char (p);
      g_string_append_len (out, p, next - p);
      p = next;
    }
}

char *
output_printable (const char *text)
{
  if (!text)
    return g_strdup ("");
  gsize len = strlen (text);
  GString *s = g_string_sized_new (len);
  output_append_printable (s, text, len);
  return g_string_free (s, FALSE);
}
