/* SPDX-License-Identifier: GPL-2.0-or-later */
/* range.h: boot-benchmark-range's shared data model.
 *
 * A session holds the options, the commits of the range (oldest first) and,
 * per commit, its build state, raw samples and verdict.  options.c reads the
 * command line, git.c resolves the range and checks commits out in the build
 * tree, build.c builds them there (sources.c brings in what a build would
 * download, build-failure.c reads why a build failed), artifacts.c keeps what
 * the benchmark needs of each build, measure.c runs the benchmark and parses
 * its samples, cache.c keeps each commit's results on disk, verdict.c pairs
 * two commits' interleaved runs and turns them into same / changed /
 * inconclusive, session.c ties those together (measuring rounds through a
 * backend: the real build and benchmark, or the simulation's), bisect.c,
 * sweep.c and judge.c are the search modes and report-*.c render the outcome
 * and the progress line.
 *
 * Calls go one way: main -> bisect/sweep/judge -> search -> session ->
 * build/measure/cache -> artifacts/sources/git/spawn/commit; the reports call
 * only commit.c and verdict.c.  Only main() prints errors and picks exit
 * codes. */
#ifndef BOOTPERF_RANGE_H
#define BOOTPERF_RANGE_H

#include <stdint.h>
#include <stdio.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "stats.h"

#define RANGE_ERROR (range_error_quark ())
GQuark range_error_quark (void);

typedef enum
{
  RANGE_ERROR_INPUT,         /* bad repository, range, option or work directory */
  RANGE_ERROR_FAILED,        /* a run-time failure: builds, benchmark, I/O */
  RANGE_ERROR_INTERRUPTED,   /* SIGINT/SIGTERM: results so far are cached */
  RANGE_ERROR_CACHE_CORRUPT, /* a cache file that does not hold what it should */
  RANGE_ERROR_NO_SAMPLES,    /* the benchmark ran but gave no sample */
} range_error_code;

/* Exit codes, documented in boot-benchmark-range/README.md. */
enum
{
  RANGE_EXIT_CHANGED = 0,   /* a change was found (bisect) or flagged (sweep) */
  RANGE_EXIT_FAILURE = 1,   /* run-time failure */
  RANGE_EXIT_USAGE = 2,     /* bad command line or input */
  RANGE_EXIT_NO_CHANGE = 3, /* completed: no change found */
  RANGE_EXIT_INCONCLUSIVE
  = 4, /* completed, but the answer hangs on an inconclusive commit */
  /* interrupted: 128 + the signal number, as a shell would report it */
};

typedef enum
{
  RANGE_KIND_QEMU,
  RANGE_KIND_KERNEL,
  RANGE_KIND_CUSTOM,
} range_kind;

typedef enum
{
  RANGE_MODE_BISECT,
  RANGE_MODE_SWEEP,
  RANGE_MODE_JUDGE, /* one commit against a baseline, for git bisect run */
} range_mode;

typedef struct
{
  char *repo;  /* absolute path of the user's repository */
  char *range; /* anything git rev-list takes */
  range_kind kind;
  range_mode mode;
  char *build_cmd;      /* NULL: the kind's default */
  char *benchmark_cmd;  /* --kind custom only */
  char *hv;             /* --kind qemu: hypervisor path, relative to the worktree */
  char *kernel_config;  /* --kind kernel: copied to .config before building */
  char *boot_benchmark; /* the boot-benchmark program */
  char *workdir;
  int passes;     /* per measurement round */
  int max_passes; /* per commit, for inconclusive verdicts */
  int warmup;
  int memsize_mb; /* 0: boot-benchmark's default */
  int smp;        /* 0: boot-benchmark's default */
  char *append;
  char *accel;
  int timeout_s;       /* 0: boot-benchmark's default */
  int bench_timeout_s; /* one benchmark run at most; 0: no limit; -1: default */
  double threshold_pct;
  double alpha; /* error rate of each comparison (a sweep: of all together) */
  gboolean use_cache;
  gboolean retry_failed; /* build again commits whose build failed before */
  gboolean remove_tree;  /* remove the build tree at the end */
  gboolean use_ccache;   /* ccache's compiler names first in a build's PATH */
  int build_timeout_s;   /* one build at most; 0: no limit */
  char *source_cache;    /* subprojects and submodules to build offline */
  char *judge_against;   /* RANGE_MODE_JUDGE: the baseline commit */
  gboolean quiet;
  char *json_path;
  char *csv_path;
} range_options;

