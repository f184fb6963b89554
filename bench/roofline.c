/*
 * The copy kernels of the roofline. This is the one place outside
 * kernels/simd/ with intrinsics: the roofline must use the CPU's widest
 * stores and its non-temporal stores, which the library's vector layer has
 * no reason to offer. Each width is compiled with a target attribute and
 * chosen at run time.
 */
#include <stdint.h>

#include "peers.h"
#include "roofline.h"

/* The body, for constant inputs/outputs/stream so the compiler specialises
 * it; VEC is one vector of W floats. */
#define COPY_BODY(W, LOAD, ADD, STORE, STREAM)                                                     \
    /* Locals: a vector store may alias anything, even the array in[]. */                          \
    const float *in0 = in[0], *in1 = in[inputs > 1], *in2 = in[inputs > 2 ? 2 : 0];                \
    float *out0 = out, *out1 = out + (outputs > 1 ? second : 0);                                   \
    size_t i = 0;                                                                                  \
    _Pragma("GCC unroll 4") for (; i + (W) <= n; i += (W))                                         \
    {                                                                                              \
        VEC v = LOAD(in0 + i);                                                                     \
        if (inputs > 1)                                                                            \
            v = ADD(v, LOAD(in1 + i));                                                             \
        if (inputs > 2)                                                                            \
            v = ADD(v, LOAD(in2 + i));                                                             \
        if (stream)                                                                                \
            STREAM(out0 + i, v);                                                                   \
        else                                                                                       \
            STORE(out0 + i, v);                                                                    \
        if (outputs > 1 && stream)                                                                 \
            STREAM(out1 + i, v);                                                                   \
        else if (outputs > 1)                                                                      \
            STORE(out1 + i, v);                                                                    \
    }                                                                                              \
    for (; i < n; i++) {                                                                           \
        float s = in0[i] + (inputs > 1 ? in1[i] : 0.0f) + (inputs > 2 ? in2[i] : 0.0f);            \
        out0[i] = s;                                                                               \
        if (outputs > 1)                                                                           \
            out1[i] = s;                                                                           \
    }

/* One function per (inputs, outputs, stream) for a body `name`. */
#define COPY_CASES(name)                                                                           \
    switch ((inputs - 1) * 4 + (outputs - 1) * 2 + (stream != 0)) {                                \
    case 0:                                                                                        \
        name(in, 1, out, second, 1, n, 0);                                                         \
        break;                                                                                     \
    case 1:                                                                                        \
        name(in, 1, out, second, 1, n, 1);                                                         \
        break;                                                                                     \
    case 2:                                                                                        \
        name(in, 1, out, second, 2, n, 0);                                                         \
        break;                                                                                     \
    case 3:                                                                                        \
        name(in, 1, out, second, 2, n, 1);                                                         \
        break;                                                                                     \
    case 4:                                                                                        \
        name(in, 2, out, second, 1, n, 0);                                                         \
        break;                                                                                     \
    case 5:                                                                                        \
        name(in, 2, out, second, 1, n, 1);                                                         \
        break;                                                                                     \
    case 6:                                                                                        \
        name(in, 2, out, second, 2, n, 0);                                                         \
        break;                                                                                     \
    case 7:                                                                                        \
        name(in, 2, out, second, 2, n, 1);                                                         \
        break;                                                                                     \
    case 8:                                                                                        \
        name(in, 3, out, second, 1, n, 0);                                                         \
        break;                                                                                     \
    case 9:                                                                                        \
        name(in, 3, out, second, 1, n, 1);                                                         \
        break;                                                                                     \
    case 10:                                                                                       \
        name(in, 3, out, second, 2, n, 0);                                                         \
        break;                                                                                     \
    default:                                                                                       \
        name(in, 3, out, second, 2, n, 1);                                                         \
        break;                                                                                     \
    }

#define COPY_ARGS                                                                                  \
    const float *const in[], int inputs, float *out, size_t second, int outputs, size_t n,         \
        int stream

static inline __attribute__((always_inline)) void copy_scalar_body(COPY_ARGS)
{
#define VEC         float
#define LOAD(p)     (*(p))
#define ADD(a, b)   ((a) + (b))
#define STORE(p, v) (*(p) = (v))
    COPY_BODY(1, LOAD, ADD, STORE, STORE)
#undef VEC
#undef LOAD
#undef ADD
#undef STORE
}
static void copy_scalar(COPY_ARGS) { COPY_CASES(copy_scalar_body) }

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86 1

#define VEC __m128
static inline __attribute__((always_inline, target("sse2"))) void copy_sse2_body(COPY_ARGS)
{
    COPY_BODY(4, _mm_loadu_ps, _mm_add_ps, _mm_storeu_ps, _mm_stream_ps)
}
static __attribute__((target("sse2"))) void copy_sse2(COPY_ARGS)
{
    COPY_CASES(copy_sse2_body)
    _mm_sfence();
}
#undef VEC

