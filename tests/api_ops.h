/*
 * Every op of the public API behind one enum, for the tests that run all
 * of them the same way (the fuzzer, the FP-state test): the call through
 * the API, and the same call on the scalar reference (src/reference.c),
 * with the parameters mapped as the entry points map them.
 */
#ifndef RECTIFY_TESTS_API_OPS_H
#define RECTIFY_TESTS_API_OPS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "kernel.h"
#include "rectify.h"

enum rt_op {
    RT_RELU,
    RT_RELU_BWD,
    RT_LEAKY,
    RT_LEAKY_BWD,
    RT_RELU6,
    RT_RELU6_BWD,
    RT_RRELU,
    RT_RRELU_BWD,
    RT_CRELU,
    RT_CRELU_BWD,
    RT_ELU,
    RT_ELU_BWD,
    RT_ELU_BWD_OUT,
    RT_SELU,
    RT_SELU_BWD,
    RT_SELU_BWD_OUT,
    RT_N_OPS
};

enum rt_shape { RT_SHAPE_UNARY, RT_SHAPE_BINARY, RT_SHAPE_CONCAT, RT_SHAPE_DECONCAT };

struct rt_op_info {
    const char *name;
    enum rt_shape shape;
    int exponential; /* ELU/SELU forward and backward from x: within 2 ULP, not bitwise */
    int param;       /* 1: p1 is checked (slope, alpha); 2: p1, p2 are rrelu's bounds */
};

static const struct rt_op_info rt_ops[RT_N_OPS] = {
    [RT_RELU] = {"relu", RT_SHAPE_UNARY, 0, 0},
    [RT_RELU_BWD] = {"relu backward", RT_SHAPE_BINARY, 0, 0},
    [RT_LEAKY] = {"leaky_relu", RT_SHAPE_UNARY, 0, 1},
    [RT_LEAKY_BWD] = {"leaky_relu backward", RT_SHAPE_BINARY, 0, 1},
    [RT_RELU6] = {"relu6", RT_SHAPE_UNARY, 0, 0},
    [RT_RELU6_BWD] = {"relu6 backward", RT_SHAPE_BINARY, 0, 0},
    [RT_RRELU] = {"rrelu", RT_SHAPE_UNARY, 0, 2},
    [RT_RRELU_BWD] = {"rrelu backward", RT_SHAPE_BINARY, 0, 2},
    [RT_CRELU] = {"crelu", RT_SHAPE_CONCAT, 0, 0},
    [RT_CRELU_BWD] = {"crelu backward", RT_SHAPE_DECONCAT, 0, 0},
    [RT_ELU] = {"elu", RT_SHAPE_UNARY, 1, 1},
    [RT_ELU_BWD] = {"elu backward", RT_SHAPE_BINARY, 1, 1},
    [RT_ELU_BWD_OUT] = {"elu backward from the output", RT_SHAPE_BINARY, 0, 1},
    [RT_SELU] = {"selu", RT_SHAPE_UNARY, 1, 0},
    [RT_SELU_BWD] = {"selu backward", RT_SHAPE_BINARY, 1, 0},
    [RT_SELU_BWD_OUT] = {"selu backward from the output", RT_SHAPE_BINARY, 0, 0},
};

/* A call's arguments besides the buffers and n. */
struct rt_op_args {
    float p1, p2; /* slope or alpha; rrelu's lower, upper */
    int training; /* rrelu */
    uint64_t seed, offset;
    size_t outer, inner; /* crelu (n is then outer * inner) */
};

static inline int rt_op_binary(enum rt_op o)
{
    return rt_ops[o].shape == RT_SHAPE_BINARY || rt_ops[o].shape == RT_SHAPE_DECONCAT;
}

/* Floats of the output, and of dy, for n floats of x. */
static inline size_t rt_op_out_len(enum rt_op o, size_t n)
{
    return rt_ops[o].shape == RT_SHAPE_CONCAT ? 2 * n : n;
}

static inline size_t rt_op_dy_len(enum rt_op o, size_t n)
{
    return rt_ops[o].shape == RT_SHAPE_DECONCAT ? 2 * n : rt_op_binary(o) ? n : 0;
}

/* The switch over the ops' entry points of one element type (f32, bf16,
 * f16: the names' suffix); n unused by crelu. */
