/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-svg.c: the boot analysis as an SVG Gantt chart.
 *
 * Rows follow the activity tree: each activity is followed by its children,
 * siblings in the analysis's order (mean start), and a narrow gutter on the
 * left draws the tree.  Each row has a bar from the mean start for the mean
 * duration, a ± sd whisker at its end and a label (name, duration, share of
 * the run) inside the bar when it fits, else to its right.  Vertical grid
 * lines mark a millisecond axis with steps of 1, 2 or 5 × 10^k.
 *
 * Activity names come from the guest console, so every name goes through
 * svg_display_text (valid UTF-8, no control characters) and then
 * g_markup_escape_text.  Numbers go through g_ascii_formatd, because a
 * locale's decimal comma would break the coordinates. */

#include <config.h>

#include <math.h>
#include <string.h>

#include "output.h"
#include "report-svg-fold.h"
#include "report-svg.h"

/* Layout, in pixels. */
#define SVG_NO_CLOCK_WIDTH 6 /* px: the box of an activity without a clock */
#define SVG_MARGIN 12.0
#define SVG_ROW_HEIGHT 14.0
#define SVG_BAR_HEIGHT 10.0
#define SVG_FONT_SIZE 10.0
#define SVG_TITLE_FONT_SIZE 14.0
#define SVG_PLOT_WIDTH 1200.0
#define SVG_LABEL_PAD 3.0
#define SVG_TICK_MIN_SPACING 70.0
#define SVG_TREE_INDENT 8.0
#define SVG_TREE_MAX_DEPTH 8 /* deeper rows are drawn at this depth in the gutter */
/* A generous mean advance of the label font: a label judged to fit in a bar
 * does, and the picture is never too narrow for the labels right of bars. */
#define SVG_CHAR_WIDTH 6.2
/* Tall charts repeat the tick labels in a band of their own every so many
 * rows, so that an axis is never far away when scrolling through hundreds of
 * initcalls. */
#define SVG_AXIS_REPEAT_ROWS 50
#define SVG_NAME_MAX_CHARS 80
#define SVG_TOOLTIP_MAX_CHARS 1000

#define SVG_COLOUR_TEXT "#1a1a1a"
#define SVG_COLOUR_MUTED "#6b6b6b"
#define SVG_COLOUR_GRID "#e6e6e6"
#define SVG_COLOUR_WHISKER "#333333"
#define SVG_COLOUR_TREE "#b0b0b0"
/* Long bars are pale, so that the activities inside them stand out; an outline
 * keeps them (and their markers in the gutter) visible on white. */
#define SVG_COLOUR_LONG_OUTLINE "#aab4c0"
/* Folded activities drawn along the bottom of their ancestor's bar. */
#define SVG_COLOUR_FOLD_IN_ROW "#4a5866"

typedef struct
{
  const activity *act;
  guint depth;          /* in the tree as drawn: a parent that is not there is ignored */
  int parent_row;       /* -1 at the top level */
  const svg_fold *fold; /* the fold shown in this row (act may be its own), or NULL */
} svg_row;

/* The millisecond axis: where time t lands is plot_left + (t - min_ms) * px_per_ms. */
typedef struct
{
  double min_ms, max_ms, step_ms;
  int decimals;
  double plot_left, px_per_ms;
} svg_axis;

static double
finite_or (double value, double fallback)
{
  return isfinite (value) ? value : fallback;
}

