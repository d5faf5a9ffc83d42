/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-report-svg.c: the SVG Gantt report over hand-built analyses.
 *
 * Each rendering is parsed with GMarkup (well-formed, valid UTF-8) and walked:
 * one bar per activity, the flagged colour on flagged bars only, children's
 * rows below their parents', ticks at 1/2/5 × 10^k, names escaped; folded,
 * the small activities counted once each in rows under their drawn
 * ancestor, with their number and total.  When the
 * environment names an xmllint ($XMLLINT), it checks the documents too.  Set
 * BOOTPERF_TEST_SVG_KEEP=DIR to keep the renderings there for viewing. */

#include <config.h>

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "report-svg.h"

/* A name as the guest console might produce it: markup, quotes, an invalid
 * byte and a control character. */
#define EVIL_NAME "evil <b> & \"q\" 'a' \xff\x01 end"
#define EVIL_NAME_SHOWN "evil <b> & \"q\" 'a' \xef\xbf\xbd\\x01 end"

/* ---- building analyses by hand ---- */

static boot_analysis *
test_analysis_new (guint n_passes, double run_mean_ms)
{
  boot_analysis *an = boot_analysis_new (n_passes);
  an->run_mean_ms = run_mean_ms;
  return an;
}

static activity *
test_add_activity (boot_analysis *an, const char *name, const char *parent, guint depth,
                   gboolean is_long, double start_ms, double duration_ms, double sd_ms)
{
  activity *a = g_new0 (activity, 1);

  a->name = g_strdup (name);
  a->rule = g_strdup (name);
  a->parent = g_strdup (parent);
  a->depth = depth;
  a->is_long = is_long;
  a->n_matched = an->n_passes;
  a->start_mean_ms = start_ms;
  a->duration_ms.n = an->n_passes;
  a->duration_ms.mean = duration_ms;
  a->duration_ms.sd = sd_ms;
  a->duration_ms.median = duration_ms;
  a->duration_ms.min = duration_ms - sd_ms;
  a->duration_ms.max = duration_ms + sd_ms;
  a->percent_of_run = 100 * duration_ms / an->run_mean_ms;
  a->flagged = !is_long && a->percent_of_run >= 1.0;
  g_ptr_array_add (an->activities, a);
  return a;
}

/* run > kernel > two initcalls (one flagged), a name full of trouble whose
 * parent does not exist, guestfsd matched in 3 of 5 passes with one sd
 * unknown, and shutdown at the top level. */
static boot_analysis *
test_small_analysis (void)
{
  boot_analysis *an = test_analysis_new (5, 1000);
  activity *a;

  test_add_activity (an, "run", NULL, 0, TRUE, 0, 1000, 20);
  test_add_activity (an, "kernel", "run", 1, TRUE, 100, 600, 12);
  test_add_activity (an, "initcall virtio_blk.init", "kernel", 2, FALSE, 150, 0.3, 0.05);
  test_add_activity (an, "initcall slow_probe.init", "kernel", 2, FALSE, 200, 50, 4);
  test_add_activity (an, EVIL_NAME, "no such parent", 1, FALSE, 300, 5, 1);
  a = test_add_activity (an, "guestfsd", "run", 1, FALSE, 800, 150, NAN);
  a->n_matched = 3;
  test_add_activity (an, "shutdown", NULL, 0, TRUE, 950, 40, 2);
  return an;
}

