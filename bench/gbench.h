/*
 * Google Benchmark, seen from C. The benchmarks of this folder are C; this
 * header and gbench.cc (the only C++ in the project) give them what
 * benchmark::State and benchmark::RegisterBenchmark give C++ code:
 *
 *   static void bm_copy(gbench_state *st, void *ctx)
 *   {
 *       size_t n = (size_t)gbench_get_arg(st, 0);
 *       while (gbench_keep_running(st))
 *           copy(ctx, n);
 *       gbench_set_bytes_processed(st, gbench_iterations(st) * 8 * (int64_t)n);
 *   }
 *   gbench_arg(gbench_register("copy", bm_copy, &ctx), 1024);  -> "copy/1024"
 *   gbench_initialize(&argc, argv);
 *   gbench_run(NULL, 1, NULL);
 *
 * The results of a run can also be handed back to C (gbench_run's results),
 * so a program can print its own summary next to Google Benchmark's output.
 */
#ifndef RECTIFY_BENCH_GBENCH_H
#define RECTIFY_BENCH_GBENCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gbench_state gbench_state;         /* a benchmark::State */
typedef struct gbench_benchmark gbench_benchmark; /* a registered benchmark */
typedef void (*gbench_fn)(gbench_state *st, void *ctx);

/* ---- registration (before gbench_run) ----------------------------------- */

/* Registers fn, called with ctx, under `name`; its arguments, if any, are
 * appended to the name ("name/1024"). The name is copied. */
gbench_benchmark *gbench_register(const char *name, gbench_fn fn, void *ctx);
void gbench_arg(gbench_benchmark *b, int64_t value); /* one more run: {value} */
void gbench_args(gbench_benchmark *b, const int64_t *values,
                 size_t count);                                    /* one more run: {values...} */
void gbench_range(gbench_benchmark *b, int64_t lo, int64_t hi);    /* lo, lo*8, ..., hi */
void gbench_range_multiplier(gbench_benchmark *b, int multiplier); /* before gbench_range */
void gbench_min_time(gbench_benchmark *b, double seconds);
void gbench_repetitions(gbench_benchmark *b, int count);
/* With repetitions: report only mean, median, stddev and cv. */
void gbench_report_aggregates_only(gbench_benchmark *b, int on);
/* Rates from wall-clock time, not the calling thread's CPU time: for work
 * that other threads do. */
void gbench_use_real_time(gbench_benchmark *b);
/* The benchmark times itself (gbench_set_iteration_time per iteration,
 * gbench_now's clock): for work that must not be timed between calls. */
void gbench_use_manual_time(gbench_benchmark *b);

/* A key/value pair for the "context" block of the JSON output. */
void gbench_add_context(const char *key, const char *value);

/* ---- inside a benchmark ------------------------------------------------- */

int gbench_keep_running(gbench_state *st);
int64_t gbench_get_arg(const gbench_state *st, size_t index); /* this run's argument #index */
int64_t gbench_iterations(const gbench_state *st);
void gbench_set_iteration_time(gbench_state *st, double seconds); /* manual time */
double gbench_now(void); /* seconds, the monotonic clock Google Benchmark uses for real time */
void gbench_pause(gbench_state *st);  /* stop the clock (costly: use outside tight loops) */
void gbench_resume(gbench_state *st); /* restart it */
void gbench_set_items_processed(gbench_state *st, int64_t items);
void gbench_set_bytes_processed(gbench_state *st, int64_t bytes);
void gbench_set_label(gbench_state *st, const char *label);
void gbench_skip_with_error(gbench_state *st, const char *message);

enum gbench_counter_flags {
    GBENCH_COUNTER_DEFAULT = 0,
    GBENCH_COUNTER_RATE = 1,          /* value / seconds */
    GBENCH_COUNTER_PER_ITERATION = 2, /* value * iterations (an invariant) */
    GBENCH_COUNTER_INVERT = 4,        /* 1 / the above */
};
/* A user counter; flags combine as in benchmark::Counter. */
void gbench_counter(gbench_state *st, const char *name, double value, int flags);

/* ---- the machine, as Google Benchmark sees it --------------------------- */

double gbench_cycles_per_second(void); /* its clock estimate; 0 if unknown */
/* Data or unified cache #index (0-based): returns 0 past the last one. */
int gbench_cache(size_t index, int *level, int64_t *bytes);

/* ---- running ------------------------------------------------------------ */

/* Parses and removes Google Benchmark's --benchmark_* flags. Returns the
 * number of arguments left that it did not recognise (argv[1..]). */
int gbench_initialize(int *argc, char **argv);

/* One result, as reported (each repetition, then the aggregates). */
struct gbench_result {
    const char *name;      /* "copy/1024", without any aggregate suffix */
    const char *aggregate; /* "" for a plain run, else "mean", "median", ... */
    const char *error;     /* NULL unless the benchmark skipped with an error */
    double seconds;        /* real time per iteration */
    double cpu_seconds;    /* CPU time per iteration (the process's, all threads) */
    int64_t iterations;
    double bytes_per_second, items_per_second; /* 0 when not set */
};
struct gbench_results {
    struct gbench_result *runs;
    size_t count;
};

/* Runs the registered benchmarks that --benchmark_filter selects, with
 * Google Benchmark's display in `format` ("console", "json", "csv"; NULL:
 * console) on stdout when `show` is nonzero (else a progress line on a
 * terminal's stderr), and --benchmark_out's file if asked for. Fills *out
 * (unless NULL) with every result; the caller frees it with
 * gbench_results_free. Returns the number of benchmarks run. */
size_t gbench_run(struct gbench_results *out, int show, const char *format);
void gbench_results_free(struct gbench_results *r);

/* The result to report for the benchmark `name` ("copy/1024"; Google
 * Benchmark's "/manual_time" after it, for one timed by hand, not needed):
 * the median of its repetitions, else its plain run; NULL if it did not run
 * or failed. */
static inline const struct gbench_result *gbench_find(const struct gbench_results *r,
                                                      const char *name)
{
    const struct gbench_result *plain = NULL;
    size_t len = strlen(name);
    for (size_t j = 0; j < r->count; j++) {
        const struct gbench_result *x = &r->runs[j];
        if (x->error || strncmp(x->name, name, len) != 0 ||
            (x->name[len] && strcmp(x->name + len, "/manual_time") != 0))
            continue;
        if (strcmp(x->aggregate, "median") == 0)
            return x;
        if (!x->aggregate[0])
            plain = x;
    }
    return plain;
}

void gbench_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
