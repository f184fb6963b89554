/*
 * Threads and non-temporal stores for large calls (see parallel.h and the
 * header's "Threads and large buffers").
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "parallel.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu.h"
#include "fpstate.h"

#ifdef RECTIFY_HAVE_PTHREADPOOL
#include <pthreadpool.h>
#endif

/* Elements per chunk below which a chunk is not worth a thread, per kind of
 * op: a chunk must take well over the few microseconds a pool takes to
 * wake its threads (measured on the AMD EPYC development machine, README
 * "Threads"). A call is split only if it makes at least two such chunks. */
static const size_t min_chunk[RECTIFY_N_WORK] = {
    [RECTIFY_WORK_MEMORY] = 64 * 1024,
    [RECTIFY_WORK_EXPONENTIAL] = 16 * 1024,
    [RECTIFY_WORK_DETERMINISTIC] = 4 * 1024,
    [RECTIFY_WORK_RANDOM] = 8 * 1024,
};
/* parallel.h's inline check takes every call below RECTIFY_SPLIT_MIN to be
 * unsplit: twice the smallest grain above. */
_Static_assert(RECTIFY_SPLIT_MIN == 2 * 4 * 1024, "RECTIFY_SPLIT_MIN is twice the smallest grain");

/* Chunk boundaries are multiples of this many floats past the first
 * 64-byte boundary of the output. */
#define LINE_FLOATS 16

/* ---- settings ------------------------------------------------------------ */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int default_threads;                  /* RECTIFY_NUM_THREADS, or the CPUs we may run on */
static size_t default_nt;                    /* RECTIFY_NT_THRESHOLD, or the last-level cache */
atomic_size_t rectify_parallel_nt_bytes;     /* the threshold, once init has run */
atomic_size_t rectify_parallel_direct_bytes; /* 0 until init has run */

/* The threshold, and the direct-call limit that follows from it. */
static void set_nt(size_t bytes)
{
    atomic_store(&rectify_parallel_nt_bytes, bytes);
    atomic_store_explicit(&rectify_parallel_direct_bytes, bytes ? bytes : SIZE_MAX,
                          memory_order_release);
}

/* The pool in use, guarded by pool_lock: the caller's parallel-for, or our
 * own pool of own_threads threads (created when first needed). */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static rectify_parallel_for_fn user_fn;
static void *user_pool;
static int user_threads;
static int own_threads; /* 0 until init */
#ifdef RECTIFY_HAVE_PTHREADPOOL
static pthreadpool_t own_pool;
static int own_pool_threads;
#endif
/* Read without the lock on every large call: the threads to split for. */
static atomic_int split_threads;

static int cpus_available(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < INT_MAX ? (int)n : 1;
}

/* A positive decimal integer (the whole string) or -1. */
static long long parse_count(const char *s)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return (errno || *end || v < 0) ? -1 : v;
}

static void init(void)
{
    default_threads = cpus_available();
    const char *env = getenv("RECTIFY_NUM_THREADS");
    if (env && *env) {
        long long v = parse_count(env);
        if (v >= 1 && v <= 4096)
            default_threads = (int)v;
        else
            fprintf(stderr, "rectify: RECTIFY_NUM_THREADS=%s is not a thread count; ignored\n",
                    env);
    }
    default_nt = rectify_cpu_llc_bytes();
    env = getenv("RECTIFY_NT_THRESHOLD");
    if (env && *env) {
        long long v = parse_count(env);
        if (v >= 0)
            default_nt = (size_t)v;
        else
            fprintf(stderr, "rectify: RECTIFY_NT_THRESHOLD=%s is not a byte count; ignored\n", env);
    }
    own_threads = default_threads;
    atomic_store(&split_threads, default_threads);
    set_nt(default_nt); /* last: calls go direct from here on */
}

static void ensure_init(void) { pthread_once(&once, init); }

rectify_status rectify_set_parallel_for(rectify_parallel_for_fn fn, void *pool, int threads)
{
    if (fn && threads < 1)
        return RECTIFY_ERR_PARAM;
    ensure_init();
    pthread_mutex_lock(&pool_lock);
    user_fn = fn;
    user_pool = fn ? pool : NULL;
    user_threads = fn ? threads : 0;
    atomic_store(&split_threads, fn ? threads : own_threads);
    pthread_mutex_unlock(&pool_lock);
    return RECTIFY_OK;
}