static void
append_decimal (GString *out, double value, int decimals)
{
  char format[16];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/* A coordinate or length: one decimal is finer than any screen needs. */
static void
append_px_attribute (GString *out, const char *name, double value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_decimal (out, value, 1);
  g_string_append_c (out, '"');
}

static void
append_escaped (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

/* Text as it is shown: invalid UTF-8 becomes U+FFFD, control characters
 * (which XML forbids or which would be invisible) become \xNN, the
 * non-characters U+FFFE and U+FFFF (also forbidden) become U+FFFD, and text
 * longer than max_chars is cut and ends with an ellipsis.  The result still
 * needs XML escaping. */
static char *
svg_display_text (const char *raw, glong max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (raw ? raw : "", -1);
  GString *shown = g_string_new (NULL);
  glong n_chars = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == max_chars)
        {
          g_string_append (shown, "…");
          break;
        }
      n_chars++;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_string_append_printf (shown, "\\x%02x", (unsigned)c);
      else if (c == 0xfffe || c == 0xffff)
        g_string_append_unichar (shown, 0xfffd);
      else
        g_string_append_len (shown, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (shown, FALSE);
}

static double
text_width_px (const char *shown)
{
  return g_utf8_strlen (shown, -1) * SVG_CHAR_WIDTH;
}

/* A duration in milliseconds: one decimal, two below 1ms so that the many
 * short initcalls do not all read 0.0ms. */
static void
append_ms (GString *out, double ms)
{
  append_decimal (out, ms, fabs (ms) < 0.995 ? 2 : 1);
  g_string_append (out, "ms");
}

/* "12.3ms ±0.4ms (1.5%)", as in the text timeline, plus "[3/5 passes]" when
 * the activity did not match in every pass. */
static char *
svg_duration_text (const activity *a, guint n_passes)
{
  GString *text = g_string_new (NULL);

  if (a->n_matched == 0)
    return g_string_free (text, FALSE);
  if (!activity_is_timed (a))
    g_string_append (text, a->n_failed == a->n_matched ? "failed, not timed" : "no clock");
  else
    append_ms (text, finite_or (a->duration_ms.mean, 0));
  if (activity_is_timed (a) && isfinite (a->duration_ms.sd))
    {
      g_string_append (text, " ±");
      append_ms (text, a->duration_ms.sd);
    }
  if (isfinite (a->percent_of_run))
    {
      g_string_append (text, " (");
      append_decimal (text, a->percent_of_run, 1);
      g_string_append (text, "%)");
    }
  if (a->n_matched < n_passes)
    g_string_append_printf (text, " [%u/%u passes]", a->n_matched, n_passes);
  return g_string_free (text, FALSE);
}

static const char *
svg_bar_fill (const activity *a)
{
  if (a->flagged)
    return REPORT_SVG_FILL_FLAGGED;
  if (a->is_long)
    return REPORT_SVG_FILL_LONG;
  return REPORT_SVG_FILL_ACTIVITY;
}

/* fill="..." and, for long activities, the outline. */
static void
append_bar_paint (GString *out, const activity *a)
{
  g_string_append_printf (out, " fill=\"%s\"", svg_bar_fill (a));
  if (a->is_long && !a->flagged)
    g_string_append (out, " stroke=\"" SVG_COLOUR_LONG_OUTLINE "\" stroke-width=\"0.6\"");
}

/* Row order: activity index, then its subtree. */
static void
svg_rows_add_subtree (GArray *rows, const GPtrArray *acts, GPtrArray *children,
                      gboolean *placed, guint index, guint depth, int parent_row)
{
  svg_row row = { acts->pdata[index], depth, parent_row, NULL };
  GArray *kids = children->pdata[index];
  int this_row;

  placed[index] = TRUE;
  g_array_append_val (rows, row);
  this_row = (int)rows->len - 1;
  for (guint k = 0; k < kids->len; k++)
    {
      guint child = g_array_index (kids, guint, k);
      if (!placed[child])
        svg_rows_add_subtree (rows, acts, children, placed, child, depth + 1, this_row);
    }
}

/* Every activity of acts exactly once: top-level activities in acts' order,
 * each followed by its children.  An activity whose parent is missing is
 * top-level; one caught in a parent cycle still gets its row. */
static GArray *
svg_rows_in_tree_order (const GPtrArray *acts)
{
  guint n = acts->len;
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (svg_row), n);
  g_autoptr (GHashTable) index_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) children
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autofree gboolean *placed = g_new0 (gboolean, n + 1);
  g_autofree gboolean *is_child = g_new0 (gboolean, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const activity *a = acts->pdata[i];
      g_ptr_array_add (children, g_array_new (FALSE, FALSE, sizeof (guint)));
      if (a->name && !g_hash_table_contains (index_by_name, a->name))
        g_hash_table_insert (index_by_name, a->name, GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < n; i++)
    {
      const activity *a = acts->pdata[i];
      gpointer found;
      guint parent;

      if (!a->parent
          || !g_hash_table_lookup_extended (index_by_name, a->parent, NULL, &found))
        continue;
      parent = GPOINTER_TO_UINT (found);
      if (parent == i)
        continue;
      g_array_append_val ((GArray *)children->pdata[parent], i);
      is_child[i] = TRUE;
    }
  for (guint i = 0; i < n; i++)
    if (!is_child[i] && !placed[i])
      svg_rows_add_subtree (rows, acts, children, placed, i, 0, -1);
  for (guint i = 0; i < n; i++)
    if (!placed[i])
      svg_rows_add_subtree (rows, acts, children, placed, i, 0, -1);
  return rows;
}

/* The smallest step of 1, 2 or 5 × 10^k that is at least min_step. */
static double
svg_nice_step (double min_step)
{
  static const double multiples[] = { 1, 2, 5, 10 };
  double magnitude;

  if (!(min_step > 0) || !isfinite (min_step))
    return 1;
  magnitude = pow (10, floor (log10 (min_step)));
  for (size_t i = 0; i < G_N_ELEMENTS (multiples); i++)
    if (multiples[i] * magnitude >= min_step * (1 - 1e-9))
      return multiples[i] * magnitude;
  return 10 * magnitude;
}

static double
svg_whisker_ms (const activity *a)
{
  return a->n_matched > 0 ? fmax (finite_or (a->duration_ms.sd, 0), 0) : 0;
}

static svg_axis
svg_axis_for (const boot_analysis *an, GArray *rows, double plot_left)
{
  svg_axis axis = { 0 };
  double lo = 0, hi = finite_or (an->run_mean_ms, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      const activity *a = g_array_index (rows, svg_row, i).act;
      double start = finite_or (a->start_mean_ms, 0);
      double end
          = start + fmax (finite_or (a->duration_ms.mean, 0), 0) + svg_whisker_ms (a);
      if (isfinite (end))
        {
          lo = fmin (lo, start);
          hi = fmax (hi, end);
        }
    }
  if (!(hi > lo))
    hi = lo + 1000;
  axis.step_ms = svg_nice_step ((hi - lo) * SVG_TICK_MIN_SPACING / SVG_PLOT_WIDTH);
  axis.min_ms = floor (lo / axis.step_ms) * axis.step_ms;
  axis.max_ms = ceil (hi / axis.step_ms) * axis.step_ms;
  if (!(axis.max_ms > axis.min_ms))
    axis.max_ms = axis.min_ms + axis.step_ms;
  axis.decimals = axis.step_ms >= 1 ? 0 : (int)ceil (-log10 (axis.step_ms) - 1e-9);
  axis.plot_left = plot_left;
  axis.px_per_ms = SVG_PLOT_WIDTH / (axis.max_ms - axis.min_ms);
  return axis;
}

static double
svg_x (const svg_axis *axis, double ms)
{
  return axis->plot_left + (ms - axis->min_ms) * axis->px_per_ms;
}

/* Rows 0..49 come first, then a band for the repeated tick labels, then rows
 * 50..99, and so on. */
static double
svg_row_top (double plot_top, guint row)
{
  return plot_top + (row + row / SVG_AXIS_REPEAT_ROWS) * SVG_ROW_HEIGHT;
}

static double
svg_plot_bottom (double plot_top, guint n_rows)
{
  return n_rows == 0 ? plot_top : svg_row_top (plot_top, n_rows - 1) + SVG_ROW_HEIGHT;
}

static void
svg_append_tick_labels (GString *out, const svg_axis *axis, double baseline_y,
                        const char *class_name)
{
  guint n_ticks = (guint)round ((axis->max_ms - axis->min_ms) / axis->step_ms);

  for (guint k = 0; k <= n_ticks; k++)
    {
      double ms = axis->min_ms + k * axis->step_ms;
      g_string_append_printf (out, "<text class=\"%s\"", class_name);
      append_px_attribute (out, "x", svg_x (axis, ms));
      append_px_attribute (out, "y", baseline_y);
      g_string_append (out, " text-anchor=\"middle\" fill=\"" SVG_COLOUR_MUTED "\">");
      append_decimal (out, fabs (ms) < axis->step_ms / 2 ? 0 : ms, axis->decimals);
      g_string_append (out, "ms</text>\n");
    }
}

static void
svg_append_grid (GString *out, const svg_axis *axis, double plot_top, guint n_rows)
{
  guint n_ticks = (guint)round ((axis->max_ms - axis->min_ms) / axis->step_ms);
  double plot_bottom = svg_plot_bottom (plot_top, n_rows);

  g_string_append (out, "<g class=\"grid\" stroke=\"" SVG_COLOUR_GRID "\">\n");
  for (guint k = 0; k <= n_ticks; k++)
    {
      double x = svg_x (axis, axis->min_ms + k * axis->step_ms);
      g_string_append (out, "<line class=\"tick\"");
      append_px_attribute (out, "x1", x);
      append_px_attribute (out, "y1", plot_top - 4);
      append_px_attribute (out, "x2", x);
      append_px_attribute (out, "y2", plot_bottom + 4);
      g_string_append (out, "/>\n");
    }
  g_string_append (out, "</g>\n");

  svg_append_tick_labels (out, axis, plot_top - 7, "tick-label");
  for (guint row = SVG_AXIS_REPEAT_ROWS; row < n_rows; row += SVG_AXIS_REPEAT_ROWS)
    svg_append_tick_labels (out, axis, svg_row_top (plot_top, row) - 4,
                            "tick-label-repeat");
  svg_append_tick_labels (out, axis, plot_bottom + 14, "tick-label");
}

static double
svg_tree_x (guint depth)
{
  return SVG_MARGIN + MIN (depth, SVG_TREE_MAX_DEPTH) * SVG_TREE_INDENT
         + SVG_TREE_INDENT / 2;
}

/* The gutter: a line from each parent down to its last child, a tick to each
 * child, and a marker in the bar's colour on every row. */
static void
svg_append_tree (GString *out, GArray *rows, double plot_top)
{
  g_autofree int *last_child = g_new (int, rows->len + 1);

  for (guint i = 0; i < rows->len; i++)
    last_child[i] = -1;
  for (guint i = 0; i < rows->len; i++)
    {
      int parent = g_array_index (rows, svg_row, i).parent_row;
      if (parent >= 0)
        last_child[parent] = (int)i;
    }

  g_string_append (out, "<path class=\"tree\" fill=\"none\" stroke=\"" SVG_COLOUR_TREE
                        "\" d=\"");
  for (guint i = 0; i < rows->len; i++)
    {
      const svg_row *row = &g_array_index (rows, svg_row, i);
      double y = svg_row_top (plot_top, i) + SVG_ROW_HEIGHT / 2;

      if (last_child[i] >= 0)
        {
          g_string_append (out, "M");
          append_decimal (out, svg_tree_x (row->depth), 1);
          g_string_append_c (out, ',');
          append_decimal (out, y, 1);
          g_string_append (out, "V");
          append_decimal (out, svg_row_top (plot_top, last_child[i]) + SVG_ROW_HEIGHT / 2,
                          1);
        }
      if (row->parent_row >= 0)
        {
          const svg_row *parent = &g_array_index (rows, svg_row, row->parent_row);
          g_string_append (out, "M");
          append_decimal (out, svg_tree_x (parent->depth), 1);
          g_string_append_c (out, ',');
          append_decimal (out, y, 1);
          g_string_append (out, "H");
          append_decimal (out, svg_tree_x (row->depth), 1);
        }
    }
  g_string_append (out, "\"/>\n");

  for (guint i = 0; i < rows->len; i++)
    {
      const svg_row *row = &g_array_index (rows, svg_row, i);
      g_string_append (out, "<rect class=\"marker\"");
      append_px_attribute (out, "x", svg_tree_x (row->depth) - 2.5);
      append_px_attribute (out, "y",
                           svg_row_top (plot_top, i) + SVG_ROW_HEIGHT / 2 - 2.5);
      g_string_append (out, " width=\"5\" height=\"5\"");
      append_bar_paint (out, row->act);
      g_string_append (out, "/>\n");
    }
}

/* " name 12.3ms" in a tooltip, or " name n/a" when the value is not known
 * (an sd from a single pass). */
static void
append_ms_field (GString *text, const char *name, double ms)
{
  g_string_append_printf (text, " %s ", name);
  if (isfinite (ms))
    {
      append_ms (text, ms);
    }
  else
    g_string_append (text, "n/a");
}

/* The tooltip: the full name and every statistic, one per line. */
static void
svg_append_tooltip (GString *out, const activity *a, guint n_passes)
{
  g_autofree char *name = svg_display_text (a->name, SVG_TOOLTIP_MAX_CHARS);
  g_autofree char *rule = svg_display_text (a->rule, SVG_TOOLTIP_MAX_CHARS);
  const sample_summary *d = &a->duration_ms;
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s\nrule %s\nmatched in %u of %u passes", name,
                          a->rule ? rule : "(none)", a->n_matched, n_passes);
  if (a->n_matched > 0)
    {
      g_string_append (text, "\nstart:");
      append_ms_field (text, "mean", a->start_mean_ms);
      g_string_append (text, "\nduration:");
      append_ms_field (text, "mean", d->mean);
      append_ms_field (text, "sd", d->sd);
      append_ms_field (text, "median", d->median);
      append_ms_field (text, "min", d->min);
      append_ms_field (text, "max", d->max);
      if (isfinite (a->percent_of_run))
        {
          g_string_append (text, "\n");
          append_decimal (text, a->percent_of_run, 1);
          g_string_append (text, "% of the run");
        }
    }
  if (a->flagged)
    g_string_append (text, "\nflagged: not long and at least 1% of the run");
  g_string_append (out, "<title>");
  append_escaped (out, text->str);
  g_string_append (out, "</title>\n");
  g_string_free (text, TRUE);
}

