/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guestfs-loader.c: libguestfs, loaded when the first handle is created.
 *
 * libguestfs brings libvirt and some sixty other shared libraries with it.
 * Linked directly, they made every start of every tool cost about 55 ms of
 * CPU in the dynamic loader (perf: 75 ms for `boot-analysis --version`
 * against 20 ms for a program that links glib alone), although replaying a
 * capture, reading reports or checking rules never boots anything.  So the
 * tools link this file instead of libguestfs: each libguestfs function they
 * call is defined here with libguestfs's own prototype (guestfs.h) and
 * calls the real one, found by dlsym.  A libguestfs function the tools
 * start using is added to the list below; until it is, the link fails with
 * "undefined reference", never the program at run time. */
#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include <glib.h>
#include <guestfs.h>

#define GUESTFS_SONAME "libguestfs.so.0"

/* The library, opened once; NULL when it cannot be. */
static void *
library (void)
{
  static gsize once = 0;
  static void *handle;
  if (g_once_init_enter (&once))
    {
      handle = dlopen (GUESTFS_SONAME, RTLD_NOW | RTLD_LOCAL);
      g_once_init_leave (&once, 1);
    }
  return handle;
}

/* The real function, once a handle exists (so the library is there).  Only
 * a libguestfs older than the one built against lacks one. */
static void *
real_symbol (const char *name)
{
  void *lib = library ();
  void *fn = lib ? dlsym (lib, name) : NULL;
  if (!fn)
    g_error ("%s: %s is missing (%s): install the libguestfs this was built with",
             GUESTFS_SONAME, name, lib ? "no such function" : dlerror ());
  return fn;
}

/* Looks the function up on its first call, then calls it. */
#define CALL_REAL(name, ...)                                                             \
  do                                                                                     \
    {                                                                                    \
      static __typeof__ (&name) real;                                                    \
      __typeof__ (&name) fn = g_atomic_pointer_get (&real);                              \
      if (!fn)                                                                           \
        {                                                                                \
          fn = (__typeof__ (&name))real_symbol (#name);                                  \
          g_atomic_pointer_set (&real, fn);                                              \
        }                                                                                \
      return fn (__VA_ARGS__);                                                           \
    }                                                                                    \
  while (0)

/* NULL, as libguestfs says it cannot make a handle, when it cannot be
 * loaded (errno ELIBACC: a shared library it needs is missing). */
guestfs_h *
guestfs_create_flags (unsigned flags, ...)
{
  if (!library ())
    {
      errno = ELIBACC;
      return NULL;
    }
  CALL_REAL (guestfs_create_flags, flags);
}

void
guestfs_close (guestfs_h *g)
{
  CALL_REAL (guestfs_close, g);
}

int
guestfs_add_drive_opts (guestfs_h *g, const char *filename, ...)
{
  va_list args;
  va_start (args, filename);
  int r = guestfs_add_drive_opts_va (g, filename, args);
  va_end (args);
  return r;
}

int
guestfs_add_drive_opts_va (guestfs_h *g, const char *filename, va_list args)
{
  CALL_REAL (guestfs_add_drive_opts_va, g, filename, args);
}

int
guestfs_launch (guestfs_h *g)
{
  CALL_REAL (guestfs_launch, g);
}

int
guestfs_shutdown (guestfs_h *g)
{
  CALL_REAL (guestfs_shutdown, g);
}

const char *
guestfs_last_error (guestfs_h *g)
{
  CALL_REAL (guestfs_last_error, g);
}

void
guestfs_set_error_handler (guestfs_h *g, guestfs_error_handler_cb cb, void *opaque)
{
  CALL_REAL (guestfs_set_error_handler, g, cb, opaque);
}

int
guestfs_set_event_callback (guestfs_h *g, guestfs_event_callback cb,
                            uint64_t event_bitmask, int flags, void *opaque)
{
  CALL_REAL (guestfs_set_event_callback, g, cb, event_bitmask, flags, opaque);
}

struct guestfs_version *
guestfs_version (guestfs_h *g)
{
  CALL_REAL (guestfs_version, g);
}

void
guestfs_free_version (struct guestfs_version *v)
{
  CALL_REAL (guestfs_free_version, v);
}

int
guestfs_set_verbose (guestfs_h *g, int verbose)
{
  CALL_REAL (guestfs_set_verbose, g, verbose);
}

int
guestfs_set_trace (guestfs_h *g, int trace)
{
  CALL_REAL (guestfs_set_trace, g, trace);
}

int
guestfs_set_pgroup (guestfs_h *g, int pgroup)
{
  CALL_REAL (guestfs_set_pgroup, g, pgroup);
}

int
guestfs_set_memsize (guestfs_h *g, int memsize)
{
  CALL_REAL (guestfs_set_memsize, g, memsize);
}

int
guestfs_get_memsize (guestfs_h *g)
{
  CALL_REAL (guestfs_get_memsize, g);
}

int
guestfs_set_smp (guestfs_h *g, int smp)
{
  CALL_REAL (guestfs_set_smp, g, smp);
}

int
guestfs_get_smp (guestfs_h *g)
{
  CALL_REAL (guestfs_get_smp, g);
}

int
guestfs_set_append (guestfs_h *g, const char *append)
{
  CALL_REAL (guestfs_set_append, g, append);
}

const char *
guestfs_get_append (guestfs_h *g)
{
  CALL_REAL (guestfs_get_append, g);
}

int
guestfs_set_backend_setting (guestfs_h *g, const char *name, const char *val)
{
  CALL_REAL (guestfs_set_backend_setting, g, name, val);
}

char *
guestfs_get_backend (guestfs_h *g)
{
  CALL_REAL (guestfs_get_backend, g);
}

char *
guestfs_get_hv (guestfs_h *g)
{
  CALL_REAL (guestfs_get_hv, g);
}

int
guestfs_get_pid (guestfs_h *g)
{
  CALL_REAL (guestfs_get_pid, g);
}