rectify_status rectify_set_num_threads(int threads)
{
    if (threads < 0)
        return RECTIFY_ERR_PARAM;
    ensure_init();
    pthread_mutex_lock(&pool_lock);
    own_threads = threads ? threads : default_threads;
    if (!user_fn)
        atomic_store(&split_threads, own_threads);
#ifdef RECTIFY_HAVE_PTHREADPOOL
    /* A pool of another size goes now (no call holds it: calls run under
     * the lock); the next call that needs one makes it. */
    if (own_pool && own_pool_threads != own_threads) {
        pthreadpool_destroy(own_pool);
        own_pool = NULL;
    }
#endif
    pthread_mutex_unlock(&pool_lock);
    return RECTIFY_OK;
}

int rectify_get_num_threads(void)
{
    ensure_init();
#ifndef RECTIFY_HAVE_PTHREADPOOL
    pthread_mutex_lock(&pool_lock);
    int n = user_fn ? user_threads : 1;
    pthread_mutex_unlock(&pool_lock);
    return n;
#else
    return atomic_load(&split_threads);
#endif
}

rectify_status rectify_set_nt_threshold(size_t bytes)
{
    ensure_init();
    set_nt(bytes);
    return RECTIFY_OK;
}

size_t rectify_get_nt_threshold(void)
{
    ensure_init();
    return atomic_load(&rectify_parallel_nt_bytes);
}

/* ---- the split ----------------------------------------------------------- */

/* The split for elements of `es` bytes, the output at `out`. */
static size_t chunks_of(size_t n, uintptr_t out, size_t es, enum rectify_work work, int threads,
                        size_t *first, size_t *chunk)
{
    size_t grain = min_chunk[work], line = LINE_FLOATS * sizeof(float) / es;
    if (threads <= 1 || n < 2 * grain) {
        *first = *chunk = n;
        return 1;
    }
    size_t tasks = n / grain < (size_t)threads ? n / grain : (size_t)threads;
    size_t c = (n + tasks - 1) / tasks;
    c = (c + line - 1) / line * line;
    /* The first boundary on a line: out + head is 64-byte aligned. */
    size_t head = out % es ? 0 : ((64 - out % 64) % 64) / es;
    size_t f = head + c < n ? head + c : n;
    *first = f;
    *chunk = c;
    return 1 + (n - f + c - 1) / c;
}

size_t rectify_parallel_chunks(size_t n, const float *out, enum rectify_work work, int threads,
                               size_t *first, size_t *chunk)
{
    return chunks_of(n, (uintptr_t)out, sizeof(float), work, threads, first, chunk);
}

size_t rectify_parallel_chunks_h(size_t n, const uint16_t *out, enum rectify_work work, int threads,
                                 size_t *first, size_t *chunk)
{
    return chunks_of(n, (uintptr_t)out, sizeof(uint16_t), work, threads, first, chunk);
}

enum job_kind { JOB_UNARY, JOB_BINARY, JOB_CONCAT, JOB_DECONCAT };

struct job {
    enum job_kind kind;
    union {
        rectify_unary_fn unary;
        rectify_binary_fn binary;
        rectify_concat_fn concat;
        rectify_deconcat_fn deconcat;
        rectify_unary_h_fn unary_h;
        rectify_binary_h_fn binary_h;
        rectify_concat_h_fn concat_h;
        rectify_deconcat_h_fn deconcat_h;
    } fn;
    const void *a, *b; /* elements of es bytes: 4, floats; 2, bf16 or fp16 (the _h kernels) */
    void *out;
    size_t es;
    size_t n, inner; /* elements (CReLU: of x), and CReLU's row width */
    size_t first, chunk;
    struct rectify_params p;
    rectify_fpstate fp; /* the caller's FP control state, which the pool's threads take on */
};

/* Element i of a job's buffer p (NULL stays NULL: a unary job has no b). */
static void *at(const struct job *j, const void *p, size_t i)
{
    return p ? (char *)(uintptr_t)p + i * j->es : NULL;
}

/* CReLU's elements [begin, end) of x (rows of inner): a part of a row, then
 * whole rows, then a part of a row, each as one kernel call. */