const char *range_kind_name (range_kind k);

/* options.c: the command line, every option checked and paths made
 * absolute; RANGE_ERROR_INPUT naming the option otherwise.  Clear o with
 * range_options_clear, whatever was returned. */
gboolean range_options_parse (int argc, char **argv, range_options *o, GError **error);
void range_options_clear (range_options *o);

typedef enum
{
  BUILD_UNKNOWN,
  BUILD_OK,
  BUILD_FAILED,
} build_state;

typedef enum
{
  VERDICT_NONE,     /* not measured (yet) */
  VERDICT_BASELINE, /* what the others are compared with */
  VERDICT_SAME,
  VERDICT_CHANGED,
  VERDICT_INCONCLUSIVE, /* still undecided after --max-passes */
  VERDICT_SKIPPED,      /* build or benchmark failed */
} commit_verdict;

const char *commit_verdict_name (commit_verdict v);

/* One benchmark run of a commit: its samples, and the comparison round it
 * belongs to.  A comparison of A and B is made of rounds; round k holds one
 * run of each, measured one right after the other (A first in odd rounds, B
 * first in even ones), and only runs of the same round are paired. */
typedef struct
{
  guint run;     /* the commit's run number: logs/<commit>/bench-<run>.log */
  char *against; /* full id of the other commit of the round; NULL: none */
  guint round;   /* 1-based round of that comparison; 0 with no partner */
  double load;   /* host's 1-minute load average at the start; NAN unknown */
  gint64 time;   /* when it started, Unix seconds; 0 unknown */
  /* Round 1 of a search step may be opened by the reference's latest run,
   * measured just before for another comparison: its run number, in the
   * candidate's run (0: the round has a run of each side of its own). */
  guint partner_run;
  gboolean confirming; /* a confirmation's run: paired only with its own */
  GArray *samples_ms;  /* double */
} range_run;

range_run *range_run_new (guint run, const char *against, guint round, double load,
                          gint64 time);
void range_run_free (range_run *r);

/* What a comparison saw besides its verdict. */
typedef struct
{
  guint rounds;          /* complete rounds used */
  guint rounds_dropped;  /* rounds set aside because the host changed mid-way */
  guint looks;           /* sequential looks taken */
  double look_alpha;     /* the level each look's interval was computed at */
  double ref_shift_pct;  /* the reference's own change between its first and
                          * last used round (median), NAN with one round */
  gboolean host_changed; /* a side's times jumped between rounds */
  double load_first;     /* load average at the first and highest at any run */
  double load_max;
  double noise_cv;  /* per-pass noise from the paired differences, NAN */
  gboolean neither; /* a search step: the candidate is like neither end */
} range_pairing;

typedef struct
{
  char *sha;
  char *short_sha;
  char *subject;
  guint index; /* position in the range, 0 = oldest */
  build_state build;
  int build_exit; /* the build command's exit status, -1 if unknown */
  char *build_log;
  char *build_reason;  /* a failed build: its first error line, or NULL */
  double build_s;      /* how long its last build took, NAN unknown */
  char *skip_reason;   /* one line, when the verdict is VERDICT_SKIPPED */
  GArray *samples_ms;  /* double, every ok pass measured so far */
  GPtrArray *run_list; /* range_run *, in the order measured */
  guint runs;          /* benchmark invocations so far (cached ones included) */
  char *last_bench_log;
  gboolean artifacts_ready; /* its artifacts are kept and complete */
  gboolean measured;        /* took part in this session's search */
  commit_verdict verdict;
  int compared_with; /* index of the commit the verdict is against, -1 none */
  gboolean have_comparison;
  stats_paired comparison; /* candidate against compared_with, paired rounds */
  range_pairing pairing;
  gboolean against_direction; /* changed, but opposite to the range's change,
                               * or (a search step) like neither end */
  /* Bisection: the verdict is a search step's, which end of the bracket
   * the commit is like (same: the baseline's, changed: the end's), judged
   * against compared_with by the interval against the midpoint between the
   * two ends' times, step_midpoint_pct of compared_with. */
  gboolean search_step;
  double step_midpoint_pct;
} range_commit;

