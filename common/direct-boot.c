/* SPDX-License-Identifier: GPL-2.0-or-later */
/* direct-boot.c: boot a kernel straight under QEMU and time it.
 *
 * QEMU runs in its own process group with the serial port on a pipe
 * (-serial stdio) and its stderr on another.  One loop polls both, stamps
 * every console chunk with CLOCK_MONOTONIC as it arrives and hands it to the
 * shared capture code; the same loop enforces the timeout and Ctrl-C by
 * killing the process group and then every descendant (a wrapper given as
 * --qemu may have started others).  Should we be killed outright, QEMU dies
 * with us (process.h: parent-death signal and a guard on its group).  The
 * marks are read from the captured lines afterwards, so the appliance and
 * direct paths share one definition of a console line and its time. */
#define _GNU_SOURCE /* pipe2 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "direct-boot.h"
#include "interrupt.h"
#include "printk-time.h"
#include "process.h"

G_DEFINE_QUARK (bootperf-direct-error-quark, direct_error)

#define STDERR_KEEP_BYTES 4096
#define REAP_GRACE_NS INT64_C (5000000000)  /* after a kill, for the pipes to close */
#define GUARD_GRACE_US (2 * G_USEC_PER_SEC)  /* if we die: SIGTERM, then SIGKILL */
/* Under TCG, microvm offers the kernel nothing to calibrate the TSC against
 * (no PIT calibration, no HPET, no PM timer): it stops after "Marking TSC
 * unstable".  Telling it the frequency avoids that. */
#define MICROVM_TCG_TSC_KHZ "2000000"

gboolean
direct_machine_parse (const char *s, direct_machine *out)
{
  if (g_str_equal (s, "pc"))
    *out = DIRECT_MACHINE_PC;
  else if (g_str_equal (s, "q35"))
    *out = DIRECT_MACHINE_Q35;
  else if (g_str_equal (s, "microvm"))
    *out = DIRECT_MACHINE_MICROVM;
  else
    return FALSE;
  return TRUE;
}

const char *
direct_machine_name (direct_machine m)
{
  switch (m)
    {
    case DIRECT_MACHINE_PC:
      return "pc";
    case DIRECT_MACHINE_Q35:
      return "q35";
    case DIRECT_MACHINE_MICROVM:
      return "microvm";
    }
  return "unknown";
}

void
direct_config_clear (direct_config *cfg)
{
  g_free (cfg->qemu);
  g_free (cfg->kernel);
  g_free (cfg->initrd);
  g_free (cfg->bios);
  g_free (cfg->append);
  g_free (cfg->ready);
  if (cfg->ready_code)
    pcre2_code_free (cfg->ready_code);
  memset (cfg, 0, sizeof *cfg);
}

void
direct_config_copy (direct_config *dst, const direct_config *src)
{
  *dst = *src;
  dst->qemu = g_strdup (src->qemu);
  dst->kernel = g_strdup (src->kernel);
  dst->initrd = g_strdup (src->initrd);
  dst->bios = g_strdup (src->bios);
  dst->append = g_strdup (src->append);
  dst->ready = g_strdup (src->ready);
  dst->ready_code = src->ready_code ? pcre2_code_copy_with_tables (src->ready_code) : NULL;
}

char *
direct_tiny_init_path (void)
{
  /* Installed, else the build tree's when run uninstalled. */
  const char *const dirs[] = { BOOTPERF_DATADIR, BOOTPERF_TINY_INIT_BUILDDIR };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      char *path = g_build_filename (dirs[i], "tiny-init.cpio", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

static gboolean
check_readable (const char *option, const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, direct_error_quark (), 0, "%s %s: is a directory", option, path);
      return FALSE;
    }
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, direct_error_quark (), 0, "%s %s: %s", option, path,
                   g_strerror (e));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