static void run_rows(const struct job *j, size_t begin, size_t end)
{
    struct rectify_params p = j->p;
    size_t w = j->inner;
    int half = j->es == sizeof(uint16_t);
    while (begin < end) {
        size_t o = begin / w, col = begin % w, rows = 1, cols = w - col;
        if (col == 0 && end - begin >= w) {
            rows = (end - begin) / w;
            cols = w;
        } else if (cols > end - begin) {
            cols = end - begin;
        }
        p.row_stride = w;
        const void *x = at(j, j->a, o * w + col), *dy = at(j, j->b, 2 * o * w + col);
        void *y = at(j, j->out, (j->kind == JOB_CONCAT ? 2 : 1) * o * w + col);
        if (j->kind == JOB_CONCAT && half)
            j->fn.concat_h(x, y, rows, cols, &p);
        else if (j->kind == JOB_CONCAT)
            j->fn.concat(x, y, rows, cols, &p);
        else if (half)
            j->fn.deconcat_h(x, dy, y, rows, cols, &p);
        else
            j->fn.deconcat(x, dy, y, rows, cols, &p);
        begin += rows * cols;
    }
}

static void run_range(const struct job *j, size_t begin, size_t end)
{
    struct rectify_params p = j->p;
    p.offset += begin; /* RReLU: element i's counter is offset + i */
    int half = j->es == sizeof(uint16_t);
    const void *a = at(j, j->a, begin), *b = at(j, j->b, begin);
    void *out = at(j, j->out, begin);
    switch (j->kind) {
    case JOB_UNARY:
        if (half)
            j->fn.unary_h(a, out, end - begin, &p);
        else
            j->fn.unary(a, out, end - begin, &p);
        break;
    case JOB_BINARY:
        if (half)
            j->fn.binary_h(a, b, out, end - begin, &p);
        else
            j->fn.binary(a, b, out, end - begin, &p);
        break;
    case JOB_CONCAT:
    case JOB_DECONCAT:
        run_rows(j, begin, end);
        break;
    }
}

static void run_task(void *context, size_t i)
{
    const struct job *j = context;
    size_t begin = i == 0 ? 0 : j->first + (i - 1) * j->chunk;
    size_t end = j->first + i * j->chunk;
    if (end > j->n)
        end = j->n;
    if (begin >= end)
        return;
    /* The caller's rounding mode and FTZ/DAZ, so a thread computes what
     * the caller's own thread would; put back after. */
    rectify_fpstate mine = rectify_fp_get();
    if (mine != j->fp)
        rectify_fp_set(j->fp);
    run_range(j, begin, end);
    if (mine != j->fp)
        rectify_fp_set(mine);
}

static void run(struct job *j, size_t bytes, enum rectify_work work)
{
    ensure_init();
    size_t nt = atomic_load_explicit(&rectify_parallel_nt_bytes, memory_order_relaxed);
    j->p.stream = nt != 0 && bytes >= nt;
    int threads = atomic_load_explicit(&split_threads, memory_order_relaxed);
    size_t tasks = chunks_of(j->n, (uintptr_t)j->out, j->es, work, threads, &j->first, &j->chunk);
    if (tasks == 1) {
        run_range(j, 0, j->n);
        return;
    }
    j->fp = rectify_fp_get();
    pthread_mutex_lock(&pool_lock);
    if (user_fn) {
        rectify_parallel_for_fn fn = user_fn;
        void *pool = user_pool;
        pthread_mutex_unlock(&pool_lock);
        fn(pool, run_task, j, tasks);
        return;
    }
#ifdef RECTIFY_HAVE_PTHREADPOOL
    if (own_pool && own_pool_threads != own_threads) {
        pthreadpool_destroy(own_pool);
        own_pool = NULL;
    }
    if (!own_pool && own_threads > 1) {
        own_pool = pthreadpool_create((size_t)own_threads);
        own_pool_threads = own_threads;
    }
    if (own_pool) {
        /* No flags: the threads keep the caller's FP state (run_task sets
         * it), and spin a little after the call before they sleep, as
         * pthreadpool's do by default, so back-to-back calls find them awake
         * (yielding them at once costs tens of microseconds a call). */
        pthreadpool_parallelize_1d(own_pool, run_task, j, tasks, 0);
        pthread_mutex_unlock(&pool_lock);
        return;
    }
#endif
    pthread_mutex_unlock(&pool_lock);
    run_range(j, 0, j->n);
}

