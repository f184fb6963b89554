/*
 * The registry seen from the tests: one descriptor per kernel, and the
 * kernel tables to run. A kernel added to kernels/registry.h is in every
 * matrix test on every table from then on.
 */
#ifndef RECTIFY_TESTS_REGISTRY_WALK_H
#define RECTIFY_TESTS_REGISTRY_WALK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "kernel.h"

enum rt_arity { RT_unary, RT_binary, RT_concat, RT_deconcat };

struct rt_kernel {
    const char *name;
    enum rt_arity arity;
    size_t offset; /* of its pointer in struct rectify_kernels */
};

/* How close a kernel must be to the reference (kernels/registry.h,
 * RECTIFY_KERNEL_TOLERANCES): 0 ULP and same_bits 0 for kernels not listed,
 * which must equal the reference bit for bit. */
struct rt_tolerance {
    const char *name;
    unsigned max_ulp;
    int same_bits;
};
#define RT_TOLERANCE(name, ulp, same) {#name, ulp, same},
static const struct rt_tolerance rt_tolerances[] = {RECTIFY_KERNEL_TOLERANCES(RT_TOLERANCE)};
#undef RT_TOLERANCE

static inline struct rt_tolerance rt_tolerance_of(const char *name)
{
    for (size_t i = 0; i < sizeof rt_tolerances / sizeof rt_tolerances[0]; i++)
        if (strcmp(rt_tolerances[i].name, name) == 0)
            return rt_tolerances[i];
    return (struct rt_tolerance){name, 0, 0};
}

