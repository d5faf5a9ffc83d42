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
#include "hostinfo.h"
#include "kvm-probe.h"
#include "process.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-direct-error-quark, direct_error)
/* clang-format on */

#define STDERR_KEEP_BYTES 4096
#define REAP_GRACE_NS INT64_C (5000000000)  /* after a kill, for the pipes to close */
#define GUARD_GRACE_US (2 * G_USEC_PER_SEC) /* if we die: SIGTERM, then SIGKILL */
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
  dst->ready_code
      = src->ready_code ? pcre2_code_copy_with_tables (src->ready_code) : NULL;
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
      g_set_error (error, direct_error_quark (), 0, "%s %s: is a directory", option,
                   path);
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

/* --kernel, --initrd (the tiny init's when none was given) and --bios. */
static gboolean
check_files (direct_config *cfg, GError **error)
{
  if (!cfg->kernel)
    {
      g_set_error (error, direct_error_quark (), 0, "no --kernel given");
      return FALSE;
    }
  if (!check_readable ("--kernel", cfg->kernel, error))
    return FALSE;
  if (!cfg->initrd && !(cfg->initrd = direct_tiny_init_path ()))
    {
      g_set_error (error, direct_error_quark (), 0,
                   "the tiny init's initrd (tiny-init.cpio) is neither in %s nor in "
                   "%s: build it with make, or give --initrd FILE",
                   BOOTPERF_DATADIR, BOOTPERF_TINY_INIT_BUILDDIR);
      return FALSE;
    }
  return check_readable ("--initrd", cfg->initrd, error)
         && (!cfg->bios || check_readable ("--bios", cfg->bios, error));
}

static gboolean
find_qemu (direct_config *cfg, GError **error)
{
  if (!cfg->qemu)
    cfg->qemu = g_strdup ("qemu-system-x86_64");
  g_autofree char *found = g_find_program_in_path (cfg->qemu);
  if (found)
    return TRUE;
  g_set_error (error, direct_error_quark (), 0,
               "--qemu %s: not found or not executable (install qemu-system-x86)",
               cfg->qemu);
  return FALSE;
}

static gboolean
compile_ready (direct_config *cfg, GError **error)
{
  if (!cfg->ready)
    cfg->ready = g_strdup (DIRECT_TINY_INIT_MARKER);
  if (cfg->ready_code)
    pcre2_code_free (cfg->ready_code);
  int code;
  PCRE2_SIZE offset;
  cfg->ready_code = pcre2_compile ((PCRE2_SPTR)cfg->ready, PCRE2_ZERO_TERMINATED, 0,
                                   &code, &offset, NULL);
  if (cfg->ready_code)
    return TRUE;
  PCRE2_UCHAR msg[256];
  pcre2_get_error_message (code, msg, sizeof msg);
  g_set_error (error, direct_error_quark (), 0, "--ready '%s': %s at offset %zu",
               cfg->ready, (const char *)msg, (size_t)offset);
  return FALSE;
}