/* Where a row's bar and label end, for what is drawn after them. */
typedef struct
{
  double bar_end; /* whisker included */
  double label_end;
  gboolean label_inside;
} svg_row_extent;

/* One row: bar, whisker, label.  Returns the rightmost x it draws at;
 * extent (may be NULL) says where the bar and the label end. */
static double
svg_append_row (GString *out, const svg_row *row, guint index, const svg_axis *axis,
                double plot_top, guint n_passes, svg_row_extent *extent)
{
  const activity *a = row->act;
  double start_ms = a->n_matched > 0 ? finite_or (a->start_mean_ms, 0) : 0;
  double duration_ms
      = a->n_matched > 0 ? fmax (finite_or (a->duration_ms.mean, 0), 0) : 0;
  double whisker_px = svg_whisker_ms (a) * axis->px_per_ms;
  double top = svg_row_top (plot_top, index);
  double bar_x = svg_x (axis, start_ms);
  double bar_width = duration_ms * axis->px_per_ms;
  double bar_end, mid_y, label_x, label_width;
  g_autofree char *name = svg_display_text (a->name, SVG_NAME_MAX_CHARS);
  g_autofree char *duration = svg_duration_text (a, n_passes);
  gboolean label_inside;

  /* A bar too short to see still gets a pixel, as long as it matched at all;
   * an activity without a clock gets a dashed empty box: a place, no length. */
  gboolean no_clock = a->n_matched > 0 && !activity_is_timed (a);
  if (no_clock)
    bar_width = SVG_NO_CLOCK_WIDTH;
  else if (a->n_matched > 0 && bar_width < 1)
    bar_width = 1;
  bar_end = bar_x + bar_width;
  mid_y = top + SVG_ROW_HEIGHT / 2;

  g_string_append (out, "<g class=\"activity\">\n");
  svg_append_tooltip (out, a, n_passes);
  g_string_append (out, "<rect class=\"bar\"");
  append_px_attribute (out, "x", bar_x);
  append_px_attribute (out, "y", top + (SVG_ROW_HEIGHT - SVG_BAR_HEIGHT) / 2);
  append_px_attribute (out, "width", bar_width);
  append_px_attribute (out, "height", SVG_BAR_HEIGHT);
  if (bar_width > 4)
    g_string_append (out, " rx=\"2\"");
  if (no_clock)
    g_string_append (out, " fill=\"none\" stroke=\"" SVG_COLOUR_MUTED
                          "\" stroke-width=\"1\" stroke-dasharray=\"2,1.5\"");
  else
    append_bar_paint (out, a);
  g_string_append (out, "/>\n");

  if (whisker_px > 0)
    {
      double cap = whisker_px >= 2 ? 3 : 0;
      g_string_append (out,
                       "<path class=\"whisker\" stroke=\"" SVG_COLOUR_WHISKER "\" d=\"M");
      append_decimal (out, bar_end - whisker_px, 1);
      g_string_append_c (out, ',');
      append_decimal (out, mid_y, 1);
      g_string_append (out, "H");
      append_decimal (out, bar_end + whisker_px, 1);
      if (cap > 0)
        {
          g_string_append (out, "M");
          append_decimal (out, bar_end - whisker_px, 1);
          g_string_append_c (out, ',');
          append_decimal (out, mid_y - cap, 1);
          g_string_append (out, "v6M");
          append_decimal (out, bar_end + whisker_px, 1);
          g_string_append_c (out, ',');
          append_decimal (out, mid_y - cap, 1);
          g_string_append (out, "v6");
        }
      g_string_append (out, "\"/>\n");
    }

  label_width = text_width_px (name) + SVG_CHAR_WIDTH + text_width_px (duration);
  label_inside = label_width + 2 * SVG_LABEL_PAD <= bar_width;
  label_x = label_inside ? bar_x + SVG_LABEL_PAD : bar_end + whisker_px + SVG_LABEL_PAD;
  g_string_append (out, "<text class=\"label\"");
  append_px_attribute (out, "x", label_x);
  append_px_attribute (out, "y", top + SVG_ROW_HEIGHT - 3.5);
  if (a->flagged)
    g_string_append (out, " font-weight=\"bold\"");
  g_string_append (out, ">");
  append_escaped (out, name);
  g_string_append (out, " <tspan fill=\"" SVG_COLOUR_MUTED "\">");
  append_escaped (out, a->n_matched > 0 ? duration : "never matched");
  g_string_append (out, "</tspan></text>\n</g>\n");

  if (extent)
    *extent
        = (svg_row_extent){ bar_end + whisker_px, label_x + label_width, label_inside };
  return fmax (bar_end + whisker_px, label_x + label_width);
}