typedef enum
{
  RANGE_OUTCOME_CHANGED,
  RANGE_OUTCOME_NO_CHANGE,
  RANGE_OUTCOME_INCONCLUSIVE,
  RANGE_OUTCOME_INTERRUPTED,
  RANGE_OUTCOME_FAILED, /* stopped by a run-time failure */
} range_outcome;

typedef struct
{
  range_outcome outcome;
  int baseline;      /* index, -1 if none could be measured */
  int first_changed; /* index, -1 if none */
  int last_same;     /* bisect: the newest commit known to be the same, -1 */
  GArray *suspects;  /* guint indices of skipped or inconclusive commits that
                      * could hold the change instead of first_changed */
  int direction;     /* bisect: +1 the range got slower, -1 faster, 0 unknown */
  int end;           /* bisect: the end commit compared with the baseline, -1 */
  /* bisect: the range's change, sum of log ratio x pairs over the end
   * comparison and the steps that saw it, and those pairs */
  double change_log_sum, change_pairs;
  int last_ran; /* bisect: the commit of the latest comparison's last run */
  /* bisect: first_changed measured again against its parent, interleaved. */
  int confirm_parent;       /* index of that parent, -1 not done */
  commit_verdict confirmed; /* its verdict: VERDICT_CHANGED confirms */
  stats_paired confirmation;
  guint reopened;      /* searches reopened after a failed confirmation */
  char *uncertain;     /* one line saying what is uncertain, or NULL */
  guint host_changes;  /* comparisons in which the host's speed changed */
  gboolean noise_stop; /* stopped early: the threshold is out of reach */
} range_result;

/* How commits are built and measured.  NULL members use the real ones
 * (build.c, measure.c, /proc/loadavg); bench/range-sim.c puts a seeded
 * stand-in here.  measure appends `passes` samples to c->samples_ms and
 * sets c->runs to the new run's number, like range_measure. */
typedef struct range_session range_session;
typedef struct
{
  gboolean (*build) (range_session *s, range_commit *c, GError **error);
  gboolean (*measure) (range_session *s, range_commit *c, int passes, GError **error);
  double (*load) (range_session *s);
  void *data;
} range_backend;

struct range_session
{
  range_options *opts;
  GPtrArray *commits;           /* range_commit *, oldest first */
  const range_backend *backend; /* NULL: the real one */
  FILE *out;                    /* where the search reports as it goes; NULL: nowhere */
  gboolean store;               /* write cache files (FALSE only in the simulation) */
  double comparison_alpha;      /* alpha of one comparison: --alpha over the search */
  stats_sequential_plan plan;   /* its looks */
  /* A bisection's steering plans (range_verdict_plan): the search steps',
   * and the end comparison's "changed" that starts the search. */
  stats_sequential_plan step_plan;
  stats_sequential_plan start_plan;
  /* A bisection's confirmation: the first look after a round of --passes,
   * then one every half round (runs of half --passes); one-sided (at twice
   * the comparison's alpha, two-sided) unless that alpha is over
   * RANGE_ONE_SIDED_MAX_ALPHA. */
  stats_sequential_plan confirm_plan;
  gboolean confirm_one_sided;
  guint passes_measured;       /* passes this session, both sides of every round */
  range_commit *last_measured; /* the commit of the latest run, NULL none */
  int64_t last_run_end_us;     /* when it ended (monotonic clock) */
  /* A step's first round is opened by its reference's latest run only when
   * the candidate's run starts within this of that run's end: a build in
   * between (minutes on a real tree) gives the host time to change. */
  int64_t opener_max_gap_us;
  double load_start; /* load average when the search began, NAN */
  gboolean load_warned;
  /* The noise guard, from the first comparison's first look. */
  gboolean noise_checked;
  double noise_cv;            /* per-pass noise, NAN until checked */
  guint passes_needed;        /* paired passes a comparison needs at that noise */
  guint search_passes_needed; /* a bisection's steps and confirmation, once the
                               * end showed a change; 0 before */
  gboolean noise_hopeless;    /* far beyond --max-passes: stop the search */
  char *config_key;           /* hex digest of everything that changes a measurement */
  char *config_text;          /* what config_key stands for, readable */
  char *cache_dir;
  char *tree_dir;     /* the build tree: one worktree, checked out in place */
  char *artifact_dir; /* artifacts/<commit>/ per built commit */
  char *log_dir;
  char *tree_commit;   /* the commit last built in the tree, NULL unknown */
  guint builds_ok;     /* builds that succeeded this session */
  guint builds_failed; /* and that failed */
  char *first_failure; /* the first failed build's first error line */
  int lock_fd;         /* the work directory's lock, held until the session ends */
  int64_t start_ns;
  guint commits_benchmarked; /* distinct commits that ran the benchmark this session */
  guint benchmark_runs;      /* invocations this session */
  gboolean benchmark_worked; /* some run gave samples: later failures are per commit */
  int64_t work_ns;           /* time spent building and benchmarking */
  guint work_units;          /* commits that work_ns covers */
  /* For the progress line. */
  const char *mode_label;
  guint step;
  guint steps_left;
};