direct_config_prepare (direct_config *cfg, GError **error)
{
  if (!cfg->kernel)
    {
      g_set_error (error, direct_error_quark (), 0, "no --kernel given");
      return FALSE;
    }
  if (!check_readable ("--kernel", cfg->kernel, error))
    return FALSE;
  if (!cfg->initrd)
    {
      cfg->initrd = direct_tiny_init_path ();
      if (!cfg->initrd)
        {
          g_set_error (error, direct_error_quark (), 0,
                       "the tiny init's initrd (tiny-init.cpio) is neither in %s nor in "
                       "%s: build it with make, or give --initrd FILE",
                       BOOTPERF_DATADIR, BOOTPERF_TINY_INIT_BUILDDIR);
          return FALSE;
        }
    }
  if (!check_readable ("--initrd", cfg->initrd, error))
    return FALSE;
  if (cfg->bios && !check_readable ("--bios", cfg->bios, error))
    return FALSE;
  if (!cfg->qemu)
    cfg->qemu = g_strdup ("qemu-system-x86_64");
  g_autofree char *found = g_find_program_in_path (cfg->qemu);
  if (!found)
    {
      g_set_error (error, direct_error_quark (), 0,
                   "--qemu %s: not found or not executable (install qemu-system-x86)",
                   cfg->qemu);
      return FALSE;
    }
  if (!cfg->ready)
    cfg->ready = g_strdup (DIRECT_TINY_INIT_MARKER);
  if (cfg->ready_code)
    pcre2_code_free (cfg->ready_code);
  int code;
  PCRE2_SIZE offset;
  cfg->ready_code = pcre2_compile ((PCRE2_SPTR)cfg->ready, PCRE2_ZERO_TERMINATED, 0, &code,
                                   &offset, NULL);
  if (!cfg->ready_code)
    {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message (code, msg, sizeof msg);
      g_set_error (error, direct_error_quark (), 0, "--ready '%s': %s at offset %zu",
                   cfg->ready, (const char *)msg, (size_t)offset);
      return FALSE;
    }
  if (cfg->memsize_mb <= 0)
    cfg->memsize_mb = DIRECT_DEFAULT_MEMSIZE_MB;
  if (cfg->smp <= 0)
    cfg->smp = 1;
  return TRUE;
}

char *
direct_kernel_cmdline (const direct_config *cfg)
{
  GString *s = g_string_new ("console=ttyS0 panic=-1");
  if (cfg->machine == DIRECT_MACHINE_MICROVM && cfg->accel == ACCEL_TCG
      && !(cfg->append && strstr (cfg->append, "tsc_early_khz=")))
    g_string_append (s, " tsc_early_khz=" MICROVM_TCG_TSC_KHZ);
  if (cfg->append && *cfg->append)
    g_string_append_printf (s, " %s", cfg->append);
  return g_string_free (s, FALSE);
}

GStrv
direct_qemu_argv (const direct_config *cfg)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_strv_builder_add (b, cfg->qemu ? cfg->qemu : "qemu-system-x86_64");
  g_strv_builder_add_many (b, "-no-user-config", "-nodefaults", "-display", "none", NULL);
  /* graphics=off is what -nographic sets: SeaBIOS then prints on the serial
   * port, which gives the firmware its mark. */
  g_autofree char *machine
      = g_strdup_printf ("%s,accel=%s,graphics=off", direct_machine_name (cfg->machine),
                         cfg->accel == ACCEL_KVM ? "kvm" : "tcg");
  g_strv_builder_add_many (b, "-machine", machine, "-cpu",
                           cfg->accel == ACCEL_KVM ? "host" : "max", NULL);
  g_autofree char *mem = g_strdup_printf ("%d", cfg->memsize_mb);
  g_autofree char *smp = g_strdup_printf ("%d", cfg->smp);
  g_strv_builder_add_many (b, "-m", mem, "-smp", smp, NULL);
  if (cfg->bios)
    g_strv_builder_add_many (b, "-bios", cfg->bios, NULL);
  g_autofree char *append = direct_kernel_cmdline (cfg);
  g_strv_builder_add_many (b, "-kernel", cfg->kernel, "-initrd", cfg->initrd, "-append",
                           append, "-serial", "stdio", "-no-reboot", NULL);
  return g_strv_builder_end (b);
}

/* SeaBIOS ends its serial output with terminal resets and no line end
 * ("\033c\033[?7l\033[2J"); a quiet kernel then prints nothing, so the
 * next text (the ready marker, seconds later) would join that line and take
 * its time.  A line holding nothing but escape sequences is therefore ended
 * when the next chunk arrives. */
typedef struct {
  gboolean pending;      /* bytes since the last line end */
  gboolean escape_only;  /* ... all of them in escape sequences */
  int state;             /* 0 text, 1 after ESC, 2 in a CSI sequence */
} escape_tracker;

static void
escape_tracker_feed (escape_tracker *t, const char *buf, size_t len)
{
  for (size_t i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char)buf[i];
      if (c == '\n' || c == '\r')
        {
          t->pending = FALSE;
          t->escape_only = TRUE;
          t->state = 0;
          continue;
        }
      if (!t->pending)
        {
          t->pending = TRUE;
          t->escape_only = TRUE;
        }
      if (t->state == 1)
        t->state = c == '[' ? 2 : 0;
      else if (t->state == 2)
        t->state = c >= 0x40 && c <= 0x7e ? 0 : 2;
      else if (c == 0x1b)
        t->state = 1;
      else if (c >= 0x20 && c != 0x7f)  /* NUL padding and controls are not text */
        t->escape_only = FALSE;
    }
}