/* A kind of folded activity: "664 initcalls", or the name of a lone one. */
static void
append_fold_kind (GString *text, const svg_fold_kind *kind)
{
  g_autofree char *shown = svg_display_text (
      kind->count > 1 ? kind->rule : kind->first->name, SVG_NAME_MAX_CHARS);
  if (kind->count > 1)
    g_string_append_printf (text, "%u %ss", kind->count, shown);
  else
    g_string_append (text, shown);
}

/* A fold's label: "+ 664 initcalls under 151.9ms each: 1380.5ms (4.5%)" in
 * its ancestor's row; with several kinds, "+ 672 under 151.9ms each:
 * 1381.8ms (4.5%): 664 initcalls, 8 pci-fixups". */
static char *
svg_fold_label (const svg_fold *fold, double below_ms)
{
  GString *text = g_string_new (fold->ancestor ? "+ " : "");
  const guint shown_kinds = 3;

  if (fold->kinds->len == 1)
    append_fold_kind (text, &g_array_index (fold->kinds, svg_fold_kind, 0));
  else
    g_string_append_printf (text, "%u", fold->members->len);
  g_string_append (text, " under ");
  append_ms (text, below_ms);
  g_string_append (text, " each: ");
  append_ms (text, fold->total_ms);
  if (isfinite (fold->percent_of_run))
    {
      g_string_append (text, " (");
      append_decimal (text, fold->percent_of_run, 1);
      g_string_append (text, "%)");
    }
  for (guint k = 0; fold->kinds->len > 1 && k < MIN (fold->kinds->len, shown_kinds); k++)
    {
      g_string_append (text, k == 0 ? ": " : ", ");
      append_fold_kind (text, &g_array_index (fold->kinds, svg_fold_kind, k));
    }
  if (fold->kinds->len > shown_kinds)
    g_string_append_printf (text, " and %u more", fold->kinds->len - shown_kinds);
  return g_string_free (text, FALSE);
}

