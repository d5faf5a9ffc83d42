/* output.c: result files are written whole or not at all.  The data goes to a
 * temporary file beside the target, is flushed to disk, then renamed over it.
 * A target that is not a regular file (a terminal, a pipe, /dev/full) cannot be
 * replaced by rename, so it is written directly and its errors reported. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
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

gboolean
output_write_atomic (const char *path, const char *data, gssize len, GError **error)
{
  if (len < 0)
    len = (gssize) strlen (data);

  struct stat st;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                       "cannot write %s: it is a directory", path);
          return FALSE;
        }
      return write_special (path, data, (gsize) len, error);
    }

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
