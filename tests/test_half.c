/*
 * bf16 and fp16: every registry kernel of both types on every supported ISA
 * against its oracle, "widen, run the same ISA's float kernel, narrow"
 * (kernels/half_bits.h's conversions), bit for bit:
 *   - over all 65,536 bit patterns of the input (the second input of a
 *     binary kernel over all of them too, in another order), for several
 *     parameter sets, out of place and in place;
 *   - every length 1..70 at four misalignments, with canaries around the
 *     output; and with the buffers ending at, then starting after, an
 *     inaccessible page (guard.h's idea, for 2-byte elements);
 * and the public entry points: the same oracle through the float API, for
 * 1, 2, 3 and 8 threads (the bits do not depend on the split), both modes
 * of ELU/SELU, the deterministic kernels' bits equal on every ISA, and
 * every error status with the outputs untouched.
 */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "common.h"
#include "half_bits.h"
#include "kernel.h"

enum arity { A_unary, A_binary, A_concat, A_deconcat };

struct half_kernel {
    const char *name;
    enum arity arity;
    size_t f32, bf16, f16; /* offsets in struct rectify_kernels */
};

#define DESCRIBE(name, arity, CLASS)                                                               \
    {#name, A_##arity, offsetof(struct rectify_kernels, name),                                     \
     offsetof(struct rectify_kernels, name##_bf16), offsetof(struct rectify_kernels, name##_f16)},
static const struct half_kernel kernels[] = {RECTIFY_HALF_KERNELS(DESCRIBE)};
#undef DESCRIBE
#define N_KERNELS (sizeof kernels / sizeof kernels[0])

static const char *const type_names[2] = {"bf16", "f16"};

static float widen(int type, uint16_t h)
{
    return type ? rectify_f16_to_f32(h) : rectify_bf16_to_f32(h);
}
static uint16_t narrow(int type, float f)
{
    return type ? rectify_f32_to_f16(f) : rectify_f32_to_bf16(f);
}

/* The parameter sets: every op reads only its fields. Slopes and alphas
 * of both signs, zero (alpha = 0 takes ELU's own paths), extremes (fp16
 * overflow; alpha outside the inline exponential's range), RReLU counters
 * starting inside a Philox block and crossing 2^32 blocks. */
static const struct rectify_params sets[] = {
    {.slope = 0.01f,
     .alpha = 1.0f,
     .lower = 0.125f,
     .upper = 0.33333334f,
     .seed = 0x0123456789abcdefULL,
     .offset = 3},
    {.slope = -0.5f,
     .alpha = 2.5f,
     .lower = -0.5f,
     .upper = 2.0f,
     .seed = 42,
     .offset = (1ULL << 34) - 5},
    {.slope = 3.0f,
     .alpha = -0.75f,
     .lower = 0.25f,
     .upper = 0.75f,
     .seed = UINT64_MAX,
     .offset = UINT64_MAX - 37},
    {.slope = 0.0f, .alpha = 0.0f, .lower = 0.0f, .upper = 0.0f},
    {.slope = 1000.0f, .alpha = 1e-30f, .lower = 100.0f, .upper = 1000.0f, .seed = 7, .offset = 1},
    {.slope = 0.2f, .alpha = 1e30f, .stream = 1},
};
#define N_SETS (sizeof sets / sizeof sets[0])

/* The tables to test: every ISA usable here, or the one the build names. */
#ifdef RECTIFY_TEST_TABLE
extern const struct rectify_kernels RECTIFY_TEST_TABLE;
#endif
static int tables(const struct rectify_kernels *out[6], const char *labels[6])
{
    int n = 0;
#ifdef RECTIFY_TEST_TABLE
    out[n] = &RECTIFY_TEST_TABLE;
    labels[n++] = "test table";
#else
    rectify_isa isas[5];
    int m = rt_supported_isas(isas);
    for (int i = 0; i < m; i++) {
        out[n] = rectify_kernels_for(isas[i]);
        labels[n++] = rectify_isa_name(isas[i]);
    }
#endif
    return n;
}

/* The kernel pointer at `offset` in table t, as its type. */
#define MEMBER_GETTER(type)                                                                        \
    static type get_##type(const struct rectify_kernels *t, size_t offset)                         \
    {                                                                                              \
        type f;                                                                                    \
        memcpy(&f, (const char *)t + offset, sizeof f);                                            \
        return f;                                                                                  \
    }
MEMBER_GETTER(rectify_unary_fn)
MEMBER_GETTER(rectify_binary_fn)
MEMBER_GETTER(rectify_concat_fn)
MEMBER_GETTER(rectify_deconcat_fn)
MEMBER_GETTER(rectify_unary_h_fn)
MEMBER_GETTER(rectify_binary_h_fn)
MEMBER_GETTER(rectify_concat_h_fn)
MEMBER_GETTER(rectify_deconcat_h_fn)

/* Elements the output of a call over n input elements has, and the second
 * input (b: dy). CReLU runs as one row of n. */
static size_t out_len(const struct half_kernel *k, size_t n)
{
    return k->arity == A_concat ? 2 * n : n;
}
static size_t b_len(const struct half_kernel *k, size_t n)
{
    return k->arity == A_deconcat ? 2 * n : k->arity == A_binary ? n : 0;
}

/* The half kernel of `type`, on table t: out from a (and b). */
static void run_half(const struct rectify_kernels *t, const struct half_kernel *k, int type,
                     const uint16_t *a, const uint16_t *b, uint16_t *out, size_t n,
                     const struct rectify_params *p)
{
    size_t off = type ? k->f16 : k->bf16;
    switch (k->arity) {
    case A_unary:
        get_rectify_unary_h_fn(t, off)(a, out, n, p);
        break;
    case A_binary:
        get_rectify_binary_h_fn(t, off)(a, b, out, n, p);
        break;
    case A_concat:
        get_rectify_concat_h_fn(t, off)(a, out, 1, n, p);
        break;
    case A_deconcat:
        get_rectify_deconcat_h_fn(t, off)(a, b, out, 1, n, p);
        break;
    }
}

/* The oracle: widen, the float kernel of the same table, narrow. */
static void oracle(const struct rectify_kernels *t, const struct half_kernel *k, int type,
                   const uint16_t *a, const uint16_t *b, uint16_t *out, size_t n,
                   const struct rectify_params *p)
{
    size_t nb = b_len(k, n), no = out_len(k, n);
    float *fa = malloc(n * sizeof *fa), *fb = malloc((nb ? nb : 1) * sizeof *fb);
    float *fo = malloc(no * sizeof *fo);
    assert_non_null(fa);
    assert_non_null(fb);
    assert_non_null(fo);
    for (size_t i = 0; i < n; i++)
        fa[i] = widen(type, a[i]);
    for (size_t i = 0; i < nb; i++)
        fb[i] = widen(type, b[i]);
    switch (k->arity) {
    case A_unary:
        get_rectify_unary_fn(t, k->f32)(fa, fo, n, p);
        break;
    case A_binary:
        get_rectify_binary_fn(t, k->f32)(fa, fb, fo, n, p);
        break;
    case A_concat:
        get_rectify_concat_fn(t, k->f32)(fa, fo, 1, n, p);
        break;
    case A_deconcat:
        get_rectify_deconcat_fn(t, k->f32)(fa, fb, fo, 1, n, p);
        break;
    }
    for (size_t i = 0; i < no; i++)
        out[i] = narrow(type, fo[i]);
    free(fa);
    free(fb);
    free(fo);
}

static long first_difference(const uint16_t *a, const uint16_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return (long)i;
    return -1;
}

#define CHECK(got, want, n, ...)                                                                   \
    do {                                                                                           \
        long d_ = first_difference((got), (want), (n));                                            \
        if (d_ >= 0) {                                                                             \
            print_error("element %ld: 0x%04x, want 0x%04x: ", d_, (got)[d_], (want)[d_]);          \
            fail_msg(__VA_ARGS__);                                                                 \
        }                                                                                          \
    } while (0)

/* ---- all 65,536 patterns ---------------------------------------------------------- */

#define ALL 65536u

static void exhaustive(void **state)
{
    (void)state;
    const struct rectify_kernels *t[6];
    const char *label[6];
    int nt = tables(t, label);
    uint16_t *a = malloc(ALL * 2), *b = malloc(2 * ALL * 2), *got = malloc(2 * ALL * 2);
    uint16_t *want = malloc(2 * ALL * 2), *a2 = malloc(ALL * 2), *b2 = malloc(2 * ALL * 2);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(got);
    assert_non_null(want);
    assert_non_null(a2);
    assert_non_null(b2);
    for (uint32_t i = 0; i < ALL; i++)
        a[i] = (uint16_t)i;
    for (uint32_t i = 0; i < 2 * ALL; i++) /* an odd multiplier: every pattern, shuffled */
        b[i] = (uint16_t)(i * 0x9e37u + 0x1234u + (i >= ALL));
    for (int ti = 0; ti < nt; ti++)
        for (size_t ki = 0; ki < N_KERNELS; ki++)
            for (int type = 0; type < 2; type++)
                for (size_t si = 0; si < N_SETS; si++) {
                    const struct half_kernel *k = &kernels[ki];
                    const struct rectify_params *p = &sets[si];
                    size_t no = out_len(k, ALL), nb = b_len(k, ALL);
                    oracle(t[ti], k, type, a, b, want, ALL, p);
                    run_half(t[ti], k, type, a, b, got, ALL, p);
                    CHECK(got, want, no, "%s_%s on %s, set %zu", k->name, type_names[type],
                          label[ti], si);
                    if (k->arity == A_concat)
                        continue; /* y is twice x: never in place */
                    memcpy(a2, a, ALL * 2);
                    run_half(t[ti], k, type, a2, b, a2, ALL, p);
                    CHECK(a2, want, ALL, "%s_%s on %s, set %zu, in place (x)", k->name,
                          type_names[type], label[ti], si);
                    if (k->arity == A_binary) {
                        memcpy(b2, b, nb * 2);
                        run_half(t[ti], k, type, a, b2, b2, ALL, p);
                        CHECK(b2, want, ALL, "%s_%s on %s, set %zu, in place (dy)", k->name,
                              type_names[type], label[ti], si);
                    }
                }
    free(a);
    free(b);
    free(got);
    free(want);
    free(a2);
    free(b2);
}

/* ---- tails, misalignment, canaries ------------------------------------------------ */

/* Every length up to 70, then some around the four-vector bodies of the
 * widest maps (4 x 32 words on AVX512BW, 4 x 16 floats on AVX-512), so
 * the tails after a body meet the canaries and the guard pages too. */
static const size_t longer[] = {127, 128, 129, 131, 159, 160, 161, 190};
#define N_SHORT   70
#define N_LENGTHS (N_SHORT + (int)(sizeof longer / sizeof longer[0]))
#define MAX_N     190
#define PAD       8

static size_t length_at(int i) { return i < N_SHORT ? (size_t)i + 1 : longer[i - N_SHORT]; }

static void fill16(uint16_t *p, size_t n, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t i = 0; i < n; i++)
        p[i] = (uint16_t)(rt_next(&s) >> 40);
}

static void tails(void **state)
{
    (void)state;
    const struct rectify_kernels *t[6];
    const char *label[6];
    int nt = tables(t, label);
    uint16_t a[MAX_N + PAD], b[2 * MAX_N + PAD], out[2 * MAX_N + 2 * PAD], want[2 * MAX_N];
    for (int ti = 0; ti < nt; ti++)
        for (size_t ki = 0; ki < N_KERNELS; ki++)
            for (int type = 0; type < 2; type++)
                for (int li = 0; li < N_LENGTHS; li++)
                    for (size_t mis = 0; mis < 4; mis++) {
                        size_t n = length_at(li);
                        const struct half_kernel *k = &kernels[ki];
                        const struct rectify_params *p = &sets[n % 3];
                        size_t no = out_len(k, n);
                        fill16(a, MAX_N + PAD, n * 4 + mis);
                        fill16(b, 2 * MAX_N + PAD, n * 4 + mis + 1000);
                        for (size_t i = 0; i < sizeof out / 2; i++)
                            out[i] = 0xdead;
                        oracle(t[ti], k, type, a + mis, b + mis, want, n, p);
                        run_half(t[ti], k, type, a + mis, b + mis, out + PAD + mis, n, p);
                        CHECK(out + PAD + mis, want, no, "%s_%s on %s, n=%zu, +%zu", k->name,
                              type_names[type], label[ti], n, mis);
                        for (size_t i = 0; i < sizeof out / 2; i++)
                            if ((i < PAD + mis || i >= PAD + mis + no) && out[i] != 0xdead)
                                fail_msg("%s_%s on %s, n=%zu, +%zu: wrote element %zd", k->name,
                                         type_names[type], label[ti], n, mis,
                                         (ssize_t)i - (ssize_t)(PAD + mis));
                    }
}

/* ---- guard pages ------------------------------------------------------------------ */

struct guarded {
    void *map;
    size_t map_len;
    uint16_t *p;
};

/* n elements ending exactly at an inaccessible page (after == 0), or
 * starting exactly after one (after == 1). */
static void guarded_alloc(struct guarded *g, size_t n, int after)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data = (n * 2 + page - 1) / page * page;
    g->map_len = data + page;
    char *m = mmap(NULL, g->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    g->map = m;
    if (after) {
        assert_int_equal(mprotect(m, page, PROT_NONE), 0);
        g->p = (uint16_t *)(void *)(m + page);
    } else {
        assert_int_equal(mprotect(m + data, page, PROT_NONE), 0);
        g->p = (uint16_t *)(void *)(m + data) - n;
    }
}

static void guard_pages(void **state)
{
    (void)state;
    const struct rectify_kernels *t[6];
    const char *label[6];
    int nt = tables(t, label);
    uint16_t want[2 * MAX_N];
    for (int ti = 0; ti < nt; ti++)
        for (size_t ki = 0; ki < N_KERNELS; ki++)
            for (int type = 0; type < 2; type++)
                for (int after = 0; after < 2; after++)
                    for (int li = 0; li < N_LENGTHS; li++) {
                        size_t n = length_at(li);
                        const struct half_kernel *k = &kernels[ki];
                        const struct rectify_params *p = &sets[0];
                        struct guarded a, b, out;
                        size_t nb = b_len(k, n), no = out_len(k, n);
                        guarded_alloc(&a, n, after);
                        guarded_alloc(&b, nb ? nb : 1, after);
                        guarded_alloc(&out, no, after);
                        fill16(a.p, n, n);
                        fill16(b.p, nb ? nb : 1, n + 1);
                        oracle(t[ti], k, type, a.p, b.p, want, n, p);
                        run_half(t[ti], k, type, a.p, b.p, out.p, n, p);
                        CHECK(out.p, want, no, "%s_%s on %s, n=%zu, guard %s", k->name,
                              type_names[type], label[ti], n, after ? "before" : "after");
                        if (k->arity != A_concat) {
                            run_half(t[ti], k, type, a.p, b.p, a.p, n, p);
                            CHECK(a.p, want, n, "%s_%s on %s, n=%zu, guard %s, in place", k->name,
                                  type_names[type], label[ti], n, after ? "before" : "after");
                        }
                        munmap(a.map, a.map_len);
                        munmap(b.map, b.map_len);
                        munmap(out.map, out.map_len);
                    }
}

#ifndef RECTIFY_TEST_TABLE
/* ---- the deterministic kernels: the same bits on every ISA ------------------------ */

static void deterministic_across_isas(void **state)
{
    (void)state;
    const struct rectify_kernels *t[6];
    const char *label[6];
    int nt = tables(t, label);
    uint16_t *a = malloc(ALL * 2), *b = malloc(ALL * 2), *first = malloc(ALL * 2),
             *got = malloc(ALL * 2);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(first);
    assert_non_null(got);
    for (uint32_t i = 0; i < ALL; i++) {
        a[i] = (uint16_t)i;
        b[i] = (uint16_t)(i * 0x9e37u + 0x1234u);
    }
    for (size_t ki = 0; ki < N_KERNELS; ki++) {
        const struct half_kernel *k = &kernels[ki];
        if (!strstr(k->name, "deterministic"))
            continue;
        for (int type = 0; type < 2; type++)
            for (size_t si = 0; si < 3; si++)
                for (int ti = 0; ti < nt; ti++) {
                    run_half(t[ti], k, type, a, b, ti ? got : first, ALL, &sets[si]);
                    if (ti)
                        CHECK(got, first, ALL, "%s_%s: %s differs from %s, set %zu", k->name,
                              type_names[type], label[ti], label[0], si);
                }
    }
    free(a);
    free(b);
    free(first);
    free(got);
}

/* ---- the public API: threads, modes, errors --------------------------------------- */

/* n large enough that every kind of op splits across threads. */
#define API_N 300007u

/* Op number `op` through its _bf16/_f16 entry point (f32 == 0) or, as the
 * oracle, through the _f32 one on widened buffers (f32 == 1: a, b and out
 * are then floats). */
static rectify_status api_call(int op, int type, int f32, const void *a, const void *b, void *out,
                               size_t n)
{
#define H(fn, ...) (type ? rectify_##fn##_f16(__VA_ARGS__) : rectify_##fn##_bf16(__VA_ARGS__))
    const uint16_t *ha = a, *hb = b;
    uint16_t *ho = out;
    const float *fa = a, *fb = b;
    float *fo = out;
    switch (op) {
    case 0:
        return f32 ? rectify_relu_f32(fa, fo, n) : H(relu, ha, ho, n);
    case 1:
        return f32 ? rectify_relu_backward_f32(fa, fb, fo, n) : H(relu_backward, ha, hb, ho, n);
    case 2:
        return f32 ? rectify_leaky_relu_f32(fa, fo, n, 0.1f) : H(leaky_relu, ha, ho, n, 0.1f);
    case 3:
        return f32 ? rectify_leaky_relu_backward_f32(fa, fb, fo, n, -2.0f)
                   : H(leaky_relu_backward, ha, hb, ho, n, -2.0f);
    case 4:
        return f32 ? rectify_relu6_f32(fa, fo, n) : H(relu6, ha, ho, n);
    case 5:
        return f32 ? rectify_relu6_backward_f32(fa, fb, fo, n) : H(relu6_backward, ha, hb, ho, n);
    case 6:
        return f32 ? rectify_rrelu_f32(fa, fo, n, 0.125f, 0.25f, 1, 99, 5)
                   : H(rrelu, ha, ho, n, 0.125f, 0.25f, 1, 99, 5);
    case 7:
        return f32 ? rectify_rrelu_backward_f32(fa, fb, fo, n, 0.125f, 0.25f, 1, 99, 5)
                   : H(rrelu_backward, ha, hb, ho, n, 0.125f, 0.25f, 1, 99, 5);
    case 8:
        return f32 ? rectify_rrelu_f32(fa, fo, n, 0.125f, 0.25f, 0, 99, 5)
                   : H(rrelu, ha, ho, n, 0.125f, 0.25f, 0, 99, 5);
    case 9:
        return f32 ? rectify_crelu_f32(fa, fo, 7, n / 7) : H(crelu, ha, ho, 7, n / 7);
    case 10:
        return f32 ? rectify_crelu_backward_f32(fa, fb, fo, 7, n / 7)
                   : H(crelu_backward, ha, hb, ho, 7, n / 7);
    case 11:
        return f32 ? rectify_elu_f32(fa, fo, n, 1.5f) : H(elu, ha, ho, n, 1.5f);
    case 12:
        return f32 ? rectify_elu_backward_f32(fa, fb, fo, n, 1.5f)
                   : H(elu_backward, ha, hb, ho, n, 1.5f);
    case 13:
        return f32 ? rectify_elu_backward_from_output_f32(fa, fb, fo, n, 1.5f)
                   : H(elu_backward_from_output, ha, hb, ho, n, 1.5f);
    case 14:
        return f32 ? rectify_selu_f32(fa, fo, n) : H(selu, ha, ho, n);
    case 15:
        return f32 ? rectify_selu_backward_f32(fa, fb, fo, n) : H(selu_backward, ha, hb, ho, n);
    case 16:
        return f32 ? rectify_selu_backward_from_output_f32(fa, fb, fo, n)
                   : H(selu_backward_from_output, ha, hb, ho, n);
    }
#undef H
    return RECTIFY_ERR_INVALID;
}
#define N_OPS 17

/* Output elements of op over n inputs; the second input's elements. */
static size_t api_out(int op, size_t n)
{
    return op == 9 ? 2 * (n / 7) * 7 : op == 10 ? (n / 7) * 7 : n;
}
static size_t api_b(int op, size_t n)
{
    return op == 10 ? 2 * (n / 7) * 7
           : (op == 0 || op == 2 || op == 4 || op == 6 || op == 8 || op == 9 || op == 11 ||
              op == 14)
               ? 0
               : n;
}

static void api_threads(void **state)
{
    (void)state;
    size_t n = API_N;
    uint16_t *a = malloc(n * 2), *b = malloc(2 * n * 2), *got = malloc(2 * n * 2),
             *want = malloc(2 * n * 2);
    float *fa = malloc(n * 4), *fb = malloc(2 * n * 4), *fo = malloc(2 * n * 4);
    assert_true(a && b && got && want && fa && fb && fo);
    fill16(a, n, 1);
    fill16(b, 2 * n, 2);
    static const int threads[] = {1, 2, 3, 8};
    for (int det = 0; det < 2; det++) {
        assert_int_equal(rectify_set_deterministic(det), RECTIFY_OK);
        for (int type = 0; type < 2; type++) {
            for (size_t i = 0; i < n; i++)
                fa[i] = widen(type, a[i]);
            for (size_t i = 0; i < 2 * n; i++)
                fb[i] = widen(type, b[i]);
            for (int op = 0; op < N_OPS; op++) {
                size_t no = api_out(op, n);
                assert_int_equal(rectify_set_num_threads(1), RECTIFY_OK);
                assert_int_equal(api_call(op, type, 1, fa, fb, fo, n), RECTIFY_OK);
                for (size_t i = 0; i < no; i++)
                    want[i] = narrow(type, fo[i]);
                for (size_t ti = 0; ti < sizeof threads / sizeof threads[0]; ti++) {
                    assert_int_equal(rectify_set_num_threads(threads[ti]), RECTIFY_OK);
                    memset(got, 0, no * 2);
                    assert_int_equal(api_call(op, type, 0, a, b, got, n), RECTIFY_OK);
                    CHECK(got, want, no, "op %d, %s, %d threads, deterministic %d", op,
                          type_names[type], threads[ti], det);
                }
            }
        }
    }
    assert_int_equal(rectify_set_num_threads(0), RECTIFY_OK);
    assert_int_equal(rectify_set_deterministic(0), RECTIFY_OK);
    free(a);
    free(b);
    free(got);
    free(want);
    free(fa);
    free(fb);
    free(fo);
}

/* Every error leaves the output as it was. */
static void api_errors(void **state)
{
    (void)state;
    uint16_t x[64], dy[128], y[128], keep[128];
    fill16(x, 64, 3);
    fill16(dy, 128, 4);
    for (int type = 0; type < 2; type++)
        for (int op = 0; op < N_OPS; op++) {
            size_t n = op == 9 || op == 10 ? 14 : 16, nb = api_b(op, n);
            for (int i = 0; i < 128; i++)
                y[i] = keep[i] = (uint16_t)(0x1111 * (i % 15));
            /* NULL */
            assert_int_equal(api_call(op, type, 0, NULL, dy, y, n), RECTIFY_ERR_NULL);
            assert_int_equal(api_call(op, type, 0, x, dy, NULL, n), RECTIFY_ERR_NULL);
            if (nb)
                assert_int_equal(api_call(op, type, 0, x, NULL, y, n), RECTIFY_ERR_NULL);
            /* n == 0: a no-op, whatever the pointers */
            assert_int_equal(api_call(op, type, 0, NULL, NULL, NULL, 0), RECTIFY_OK);
            /* a byte count past size_t */
            assert_int_equal(api_call(op, type, 0, x, dy, y, SIZE_MAX / 2 + 1), RECTIFY_ERR_SIZE);
            /* partial overlap of the output with an input */
            memcpy(y, x, 64 * 2);
            memcpy(keep, y, sizeof keep);
            assert_int_equal(api_call(op, type, 0, y, dy, y + 1, n), RECTIFY_ERR_OVERLAP);
            if (nb)
                assert_int_equal(api_call(op, type, 0, x, y, y + 1, n), RECTIFY_ERR_OVERLAP);
            if (op == 9) /* CReLU forward: not even in place */
                assert_int_equal(api_call(op, type, 0, y, NULL, y, n), RECTIFY_ERR_OVERLAP);
            assert_memory_equal(y, keep, sizeof keep);
        }
    uint16_t out[16];
    memset(out, 0x5a, sizeof out);
    memcpy(keep, out, sizeof out);
    assert_int_equal(rectify_leaky_relu_bf16(x, out, 16, NAN), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_leaky_relu_backward_f16(x, dy, out, 16, INFINITY), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_elu_f16(x, out, 16, NAN), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_elu_backward_bf16(x, dy, out, 16, -INFINITY), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_elu_backward_from_output_f16(x, dy, out, 16, NAN), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_rrelu_bf16(x, out, 16, 0.5f, 0.25f, 1, 0, 0), RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_rrelu_f16(x, out, 16, 0.1f, 0.2f, 2, 0, 0), RECTIFY_ERR_INVALID);
    assert_int_equal(rectify_rrelu_backward_bf16(x, dy, out, 16, NAN, 0.2f, 0, 0, 0),
                     RECTIFY_ERR_PARAM);
    assert_int_equal(rectify_crelu_f16(x, out, SIZE_MAX / 4, 4), RECTIFY_ERR_SIZE);
    assert_int_equal(rectify_crelu_backward_bf16(x, dy, out, 2, SIZE_MAX / 2), RECTIFY_ERR_SIZE);
    assert_int_equal(rectify_crelu_bf16(x, out, 0, 5), RECTIFY_OK);
    assert_memory_equal(out, keep, sizeof out);
}

/* Known answers, from the formats' definitions: bits in, bits out. */
static void api_known(void **state)
{
    (void)state;
    /* bf16: -1, +0, -0, 1.5, NaN with payload, sNaN, smallest subnormal, -inf */
    const uint16_t bx[8] = {0xbf80, 0x0000, 0x8000, 0x3fc0, 0x7fc1, 0x7f81, 0x0001, 0xff80};
    const uint16_t brelu[8] = {0x0000, 0x0000, 0x8000, 0x3fc0, 0x7fc1, 0x7fc1, 0x0001, 0x0000};
    uint16_t out[8];
    assert_int_equal(rectify_relu_bf16(bx, out, 8), RECTIFY_OK);
    assert_memory_equal(out, brelu, sizeof out);
    /* fp16: 65504 * 2 overflows to inf; 6.5 clamps to 6; the smallest
     * subnormal 2^-24 halves to a tie, which goes to even: +-0. */
    const uint16_t hx[4] = {0x7bff, 0x4680, 0x0001, 0x8001};
    uint16_t h[4];
    assert_int_equal(rectify_leaky_relu_f16(hx, h, 4, 2.0f), RECTIFY_OK);
    assert_int_equal(h[0], 0x7bff); /* positive: passes */
    assert_int_equal(rectify_relu6_f16(hx, h, 2), RECTIFY_OK);
    assert_int_equal(h[0], 0x4600);
    assert_int_equal(h[1], 0x4600);
    const uint16_t neg[2] = {0xfbff, 0x8001};
    assert_int_equal(rectify_leaky_relu_f16(neg, h, 2, 2.0f), RECTIFY_OK);
    assert_int_equal(h[0], 0xfc00); /* -65504 * 2: -inf */
    assert_int_equal(h[1], 0x8002); /* -2^-24 * 2 = -2^-23, kept */
    assert_int_equal(rectify_leaky_relu_f16(neg, h, 2, 0.5f), RECTIFY_OK);
    assert_int_equal(h[0], 0xf7ff); /* -32752 */
    assert_int_equal(h[1], 0x8000); /* -2^-25: a tie, to even: -0 */
    /* ELU(-inf) = -alpha; ELU(+inf) = +inf; ELU of the smallest subnormal
     * is alpha * x, kept. */
    const uint16_t ex[3] = {0xfc00, 0x7c00, 0x8001};
    assert_int_equal(rectify_elu_f16(ex, h, 3, 1.0f), RECTIFY_OK);
    assert_int_equal(h[0], 0xbc00);
    assert_int_equal(h[1], 0x7c00);
    assert_int_equal(h[2], 0x8001);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exhaustive),
        cmocka_unit_test(tails),
        cmocka_unit_test(guard_pages),
#ifndef RECTIFY_TEST_TABLE
        cmocka_unit_test(deterministic_across_isas),
        cmocka_unit_test(api_threads),
        cmocka_unit_test(api_errors),
        cmocka_unit_test(api_known),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