/* The tooltip of a fold: what was folded, why, and its longest members. */
static void
svg_append_fold_tooltip (GString *out, const svg_fold *fold, const svg_fold_plan *plan)
{
  g_autoptr (GPtrArray) longest = g_ptr_array_copy (fold->members, NULL, NULL);
  g_autofree char *ancestor = svg_display_text (
      fold->ancestor ? fold->ancestor->name : NULL, SVG_NAME_MAX_CHARS);
  GString *text = g_string_new (NULL);

  g_ptr_array_sort (longest, activity_compare_longer_first);
  g_string_append_printf (text, "%u activities", fold->members->len);
  if (fold->ancestor)
    g_string_append_printf (text, " in %s", ancestor);
  g_string_append (text, ", each under ");
  append_decimal (text, plan->below_percent, 1);
  g_string_append (text, "% of the run (");
  append_ms (text, plan->below_ms);
  g_string_append (text, "), folded (--svg-all draws them)\nin all: ");
  append_ms (text, fold->total_ms);
  g_string_append (text, " (nested ones counted once)\nlongest:");
  for (guint i = 0; i < MIN (longest->len, 5); i++)
    {
      const activity *a = longest->pdata[i];
      g_autofree char *name = svg_display_text (a->name, SVG_NAME_MAX_CHARS);
      g_string_append_printf (text, "\n  %s ", name);
      append_ms (text, finite_or (a->duration_ms.mean, 0));
    }
  if (longest->len > 5)
    g_string_append_printf (text, "\n  ... and %u more", longest->len - 5);
  g_string_append (out, "<title>");
  append_escaped (out, text->str);
  g_string_append (out, "</title>\n");
  g_string_free (text, TRUE);
}

