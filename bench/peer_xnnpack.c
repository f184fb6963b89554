/*
 * XNNPACK's f32 operators (C API) as benchmark peers: clamp (ReLU is
 * clamp(0, +inf), ReLU6 clamp(0, 6)), leaky_relu and elu, forward only (XNNPACK
 * is an inference library), and its f16 clamp and leaky_relu for the
 * half-precision section. One thread: a NULL thread pool; more: a
 * pthreadpool of bench_peer_threads.
 */
#include <math.h>
#include <stdlib.h>

#include <pthreadpool.h>
#include <xnnpack.h>
#ifdef RECTIFY_BENCH_HAVE_CPUINFO
#include <cpuinfo.h>
#endif

#include "ops.h"
#include "peers.h"

enum xnnpack_kind { CLAMP, LEAKY_RELU, ELU };
struct xnnpack_op {
    enum xnnpack_kind kind;
    float a, b; /* clamp: min, max; leaky_relu: slope; elu: alpha */
};

/* XNNPACK picks its kernels at xnn_initialize from cpuinfo's flags, a
 * global of cpuinfo's public API: cleared above the cap before that, the
 * picks are those of a CPU without the sets above (SSE2 is its lowest on
 * x86). */
const char *bench_xnnpack_cap(rectify_isa isa)
{
#ifdef RECTIFY_BENCH_HAVE_CPUINFO
    if (isa >= RECTIFY_ISA_AVX512)
        return "not capped";
    if (!cpuinfo_initialize())
        return "not capped (cpuinfo_initialize failed)";
    struct cpuinfo_x86_isa *f = &cpuinfo_isa;
    f->avx512f = f->avx512pf = f->avx512er = f->avx512cd = f->avx512dq = f->avx512bw = f->avx512vl =
        f->avx512ifma = f->avx512vbmi = f->avx512vbmi2 = f->avx512bitalg = f->avx512vpopcntdq =
            f->avx512vnni = f->avx512bf16 = f->avx512vp2intersect = f->avx512_4vnniw =
                f->avx512_4fmaps = false;
    if (isa == RECTIFY_ISA_AVX2)
        return "at avx2";
    f->avx = f->avx2 = f->fma3 = f->fma4 = f->f16c = f->xop = f->sse3 = f->ssse3 = f->sse4_1 =
        f->sse4_2 = false;
    return "at sse2";
#else
    (void)isa;
    return "not capped (built without cpuinfo.h)";
#endif
}

static int ready(void)
{
    static int state; /* 0: not tried, 1: ready, -1: failed */
    if (!state)
        state = xnn_initialize(NULL) == xnn_status_success ? 1 : -1;
    return state == 1;
}

/* An operator and the pool it runs on (NULL: one thread). */
struct xnnpack_state {
    xnn_operator_t op;
    pthreadpool_t pool;
};

static void destroy(void *p)
{
    struct xnnpack_state *st = p;
    if (!st)
        return;
    if (st->op)
        xnn_delete_operator(st->op);
    if (st->pool)
        pthreadpool_destroy(st->pool);
    free(st);
}

/* The operator for o over n elements, f32 or (half) f16. */
static void *make(const struct xnnpack_op *o, int half, const void *in, void *out, size_t n)
{
    enum xnn_status s = xnn_status_uninitialized;
    if (!ready())
        return NULL;
    struct xnnpack_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    /* Each operator its own pool, gone with it: no threads left spinning
     * into the next benchmark. */
    if (bench_peer_threads > 1 && !(st->pool = pthreadpool_create((size_t)bench_peer_threads))) {
        free(st);
        return NULL;
    }
    /* One row of n channels: the operator sees one contiguous buffer. */
    switch (o->kind) {
    case CLAMP:
        if (half) {
            s = xnn_create_clamp_nc_f16(n, n, n, o->a, o->b, 0, &st->op);
            if (s == xnn_status_success)
                s = xnn_setup_clamp_nc_f16(st->op, 1, in, out, st->pool);
        } else {
            s = xnn_create_clamp_nc_f32(n, n, n, o->a, o->b, 0, &st->op);
            if (s == xnn_status_success)
                s = xnn_setup_clamp_nc_f32(st->op, 1, in, out, st->pool);
        }
        break;
    case LEAKY_RELU:
        if (half) {
            s = xnn_create_leaky_relu_nc_f16(n, n, n, o->a, 0, &st->op);
            if (s == xnn_status_success)
                s = xnn_setup_leaky_relu_nc_f16(st->op, 1, in, out, st->pool);
        } else {
            s = xnn_create_leaky_relu_nc_f32(n, n, n, o->a, 0, &st->op);
            if (s == xnn_status_success)
                s = xnn_setup_leaky_relu_nc_f32(st->op, 1, in, out, st->pool);
        }
        break;
    case ELU:
        if (!half) {
            s = xnn_create_elu_nc_f32(n, n, n, o->a, 0, &st->op);
            if (s == xnn_status_success)
                s = xnn_setup_elu_nc_f32(st->op, 1, in, out, st->pool);
        }
        break;
    }
    if (s != xnn_status_success) {
        destroy(st);
        return NULL;
    }
    return st;
}

static void *create(const struct bench_peer_op *op, const float *const in[], float *out, size_t n)
{
    return make(op->data, 0, in[0], out, n);
}

static void *create_half(const struct bench_half_peer_op *op, const uint16_t *const in[],
                         uint16_t *out, size_t n)
{
    return make(op->data, 1, in[0], out, n);
}

static int run(void *p)
{
    struct xnnpack_state *st = p;
    return xnn_run_operator(st->op, st->pool) != xnn_status_success;
}

static const struct xnnpack_op relu = {CLAMP, 0.0f, INFINITY};
static const struct xnnpack_op relu6 = {CLAMP, 0.0f, 6.0f};
static const struct xnnpack_op leaky = {LEAKY_RELU, BENCH_LEAKY_SLOPE, 0.0f};
static const struct xnnpack_op elu = {ELU, BENCH_ELU_ALPHA, 0.0f};

#define OP(kernel, what, expect, data)                                                             \
    {                                                                                              \
        "xnnpack", kernel, what, &bench_arity_unary, expect, create, run, destroy, &data           \
    }
static const struct bench_peer_op ops[] = {
    OP("relu_forward", "clamp_nc_f32(0, inf)", bench_expect_relu, relu),
    OP("leaky_relu_forward", "leaky_relu_nc_f32", bench_expect_leaky_relu, leaky),
    OP("relu6_forward", "clamp_nc_f32(0, 6)", bench_expect_relu6, relu6),
    OP("elu_forward", "elu_nc_f32", bench_expect_elu, elu),
};

#define HALF_OP(kernel, what, data)                                                                \
    {                                                                                              \
        "xnnpack", kernel, what, 1, 0, create_half, run, destroy, &data                            \
    }
static const struct bench_half_peer_op half_ops[] = {
    HALF_OP("relu_forward", "clamp_nc_f16(0, inf)", relu),
    HALF_OP("leaky_relu_forward", "leaky_relu_nc_f16", leaky),
    HALF_OP("relu6_forward", "clamp_nc_f16(0, 6)", relu6),
};

const struct bench_half_peer_op *bench_xnnpack_half_ops(size_t *count)
{
    *count = sizeof half_ops / sizeof half_ops[0];
    return half_ops;
}

const struct bench_peer_op *bench_xnnpack_ops(size_t *count, const char **version)
{
    *version = "xnnpack";
    *count = sizeof ops / sizeof ops[0];
    return ops;
}
