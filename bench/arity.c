/* The registry's arities, as the benchmarks see them (see arity.h). */
#include <string.h>

#include "arity.h"

static void call_unary(const struct rectify_kernels *t, size_t offset, const float *const in[],
                       float *out, size_t n, const struct rectify_params *p, enum rectify_work work)
{
    rectify_unary_fn f;
    memcpy(&f, (const char *)t + offset, sizeof f);
    rectify_exec_unary(f, in[0], out, n, p, work);
}

static void call_binary(const struct rectify_kernels *t, size_t offset, const float *const in[],
                        float *out, size_t n, const struct rectify_params *p,
                        enum rectify_work work)
{
    rectify_binary_fn f;
    memcpy(&f, (const char *)t + offset, sizeof f);
    rectify_exec_binary(f, in[0], in[1], out, n, p, work);
}

const struct bench_arity bench_arity_unary = {"unary", 1, 1, 8, 0, call_unary, {1}};
/* In place, dx overwrites dy, as training frameworks do. */
const struct bench_arity bench_arity_binary = {"binary", 2, 1, 12, 1, call_binary, {1, 1}};

/* CReLU as one row (outer = 1, inner = n): the NCHW channel concat of one
 * image, the shape where the row length is the whole buffer. */
static void call_concat(const struct rectify_kernels *t, size_t offset, const float *const in[],
                        float *out, size_t n, const struct rectify_params *p,
                        enum rectify_work work)
{
    rectify_concat_fn f;
    (void)work;
    memcpy(&f, (const char *)t + offset, sizeof f);
    rectify_exec_concat(f, in[0], out, 1, n, p);
}

static void call_deconcat(const struct rectify_kernels *t, size_t offset, const float *const in[],
                          float *out, size_t n, const struct rectify_params *p,
                          enum rectify_work work)
{
    rectify_deconcat_fn f;
    (void)work;
    memcpy(&f, (const char *)t + offset, sizeof f);
    rectify_exec_deconcat(f, in[0], in[1], out, 1, n, p);
}

/* The output is twice the input: no in-place form. */
const struct bench_arity bench_arity_concat = {"concat", 1, 2, 12, -1, call_concat, {1}};
/* dy spans two blocks; in place, dx overwrites x (the only overlap allowed). */
const struct bench_arity bench_arity_deconcat = {"deconcat", 2, 1, 16, 0, call_deconcat, {1, 2}};

const struct bench_arity *const bench_arities[] = {&bench_arity_unary, &bench_arity_binary,
                                                   &bench_arity_concat, &bench_arity_deconcat};
const size_t bench_n_arities = sizeof bench_arities / sizeof bench_arities[0];