/* A fold in a row: a mark where each member runs (at least a pixel wide),
 * thin along the bottom of its ancestor's bar or full in a row of its own,
 * and the label: inside the ancestor's bar after its label when it fits
 * there, else after the bar, the row's label and the marks.  Returns the
 * rightmost x it draws at. */
static double
svg_append_fold (GString *out, const svg_fold *fold, guint index, const svg_axis *axis,
                 double plot_top, const svg_fold_plan *plan, const svg_row_extent *row)
{
  double top = svg_row_top (plot_top, index);
  double mark_height = fold->ancestor ? 2.5 : SVG_BAR_HEIGHT * 0.7;
  double mark_y = fold->ancestor
                      ? top + (SVG_ROW_HEIGHT + SVG_BAR_HEIGHT) / 2 - mark_height
                      : top + (SVG_ROW_HEIGHT - mark_height) / 2;
  double end_x = row ? fmax (row->bar_end, row->label_end) : axis->plot_left, label_x;
  g_autofree char *label = svg_fold_label (fold, plan->below_ms);
  double label_width = text_width_px (label);

  g_string_append (out, "<g class=\"fold\">\n");
  svg_append_fold_tooltip (out, fold, plan);
  g_string_append_printf (out, "<path class=\"fold-members\" fill=\"%s\" d=\"",
                          fold->ancestor ? SVG_COLOUR_FOLD_IN_ROW
                                         : REPORT_SVG_FILL_FOLDED);
  for (guint i = 0; i < fold->members->len; i++)
    {
      const activity *a = fold->members->pdata[i];
      double x = svg_x (axis, finite_or (a->start_mean_ms, 0));
      double width = fmax (finite_or (a->duration_ms.mean, 0) * axis->px_per_ms, 1);
      g_string_append (out, "M");
      append_decimal (out, x, 1);
      g_string_append_c (out, ',');
      append_decimal (out, mark_y, 1);
      g_string_append (out, "h");
      append_decimal (out, width, 1);
      g_string_append (out, "v");
      append_decimal (out, mark_height, 1);
      g_string_append (out, "h");
      append_decimal (out, -width, 1);
      g_string_append (out, "z");
      end_x = fmax (end_x, x + width);
    }
  g_string_append (out, "\"/>\n");
  label_x = end_x + SVG_LABEL_PAD;
  if (row && row->label_inside
      && row->label_end + 2 * SVG_LABEL_PAD + label_width <= row->bar_end - SVG_LABEL_PAD)
    label_x = row->label_end + 2 * SVG_LABEL_PAD;
  g_string_append (out, "<text class=\"fold-label\"");
  append_px_attribute (out, "x", label_x);
  append_px_attribute (out, "y", top + SVG_ROW_HEIGHT - 3.5);
  g_string_append (out, " font-style=\"italic\" fill=\"" SVG_COLOUR_MUTED "\">");
  append_escaped (out, label);
  g_string_append (out, "</text>\n</g>\n");
  return fmax (end_x, label_x + label_width);
}