/* git.c */
gboolean range_git_check_repo (const char *repo, GError **error);
/* Commits of range, oldest first, each as a new range_commit. */
GPtrArray *range_git_list (const char *repo, const char *range, GError **error);
/* The commits named by revs (each one commit), in that order. */
GPtrArray *range_git_resolve (const char *repo, const char *const *revs, GError **error);
/* Check sha out in the build tree at path, in place (--force, keeping
 * untracked and ignored build output), making the tree a worktree of repo
 * first if it is not one. */
gboolean range_git_tree_checkout (const char *repo, const char *path, const char *sha,
                                  GError **error);
void range_git_worktree_remove (const char *repo, const char *path);
void range_git_worktree_prune (const char *repo);

/* lock.c: take the work directory's lock (a descriptor to keep open for the
 * whole run), or -1 with an error naming the run that holds it (pid, start
 * time). */
int range_lock_workdir (const char *workdir, GError **error);

/* spawn.c: run a child in its own process group with stdout and stderr going to
 * log_path (appended), polling the interrupt flag; on Ctrl-C the child's group
 * is terminated and RANGE_ERROR_INTERRUPTED returned.  *exit_status is the exit
 * code, or 128 + signal if the child was killed, or RANGE_SPAWN_TIMED_OUT when
 * it ran past timeout_s (0: no limit) and its group was ended (SIGTERM, then
 * SIGKILL 10 s later).  If we die, the child's group is ended too. */
/* Append "boot-benchmark-range: NOTE" to a log. */
void range_log_note (const char *log_path, const char *note);
#define RANGE_SPAWN_TIMED_OUT (-2)
gboolean range_spawn (char **argv, const char *cwd, char **envp, const char *log_path,
                      int timeout_s, int *exit_status, GError **error);
/* Run a git command, capturing stdout; errors carry git's first stderr line. */
gboolean range_spawn_git (const char *repo, const char *const *args, char **out,
                          GError **error);

/* commit.c */
range_commit *range_commit_new (const char *sha, const char *subject, guint index);
void range_commit_free (range_commit *c);
void range_commit_summary (const range_commit *c, sample_summary *out);

/* cache.c: one JSON file per commit and configuration. */
char *range_cache_path (const range_session *s, const range_commit *c);
/* FALSE with G_FILE_ERROR_NOENT when there is no cache file;
 * RANGE_ERROR_CACHE_CORRUPT when it cannot be trusted (the error names the
 * file and the cause).  On success fills build, build_exit, build_log, runs and
 * samples_ms of c. */
gboolean range_cache_load (const char *path, const char *config_key, range_commit *c,
                           GError **error);
gboolean range_cache_store (const char *path, const char *config_key,
                            const range_commit *c, GError **error);
/* The runs as a JSON array named member: run, against, round, load, and
 * their samples (the report) or only how many (the cache, whose samples_ms
 * holds them). */
void range_run_list_json (JsonBuilder *b, const char *member, const GPtrArray *runs,
                          gboolean with_samples);

