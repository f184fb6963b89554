/*
 * oneDNN's eltwise primitives (C API) as benchmark peers: relu (alpha = the
 * leaky slope), clip(0, 6), elu, forward and backward, including the
 * backward passes from the output (use_dst_for_bwd), over f32 buffers and,
 * for the half-precision section, bf16 and f16 ones (each where this
 * oneDNN and CPU have an implementation). Threads: oneDNN's OpenMP runtime
 * is asked for bench_peer_threads before each primitive.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <dnnl.h>

#include "ops.h"
#include "peers.h"

struct onednn_op {
    dnnl_alg_kind_t alg;
    float alpha, beta;
    int backward;
    int from_output; /* the first input is dst (the forward output), not src */
};

struct onednn_state {
    dnnl_primitive_desc_t fwd_pd, pd;
    dnnl_primitive_t prim;
    dnnl_memory_t mem[3];
    dnnl_exec_arg_t args[3];
    int nargs;
};

static dnnl_engine_t engine;
static dnnl_stream_t stream;

/* oneDNN parallelises with OpenMP; Debian's build links libgomp, so its
 * omp_set_num_threads is there to find without linking OpenMP ourselves. */
static void set_threads(int threads)
{
    void (*omp_set)(int);
    *(void **)&omp_set = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (omp_set)
        omp_set(threads);
}

static int ready(void)
{
    set_threads(bench_peer_threads);
    if (engine)
        return 1;
    if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success)
        return 0;
    if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) {
        dnnl_engine_destroy(engine);
        engine = NULL;
        return 0;
    }
    return 1;
}

static void destroy(void *p)
{
    struct onednn_state *s = p;
    if (!s)
        return;
    for (int i = 0; i < 3; i++)
        if (s->mem[i])
            dnnl_memory_destroy(s->mem[i]);
    if (s->prim)
        dnnl_primitive_destroy(s->prim);
    if (s->pd)
        dnnl_primitive_desc_destroy(s->pd);
    if (s->fwd_pd)
        dnnl_primitive_desc_destroy(s->fwd_pd);
    free(s);
}

static int add_arg(struct onednn_state *s, int arg, const dnnl_memory_desc_t *md, const void *p)
{
    if (dnnl_memory_create(&s->mem[s->nargs], md, engine, (void *)p) != dnnl_success)
        return 0;
    s->args[s->nargs] = (dnnl_exec_arg_t){arg, s->mem[s->nargs]};
    s->nargs++;
    return 1;
}

/* The primitive for o over n elements of type dt; in1 only when backward. */
static void *make(const struct onednn_op *o, dnnl_data_type_t dt, const void *in0, const void *in1,
                  void *out, size_t n)
{
    if (!ready())
        return NULL;
    struct onednn_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    dnnl_dims_t dims = {(dnnl_dim_t)n};
    dnnl_memory_desc_t md;
    dnnl_eltwise_desc_t fwd, bwd;
    int ok = dnnl_memory_desc_init_by_tag(&md, 1, dims, dt, dnnl_a) == dnnl_success &&
             dnnl_eltwise_forward_desc_init(&fwd, dnnl_forward_training, o->alg, &md, o->alpha,
                                            o->beta) == dnnl_success &&
             dnnl_primitive_desc_create(&s->fwd_pd, &fwd, NULL, engine, NULL) == dnnl_success;
    if (ok && !o->backward) {
        s->pd = s->fwd_pd;
        s->fwd_pd = NULL;
        ok = add_arg(s, DNNL_ARG_SRC, &md, in0) && add_arg(s, DNNL_ARG_DST, &md, out);
    } else if (ok) {
        ok = dnnl_eltwise_backward_desc_init(&bwd, o->alg, &md, &md, o->alpha, o->beta) ==
                 dnnl_success &&
             dnnl_primitive_desc_create(&s->pd, &bwd, NULL, engine, s->fwd_pd) == dnnl_success &&
             add_arg(s, o->from_output ? DNNL_ARG_DST : DNNL_ARG_SRC, &md, in0) &&
             add_arg(s, DNNL_ARG_DIFF_DST, &md, in1) && add_arg(s, DNNL_ARG_DIFF_SRC, &md, out);
    }
    ok = ok && dnnl_primitive_create(&s->prim, s->pd) == dnnl_success;
    if (!ok) {
        destroy(s);
        return NULL;
    }
    return s;
}

static void *create(const struct bench_peer_op *op, const float *const in[], float *out, size_t n)
{
    const struct onednn_op *o = op->data;
    return make(o, dnnl_f32, in[0], o->backward ? in[1] : NULL, out, n);
}

static void *create_half(const struct bench_half_peer_op *op, const uint16_t *const in[],
                         uint16_t *out, size_t n)
{
    const struct onednn_op *o = op->data;
    return make(o, op->type ? dnnl_f16 : dnnl_bf16, in[0], o->backward ? in[1] : NULL, out, n);
}

static int run(void *p)
{
    struct onednn_state *s = p;
    if (dnnl_primitive_execute(s->prim, stream, s->nargs, s->args) != dnnl_success)
        return 1;
    return dnnl_stream_wait(stream) != dnnl_success;
}