/* The shape of a real boot: about 800 activities, 710 of them initcalls. */
static boot_analysis *
test_large_analysis (void)
{
  boot_analysis *an = test_analysis_new (5, 19400);
  GRand *rand = g_rand_new_with_seed (42);
  double t;

  test_add_activity (an, "run", NULL, 0, TRUE, 0, 19400, 900);
  test_add_activity (an, "supermin:build", "run", 1, FALSE, 0, 40, 3);
  test_add_activity (an, "qemu", "run", 1, TRUE, 40, 19100, 880);
  test_add_activity (an, "qemu:feature-detect", "qemu", 2, FALSE, 40, 310, 15);
  test_add_activity (an, "qemu:overhead", "qemu", 2, FALSE, 350, 420, 30);
  test_add_activity (an, "bios:overhead", "qemu", 2, FALSE, 770, 600, 40);
  test_add_activity (an, "seabios", "qemu", 2, TRUE, 770, 4700, 200);
  test_add_activity (an, "kernel", "qemu", 2, TRUE, 5470, 14600, 700);
  test_add_activity (an, "kernel:overhead", "kernel", 3, FALSE, 5470, 120, 10);
  test_add_activity (an, "kernel:ftrace", "kernel", 3, FALSE, 5800, 90, 8);
  test_add_activity (an, "kernel:alternatives", "kernel", 3, FALSE, 6000, 45, 3);
  test_add_activity (an, "kernel:initcalls-before-userspace", "kernel", 3, TRUE, 6100,
                     2600, 150);
  t = 6100;
  for (int i = 0; i < 710; i++)
    {
      g_autofree char *name = g_strdup_printf ("initcall module_%03d.init_fn", i);
      double duration = g_rand_double_range (rand, 0.01, 1.2);
      if (i % 97 == 13)
        duration = g_rand_double_range (rand, 200, 260);
      activity *a = test_add_activity (an, name, "kernel:initcalls-before-userspace", 4,
                                       FALSE, t, duration, duration * 0.08);
      g_free (a->rule);
      a->rule = g_strdup ("initcall");
      t += 2600.0 / 710;
    }
  test_add_activity (an, "supermin:mini-initrd", "kernel", 3, FALSE, 8700, 300, 20);
  t = 8700;
  for (int i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("insmod virtio_mod_%02d", i);
      activity *a
          = test_add_activity (an, name, "supermin:mini-initrd", 4, FALSE, t, 8, 0.6);
      g_free (a->rule);
      a->rule = g_strdup ("insmod");
      t += 4.8;
    }
  test_add_activity (an, "/init", "kernel", 3, TRUE, 12400, 7600, 300);
  test_add_activity (an, "bash:overhead", "/init", 4, FALSE, 12400, 60, 5);
  test_add_activity (an, "/init:mount-special", "/init", 4, FALSE, 12500, 90, 7);
  test_add_activity (an, "/init:kmod-static-nodes", "/init", 4, FALSE, 12600, 40, 3);
  test_add_activity (an, "/init:systemd-tmpfiles", "/init", 4, FALSE, 12650, 110, 9);
  test_add_activity (an, "/init:udev-overhead", "/init", 4, FALSE, 12800, 4200, 310);
  test_add_activity (an, "/init:network-overhead", "/init", 4, FALSE, 17000, 30, 2);
  test_add_activity (an, "/init:md-probe", "/init", 4, FALSE, 17050, 150, 12);
  test_add_activity (an, "/init:lvm-probe", "/init", 4, FALSE, 17200, 500, 45);
  test_add_activity (an, "/init:windows-dynamic-disks-probe", "/init", 4, FALSE, 17700,
                     80, 6);
  test_add_activity (an, "guestfsd", "/init", 4, FALSE, 18000, 1300, 90);
  test_add_activity (an, "shutdown", "run", 1, FALSE, 19100, 300, 25);
  g_rand_free (rand);
  return an;
}

/* ---- reading a rendering back ---- */

typedef struct
{
  GPtrArray *bar_names; /* char *: first line of the bar's <title> */
  GArray *bar_y;        /* double */
  GPtrArray *bar_fills; /* char * */
  GArray *tick_ms;      /* double: the top axis's labels */
  guint n_tick_lines;
  GString *text; /* text of the element being read */
  gboolean reading_text;
  char *title; /* the last <title> seen */
  /* Rows of folded activities: */
  GPtrArray *fold_labels; /* char * */
  GArray *fold_y;         /* double: top of the first mark */
  GArray *fold_marks;     /* guint: marks drawn, one per member */
} parsed_svg;

static const char *
attribute (const char **names, const char **values, const char *wanted)
{
  for (int i = 0; names[i]; i++)
    if (strcmp (names[i], wanted) == 0)
      return values[i];
  return NULL;
}

