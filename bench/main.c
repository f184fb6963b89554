/*
 * rectify-bench: every kernel of the registry on every ISA this CPU runs,
 * at sizes from L1 to DRAM, out of place and in place, next to the copy
 * roofline and the peers (oneDNN, XNNPACK) found at configure time; then a
 * summary table. Google Benchmark's JSON goes to out/rectify-bench.json (or
 * --json=FILE); bench/plot.py draws it. It is a Google Benchmark binary:
 * --benchmark_format=json (or csv) prints that on stdout, exactly as any such
 * binary would, and the summary table goes to stderr then.
 *
 *   rectify-bench [--full] [--sizes=1K,64K,...] [--small] [--each] [--json=FILE]
 *                 [--benchmark_filter=relu6 and other --benchmark_* flags]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cases.h"
#include "gbench.h"
#include "half.h"
#include "inputs.h"
#include "rectify.h"
#include "roofline.h"

static const char usage[] =
    "usage: rectify-bench [--full] [--sizes=N,...] [--small] [--half] [--each] [--json=FILE]\n"
    "                     [--benchmark_...]\n"
    "  (default)     quick: 1K, 16K, 256K, 4M floats; 2 ms warm-up, 3 repetitions of 10 ms\n"
    "  --full        1K to 64M floats (x4 steps); 10 ms warm-up, 5 repetitions of 50 ms\n"
    "  --sizes=LIST  these sizes in floats (suffixes K and M), e.g. --sizes=4K,1M\n"
    "  --threads=LIST  thread counts, e.g. 1,2,8 or 1,all (default: 1,all; all: the\n"
    "                CPUs this process may use); above 1, the best ISA and the peers\n"
    "  --small       the small-call section (1, 4, 16, 100, 1000 floats: ns per call\n"
    "                through the API, against a plain C loop and the peers); on by\n"
    "                default, off with --sizes unless asked for; --no-small: off\n"
    "  --half        the bf16 and fp16 section (their kernels on every ISA, against a\n"
    "                2-byte copy and widen-run-narrow); on by default, off with\n"
    "                --sizes unless asked for; --no-half: off\n"
    "  --each        also print Google Benchmark's line for every benchmark\n"
    "  --json=FILE   where the JSON goes (default out/rectify-bench.json)\n"
    "  --benchmark_filter=REGEX and Google Benchmark's other flags work as usual;\n"
    "  the roofline copies always run, so that every result has its fraction.\n";

static const size_t quick_sizes[] = {1u << 10, 1u << 14, 1u << 18, 1u << 22};
static const size_t full_sizes[] = {1u << 10, 1u << 12, 1u << 14, 1u << 16, 1u << 18,
                                    1u << 20, 1u << 22, 1u << 24, 1u << 26};
enum { MAX_SIZES = 32, MAX_THREADS = 8 };

/* "1,2,all": counts, all being the library's default thread count;
 * duplicates dropped. */
static int parse_threads(const char *list, int *threads, size_t *count)
{
    *count = 0;
    while (*list) {
        char *end;
        long v;
        if (strncmp(list, "all", 3) == 0) {
            rectify_set_num_threads(0);
            v = rectify_get_num_threads();
            end = (char *)list + 3;
        } else {
            v = strtol(list, &end, 10);
            if (end == list || v < 1 || v > 4096)
                return 0;
        }
        int seen = 0;
        for (size_t i = 0; i < *count; i++)
            seen |= threads[i] == (int)v;
        if (!seen) {
            if (*count == MAX_THREADS)
                return 0;
            threads[(*count)++] = (int)v;
        }
        if (*end == ',')
            end++;
        else if (*end)
            return 0;
        list = end;
    }
    return *count > 0;
}

static int parse_sizes(const char *list, size_t *sizes, size_t *count)
{
    *count = 0;
    while (*list) {
        char *end;
        unsigned long long v = strtoull(list, &end, 10);
        if (end == list || v == 0 || *count == MAX_SIZES)
            return 0;
        if (*end == 'K' || *end == 'k')
            v <<= 10, end++;
        else if (*end == 'M' || *end == 'm')
            v <<= 20, end++;
        sizes[(*count)++] = (size_t)v;
        if (*end == ',')
            end++;
        else if (*end)
            return 0;
        list = end;
    }
    return *count > 0;
}