/* A row: an activity's bar and what is folded into it, or a row of folded
 * activities alone.  Returns the rightmost x it draws at. */
static double
svg_append_any_row (GString *out, const svg_row *row, guint index, const svg_axis *axis,
                    double plot_top, const svg_fold_plan *plan, guint n_passes)
{
  svg_row_extent extent;
  double right = axis->plot_left;

  if (!row->fold || row->fold->ancestor)
    right = svg_append_row (out, row, index, axis, plot_top, n_passes, &extent);
  if (row->fold)
    right = svg_append_fold (out, row->fold, index, axis, plot_top, plan,
                             row->fold->ancestor ? &extent : NULL);
  return right;
}

/* The legend, one line.  Returns the rightmost x it draws at. */
static double
svg_append_legend (GString *out, double y)
{
  static const struct
  {
    gboolean is_long, flagged;
    const char *text;
  } swatches[] = {
    { FALSE, FALSE, "activity" },
    { TRUE, FALSE, "long activity (contains others)" },
    { FALSE, TRUE, "flagged: not long and ≥ 1% of the run" },
  };
  const char *explanation
      = "bar: mean start, mean duration; label: mean ±sd (share of the run)";
  double x = SVG_MARGIN;

  g_string_append (out, "<g class=\"legend\">\n");
  for (size_t i = 0; i < G_N_ELEMENTS (swatches); i++)
    {
      activity kind = { .is_long = swatches[i].is_long, .flagged = swatches[i].flagged };

      g_string_append (out, "<rect");
      append_px_attribute (out, "x", x);
      append_px_attribute (out, "y", y - 9);
      g_string_append (out, " width=\"14\" height=\"10\" rx=\"2\"");
      append_bar_paint (out, &kind);
      g_string_append (out, "/>\n");
      g_string_append (out, "<text");
      append_px_attribute (out, "x", x + 18);
      append_px_attribute (out, "y", y);
      g_string_append (out, ">");
      append_escaped (out, swatches[i].text);
      g_string_append (out, "</text>\n");
      x += 18 + text_width_px (swatches[i].text) + 16;
    }

  g_string_append (out, "<path stroke=\"" SVG_COLOUR_WHISKER "\" d=\"M");
  append_decimal (out, x, 1);
  g_string_append_c (out, ',');
  append_decimal (out, y - 4, 1);
  g_string_append (out, "h14M");
  append_decimal (out, x, 1);
  g_string_append_c (out, ',');
  append_decimal (out, y - 7, 1);
  g_string_append (out, "v6M");
  append_decimal (out, x + 14, 1);
  g_string_append_c (out, ',');
  append_decimal (out, y - 7, 1);
  g_string_append (out, "v6\"/>\n<text");
  append_px_attribute (out, "x", x + 18);
  append_px_attribute (out, "y", y);
  g_string_append (out, ">± sd of the duration</text>\n");
  x += 18 + text_width_px ("± sd of the duration") + 16;

  g_string_append (out, "<text");
  append_px_attribute (out, "x", x);
  append_px_attribute (out, "y", y);
  g_string_append (out, " fill=\"" SVG_COLOUR_MUTED "\">");
  append_escaped (out, explanation);
  g_string_append (out, "</text>\n</g>\n");
  return x + text_width_px (explanation);
}