#define RT_OP_SWITCH(T)                                                                            \
    switch (o) {                                                                                   \
    case RT_RELU:                                                                                  \
        return rectify_relu_##T(x, out, n);                                                        \
    case RT_RELU_BWD:                                                                              \
        return rectify_relu_backward_##T(x, dy, out, n);                                           \
    case RT_LEAKY:                                                                                 \
        return rectify_leaky_relu_##T(x, out, n, p1);                                              \
    case RT_LEAKY_BWD:                                                                             \
        return rectify_leaky_relu_backward_##T(x, dy, out, n, p1);                                 \
    case RT_RELU6:                                                                                 \
        return rectify_relu6_##T(x, out, n);                                                       \
    case RT_RELU6_BWD:                                                                             \
        return rectify_relu6_backward_##T(x, dy, out, n);                                          \
    case RT_RRELU:                                                                                 \
        return rectify_rrelu_##T(x, out, n, p1, p2, g->training, g->seed, g->offset);              \
    case RT_RRELU_BWD:                                                                             \
        return rectify_rrelu_backward_##T(x, dy, out, n, p1, p2, g->training, g->seed, g->offset); \
    case RT_CRELU:                                                                                 \
        return rectify_crelu_##T(x, out, g->outer, g->inner);                                      \
    case RT_CRELU_BWD:                                                                             \
        return rectify_crelu_backward_##T(x, dy, out, g->outer, g->inner);                         \
    case RT_ELU:                                                                                   \
        return rectify_elu_##T(x, out, n, p1);                                                     \
    case RT_ELU_BWD:                                                                               \
        return rectify_elu_backward_##T(x, dy, out, n, p1);                                        \
    case RT_ELU_BWD_OUT:                                                                           \
        return rectify_elu_backward_from_output_##T(x, dy, out, n, p1);                            \
    case RT_SELU:                                                                                  \
        return rectify_selu_##T(x, out, n);                                                        \
    case RT_SELU_BWD:                                                                              \
        return rectify_selu_backward_##T(x, dy, out, n);                                           \
    case RT_SELU_BWD_OUT:                                                                          \
        return rectify_selu_backward_from_output_##T(x, dy, out, n);                               \
    case RT_N_OPS:                                                                                 \
        break;                                                                                     \
    }

/* out = op(x[, dy]) through the public API (n unused by crelu). */
static inline rectify_status rt_op_call(enum rt_op o, const float *x, const float *dy, float *out,
                                        size_t n, const struct rt_op_args *g)
{
    float p1 = g->p1, p2 = g->p2;
    RT_OP_SWITCH(f32)
    abort();
}

/* The same through the bf16 (half == 0) or fp16 (half == 1) entry points,
 * on 16-bit buffers. */
static inline rectify_status rt_op_call_h(int half, enum rt_op o, const uint16_t *x,
                                          const uint16_t *dy, uint16_t *out, size_t n,
                                          const struct rt_op_args *g)
{
    float p1 = g->p1, p2 = g->p2;
    if (half == 0) {
        RT_OP_SWITCH(bf16)
    } else {
        RT_OP_SWITCH(f16)
    }
    abort();
}

/* The same on the scalar reference, in the current FP state (valid
 * arguments only; rrelu's eval slope as the header defines it). */
static inline void rt_op_reference(enum rt_op o, const float *x, const float *dy, float *out,
                                   size_t n, const struct rt_op_args *g)
{
    const struct rectify_kernels *r = &rectify_reference;
    struct rectify_params p = {.slope = g->p1, .alpha = g->p1};
    if ((o == RT_RRELU || o == RT_RRELU_BWD) && g->training) {
        p.lower = g->p1;
        p.upper = g->p2;
        p.seed = g->seed;
        p.offset = g->offset;
    } else if (o == RT_RRELU || o == RT_RRELU_BWD) {
        p.slope = (float)(((double)g->p1 + (double)g->p2) / 2.0);
    }
    int train = g->training == 1;
    switch (o) {
    case RT_RELU:
        r->relu_forward(x, out, n, &p);
        break;
    case RT_RELU_BWD:
        r->relu_backward(x, dy, out, n, &p);
        break;
    case RT_LEAKY:
        r->leaky_relu_forward(x, out, n, &p);
        break;
    case RT_LEAKY_BWD:
        r->leaky_relu_backward(x, dy, out, n, &p);
        break;
    case RT_RELU6:
        r->relu6_forward(x, out, n, &p);
        break;
    case RT_RELU6_BWD:
        r->relu6_backward(x, dy, out, n, &p);
        break;
    case RT_RRELU:
        (train ? r->rrelu_forward : r->leaky_relu_forward)(x, out, n, &p);
        break;
    case RT_RRELU_BWD:
        (train ? r->rrelu_backward : r->leaky_relu_backward)(x, dy, out, n, &p);
        break;
    case RT_CRELU:
        r->crelu_forward(x, out, g->outer, g->inner, &p);
        break;
    case RT_CRELU_BWD:
        r->crelu_backward(x, dy, out, g->outer, g->inner, &p);
        break;
    case RT_ELU:
        r->elu_forward(x, out, n, &p);
        break;
    case RT_ELU_BWD:
        r->elu_backward(x, dy, out, n, &p);
        break;
    case RT_ELU_BWD_OUT:
        r->elu_backward_from_output(x, dy, out, n, &p);
        break;
    case RT_SELU:
        r->selu_forward(x, out, n, &p);
        break;
    case RT_SELU_BWD:
        r->selu_backward(x, dy, out, n, &p);
        break;
    case RT_SELU_BWD_OUT:
        r->selu_backward_from_output(x, dy, out, n, &p);
        break;
    case RT_N_OPS:
        break;
    }
}

#endif