static const struct onednn_op relu = {dnnl_eltwise_relu, 0.0f, 0.0f, 0, 0};
static const struct onednn_op leaky = {dnnl_eltwise_relu, BENCH_LEAKY_SLOPE, 0.0f, 0, 0};
static const struct onednn_op clip6 = {dnnl_eltwise_clip, 0.0f, 6.0f, 0, 0};
static const struct onednn_op elu = {dnnl_eltwise_elu, BENCH_ELU_ALPHA, 0.0f, 0, 0};
static const struct onednn_op relu_bwd = {dnnl_eltwise_relu, 0.0f, 0.0f, 1, 0};
static const struct onednn_op leaky_bwd = {dnnl_eltwise_relu, BENCH_LEAKY_SLOPE, 0.0f, 1, 0};
static const struct onednn_op clip6_bwd = {dnnl_eltwise_clip, 0.0f, 6.0f, 1, 0};
static const struct onednn_op elu_bwd = {dnnl_eltwise_elu, BENCH_ELU_ALPHA, 0.0f, 1, 0};
static const struct onednn_op relu_dst_bwd = {dnnl_eltwise_relu_use_dst_for_bwd, 0.0f, 0.0f, 1, 1};
static const struct onednn_op elu_dst_bwd = {dnnl_eltwise_elu_use_dst_for_bwd, BENCH_ELU_ALPHA,
                                             0.0f, 1, 1};

#define OP(kernel, what, arity, expect, data)                                                      \
    {                                                                                              \
        "onednn", kernel, what, &bench_arity_##arity, expect, create, run, destroy, &data          \
    }
static const struct bench_peer_op ops[] = {
    OP("relu_forward", "eltwise_relu", unary, bench_expect_relu, relu),
    OP("leaky_relu_forward", "eltwise_relu(alpha)", unary, bench_expect_leaky_relu, leaky),
    OP("relu6_forward", "eltwise_clip(0, 6)", unary, bench_expect_relu6, clip6),
    OP("elu_forward", "eltwise_elu", unary, bench_expect_elu, elu),
    OP("relu_backward", "eltwise_relu backward", binary, bench_expect_relu_backward, relu_bwd),
    OP("leaky_relu_backward", "eltwise_relu(alpha) backward", binary,
       bench_expect_leaky_relu_backward, leaky_bwd),
    OP("relu6_backward", "eltwise_clip(0, 6) backward", binary, bench_expect_relu6_backward,
       clip6_bwd),
    OP("elu_backward", "eltwise_elu backward", binary, bench_expect_elu_backward, elu_bwd),
    OP("relu_backward_from_output", "eltwise_relu_use_dst_for_bwd backward", binary,
       bench_expect_relu_backward, relu_dst_bwd),
    OP("elu_backward_from_output", "eltwise_elu_use_dst_for_bwd backward", binary,
       bench_expect_elu_backward_from_output, elu_dst_bwd),
};

#define HALF_OP(kernel, type, what, binary, data)                                                  \
    {                                                                                              \
        "onednn", kernel, what, type, binary, create_half, run, destroy, &data                     \
    }
#define HALF_OPS(type, t)                                                                          \
    HALF_OP("relu_forward", type, "eltwise_relu " t, 0, relu),                                     \
        HALF_OP("leaky_relu_forward", type, "eltwise_relu(alpha) " t, 0, leaky),                   \
        HALF_OP("relu6_forward", type, "eltwise_clip(0, 6) " t, 0, clip6),                         \
        HALF_OP("elu_forward", type, "eltwise_elu " t, 0, elu),                                    \
        HALF_OP("relu_backward", type, "eltwise_relu backward " t, 1, relu_bwd),                   \
        HALF_OP("relu6_backward", type, "eltwise_clip(0, 6) backward " t, 1, clip6_bwd),           \
        HALF_OP("elu_backward", type, "eltwise_elu backward " t, 1, elu_bwd),                      \
        HALF_OP("elu_backward_from_output", type, "eltwise_elu_use_dst_for_bwd backward " t, 1,    \
                elu_dst_bwd)
static const struct bench_half_peer_op half_ops[] = {HALF_OPS(0, "bf16"), HALF_OPS(1, "f16")};

const struct bench_half_peer_op *bench_onednn_half_ops(size_t *count)
{
    *count = sizeof half_ops / sizeof half_ops[0];
    return half_ops;
}

/* oneDNN's own cap, before its first primitive; SSE4.1 is its lowest. */
const char *bench_onednn_cap(rectify_isa isa)
{
    dnnl_cpu_isa_t max = isa >= RECTIFY_ISA_AVX512 ? dnnl_cpu_isa_all
                         : isa == RECTIFY_ISA_AVX2 ? dnnl_cpu_isa_avx2
                                                   : dnnl_cpu_isa_sse41;
    if (dnnl_set_max_cpu_isa(max) != dnnl_success)
        return "not capped (dnnl_set_max_cpu_isa failed)";
    return max == dnnl_cpu_isa_all    ? "not capped"
           : max == dnnl_cpu_isa_avx2 ? "at avx2"
                                      : "at sse41, its lowest";
}

const struct bench_peer_op *bench_onednn_ops(size_t *count, const char **version)
{
    static char v[32];
    const dnnl_version_t *d = dnnl_version();
    snprintf(v, sizeof v, "onednn %d.%d.%d", d->major, d->minor, d->patch);
    *version = v;
    *count = sizeof ops / sizeof ops[0];
    return ops;
}