static char *format(const char *fmt, const char *a)
{
    size_t len = strlen(fmt) + strlen(a) + 1;
    char *s = malloc(len);
    if (!s)
        exit(1);
    snprintf(s, len, fmt, a);
    return s;
}

static void fill_results(struct bench_case *cases, size_t count, const struct gbench_results *r)
{
    for (size_t i = 0; i < count; i++) {
        const struct gbench_result *use = gbench_find(r, cases[i].name);
        /* CPU time, as Google Benchmark's own rates: on a busy machine it
         * leaves out the time the benchmark was not running. Split across
         * threads, the wall clock (the calling thread's CPU time is not
         * the work's); in place, the calls' own clock (manual time: the
         * CPU time has the work buffer's restoring in it), per call. */
        int calls = bench_calls_per_iteration(&cases[i]);
        double seconds = !use                                ? 0
                         : cases[i].threads > 1 || calls > 1 ? use->seconds / calls
                                                             : use->cpu_seconds;
        cases[i].gbps = seconds > 0 ? (double)cases[i].arity->bytes_per_element *
                                          (double)cases[i].n / seconds * 1e-9
                                    : 0;
        cases[i].ns = seconds * 1e9;
    }
}

int main(int argc, char **argv)
{
    size_t sizes[MAX_SIZES], n_sizes = sizeof quick_sizes / sizeof quick_sizes[0];
    memcpy(sizes, quick_sizes, sizeof quick_sizes);
    int full = 0, each = 0, listing = 0, json_given = 0, small = -1, half = -1;
    const char *display = "console";
    const char *min_time = "0.01", *warmup = "0.002", *repetitions = "3";

    /* Our flags first; then Google Benchmark's, after our defaults so that
     * the caller's own --benchmark_* flags win. */
    char **args = calloc((size_t)argc + 8, sizeof *args);
    if (!args)
        return 1;
    int n_args = 0, sizes_given = 0;
    int threads[MAX_THREADS];
    size_t n_threads = 0;
    if (!parse_threads("1,all", threads, &n_threads))
        return 1;
    args[n_args++] = argv[0];
    char **user = calloc((size_t)argc + 1, sizeof *user);
    int n_user = 0;
    if (!user)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--full") == 0)
            full = 1;
        else if (strcmp(a, "--each") == 0)
            each = 1;
        else if (strcmp(a, "--small") == 0)
            small = 1;
        else if (strcmp(a, "--no-small") == 0)
            small = 0;
        else if (strcmp(a, "--half") == 0)
            half = 1;
        else if (strcmp(a, "--no-half") == 0)
            half = 0;
        else if (strncmp(a, "--sizes=", 8) == 0) {
            if (!parse_sizes(a + 8, sizes, &n_sizes)) {
                fprintf(stderr, "rectify-bench: bad size list: %s\n%s", a + 8, usage);
                return 2;
            }
            sizes_given = 1;
        } else if (strncmp(a, "--threads=", 10) == 0) {
            if (!parse_threads(a + 10, threads, &n_threads)) {
                fprintf(stderr, "rectify-bench: bad thread list: %s\n%s", a + 10, usage);
                return 2;
            }
        } else if (strncmp(a, "--json=", 7) == 0) {
            user[n_user++] = format("--benchmark_out=%s", a + 7);
            json_given = 1;
        } else if (strncmp(a, "--benchmark_filter=", 19) == 0 && a[19] != '-')
            /* Keep the roofline whatever the filter picks. */
            user[n_user++] = format("--benchmark_filter=(%s)|^copy_", a + 19);
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            if (strncmp(a, "--benchmark_list_tests", 22) == 0)
                listing = 1;
            if (strncmp(a, "--benchmark_out=", 16) == 0)
                json_given = 1;
            if (strncmp(a, "--benchmark_format=", 19) == 0)
                display = a + 19;
            user[n_user++] = argv[i];
        }
    }
    if (full) {
        min_time = "0.05";
        warmup = "0.01";
        repetitions = "5";
        if (!sizes_given) {
            memcpy(sizes, full_sizes, sizeof full_sizes);
            n_sizes = sizeof full_sizes / sizeof full_sizes[0];
        }
    }
    args[n_args++] = format("--benchmark_min_time=%s", min_time);
    args[n_args++] = format("--benchmark_min_warmup_time=%s", warmup);
    args[n_args++] = format("--benchmark_repetitions=%s", repetitions);
    args[n_args++] = "--benchmark_report_aggregates_only=true";
    /* The default JSON under out/ (made here), never the current directory's
     * top: a result is not a source file. */
    if (!json_given) {
        mkdir("out", 0777);
        args[n_args++] = "--benchmark_out=out/rectify-bench.json";
    }
    args[n_args++] = "--benchmark_out_format=json";
    for (int i = 0; i < n_user; i++)
        args[n_args++] = user[i];
    args[n_args] = NULL;

    if (gbench_initialize(&n_args, args) > 0) {
        fprintf(stderr, "rectify-bench: unknown argument %s\n%s", args[1], usage);
        return 2;
    }

    gbench_add_context("rectify_isa_cap", bench_isa_cap_init());
    char isas[64] = "", size_list[256] = "";
    for (int isa = RECTIFY_ISA_SCALAR; isa <= RECTIFY_ISA_NEON; isa++)
        if (bench_isa_runs((rectify_isa)isa))
            snprintf(isas + strlen(isas), sizeof isas - strlen(isas), "%s%s", isas[0] ? "," : "",
                     rectify_isa_name((rectify_isa)isa));
    for (size_t s = 0; s < n_sizes; s++)
        snprintf(size_list + strlen(size_list), sizeof size_list - strlen(size_list), "%s%zu",
                 s ? "," : "", sizes[s]);
    gbench_add_context("rectify_isas", isas);
    gbench_add_context("rectify_sizes", size_list);
    gbench_add_context("rectify_peers", bench_peers_description());
    gbench_add_context("rectify_roofline_isa", bench_copy_isa());
    gbench_add_context("rectify_mode", full ? "full" : "quick");
    char thread_list[64] = "";
    for (size_t t = 0; t < n_threads; t++)
        snprintf(thread_list + strlen(thread_list), sizeof thread_list - strlen(thread_list),
                 "%s%d", t ? "," : "", threads[t]);
    gbench_add_context("rectify_threads", thread_list);

    if (small < 0)
        small = !sizes_given;
    size_t n_small = small ? bench_n_small_sizes : 0;
    char small_list[64] = "";
    for (size_t s = 0; s < n_small; s++)
        snprintf(small_list + strlen(small_list), sizeof small_list - strlen(small_list), "%s%zu",
                 s ? "," : "", bench_small_sizes[s]);
    gbench_add_context("rectify_small_sizes", small_list);

    if (half < 0)
        half = !sizes_given;
    if (half)
        bench_register_half(sizes, n_sizes);

    size_t count;
    struct bench_case *cases =
        bench_register_all(sizes, n_sizes, threads, n_threads, bench_small_sizes, n_small, &count);
    struct gbench_results results;
    /* Google Benchmark's display on stdout when a machine format is asked
     * for (and with --each); the summary table then goes to stderr. */
    int machine = strcmp(display, "console") != 0;
    gbench_run(&results, each || machine, display);
    bench_buffers_release();
    if (!listing) {
        fill_results(cases, count, &results);
        bench_print_table(machine ? stderr : stdout, cases, count, sizes, n_sizes);
        bench_print_small(machine ? stderr : stdout, cases, count, bench_small_sizes, n_small);
        bench_print_half(machine ? stderr : stdout, &results, sizes, n_sizes);
    }
    gbench_results_free(&results);
    gbench_shutdown();
    return 0;
}