static void
parsed_start (GMarkupParseContext *context, const char *element, const char **names,
              const char **values, gpointer data, GError **error)
{
  parsed_svg *p = data;
  const char *class_name = attribute (names, values, "class");

  if (strcmp (element, "title") == 0
      || (strcmp (element, "text") == 0 && g_strcmp0 (class_name, "tick-label") == 0)
      || (strcmp (element, "text") == 0 && g_strcmp0 (class_name, "fold-label") == 0))
    {
      g_string_truncate (p->text, 0);
      p->reading_text = TRUE;
    }
  else if (strcmp (element, "line") == 0 && g_strcmp0 (class_name, "tick") == 0)
    p->n_tick_lines++;
  else if (strcmp (element, "path") == 0 && g_strcmp0 (class_name, "fold-members") == 0)
    {
      const char *d = attribute (names, values, "d");
      const char *comma = strchr (d, ',');
      double y = comma ? g_ascii_strtod (comma + 1, NULL) : -1;
      guint marks = 0;
      for (const char *c = d; *c; c++)
        marks += *c == 'M';
      g_array_append_val (p->fold_y, y);
      g_array_append_val (p->fold_marks, marks);
    }
  else if (strcmp (element, "rect") == 0 && g_strcmp0 (class_name, "bar") == 0)
    {
      double y = g_ascii_strtod (attribute (names, values, "y"), NULL);
      g_autofree char *name = g_strdup (p->title ? p->title : "");
      char *newline = strchr (name, '\n');
      if (newline)
        *newline = '\0';
      g_ptr_array_add (p->bar_names, g_steal_pointer (&name));
      g_array_append_val (p->bar_y, y);
      g_ptr_array_add (p->bar_fills, g_strdup (attribute (names, values, "fill")));
    }
}

static void
parsed_end (GMarkupParseContext *context, const char *element, gpointer data,
            GError **error)
{
  parsed_svg *p = data;

  if (!p->reading_text)
    return;
  p->reading_text = FALSE;
  if (strcmp (element, "title") == 0)
    {
      g_free (p->title);
      p->title = g_strdup (p->text->str);
    }
  else if (strcmp (element, "text") == 0 && p->fold_labels->len < p->fold_y->len)
    g_ptr_array_add (p->fold_labels, g_strdup (p->text->str));
  else if (strcmp (element, "text") == 0)
    {
      /* Only the first (top) axis: stop once the labels start again. */
      double ms = g_ascii_strtod (p->text->str, NULL);
      if (p->tick_ms->len == 0
          || ms > g_array_index (p->tick_ms, double, p->tick_ms->len - 1))
        g_array_append_val (p->tick_ms, ms);
    }
}

static void
parsed_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data,
             GError **error)
{
  parsed_svg *p = data;

  if (p->reading_text)
    g_string_append_len (p->text, text, len);
}