/* measure.c: samples from one benchmark run. */
/* A sample is a duration from 1 ns to 1e10 ms (115 days); anything else
 * (0, 1e-300, 1e308, NaN) is not a measurement. */
#define RANGE_SAMPLE_MIN_MS 1e-6
#define RANGE_SAMPLE_MAX_MS 1e10
gboolean range_sample_is_plausible (double ms);
/* JSON as boot-benchmark writes it: passes[].wall_ms where status is "ok". */
gboolean range_samples_from_json (const char *json, gsize len, GArray *samples_ms,
                                  GError **error);
/* Text: "sample: 123.4ms" lines, else a "Result: 123.4ms ±1.2ms" line (one
 * sample).  Returns the number of samples appended. */
guint range_samples_from_text (const char *text, GArray *samples_ms);

/* verdict.c */
/* Paired samples of ref and cand from their complete common rounds, oldest
 * first, leaving out rounds up to and including the last one in which
 * either side's times jumped against the round before (a host change while
 * they ran); what was seen goes to *pairing.  a and b get the same length.
 * Only runs of a confirmation (confirming) or only others are paired. */
void range_pairs_collect (const range_commit *ref, const range_commit *cand,
                          gboolean confirming, double threshold_pct, GArray *a, GArray *b,
                          range_pairing *pairing);
/* Highest round number of the comparison so far, complete or not. */
guint range_pairs_last_round (const range_commit *ref, const range_commit *cand,
                              gboolean confirming);
/* The verdict of the paired samples at level alpha, into *cmp. */
commit_verdict range_verdict (const range_options *o, const GArray *a, const GArray *b,
                              double alpha, stats_paired *cmp);
/* A bisection's search step: which end of the bracket c is like, from the
 * intervals of c against its reference (an end of the bracket) and
 * shift, the log ratio of the bracket's other end to the reference (the
 * range's change as measured so far, signed): like the other end
 * (VERDICT_CHANGED) when the steering interval cmp lies wholly beyond the
 * midpoint shift/2, like the reference (VERDICT_SAME) when wholly on its
 * side of it, else VERDICT_INCONCLUSIVE; *neither when the strict interval
 * (at RANGE_NEITHER_ALPHA) lies wholly beyond -shift/2 or wholly beyond
 * 1.5 shift (away from the other end, or past it, by half the change):
 * like neither end (then VERDICT_CHANGED). */
commit_verdict range_step_verdict (const stats_paired *cmp, const stats_paired *strict,
                                   double shift, gboolean *neither);
/* The steering levels of a bisection, per look with no correction for the
 * looks (the confirmation at --alpha decides what is named): the search
 * steps' intervals (40%), and the end comparison's when it starts the
 * search with "changed" (95%; 90% when the noise lets the threshold be
 * resolved within --max-passes: range_verdict_start_alpha). */
#define RANGE_STEP_ALPHA 0.6
#define RANGE_START_ALPHA 0.05
#define RANGE_START_ALPHA_RESOLVABLE 0.10
/* A search step calls a commit like neither end from its 95% interval. */
#define RANGE_NEITHER_ALPHA 0.05
/* The longest pause, in seconds, between the reference's latest run and a
 * search step's candidate run that still counts as back to back (the
 * candidate's build falls in it): range_session.opener_max_gap_us. */
#define RANGE_OPENER_MAX_GAP_S 60
/* The largest alpha at which a confirmation is one-sided: two-sided at
 * 2 alpha <= 0.5, where a path that crosses both boundaries is rare. */
#define RANGE_ONE_SIDED_MAX_ALPHA 0.25
/* The comparison plan for a search of `comparisons` comparisons; FALSE with
 * one line saying what would work when no look can reach a verdict. */
gboolean range_verdict_plan (range_session *s, guint comparisons, GError **error);
/* Paired passes a comparison needs at per-pass noise cv (log scale) to
 * resolve the threshold at the plan's look level. */
guint range_verdict_passes_needed (const range_session *s, double cv);
/* Paired passes a bisection's search needs at noise cv once the end
 * comparison found a change of log ratio shift: a step's interval clear of
 * the midpoint shift/2, the confirmation's beyond half the threshold. */
guint range_verdict_search_passes_needed (const range_session *s, double cv,
                                          double shift);