static void
add_console_chunk (event_capture *capture, escape_tracker *t, int64_t now, const char *buf,
                   size_t len)
{
  if (t->pending && t->escape_only && t->state == 0)
    {
      event_capture_add_chunk (capture, now, "\n", 1);
      t->pending = FALSE;
    }
  escape_tracker_feed (t, buf, len);
  event_capture_add_chunk (capture, now, buf, len);
}

static char *
last_line (const GString *s)
{
  g_autofree char *copy = g_strndup (s->str, s->len);
  g_strstrip (copy);
  char *nl = strrchr (copy, '\n');
  char *line = g_strdup (nl ? nl + 1 : copy);
  g_strdelimit (line, "\r", ' ');
  return line;
}

void
direct_run_pass (const direct_config *cfg, guint pass, pass_result *out, boot_marks *marks,
                 pass_events **events_out)
{
  memset (out, 0, sizeof *out);
  out->qemu_peak_rss_kib = -1;
  out->qemu_pid = -1;
  if (events_out)
    *events_out = NULL;
  boot_marks_clear (marks);
  g_autoptr (event_capture) capture = event_capture_new ();
  event_capture_begin_pass (capture, pass);

  int out_pipe[2], err_pipe[2];
  if (pipe2 (out_pipe, O_CLOEXEC) < 0)
    {
      out->status = PASS_FAILED;
      out->error = g_strdup_printf ("cannot create a pipe: %s", g_strerror (errno));
      return;
    }
  if (pipe2 (err_pipe, O_CLOEXEC) < 0)
    {
      out->status = PASS_FAILED;
      out->error = g_strdup_printf ("cannot create a pipe: %s", g_strerror (errno));
      close (out_pipe[0]);
      close (out_pipe[1]);
      return;
    }
  g_auto (GStrv) argv = direct_qemu_argv (cfg);
  int devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);

  int64_t start = monotonic_ns ();
  event_capture_add_message (capture, EVENT_SOURCE_TRACE, start, "launch", 6);
  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid == 0)
    {
      /* Own process group: the terminal's Ctrl-C reaches only us, and we end
       * QEMU; killing the group also ends whatever a wrapper started.  If we
       * are killed outright, the kernel kills QEMU. */
      setpgid (0, 0);
      process_child_die_with_parent (parent, SIGKILL);
      dup2 (devnull, 0);
      dup2 (out_pipe[1], 1);
      dup2 (err_pipe[1], 2);
      execvp (argv[0], argv);
      dprintf (2, "cannot run %s: %s\n", argv[0], strerror (errno));
      _exit (127);
    }
  int fork_errno = errno;
  close (out_pipe[1]);
  close (err_pipe[1]);
  if (devnull >= 0)
    close (devnull);
  if (pid < 0)
    {
      close (out_pipe[0]);
      close (err_pipe[0]);
      out->status = PASS_FAILED;
      out->error = g_strdup_printf ("cannot start %s: %s", argv[0], g_strerror (fork_errno));
      return;
    }
  setpgid (pid, pid);
  out->qemu_pid = pid;
  /* ... and a guard ends the group (what a wrapper started too). */
  process_guard guard;
  (void) process_guard_start (&guard, pid, GUARD_GRACE_US, NULL);

  int64_t deadline = cfg->timeout_s > 0 ? start + (int64_t)cfg->timeout_s * 1000000000 : 0;
  pass_status verdict = PASS_OK;
  int64_t killed_at = 0;
  GString *qemu_stderr = g_string_new (NULL);
  struct pollfd fds[2] = { { .fd = out_pipe[0], .events = POLLIN },
                           { .fd = err_pipe[0], .events = POLLIN } };
  gboolean reaped = FALSE;
  escape_tracker escapes = { .escape_only = TRUE };
  int wstatus = 0;
  struct rusage ru;
  memset (&ru, 0, sizeof ru);
  char buf[65536];

  while (!reaped)
    {
      gboolean pipes_open = fds[0].fd >= 0 || fds[1].fd >= 0;
      int n = pipes_open ? poll (fds, 2, 100) : 0;
      if (!pipes_open)
        g_usleep (1000);
      int64_t now = monotonic_ns ();
      if (n > 0)
        for (int k = 0; k < 2; k++)
          {
            if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
              continue;
            ssize_t r = read (fds[k].fd, buf, sizeof buf);
            if (r < 0 && (errno == EINTR || errno == EAGAIN))
              continue;
            if (r <= 0)
              {
                close (fds[k].fd);
                fds[k].fd = -1;
                continue;
              }
            if (k == 0)
              add_console_chunk (capture, &escapes, now, buf, (size_t)r);
            else
              {
                g_string_append_len (qemu_stderr, buf, r);
                if (qemu_stderr->len > STDERR_KEEP_BYTES)
                  g_string_erase (qemu_stderr, 0, qemu_stderr->len - STDERR_KEEP_BYTES);
              }
          }
      /* The serial pipe closes when QEMU exits: reap it then (or whenever it
       * has exited while something else still holds the pipes). */
      pid_t w = wait4 (pid, &wstatus, WNOHANG, &ru);
      if (w == pid)
        {
          reaped = TRUE;
          now = monotonic_ns ();
          /* What QEMU wrote just before exiting. */
          for (int k = 0; k < 2; k++)
            while (fds[k].fd >= 0)
              {
                struct pollfd one = { .fd = fds[k].fd, .events = POLLIN };
                if (poll (&one, 1, 0) <= 0)
                  break;
                ssize_t r = read (fds[k].fd, buf, sizeof buf);
                if (r <= 0)
                  break;
                if (k == 0)
                  add_console_chunk (capture, &escapes, now, buf, (size_t)r);
                else
                  g_string_append_len (qemu_stderr, buf, r);
              }
          event_capture_add_message (capture, EVENT_SOURCE_CLOSE, now, "", 0);
          out->wall_ns = now - start;
          break;
        }
      if (verdict == PASS_OK)
        {
          if (interrupt_requested ())
            verdict = PASS_INTERRUPTED;
          else if (deadline && now >= deadline)
            verdict = PASS_TIMED_OUT;
        }
      if (verdict != PASS_OK)
        {
          /* Keep killing: a wrapper may still be starting QEMU. */
          process_kill_group_and_descendants (pid);
          if (!killed_at)
            killed_at = now;
          else if (now - killed_at > REAP_GRACE_NS)
            {
              /* Something holds our pipes: stop reading them. */
              for (int k = 0; k < 2; k++)
                if (fds[k].fd >= 0)
                  {
                    close (fds[k].fd);
                    fds[k].fd = -1;
                  }
            }
        }
    }
  for (int k = 0; k < 2; k++)
    if (fds[k].fd >= 0)
      close (fds[k].fd);
  /* Nothing this pass started may outlive it. */
  process_kill_group_and_descendants (pid);
  process_kill_descendants (TRUE);
  process_guard_release (&guard);

  out->qemu_peak_rss_kib = ru.ru_maxrss > 0 ? ru.ru_maxrss : -1;
  pass_events *events = event_capture_end_pass (capture);
  boot_marks_from_events (events, cfg->ready_code, marks);
  g_autofree char *err_line = last_line (qemu_stderr);
  g_string_free (qemu_stderr, TRUE);

  switch (verdict)
    {
    case PASS_TIMED_OUT:
      out->status = PASS_TIMED_OUT;
      if (marks->ns[BOOT_MARK_READY] < 0)
        out->error = g_strdup_printf ("no ready marker '%s' within %d s: qemu was killed",
                                      cfg->ready, cfg->timeout_s);
      else
        out->error = g_strdup_printf ("qemu did not exit within %d s (ready after %.1f ms): "
                                      "qemu was killed",
                                      cfg->timeout_s,
                                      (double)marks->ns[BOOT_MARK_READY] / 1e6);
      break;
    case PASS_INTERRUPTED:
      out->status = PASS_INTERRUPTED;
      out->error = g_strdup_printf ("interrupted by signal %d: qemu was killed",
                                    interrupt_signal ());
      break;
    default:
      if (WIFSIGNALED (wstatus))
        out->error = g_strdup_printf ("qemu was killed by signal %d%s%s", WTERMSIG (wstatus),
                                      *err_line ? ": " : "", err_line);
      else if (WEXITSTATUS (wstatus) != 0)
        out->error = g_strdup_printf ("qemu exited with status %d%s%s",
                                      WEXITSTATUS (wstatus), *err_line ? ": " : "",
                                      err_line);
      else if (marks->ns[BOOT_MARK_READY] < 0)
        out->error = g_strdup_printf ("qemu exited after %.1f ms without the ready marker "
                                      "'%s' on the console",
                                      (double)out->wall_ns / 1e6, cfg->ready);
      out->status = out->error ? PASS_FAILED : PASS_OK;
      break;
    }
  if (events_out)
    *events_out = events;
  else
    pass_events_free (events);
}