static void
parsed_svg_free (parsed_svg *p)
{
  g_ptr_array_unref (p->bar_names);
  g_array_unref (p->bar_y);
  g_ptr_array_unref (p->bar_fills);
  g_array_unref (p->tick_ms);
  g_string_free (p->text, TRUE);
  g_free (p->title);
  g_ptr_array_unref (p->fold_labels);
  g_array_unref (p->fold_y);
  g_array_unref (p->fold_marks);
  g_free (p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (parsed_svg, parsed_svg_free)

/* Parse svg, failing the test if it is not well-formed. */
static parsed_svg *
parse_svg (const char *svg)
{
  static const GMarkupParser parser
      = { parsed_start, parsed_end, parsed_text, NULL, NULL };
  parsed_svg *p = g_new0 (parsed_svg, 1);
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) error = NULL;

  p->bar_names = g_ptr_array_new_with_free_func (g_free);
  p->bar_y = g_array_new (FALSE, FALSE, sizeof (double));
  p->bar_fills = g_ptr_array_new_with_free_func (g_free);
  p->tick_ms = g_array_new (FALSE, FALSE, sizeof (double));
  p->text = g_string_new (NULL);
  p->fold_labels = g_ptr_array_new_with_free_func (g_free);
  p->fold_y = g_array_new (FALSE, FALSE, sizeof (double));
  p->fold_marks = g_array_new (FALSE, FALSE, sizeof (guint));
  context = g_markup_parse_context_new (&parser, 0, p, NULL);
  if (g_markup_parse_context_parse (context, svg, -1, &error))
    g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  return p;
}

static int
bar_index (const parsed_svg *p, const char *name)
{
  for (guint i = 0; i < p->bar_names->len; i++)
    if (strcmp (p->bar_names->pdata[i], name) == 0)
      return (int)i;
  g_test_message ("no bar for '%s'", name);
  g_test_fail ();
  return 0;
}

static double
bar_y (const parsed_svg *p, const char *name)
{
  return g_array_index (p->bar_y, double, bar_index (p, name));
}

/* Checks every rendering must pass, whatever the analysis. */
static void
check_document (const char *svg, const boot_analysis *an, const parsed_svg *p)
{
  double step;

  /* XML 1.0 allows no control characters but these, even as references. */
  for (const char *c = svg; *c; c++)
    g_assert_true ((unsigned char)*c >= 0x20 || *c == '\n' || *c == '\t');
  g_assert_null (strstr (svg, "&#x"));
  /* No number came out as NaN or infinity. */
  for (const char *c = svg; (c = strpbrk (c, "\">=,")); c++)
    g_assert_false (g_str_has_prefix (c + 1, "nan") || g_str_has_prefix (c + 1, "-nan")
                    || g_str_has_prefix (c + 1, "inf")
                    || g_str_has_prefix (c + 1, "-inf"));
  g_assert_true (
      g_str_has_prefix (svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));

  g_assert_cmpuint (p->bar_names->len, ==, an->activities->len);
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = an->activities->pdata[i];
      const char *fill;
      if (strcmp (a->name, EVIL_NAME) == 0)
        continue;
      fill = p->bar_fills->pdata[bar_index (p, a->name)];
      if (a->flagged)
        g_assert_cmpstr (fill, ==, REPORT_SVG_FILL_FLAGGED);
      else
        g_assert_cmpstr (fill, !=, REPORT_SVG_FILL_FLAGGED);
      if (a->parent && g_strcmp0 (a->parent, "no such parent") != 0)
        g_assert_cmpfloat (bar_y (p, a->name), >, bar_y (p, a->parent));
    }

  /* Ticks: at least two, evenly spaced by 1, 2 or 5 × 10^k, from 0. */
  g_assert_cmpuint (p->n_tick_lines, >=, 2);
  g_assert_cmpuint (p->tick_ms->len, ==, p->n_tick_lines);
  g_assert_cmpfloat (g_array_index (p->tick_ms, double, 0), ==, 0);
  step = g_array_index (p->tick_ms, double, 1);
  for (guint i = 1; i < p->tick_ms->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (p->tick_ms, double, i), i * step,
                                    step * 1e-6);
  {
    double mantissa = step / pow (10, floor (log10 (step) + 1e-9));
    g_assert_true (fabs (mantissa - 1) < 1e-6 || fabs (mantissa - 2) < 1e-6
                   || fabs (mantissa - 5) < 1e-6);
  }
}

/* xmllint agrees the document is well-formed XML; skipped without one. */
static void
check_with_xmllint (const char *svg)
{
  const char *xmllint = g_getenv ("XMLLINT");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *errors = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!xmllint || !*xmllint)
    {
      g_test_message ("XMLLINT not set: only GMarkup checked the document");
      return;
    }
  dir = g_dir_make_tmp ("test-report-svg-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "report.svg", NULL);
  g_file_set_contents (path, svg, -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { xmllint, "--noout", path, NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &errors, &status, &error);
  }
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_test_message ("xmllint: %s", errors);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_unlink (path);
  g_rmdir (dir);
}

