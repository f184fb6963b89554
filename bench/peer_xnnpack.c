/*
 * XNNPACK's f32 operators (C API) as benchmark peers: clamp (ReLU is
 * clamp(0, +inf), ReLU6 clamp(0, 6)), leaky_relu and elu, forward only (XNNPACK
 * is an inference library). A NULL thread pool: one thread.
 */
#include <math.h>
#include <stdlib.h>

#include <xnnpack.h>

#include "ops.h"
#include "peers.h"

enum xnnpack_kind { CLAMP, LEAKY_RELU, ELU };
struct xnnpack_op {
    enum xnnpack_kind kind;
    float a, b; /* clamp: min, max; leaky_relu: slope; elu: alpha */
};

static int ready(void)
{
    static int state; /* 0: not tried, 1: ready, -1: failed */
    if (!state)
        state = xnn_initialize(NULL) == xnn_status_success ? 1 : -1;
    return state == 1;
}

static void *create(const struct bench_peer_op *op, const float *const in[], float *out, size_t n)
{
    const struct xnnpack_op *o = op->data;
    xnn_operator_t x = NULL;
    enum xnn_status s = xnn_status_uninitialized;
    if (!ready())
        return NULL;
    /* One row of n channels: the operator sees one contiguous buffer. */
    switch (o->kind) {
    case CLAMP:
        s = xnn_create_clamp_nc_f32(n, n, n, o->a, o->b, 0, &x);
        if (s == xnn_status_success)
            s = xnn_setup_clamp_nc_f32(x, 1, in[0], out, NULL);
        break;
    case LEAKY_RELU:
        s = xnn_create_leaky_relu_nc_f32(n, n, n, o->a, 0, &x);
        if (s == xnn_status_success)
            s = xnn_setup_leaky_relu_nc_f32(x, 1, in[0], out, NULL);
        break;
    case ELU:
        s = xnn_create_elu_nc_f32(n, n, n, o->a, 0, &x);
        if (s == xnn_status_success)
            s = xnn_setup_elu_nc_f32(x, 1, in[0], out, NULL);
        break;
    }
    if (s != xnn_status_success) {
        if (x)
            xnn_delete_operator(x);
        return NULL;
    }
    return x;
}

static int run(void *p) { return xnn_run_operator(p, NULL) != xnn_status_success; }
static void destroy(void *p)
{
    if (p)
        xnn_delete_operator(p);
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

const struct bench_peer_op *bench_xnnpack_ops(size_t *count, const char **version)
{
    *version = "xnnpack";
    *count = sizeof ops / sizeof ops[0];
    return ops;
}