/* The level at which the end comparison's "changed" starts a bisection's
 * search, at per-pass noise cv (NAN: unknown): RANGE_START_ALPHA_RESOLVABLE
 * when a verdict at the threshold needs no more than --max-passes there
 * (the search's steps and confirmation are then short, and a wrong start
 * costs little), else start_plan's (RANGE_START_ALPHA, or the comparison's
 * alpha when that is larger). */
double range_verdict_start_alpha (const range_session *s, double cv);
/* The smallest threshold (percent) max_passes can resolve at noise cv. */
double range_verdict_threshold_within (const range_session *s, double cv);

/* build.c */
char *range_build_default_cmd (const range_options *o);
/* Check c out in the build tree and build it there, incrementally, then keep
 * its artifacts (unless they are kept already, or the build is cached as
 * failed).  FALSE with an error only for problems that stop the whole run
 * (among them a first build failing for a reason every commit shares); a
 * failed build is recorded in c->build, c->build_reason and c->skip_reason. */
gboolean range_build (range_session *s, range_commit *c, GError **error);
/* A fresh path for a log in logs/<commit>/: NAME.EXT, else NAME-2.EXT, ...
 * so that a resumed run's logs go beside the earlier ones. */
char *range_log_path (const range_session *s, const range_commit *c, const char *name,
                      const char *ext);
/* The build tree's disk use, and the kept artifacts', on one line. */
char *range_build_disk_summary (const range_session *s);
/* Remove the build tree (--remove-tree). */
void range_build_remove_tree (range_session *s);

/* build-failure.c: why a build failed, from its log. */
typedef struct
{
  char *first_error;     /* the first line that says what went wrong, or NULL */
  char *subproject;      /* a source the build tried to download, or NULL */
  gboolean network;      /* it needed the network (or a download it may not make) */
  gboolean every_commit; /* network or a missing tool: no commit will build */
} range_build_failure;
void range_build_failure_read (const char *log_text, int exit_status,
                               range_build_failure *f);
void range_build_failure_clear (range_build_failure *f);

/* sources.c: what a build would download, from the user's checkout or
 * --source-cache: meson subprojects and git submodules missing from the
 * tree are copied in before each build.  Returns the names copied. */
gboolean range_sources_provide (const range_session *s, GPtrArray *copied,
                                GError **error);
/* The sources the tree lacks and no copy exists of ("subprojects/foo,
 * ui/keycodemapdb"), or NULL. */
char *range_sources_missing (const range_session *s);

/* artifacts.c: what the benchmark needs of a build, kept per commit under
 * WORKDIR/artifacts/<commit>/ (the hypervisor and its pc-bios data; the
 * kernel, its modules and appliance; whatever a custom build put in
 * $BOOTPERF_ARTIFACTS), so a commit is never built twice. */
char *range_artifacts_path (const range_session *s, const range_commit *c);
/* Empty the commit's artifact directory before its build. */
gboolean range_artifacts_reset (const range_session *s, const range_commit *c,
                                GError **error);
/* After a successful build: copy what the kind needs out of the tree and
 * mark the directory complete.  A missing piece is said in *missing (the
 * commit is skipped), not as an error. */
gboolean range_artifacts_keep (range_session *s, range_commit *c, char **missing,
                               GError **error);
gboolean range_artifacts_complete (const range_session *s, const range_commit *c);
/* Commits whose whole artifacts the work directory holds, of any range
 * measured in it (what the disk line's size covers). */
guint range_artifacts_count (const range_session *s);
/* Environment for the benchmark of c: LIBGUESTFS_HV, SUPERMIN_* ... */
char **range_artifacts_bench_env (const range_session *s, const range_commit *c,
                                  char **envp, GError **error);
/* Bytes used under path (blocks, each file once). */
guint64 range_disk_usage (const char *path);

/* measure.c */
/* The time limit of one benchmark run of `passes` passes, in seconds (0: no
 * limit): --bench-timeout, else 300 s (or --timeout) per pass, warm-up
 * passes included, plus a minute. */
int range_bench_timeout_s (const range_options *o, int passes);
/* Run the benchmark once for `passes` more passes and append the samples. */
gboolean range_measure (range_session *s, range_commit *c, int passes, GError **error);