void rectify_split_unary(rectify_unary_fn f, const float *x, float *y, size_t n,
                         const struct rectify_params *p, enum rectify_work work)
{
    struct job j = {
        .kind = JOB_UNARY, .fn.unary = f, .a = x, .out = y, .es = sizeof(float), .n = n, .p = *p};
    run(&j, rectify_unary_bytes(x, y, n), work);
}

void rectify_split_binary(rectify_binary_fn f, const float *a, const float *b, float *out, size_t n,
                          const struct rectify_params *p, enum rectify_work work)
{
    struct job j = {.kind = JOB_BINARY,
                    .fn.binary = f,
                    .a = a,
                    .b = b,
                    .out = out,
                    .es = sizeof(float),
                    .n = n,
                    .p = *p};
    run(&j, rectify_binary_bytes(a, b, out, n), work);
}

void rectify_split_concat(rectify_concat_fn f, const float *x, float *y, size_t outer, size_t inner,
                          const struct rectify_params *p)
{
    struct job j = {.kind = JOB_CONCAT,
                    .fn.concat = f,
                    .a = x,
                    .out = y,
                    .es = sizeof(float),
                    .n = outer * inner,
                    .inner = inner,
                    .p = *p};
    run(&j, outer * inner * 3 * sizeof(float), RECTIFY_WORK_MEMORY);
}

void rectify_split_deconcat(rectify_deconcat_fn f, const float *x, const float *dy, float *dx,
                            size_t outer, size_t inner, const struct rectify_params *p)
{
    struct job j = {.kind = JOB_DECONCAT,
                    .fn.deconcat = f,
                    .a = x,
                    .b = dy,
                    .out = dx,
                    .es = sizeof(float),
                    .n = outer * inner,
                    .inner = inner,
                    .p = *p};
    run(&j, rectify_deconcat_bytes(x, dx, outer * inner), RECTIFY_WORK_MEMORY);
}

/* The bf16 and fp16 kernels: the same split over 2-byte elements (chunk
 * boundaries on 64-byte lines of the output), ordinary stores always. */
void rectify_split_unary_h(rectify_unary_h_fn f, const uint16_t *x, uint16_t *y, size_t n,
                           const struct rectify_params *p, enum rectify_work work)
{
    struct job j = {.kind = JOB_UNARY,
                    .fn.unary_h = f,
                    .a = x,
                    .out = y,
                    .es = sizeof(uint16_t),
                    .n = n,
                    .p = *p};
    run(&j, 0, work);
}

void rectify_split_binary_h(rectify_binary_h_fn f, const uint16_t *a, const uint16_t *b,
                            uint16_t *out, size_t n, const struct rectify_params *p,
                            enum rectify_work work)
{
    struct job j = {.kind = JOB_BINARY,
                    .fn.binary_h = f,
                    .a = a,
                    .b = b,
                    .out = out,
                    .es = sizeof(uint16_t),
                    .n = n,
                    .p = *p};
    run(&j, 0, work);
}

void rectify_split_concat_h(rectify_concat_h_fn f, const uint16_t *x, uint16_t *y, size_t outer,
                            size_t inner, const struct rectify_params *p)
{
    struct job j = {.kind = JOB_CONCAT,
                    .fn.concat_h = f,
                    .a = x,
                    .out = y,
                    .es = sizeof(uint16_t),
                    .n = outer * inner,
                    .inner = inner,
                    .p = *p};
    run(&j, 0, RECTIFY_WORK_MEMORY);
}

void rectify_split_deconcat_h(rectify_deconcat_h_fn f, const uint16_t *x, const uint16_t *dy,
                              uint16_t *dx, size_t outer, size_t inner,
                              const struct rectify_params *p)
{
    struct job j = {.kind = JOB_DECONCAT,
                    .fn.deconcat_h = f,
                    .a = x,
                    .b = dy,
                    .out = dx,
                    .es = sizeof(uint16_t),
                    .n = outer * inner,
                    .inner = inner,
                    .p = *p};
    run(&j, 0, RECTIFY_WORK_MEMORY);
}
