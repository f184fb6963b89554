/* The small-call benchmarks' ops (see small.h). */
#include <math.h>

#include "ops.h"
#include "rectify.h"
#include "small.h"

const size_t bench_small_sizes[] = {1, 4, 16, 100, 1000};
const size_t bench_n_small_sizes = sizeof bench_small_sizes / sizeof bench_small_sizes[0];

static int api_relu(const float *const in[], float *out, size_t n)
{
    return (int)rectify_relu_f32(in[0], out, n);
}

static int api_relu_backward(const float *const in[], float *out, size_t n)
{
    return (int)rectify_relu_backward_f32(in[0], in[1], out, n);
}

static int api_leaky_relu(const float *const in[], float *out, size_t n)
{
    return (int)rectify_leaky_relu_f32(in[0], out, n, BENCH_LEAKY_SLOPE);
}

static int api_elu(const float *const in[], float *out, size_t n)
{
    return (int)rectify_elu_f32(in[0], out, n, BENCH_ELU_ALPHA);
}

/* The loops a caller would write instead, each out of line (noinline: a
 * call, as a library's would be) and compiled as the harness is (-O3, so
 * the compiler vectorizes what it can). */
__attribute__((noinline)) static void plain_relu(const float *const in[], float *out, size_t n)
{
    const float *x = in[0];
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

__attribute__((noinline)) static void plain_relu_backward(const float *const in[], float *out,
                                                          size_t n)
{
    const float *x = in[0], *dy = in[1];
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

__attribute__((noinline)) static void plain_leaky_relu(const float *const in[], float *out,
                                                       size_t n)
{
    const float *x = in[0];
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] > 0.0f ? x[i] : x[i] * BENCH_LEAKY_SLOPE;
}

__attribute__((noinline)) static void plain_elu(const float *const in[], float *out, size_t n)
{
    const float *x = in[0];
    for (size_t i = 0; i < n; i++)
        out[i] = x[i] > 0.0f ? x[i] : BENCH_ELU_ALPHA * expm1f(x[i]);
}

const struct bench_small_op bench_small_ops[] = {
    {"relu_forward", &bench_arity_unary, api_relu, plain_relu},
    {"relu_backward", &bench_arity_binary, api_relu_backward, plain_relu_backward},
    {"leaky_relu_forward", &bench_arity_unary, api_leaky_relu, plain_leaky_relu},
    {"elu_forward", &bench_arity_unary, api_elu, plain_elu},
};
const size_t bench_n_small_ops = sizeof bench_small_ops / sizeof bench_small_ops[0];