/* session.c */
range_session *range_session_new (range_options *o, GError **error);
void range_session_free (range_session *s);
/* The i-th commit of the range, oldest first (a plain accessor, inline so
 * that the reports need nothing else of session.c). */
static inline range_commit *
range_session_commit (const range_session *s, guint i)
{
  return g_ptr_array_index (s->commits, i);
}
/* Build and measure c to at least --passes samples (cache first).  Returns
 * FALSE with an error for fatal problems; a skipped commit returns TRUE with
 * c->verdict == VERDICT_SKIPPED. */
gboolean range_session_prepare (range_session *s, range_commit *c, GError **error);
/* Compare c against ref in interleaved rounds (one run of each, their order
 * alternating), looking after each round and stopping at the first clear
 * verdict or at --max-passes paired passes; sets c->verdict, c->comparison
 * and c->pairing.  Rounds cached from an earlier run are used first. */
gboolean range_session_decide (range_session *s, range_commit *ref, range_commit *c,
                               const stats_sequential_plan *plan, GError **error);
/* The same, leaving the verdict in *verdict, *cmp and *pairing instead of c. */
gboolean range_session_compare (range_session *s, range_commit *ref, range_commit *c,
                                const stats_sequential_plan *plan,
                                commit_verdict *verdict, stats_paired *cmp,
                                range_pairing *pairing, GError **error);
/* How range_session_judge judges and measures a comparison. */
typedef struct
{
  const stats_sequential_plan *plan;
  gboolean step;       /* a search step (range_step_verdict), else the verdict */
  double shift;        /* a step's shift */
  gboolean confirming; /* a confirmation: rounds of its own, fresh */
  /* A bisection's end comparison: "changed" read at this plan's level too
   * (it only starts the search), "same" at plan's. */
  const stats_sequential_plan *start_plan;
  guint min_rounds; /* rounds the comparison must have before it stops */
} range_judging;
/* range_session_compare, judged as `how` says.  A search step whose
 * reference ran last, and has no round with c yet, opens round 1 with that
 * run: only c is measured for it (range_run.partner_run). */
gboolean range_session_judge (range_session *s, range_commit *ref, range_commit *c,
                              const range_judging *how, commit_verdict *verdict,
                              stats_paired *cmp, range_pairing *pairing, GError **error);
/* A session over given commits, with no repository, work directory or cache:
 * for the simulation.  Takes the commits. */
range_session *range_session_new_detached (range_options *o, GPtrArray *commits,
                                           const range_backend *backend);

/* bisect.c, sweep.c */
gboolean range_bisect (range_session *s, range_result *r, GError **error);
gboolean range_sweep (range_session *s, range_result *r, GError **error);
/* judge.c: --judge-against: HEAD against a baseline, git bisect run's way. */
gboolean range_judge (range_session *s, range_result *r, GError **error);
/* The exit status git bisect run reads: 0 good, 1 bad, 125 skip. */
int range_judge_exit_code (const range_session *s, const range_result *r);
void range_result_init (range_result *r);
/* search.c: index of the first commit from `from` towards `to` (step +1 or -1)
 * that is not skipped, reporting the skipped ones; -1 if none, -2 on error. */
int range_search_first_measurable (range_session *s, int from, int to, int step,
                                   GError **error);
void range_search_all_skipped_error (range_session *s, int from, int to, GError **error);
void range_result_clear (range_result *r);

/* report-text.c */
/* The progress line on the terminal (progress.h), the search's phase for c. */
void range_report_progress (const range_session *s, const range_commit *c,
                            const char *phase);
void range_report_header (FILE *out, const range_session *s);
void range_report_commit (FILE *out, const range_session *s, const range_commit *c);
void range_report_verdict (FILE *out, const range_session *s, const range_result *r);
/* What the noise guard found: the noise and the passes a verdict needs. */
void range_report_noise (FILE *out, const range_session *s);
/* The named commit measured again against its parent. */
void range_report_confirmation (FILE *out, const range_session *s, const range_result *r);
/* Every report function writes nothing when out is NULL. */

/* report-export.c */
char *range_report_json (const range_session *s, const range_result *r);
char *range_report_csv (const range_session *s, const range_result *r);

#endif