#define VEC __m256
static inline __attribute__((always_inline, target("avx"))) void copy_avx_body(COPY_ARGS)
{
    COPY_BODY(8, _mm256_loadu_ps, _mm256_add_ps, _mm256_storeu_ps, _mm256_stream_ps)
}
static __attribute__((target("avx"))) void copy_avx(COPY_ARGS)
{
    COPY_CASES(copy_avx_body)
    _mm_sfence();
}
#undef VEC

#define VEC __m512
static inline __attribute__((always_inline, target("avx512f"))) void copy_avx512_body(COPY_ARGS)
{
    COPY_BODY(16, _mm512_loadu_ps, _mm512_add_ps, _mm512_storeu_ps, _mm512_stream_ps)
}
static __attribute__((target("avx512f"))) void copy_avx512(COPY_ARGS)
{
    COPY_CASES(copy_avx512_body)
    _mm_sfence();
}
#undef VEC
#endif

typedef void (*copy_fn)(COPY_ARGS);

static copy_fn pick(const char **isa)
{
#ifdef HAVE_X86
    __builtin_cpu_init();
    /* A run capped below AVX-512 (peers.h) copies as that machine would. */
    if (__builtin_cpu_supports("avx512f") && bench_isa_runs(RECTIFY_ISA_AVX512)) {
        *isa = "avx512";
        return copy_avx512;
    }
    if (__builtin_cpu_supports("avx") && bench_isa_runs(RECTIFY_ISA_AVX2)) {
        *isa = "avx";
        return copy_avx;
    }
    *isa = "sse2";
    return copy_sse2;
#else
    *isa = "scalar";
    return copy_scalar;
#endif
}

static copy_fn chosen;
static const char *chosen_isa;

void bench_copy(COPY_ARGS)
{
    if (!chosen)
        chosen = pick(&chosen_isa);
    if (inputs < 1 || inputs > 3 || outputs < 1 || outputs > 2)
        return;
    /* Streaming stores need aligned vectors; a misaligned output (which the
     * benchmarks never pass) falls back to the portable copy. */
    if (stream && (((uintptr_t)out & 63) != 0 || (outputs > 1 && second % 16 != 0))) {
        copy_scalar(in, inputs, out, second, outputs, n, 0);
        return;
    }
    chosen(in, inputs, out, second, outputs, n, stream);
}

const char *bench_copy_isa(void)
{
    if (!chosen)
        chosen = pick(&chosen_isa);
    return chosen_isa;
}

int bench_copy_can_stream(void)
{
#ifdef HAVE_X86
    return 1;
#else
    return 0;
#endif
}

/* ---- the copy split across threads --------------------------------------- */

#ifdef RECTIFY_BENCH_HAVE_PTHREADPOOL
#include <pthreadpool.h>

#include "parallel.h"

struct copy_job {
    const float *in[3];
    int inputs, outputs, stream;
    float *out;
    size_t second, n, first, chunk;
};

static void copy_task(void *context, size_t i)
{
    const struct copy_job *j = context;
    size_t begin = i == 0 ? 0 : j->first + (i - 1) * j->chunk;
    size_t end = j->first + i * j->chunk < j->n ? j->first + i * j->chunk : j->n;
    if (begin >= end)
        return;
    const float *in[3] = {j->in[0] + begin, j->in[1] + begin, j->in[2] + begin};
    bench_copy(in, j->inputs, j->out + begin, j->second, j->outputs, end - begin, j->stream);
}

static pthreadpool_t pool;
static int pool_threads;

void bench_copy_release(void)
{
    if (pool)
        pthreadpool_destroy(pool);
    pool = NULL;
}

void bench_copy_threads(int threads, const float *const in[], int inputs, float *out, size_t second,
                        int outputs, size_t n, int stream)
{
    struct copy_job j = {{in[0], in[inputs > 1], in[inputs > 2 ? 2 : 0]},
                         inputs,
                         outputs,
                         stream,
                         out,
                         second,
                         n,
                         0,
                         0};
    size_t tasks =
        rectify_parallel_chunks(n, out, RECTIFY_WORK_MEMORY, threads, &j.first, &j.chunk);
    if (tasks == 1) {
        bench_copy(in, inputs, out, second, outputs, n, stream);
        return;
    }
    if (pool && pool_threads != threads) {
        pthreadpool_destroy(pool);
        pool = NULL;
    }
    if (!pool) {
        pool = pthreadpool_create((size_t)threads);
        pool_threads = threads;
    }
    pthreadpool_parallelize_1d(pool, copy_task, &j, tasks, 0);
}
#else
void bench_copy_threads(int threads, const float *const in[], int inputs, float *out, size_t second,
                        int outputs, size_t n, int stream)
{
    (void)threads;
    bench_copy(in, inputs, out, second, outputs, n, stream);
}
void bench_copy_release(void) {}
#endif