char *
report_svg_render (const boot_analysis *an, const report_svg_options *opts)
{
  g_autoptr (svg_fold_plan) plan
      = svg_fold_plan_new (an, opts ? opts->fold_below_percent : 0);
  g_autoptr (GArray) rows = svg_rows_in_tree_order (plan->rows);
  g_autoptr (GString) body = g_string_new (NULL);
  GString *svg = g_string_new (NULL);
  guint n_rows_drawn = MAX (rows->len, 1);
  guint max_depth = 0;
  double title_y = SVG_MARGIN + SVG_TITLE_FONT_SIZE;
  double legend_y = title_y + 22;
  double plot_top = legend_y + 34;
  double plot_bottom = svg_plot_bottom (plot_top, n_rows_drawn);
  double width, height, right = 0;
  svg_axis axis;

  for (guint i = 0; i < rows->len; i++)
    {
      svg_row *row = &g_array_index (rows, svg_row, i);
      row->fold = svg_fold_plan_lookup (plan, row->act);
      max_depth = MAX (max_depth, row->depth);
    }
  axis = svg_axis_for (
      an, rows,
      SVG_MARGIN + (MIN (max_depth, SVG_TREE_MAX_DEPTH) + 1) * SVG_TREE_INDENT + 8);

  g_string_append (body, "<text class=\"title\"");
  append_px_attribute (body, "x", SVG_MARGIN);
  append_px_attribute (body, "y", title_y);
  g_string_append_printf (body,
                          " font-size=\"%d\" font-weight=\"bold\">Boot analysis: %u "
                          "activities over %u passes, run ",
                          (int)SVG_TITLE_FONT_SIZE, plan->n_drawn + plan->n_folded,
                          an->n_passes);
  append_decimal (body, finite_or (an->run_mean_ms, 0), 1);
  g_string_append (body, "ms (mean)");
  if (plan->n_folded > 0)
    {
      g_string_append_printf (body, "; %u under ", plan->n_folded);
      append_decimal (body, plan->below_percent, 1);
      g_string_append (body, "% of the run folded (+ in a row)");
    }
  g_string_append (body, "</text>\n");
  right = fmax (right, SVG_MARGIN + 80 * SVG_CHAR_WIDTH);
  right = fmax (right, svg_append_legend (body, legend_y));

  svg_append_grid (body, &axis, plot_top, n_rows_drawn);
  svg_append_tree (body, rows, plot_top);
  for (guint i = 0; i < rows->len; i++)
    {
      const svg_row *row = &g_array_index (rows, svg_row, i);
      right = fmax (
          right, svg_append_any_row (body, row, i, &axis, plot_top, plan, an->n_passes));
    }
  if (rows->len == 0)
    {
      g_string_append (body, "<text class=\"empty\"");
      append_px_attribute (body, "x", axis.plot_left + SVG_LABEL_PAD);
      append_px_attribute (body, "y", plot_top + SVG_ROW_HEIGHT - 3.5);
      g_string_append (body, " fill=\"" SVG_COLOUR_MUTED "\">No activities.</text>\n");
    }

  width = ceil (fmax (right, axis.plot_left + SVG_PLOT_WIDTH + 30) + SVG_MARGIN);
  height = ceil (plot_bottom + 14 + SVG_MARGIN);
  g_string_append (svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  append_px_attribute (svg, "width", width);
  append_px_attribute (svg, "height", height);
  g_string_append (svg, " viewBox=\"0 0 ");
  append_decimal (svg, width, 1);
  g_string_append_c (svg, ' ');
  append_decimal (svg, height, 1);
  g_string_append_printf (
      svg,
      "\" font-family=\"DejaVu Sans, Verdana, Helvetica, sans-serif\" "
      "font-size=\"%d\" fill=\"" SVG_COLOUR_TEXT "\">\n"
      "<rect class=\"background\" width=\"100%%\" height=\"100%%\" "
      "fill=\"#ffffff\"/>\n",
      (int)SVG_FONT_SIZE);
  g_string_append_len (svg, body->str, body->len);
  g_string_append (svg, "</svg>\n");
  return g_string_free (svg, FALSE);
}

gboolean
report_svg_write (const boot_analysis *an, const report_svg_options *opts,
                  const char *path, GError **error)
{
  g_autofree char *svg = report_svg_render (an, opts);

  return output_write_atomic (path, svg, strlen (svg), error);
}
