/* The registry's arities, as the benchmarks see them (see arity.h). */
#include <string.h>

#include "arity.h"

static void call_unary(const struct rectify_kernels *t, size_t offset, const float *const in[],
                       float *out, size_t n, const struct rectify_params *p)
{
    rectify_unary_fn f;
    memcpy(&f, (const char *)t + offset, sizeof f);
    f(in[0], out, n, p);
}

static void call_binary(const struct rectify_kernels *t, size_t offset, const float *const in[],
                        float *out, size_t n, const struct rectify_params *p)
{
    rectify_binary_fn f;
    memcpy(&f, (const char *)t + offset, sizeof f);
    f(in[0], in[1], out, n, p);
}

const struct bench_arity bench_arity_unary = {"unary", 1, 1, 8, 0, call_unary};
/* In place, dx overwrites dy, as training frameworks do. */
const struct bench_arity bench_arity_binary = {"binary", 2, 1, 12, 1, call_binary};

const struct bench_arity *const bench_arities[] = {&bench_arity_unary, &bench_arity_binary};
const size_t bench_n_arities = sizeof bench_arities / sizeof bench_arities[0];