/* Distance in ULPs between two non-NaN floats (+0 and -0 both count as 0). */
static inline uint32_t rt_ulp_distance(float a, float b)
{
    uint32_t ua = rt_bits(a), ub = rt_bits(b);
    int64_t ia = ua >> 31 ? -(int64_t)(ua & 0x7fffffffu) : (int64_t)ua;
    int64_t ib = ub >> 31 ? -(int64_t)(ub & 0x7fffffffu) : (int64_t)ub;
    int64_t d = ia > ib ? ia - ib : ib - ia;
    return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

/* Index of the first element of out not within the kernel's tolerance of
 * expect, or -1. With a tolerance, NaN must meet NaN (any payload), a zero
 * a zero of the same sign, and anything else be within max_ulp. */
static inline long rt_first_mismatch(const struct rt_tolerance *tol, const float *out,
                                     const float *expect, size_t n)
{
    if (tol->max_ulp == 0)
        return rt_first_difference(out, expect, n);
    for (size_t i = 0; i < n; i++) {
        float o = out[i], e = expect[i];
        if (isnan(o) || isnan(e)) {
            if (!(isnan(o) && isnan(e)))
                return (long)i;
        } else if (o == 0.0f && e == 0.0f) {
            if (rt_bits(o) != rt_bits(e))
                return (long)i;
        } else if (rt_ulp_distance(o, e) > tol->max_ulp) {
            return (long)i;
        }
    }
    return -1;
}

#define RT_DESCRIBE(name, arity) {#name, RT_##arity, offsetof(struct rectify_kernels, name)},
static const struct rt_kernel rt_kernels[] = {RECTIFY_KERNEL_LIST(RT_DESCRIBE)};
#undef RT_DESCRIBE
#define RT_N_KERNELS (sizeof rt_kernels / sizeof rt_kernels[0])

static inline rectify_unary_fn rt_unary(const struct rectify_kernels *t, const struct rt_kernel *k)
{
    rectify_unary_fn f;
    memcpy(&f, (const char *)t + k->offset, sizeof f);
    return f;
}

static inline rectify_binary_fn rt_binary(const struct rectify_kernels *t,
                                          const struct rt_kernel *k)
{
    rectify_binary_fn f;
    memcpy(&f, (const char *)t + k->offset, sizeof f);
    return f;
}

static inline rectify_concat_fn rt_concat(const struct rectify_kernels *t,
                                          const struct rt_kernel *k)
{
    rectify_concat_fn f;
    memcpy(&f, (const char *)t + k->offset, sizeof f);
    return f;
}

static inline rectify_deconcat_fn rt_deconcat(const struct rectify_kernels *t,
                                              const struct rt_kernel *k)
{
    rectify_deconcat_fn f;
    memcpy(&f, (const char *)t + k->offset, sizeof f);
    return f;
}

/* Parameter sets every kernel runs with; each op reads only its fields. */
static const struct rectify_params rt_params[] = {
    {.slope = 0.01f},
    {.slope = -0.5f},
    {.slope = 3.0f},
    {.slope = 0.0f},
    /* rrelu (the sets above have lower == upper == 0): a call starting
     * inside a block; blocks crossing 2^32 (b >> 32 becomes 1 at k = 2^34);
     * counters wrapping 2^64 (philox_words: counter words 2, 3 nonzero). */
    {.slope = 0.2f,
     .lower = 0.125f,
     .upper = 0.33333334f,
     .seed = 0x0123456789abcdefULL,
     .offset = 3,
     .alpha = 1.0f},
    {.slope = 1.5f, .lower = -0.5f, .upper = 2.0f, .seed = 42, .offset = (1ULL << 34) - 5},
    {.slope = -2.0f,
     .lower = 0.25f,
     .upper = 0.75f,
     .seed = UINT64_MAX,
     .offset = UINT64_MAX - 37,
     .counter_hi = 0x0370734413198a2eULL},
    /* A width (upper - lower) whose product with 2^-24 is not exact (a
     * subnormal with bits below 2^-149): the kernels' slope takes its two
     * multiplies there, not the one by width * 2^-24. */
    {.slope = 0.5f, .lower = 0.0f, .upper = 0x1.000002p-110f, .seed = 9, .offset = 2},
    /* elu's alpha: the ones above run it with alpha = 0. */
    {.slope = 0.01f, .alpha = 1.0f},
    {.slope = 0.01f, .alpha = 2.5f},
    {.slope = 0.01f, .alpha = -0.75f},
    /* Non-temporal stores (the kernels that have them): a body from the
     * first aligned output vector, ordinary stores around it. */
    {.slope = 0.01f, .alpha = 1.0f, .stream = 1},
    {.slope = 3.0f, .alpha = -0.75f, .stream = 1},
};
#define RT_N_PARAMS (sizeof rt_params / sizeof rt_params[0])

struct rt_table {
    char label[32];
    const struct rectify_kernels *table;
};

/* The tables to test: every supported ISA's, and the table the dispatcher
 * starts from, whose kernels resolve the choice and run the chosen one
 * (src/dispatch.c); or, in a build that defines RECTIFY_TEST_TABLE (the
 * SIMDe-emulated AVX-512 kernels), that one only. */
#ifdef RECTIFY_TEST_TABLE
extern const struct rectify_kernels RECTIFY_TEST_TABLE;
#define RT_STR_(x) #x
#define RT_STR(x)  RT_STR_(x)
#endif

static inline int rt_tables(struct rt_table out[6])
{
#ifdef RECTIFY_TEST_TABLE
    snprintf(out[0].label, sizeof out[0].label, "%s", RT_STR(RECTIFY_TEST_TABLE));
    out[0].table = &RECTIFY_TEST_TABLE;
    return 1;
#else
    rectify_isa isas[5];
    int n = rt_supported_isas(isas);
    for (int i = 0; i < n; i++) {
        snprintf(out[i].label, sizeof out[i].label, "%s", rectify_isa_name(isas[i]));
        out[i].table = rectify_kernels_for(isas[i]);
    }
    snprintf(out[n].label, sizeof out[n].label, "first_use");
    out[n].table = &rectify_kernels_first_use;
    return n + 1;
#endif
}

/* A test length n as CReLU's rows: outer = n's smallest factor among 2, 3,
 * 5, 7 (1 if none), so the lengths 0..300 give one-row, many-row and
 * one-column shapes. */
static inline void rt_shape(size_t n, size_t *outer, size_t *inner)
{
    static const size_t factors[] = {2, 3, 5, 7};
    *outer = 1;
    for (size_t i = 0; i < 4; i++)
        if (n && n % factors[i] == 0) {
            *outer = factors[i];
            break;
        }
    *inner = n / *outer;
}

/* Floats of the output and of the second input for a test length n (the
 * first input always has n). */
static inline size_t rt_out_len(const struct rt_kernel *k, size_t n)
{
    return k->arity == RT_concat ? 2 * n : n;
}

static inline size_t rt_b_len(const struct rt_kernel *k, size_t n)
{
    return k->arity == RT_deconcat ? 2 * n : n;
}

/* Whether the output may be the same pointer as input `which` (0: a, 1: b). */
static inline int rt_in_place_ok(const struct rt_kernel *k, int which)
{
    switch (k->arity) {
    case RT_unary:
        return which == 0;
    case RT_binary:
        return 1;
    case RT_deconcat:
        return which == 0;
    case RT_concat:
        return 0;
    }
    return 0;
}

/* The table whose bits table t must give for a kernel with tolerance tol,
 * or NULL: the scalar table for RECTIFY_SAME_BITS_ALL_ISAS, the AVX2 table
 * for an AVX-512 table (real or emulated) with RECTIFY_SAME_BITS_FMA_ISAS. */
static inline const struct rectify_kernels *rt_twin_table(const struct rt_tolerance *tol,
                                                          const struct rectify_kernels *t)
{
    const struct rectify_kernels *twin = NULL;
    if (tol->same_bits == RECTIFY_SAME_BITS_ALL_ISAS)
        twin = rectify_kernels_for(RECTIFY_ISA_SCALAR);
    else if (tol->same_bits == RECTIFY_SAME_BITS_FMA_ISAS && t->isa == RECTIFY_ISA_AVX512 &&
             rectify_isa_supported(RECTIFY_ISA_AVX2))
        twin = rectify_kernels_for(RECTIFY_ISA_AVX2);
    return twin == t ? NULL : twin;
}

/* Runs kernel k of table t: out = k(a[, b]). */
static inline void rt_run(const struct rectify_kernels *t, const struct rt_kernel *k,
                          const float *a, const float *b, float *out, size_t n,
                          const struct rectify_params *p)
{
    size_t outer, inner;
    rt_shape(n, &outer, &inner);
    switch (k->arity) {
    case RT_unary:
        rt_unary(t, k)(a, out, n, p);
        break;
    case RT_binary:
        rt_binary(t, k)(a, b, out, n, p);
        break;
    case RT_concat:
        rt_concat(t, k)(a, out, outer, inner, p);
        break;
    case RT_deconcat:
        rt_deconcat(t, k)(a, b, out, outer, inner, p);
        break;
    }
}

/* One cmocka test per (kernel, table), named "kernel/table", each given a
 * struct rt_entry as its state; `only` keeps one kernel's. */
struct rt_entry {
    const struct rt_kernel *kernel;
    struct rt_table table;
};

static inline int rt_run_per_kernel(const char *group, CMUnitTestFunction fn, const char *only)
{
    static struct rt_entry entries[RT_N_KERNELS * 6];
    static struct CMUnitTest tests[RT_N_KERNELS * 6];
    static char names[RT_N_KERNELS * 6][80];
    struct rt_table tables[6];
    int n_tables = rt_tables(tables);
    size_t n = 0;
    for (size_t k = 0; k < RT_N_KERNELS; k++) {
        if (only && strcmp(only, rt_kernels[k].name) != 0)
            continue;
        for (int t = 0; t < n_tables; t++) {
            entries[n] = (struct rt_entry){&rt_kernels[k], tables[t]};
            snprintf(names[n], sizeof names[n], "%.60s/%.15s", rt_kernels[k].name, tables[t].label);
            tests[n] = (struct CMUnitTest){names[n], fn, NULL, NULL, &entries[n]};
            n++;
        }
    }
    if (n == 0) {
        fprintf(stderr, "no kernel named %s in the registry\n", only ? only : "(any)");
        return 1;
    }
    return _cmocka_run_group_tests(group, tests, n, NULL, NULL);
}

#endif