/* Keep svg as DIR/name.svg when BOOTPERF_TEST_SVG_KEEP=DIR. */
static void
keep_for_viewing (const char *svg, const char *name)
{
  const char *dir = g_getenv ("BOOTPERF_TEST_SVG_KEEP");
  g_autofree char *file = g_strconcat (name, ".svg", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (!dir || !*dir)
    return;
  path = g_build_filename (dir, file, NULL);
  g_file_set_contents (path, svg, -1, &error);
  g_assert_no_error (error);
}

/* ---- the tests ---- */

static void
test_small (void)
{
  boot_analysis *an = test_small_analysis ();
  g_autofree char *svg = report_svg_render (an, NULL);
  g_autoptr (parsed_svg) p = parse_svg (svg);

  check_document (svg, an, p);
  check_with_xmllint (svg);
  keep_for_viewing (svg, "small");
  /* Nested rows: run, kernel, its initcalls, then guestfsd under run. */
  g_assert_cmpfloat (bar_y (p, "initcall virtio_blk.init"), <, bar_y (p, "guestfsd"));
  g_assert_cmpfloat (bar_y (p, "guestfsd"), <, bar_y (p, "shutdown"));
  /* The label shows what the text timeline shows. */
  g_assert_nonnull (strstr (svg, "50.0ms ±4.0ms (5.0%)"));
  g_assert_nonnull (strstr (svg, "150.0ms (15.0%) [3/5 passes]"));
  boot_analysis_free (an);
}

static void
test_escaping (void)
{
  boot_analysis *an = test_small_analysis ();
  g_autofree char *svg = report_svg_render (an, NULL);
  g_autoptr (parsed_svg) p = parse_svg (svg);

  g_assert_null (strstr (svg, "<b>"));
  g_assert_null (strstr (svg, "\"q\""));
  g_assert_nonnull (strstr (svg, "evil &lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;"));
  /* Read back, the name is the console's, made visible. */
  g_assert_cmpstr (p->bar_names->pdata[bar_index (p, EVIL_NAME_SHOWN)], ==,
                   EVIL_NAME_SHOWN);
  g_assert_true (g_utf8_validate (svg, -1, NULL));
  boot_analysis_free (an);
}

static void
test_long_name_is_cut (void)
{
  boot_analysis *an = test_analysis_new (2, 100);
  g_autofree char *long_name = g_strnfill (5000, 'x');
  g_autofree char *svg = NULL;

  test_add_activity (an, long_name, NULL, 0, FALSE, 10, 20, 1);
  svg = report_svg_render (an, NULL);
  /* The tooltip keeps 1000 characters, the label 80: neither keeps all. */
  g_assert_null (strstr (svg, long_name));
  g_assert_nonnull (strstr (svg, "xxx…"));
  boot_analysis_free (an);
}

static void
test_empty (void)
{
  boot_analysis *an = test_analysis_new (5, 0);
  g_autofree char *svg = report_svg_render (an, NULL);
  g_autoptr (parsed_svg) p = parse_svg (svg);

  check_document (svg, an, p);
  check_with_xmllint (svg);
  g_assert_nonnull (strstr (svg, "No activities."));
  keep_for_viewing (svg, "empty");
  boot_analysis_free (an);
}

static void
test_parent_cycle (void)
{
  boot_analysis *an = test_analysis_new (3, 100);
  g_autofree char *svg = NULL;

  test_add_activity (an, "a", "b", 1, FALSE, 10, 20, 1);
  test_add_activity (an, "b", "a", 1, FALSE, 20, 20, 1);
  test_add_activity (an, "c", "c", 0, FALSE, 30, 20, 1);
  svg = report_svg_render (an, NULL);
  {
    g_autoptr (parsed_svg) p = parse_svg (svg);
    g_assert_cmpuint (p->bar_names->len, ==, 3);
  }
  boot_analysis_free (an);
}

static void
test_large (void)
{
  boot_analysis *an = test_large_analysis ();
  g_autofree char *svg = report_svg_render (an, NULL);
  g_autoptr (parsed_svg) p = parse_svg (svg);

  g_assert_cmpuint (an->activities->len, >, 790);
  check_document (svg, an, p);
  check_with_xmllint (svg);
  keep_for_viewing (svg, "large");
  boot_analysis_free (an);
}

/* A locale with a decimal comma must not reach the coordinates. */
static void
test_decimal_comma_locale (void)
{
  boot_analysis *an = test_small_analysis ();
  g_autofree char *svg = NULL;
  char *old = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (!setlocale (LC_NUMERIC, "de_DE.UTF-8"))
    {
      g_free (old);
      boot_analysis_free (an);
      g_test_skip ("locale de_DE.UTF-8 is not installed");
      return;
    }
  svg = report_svg_render (an, NULL);
  setlocale (LC_NUMERIC, old);
  g_free (old);
  {
    g_autoptr (parsed_svg) p = parse_svg (svg);
    check_document (svg, an, p);
  }
  boot_analysis_free (an);
}

static void
test_write (void)
{
  boot_analysis *an = test_small_analysis ();
  g_autofree char *svg = report_svg_render (an, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-svg-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "boot.svg", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "boot.svg", NULL);
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_assert_true (report_svg_write (an, NULL, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, svg);

  g_assert_false (report_svg_write (an, NULL, missing, &error));
  g_assert_nonnull (error);

  g_unlink (path);
  g_rmdir (dir);
  boot_analysis_free (an);
}

/* ---- folding ---- */

static const report_svg_options fold_default
    = { .fold_below_percent = REPORT_SVG_FOLD_PERCENT };

/* The fold row whose label starts with prefix, or -1. */
static int
fold_index (const parsed_svg *p, const char *prefix)
{
  for (guint i = 0; i < p->fold_labels->len; i++)
    if (g_str_has_prefix (p->fold_labels->pdata[i], prefix))
      return (int)i;
  g_test_message ("no fold row '%s...'", prefix);
  return -1;
}

static gboolean
has_bar (const parsed_svg *p, const char *name)
{
  for (guint i = 0; i < p->bar_names->len; i++)
    if (strcmp (p->bar_names->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* 800 activities: the ones that matter keep their rows, every other one is
 * in exactly one fold, and the folds say how many and how long. */
static void
test_fold_large (void)
{
  boot_analysis *an = test_large_analysis ();
  g_autofree char *svg = report_svg_render (an, &fold_default);
  g_autoptr (parsed_svg) p = parse_svg (svg);
  double threshold_ms = an->run_mean_ms * REPORT_SVG_FOLD_PERCENT / 100;
  double initcalls_ms = 0;
  guint n_initcalls = 0, in_folds = 0;
  int initcalls;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  check_with_xmllint (svg);
  keep_for_viewing (svg, "large-folded");
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = an->activities->pdata[i];
      if (a->percent_of_run >= REPORT_SVG_FOLD_PERCENT)
        g_assert_true (has_bar (p, a->name));
      if (g_str_has_prefix (a->name, "initcall ")
          && a->percent_of_run < REPORT_SVG_FOLD_PERCENT)
        {
          n_initcalls++;
          initcalls_ms += a->duration_ms.mean;
        }
    }
  for (guint i = 0; i < p->fold_marks->len; i++)
    in_folds += g_array_index (p->fold_marks, guint, i);
  g_assert_cmpuint (p->bar_names->len + in_folds, ==, an->activities->len);
  /* Every fold is in the row of an activity: no row of its own. */
  g_assert_cmpuint (p->bar_names->len, <, 50);

  /* The 702 short initcalls, under the activity that holds them. */
  g_assert_cmpuint (n_initcalls, ==, 702);
  initcalls = fold_index (p, "+ 702 initcalls");
  g_assert_cmpint (initcalls, >=, 0);
  g_assert_cmpuint (g_array_index (p->fold_marks, guint, initcalls), ==, 702);
  label = g_strdup_printf ("+ 702 initcalls under %.1fms each: %.1fms (%.1f%%)",
                           threshold_ms, initcalls_ms,
                           100 * initcalls_ms / an->run_mean_ms);
  g_assert_cmpstr (p->fold_labels->pdata[initcalls], ==, label);
  g_assert_cmpint (fold_index (p, "+ 60 insmods under"), >=, 0);
  /* In the row of the activity that holds them, along its bar. */
  g_assert_cmpfloat (g_array_index (p->fold_y, double, initcalls), >,
                     bar_y (p, "kernel:initcalls-before-userspace"));
  g_assert_cmpfloat (g_array_index (p->fold_y, double, initcalls), <,
                     bar_y (p, "kernel:initcalls-before-userspace") + 10);
  /* Five short /init steps of different rules, named; a short activity
   * alone under its parent keeps its row. */
  {
    int init_steps = fold_index (p, "+ 5 under 97.0ms each: 300.0ms (1.5%): ");
    g_assert_cmpint (init_steps, >=, 0);
    g_assert_true (g_str_has_suffix (p->fold_labels->pdata[init_steps], " and 2 more"));
  }
  g_assert_true (has_bar (p, "supermin:build"));
  title = g_strdup_printf ("; %u under 0.5%% of the run folded (+ in a row)<", in_folds);
  g_assert_nonnull (strstr (svg, title));
  boot_analysis_free (an);
}

/* An initcall inside another (as mean spans make them) is counted once in
 * the fold's total; the fold sits under the drawn ancestor. */
static void
test_fold_nested_counted_once (void)
{
  boot_analysis *an = test_analysis_new (3, 10000);
  const char *names[] = { "initcall a", "initcall b", "initcall c" };
  const char *parents[] = { "kernel", "initcall a", "kernel" };
  const double starts[] = { 100, 105, 200 }, durations[] = { 20, 5, 10 };
  g_autofree char *svg = NULL;

  test_add_activity (an, "run", NULL, 0, TRUE, 0, 10000, 100);
  test_add_activity (an, "kernel", "run", 1, TRUE, 50, 5000, 50);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      activity *a = test_add_activity (an, names[i], parents[i], i == 1 ? 3 : 2, FALSE,
                                       starts[i], durations[i], 1);
      g_free (a->rule);
      a->rule = g_strdup ("initcall");
    }
  svg = report_svg_render (an, &fold_default);
  {
    g_autoptr (parsed_svg) p = parse_svg (svg);
    g_assert_cmpuint (p->bar_names->len, ==, 2);
    g_assert_cmpuint (p->fold_labels->len, ==, 1);
    g_assert_cmpstr (p->fold_labels->pdata[0], ==,
                     "+ 3 initcalls under 50.0ms each: 30.0ms (0.3%)");
    g_assert_cmpuint (g_array_index (p->fold_marks, guint, 0), ==, 3);
    g_assert_cmpfloat (g_array_index (p->fold_y, double, 0), >, bar_y (p, "kernel"));
    g_assert_cmpfloat (g_array_index (p->fold_y, double, 0), <, bar_y (p, "kernel") + 10);
  }
  boot_analysis_free (an);
}

/* Small activities with no drawn ancestor get a row of their own, after
 * the top-level activities. */
static void
test_fold_top_level (void)
{
  boot_analysis *an = test_analysis_new (2, 1000);
  g_autofree char *svg = NULL;

  test_add_activity (an, "run", NULL, 0, TRUE, 0, 1000, 10);
  test_add_activity (an, "early <a>", NULL, 0, FALSE, 1001, 2, 0.1);
  test_add_activity (an, "late", NULL, 0, FALSE, 1010, 3, 0.1);
  svg = report_svg_render (an, &fold_default);
  {
    g_autoptr (parsed_svg) p = parse_svg (svg);
    g_assert_cmpuint (p->bar_names->len, ==, 1);
    g_assert_cmpuint (p->fold_labels->len, ==, 1);
    g_assert_cmpstr (p->fold_labels->pdata[0], ==,
                     "2 under 5.0ms each: 5.0ms (0.5%): early <a>, late");
    g_assert_cmpfloat (g_array_index (p->fold_y, double, 0), >, bar_y (p, "run") + 10);
  }
  check_with_xmllint (svg);
  boot_analysis_free (an);
}

/* Nothing to fold, or one small activity alone under its parent: the
 * picture is the one with every activity drawn. */
static void
test_fold_nothing_to_gain (void)
{
  boot_analysis *an = test_small_analysis ();
  g_autofree char *all = report_svg_render (an, NULL);
  g_autofree char *folded = report_svg_render (an, &fold_default);
  const report_svg_options everything = { .fold_below_percent = 0 };
  g_autofree char *zero = report_svg_render (an, &everything);

  /* initcall virtio_blk.init is 0.03% of the run, alone under kernel. */
  g_assert_cmpstr (folded, ==, all);
  g_assert_cmpstr (zero, ==, all);
  g_assert_null (strstr (all, "class=\"fold"));
  boot_analysis_free (an);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-svg/small", test_small);
  g_test_add_func ("/report-svg/escaping", test_escaping);
  g_test_add_func ("/report-svg/long-name-is-cut", test_long_name_is_cut);
  g_test_add_func ("/report-svg/empty", test_empty);
  g_test_add_func ("/report-svg/parent-cycle", test_parent_cycle);
  g_test_add_func ("/report-svg/large", test_large);
  g_test_add_func ("/report-svg/decimal-comma-locale", test_decimal_comma_locale);
  g_test_add_func ("/report-svg/write", test_write);
  g_test_add_func ("/report-svg/fold-large", test_fold_large);
  g_test_add_func ("/report-svg/fold-nested-counted-once", test_fold_nested_counted_once);
  g_test_add_func ("/report-svg/fold-nothing-to-gain", test_fold_nothing_to_gain);
  g_test_add_func ("/report-svg/fold-top-level", test_fold_top_level);
  return g_test_run ();
}