gboolean
direct_config_prepare (direct_config *cfg, GError **error)
{
  if (!check_files (cfg, error) || !find_qemu (cfg, error) || !compile_ready (cfg, error))
    return FALSE;
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

char *
direct_qemu_command_line (const direct_config *cfg)
{
  g_auto (GStrv) argv = direct_qemu_argv (cfg);
  g_autoptr (GString) line = g_string_new (NULL);
  for (char **a = argv; *a; a++)
    {
      g_autofree char *q = g_shell_quote (*a);
      g_string_append_printf (line, "%s%s", a == argv ? "" : " ", q);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* SeaBIOS ends its serial output with terminal resets and no line end
 * ("\033c\033[?7l\033[2J"); a quiet kernel then prints nothing, so the
 * next text (the ready marker, seconds later) would join that line and take
 * its time.  A line holding nothing but escape sequences is therefore ended
 * when the next chunk arrives. */
typedef struct
{
  gboolean pending;     /* bytes since the last line end */
  gboolean escape_only; /* ... all of them in escape sequences */
  int state;            /* 0 text, 1 after ESC, 2 in a CSI sequence */
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
      else if (c >= 0x20 && c != 0x7f) /* NUL padding and controls are not text */
        t->escape_only = FALSE;
    }
}

static void
add_console_chunk (event_capture *capture, escape_tracker *t, int64_t now,
                   const char *buf, size_t len)
{
  if (t->pending && t->escape_only && t->state == 0)
    {
      event_capture_add_chunk (capture, now, "\n", 1);
      t->pending = FALSE;
    }
  escape_tracker_feed (t, buf, len);
  event_capture_add_chunk (capture, now, buf, len);
}

/* One pass in progress. */
typedef struct
{
  const direct_config *cfg;
  event_capture *capture;
  escape_tracker escapes;
  GString *qemu_stderr; /* its last STDERR_KEEP_BYTES */
  struct pollfd fds[2]; /* the serial console, QEMU's stderr; fd -1 once closed */
  pid_t pid;            /* QEMU, leading its own process group */
  process_guard guard;
  int64_t start_ns;
  pass_limits limits;   /* the timeout, Ctrl-C, the probe */
  int64_t killed_at_ns; /* 0: not killed */
  pass_status verdict;  /* PASS_OK until a limit or the probe ends the pass */
  gboolean reaped;
  int wstatus;
  struct rusage ru;
} direct_pass;

/* In the child: QEMU with the pipes as stdout and stderr.  Its own process
 * group: the terminal's Ctrl-C reaches only us, and we end QEMU; killing
 * the group also ends whatever a wrapper started.  If we are killed
 * outright, the kernel kills QEMU. */
static void G_GNUC_NORETURN
exec_qemu (char **argv, pid_t parent, int devnull, int out_fd, int err_fd)
{
  setpgid (0, 0);
  process_child_die_with_parent (parent, SIGKILL);
  dup2 (devnull, 0);
  dup2 (out_fd, 1);
  dup2 (err_fd, 2);
  execvp (argv[0], argv);
  dprintf (2, "cannot run %s: %s\n", argv[0], strerror (errno));
  _exit (127);
}

static gboolean
open_pipes (int out_pipe[2], int err_pipe[2], char **error)
{
  if (pipe2 (out_pipe, O_CLOEXEC) == 0)
    {
      if (pipe2 (err_pipe, O_CLOEXEC) == 0)
        return TRUE;
      close (out_pipe[0]);
      close (out_pipe[1]);
    }
  *error = g_strdup_printf ("cannot create a pipe: %s", g_strerror (errno));
  return FALSE;
}

/* Start QEMU (the `launch` trace is time 0); FALSE with out->error. */
static gboolean
spawn_qemu (direct_pass *d, pass_result *out)
{
  int out_pipe[2], err_pipe[2];
  if (!open_pipes (out_pipe, err_pipe, &out->error))
    return FALSE;
  g_auto (GStrv) argv = direct_qemu_argv (d->cfg);
  int devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  d->start_ns = monotonic_ns ();
  event_capture_add_message (d->capture, EVENT_SOURCE_TRACE, d->start_ns, "launch", 6);
  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid == 0)
    exec_qemu (argv, parent, devnull, out_pipe[1], err_pipe[1]);
  int fork_errno = errno;
  close (out_pipe[1]);
  close (err_pipe[1]);
  if (devnull >= 0)
    close (devnull);
  if (pid < 0)
    {
      close (out_pipe[0]);
      close (err_pipe[0]);
      out->error
          = g_strdup_printf ("cannot start %s: %s", argv[0], g_strerror (fork_errno));
      return FALSE;
    }
  setpgid (pid, pid);
  d->pid = out->qemu_pid = pid;
  d->fds[0] = (struct pollfd){ .fd = out_pipe[0], .events = POLLIN };
  d->fds[1] = (struct pollfd){ .fd = err_pipe[0], .events = POLLIN };
  /* ... and a guard ends the group (what a wrapper started too). */
  (void)process_guard_start (&d->guard, pid, GUARD_GRACE_US, NULL);
  if (d->cfg->timeout_s > 0)
    d->limits.deadline_ns = d->start_ns + (int64_t)d->cfg->timeout_s * 1000000000;
  return TRUE;
}

static void
close_pipe (direct_pass *d, int k)
{
  if (d->fds[k].fd >= 0)
    close (d->fds[k].fd);
  d->fds[k].fd = -1;
}

/* Read what pipe k holds; FALSE when it is closed (or nothing was read). */
static gboolean
read_pipe (direct_pass *d, int k, int64_t now)
{
  char buf[65536];
  ssize_t r = read (d->fds[k].fd, buf, sizeof buf);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return TRUE;
  if (r <= 0)
    return FALSE;
  if (k == 0)
    add_console_chunk (d->capture, &d->escapes, now, buf, (size_t)r);
  else
    {
      g_string_append_len (d->qemu_stderr, buf, r);
      if (d->qemu_stderr->len > STDERR_KEEP_BYTES)
        g_string_erase (d->qemu_stderr, 0, d->qemu_stderr->len - STDERR_KEEP_BYTES);
    }
  return TRUE;
}

/* Wait up to 100 ms for output and stamp what came. */
static void
read_output (direct_pass *d)
{
  if (d->fds[0].fd < 0 && d->fds[1].fd < 0)
    {
      g_usleep (1000);
      return;
    }
  if (poll (d->fds, 2, 100) <= 0)
    return;
  int64_t now = monotonic_ns ();
  for (int k = 0; k < 2; k++)
    if (d->fds[k].fd >= 0 && (d->fds[k].revents & (POLLIN | POLLHUP | POLLERR))
        && !read_pipe (d, k, now))
      close_pipe (d, k);
}

static gboolean
has_input (int fd)
{
  struct pollfd one = { .fd = fd, .events = POLLIN };
  return poll (&one, 1, 0) > 0;
}

/* The serial pipe closes when QEMU exits: reap it then (or whenever it has
 * exited while something else still holds the pipes), with what it wrote
 * just before exiting, and end the pass's events with `close`. */
static gboolean
reap_qemu (direct_pass *d, pass_result *out)
{
  if (wait4 (d->pid, &d->wstatus, WNOHANG, &d->ru) != d->pid)
    return FALSE;
  int64_t now = monotonic_ns ();
  for (int k = 0; k < 2; k++)
    while (d->fds[k].fd >= 0 && has_input (d->fds[k].fd) && read_pipe (d, k, now))
      ;
  event_capture_add_message (d->capture, EVENT_SOURCE_CLOSE, now, "", 0);
  out->wall_ns = now - d->start_ns;
  d->reaped = TRUE;
  return TRUE;
}

/* Ctrl-C, the timeout or the probe's verdict end QEMU, and keep ending it:
 * a wrapper may still be starting it.  Pipes something else still holds are
 * let go after a grace. */
static void
enforce_limits (direct_pass *d)
{
  int64_t now = monotonic_ns ();
  if (d->verdict == PASS_OK)
    d->verdict = pass_limits_check (&d->limits, now);
  if (d->verdict == PASS_OK)
    return;
  process_kill_group_and_descendants (d->pid);
  if (!d->killed_at_ns)
    d->killed_at_ns = now;
  else if (now - d->killed_at_ns > REAP_GRACE_NS)
    for (int k = 0; k < 2; k++)
      close_pipe (d, k);
}

/* Nothing this pass started may outlive it. */
static void
end_pass_processes (direct_pass *d)
{
  for (int k = 0; k < 2; k++)
    close_pipe (d, k);
  process_kill_group_and_descendants (d->pid);
  process_kill_descendants (TRUE);
  process_guard_release (&d->guard);
}

static char *
last_stderr_line (const GString *s)
{
  g_autofree char *copy = g_strndup (s->str, s->len);
  g_strstrip (copy);
  char *nl = strrchr (copy, '\n');
  char *line = g_strdup (nl ? nl + 1 : copy);
  g_strdelimit (line, "\r", ' ');
  return line;
}

/* Why the pass failed, or NULL when it did not. */
static char *
failure_message (const direct_pass *d, const boot_marks *marks, int64_t wall_ns)
{
  const direct_config *cfg = d->cfg;
  double ready_ms = (double)marks->ns[BOOT_MARK_READY] / 1e6;
  g_autofree char *err = last_stderr_line (d->qemu_stderr);
  const char *sep = *err ? ": " : "";
  if (d->verdict == PASS_TIMED_OUT && marks->ns[BOOT_MARK_READY] < 0)
    return g_strdup_printf ("no ready marker '%s' within %d s: qemu was killed",
                            cfg->ready, cfg->timeout_s);
  if (d->verdict == PASS_TIMED_OUT)
    return g_strdup_printf (
        "qemu did not exit within %d s (ready after %.1f ms): qemu was "
        "killed",
        cfg->timeout_s, ready_ms);
  if (d->verdict == PASS_INTERRUPTED)
    return pass_interrupted_message ();
  if (d->verdict == PASS_FAILED)
    return g_strdup ("stopped by the caller");
  if (WIFSIGNALED (d->wstatus))
    return g_strdup_printf ("qemu was killed by signal %d%s%s", WTERMSIG (d->wstatus),
                            sep, err);
  if (WEXITSTATUS (d->wstatus) != 0)
    return g_strdup_printf ("qemu exited with status %d%s%s", WEXITSTATUS (d->wstatus),
                            sep, err);
  if (marks->ns[BOOT_MARK_READY] < 0)
    return g_strdup_printf (
        "qemu exited after %.1f ms without the ready marker '%s' on the "
        "console",
        (double)wall_ns / 1e6, cfg->ready);
  return NULL;
}

/* One pass; the probe (or NULL) watches its console and may end it. */
static void
run_direct_pass (const direct_config *cfg, guint pass, kvm_probe *probe, boot_pass *out)
{
  *out = (boot_pass){ .has_marks = TRUE };
  out->result = (pass_result){ .qemu_peak_rss_kib = -1, .qemu_pid = -1 };
  boot_marks_clear (&out->marks);
  direct_pass d = { .cfg = cfg,
                    .limits = { .should_stop = probe ? kvm_probe_should_stop : NULL,
                                .data = probe },
                    .capture = event_capture_new (),
                    .escapes = { .escape_only = TRUE },
                    .qemu_stderr = g_string_new (NULL),
                    .fds = { { .fd = -1 }, { .fd = -1 } },
                    .guard = { .fd = -1 } };
  event_capture_begin_pass (d.capture, pass);
  if (probe)
    kvm_probe_watch (probe, d.capture);
  if (spawn_qemu (&d, &out->result))
    {
      while (!reap_qemu (&d, &out->result))
        {
          enforce_limits (&d);
          read_output (&d);
        }
      end_pass_processes (&d);
    }
  out->result.qemu_peak_rss_kib = d.ru.ru_maxrss > 0 ? d.ru.ru_maxrss : -1;
  out->events = event_capture_end_pass (d.capture);
  boot_marks_from_events (out->events, cfg->ready_code, &out->marks);
  if (!out->result.error)
    out->result.error = failure_message (&d, &out->marks, out->result.wall_ns);
  out->result.status = d.verdict != PASS_OK ? d.verdict
                       : out->result.error  ? PASS_FAILED
                                            : PASS_OK;
  g_string_free (d.qemu_stderr, TRUE);
  event_capture_free (d.capture);
}

typedef struct
{
  boot_target base;
  direct_config cfg;
} direct_target;

static void
target_run_pass (boot_target *t, guint pass, boot_pass *out)
{
  direct_target *dt = (direct_target *)t;
  dt->cfg.accel = t->accel;
  run_direct_pass (&dt->cfg, pass, NULL, out);
  if (!t->capture)
    g_clear_pointer (&out->events, pass_events_free);
}

/* Boot this kernel with this QEMU under KVM until the kernel speaks. */
static gboolean
target_kvm_boots (boot_target *t, char **reason)
{
  direct_target *dt = (direct_target *)t;
  direct_config cfg = dt->cfg; /* borrowed: only the accelerator and timeout differ */
  cfg.accel = ACCEL_KVM;
  cfg.timeout_s = KVM_PROBE_TOTAL_S;
  g_autoptr (kvm_probe) probe = kvm_probe_new ();
  boot_pass p;
  run_direct_pass (&cfg, 0, probe, &p);
  gboolean works = kvm_probe_verdict (probe, &p.result, reason);
  boot_pass_clear (&p);
  return works;
}

static gboolean
target_facts (boot_target *t, boot_target_facts *out, GError **error)
{
  (void)error;
  direct_target *dt = (direct_target *)t;
  dt->cfg.accel = t->accel;
  *out = (boot_target_facts){
    .backend = g_strdup ("direct kernel (no libguestfs)"),
    .hv_path = g_strdup (dt->cfg.qemu),
    .hv_version = host_hv_version (dt->cfg.qemu),
    .smp = dt->cfg.smp,
    .memsize_mb = dt->cfg.memsize_mb,
    .append = direct_kernel_cmdline (&dt->cfg),
  };
  return TRUE;
}

static void
target_free (boot_target *t)
{
  direct_target *dt = (direct_target *)t;
  direct_config_clear (&dt->cfg);
  g_free (dt);
}

static const boot_target_ops direct_ops = {
  .run_pass = target_run_pass,
  .kvm_boots = target_kvm_boots,
  .facts = target_facts,
  .free = target_free,
};

boot_target *
direct_target_new (const direct_config *cfg)
{
  direct_target *dt = g_new0 (direct_target, 1);
  dt->base = (boot_target){ .ops = &direct_ops, .accel = cfg->accel };
  direct_config_copy (&dt->cfg, cfg);
  return &dt->base;
}
