/*
 * Differential fuzzing of every op through the public API.
 *
 * One input picks the op, the element type (float, bf16 or fp16), its
 * parameters, the length, the misalignment of each buffer, in place or
 * not, the deterministic mode, non-temporal stores, a bad argument (or
 * none), and the input bits. The call runs on every ISA this CPU supports,
 * and each float result must be:
 *
 *  - the scalar reference's bits (src/reference.c), for every op without an
 *    exponential: the piecewise ops, RReLU, CReLU, RT_ELU and RT_SELU backward
 *    from the output;
 *  - within 2 ULP of the formula in long double for RT_ELU and RT_SELU forward and
 *    backward (NaN exactly where the formula has one, zeros of the
 *    reference's sign); in deterministic mode the same bits on every ISA,
 *    by default the same bits on AVX2 and AVX-512;
 *  - for a bad argument (NULL, a partial overlap, a byte count past
 *    SIZE_MAX, a non-finite parameter, lower > upper, training not 0 or 1),
 *    the documented status, in the documented order, with every output
 *    element left as it was.
 *
 * A bf16 or fp16 result must be, bit for bit, what the header promises:
 * the inputs widened, the float op run on the same ISA in the same mode,
 * each result rounded once (kernels/half_bits.h's conversions).
 *
 * The inputs are heap blocks of exactly their size, so AddressSanitizer sees
 * a read one byte past a tail; the output has guard floats on both sides,
 * checked after every call, so a stray write is caught without it too.
 * Anything wrong aborts, which libFuzzer reports with the input.
 *
 * Built two ways (tests/CMakeLists.txt): with clang's -fsanitize=fuzzer for
 * scripts/fuzz.sh, and, with RECTIFY_FUZZ_REPLAY, as a plain program that
 * runs the built-in seeds and any input files named on its command line
 * (the `fuzz.replay` test, on every build).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_ops.h"
#include "half_bits.h"
#include "kernel.h"
#include "rectify.h"

#define MAX_N 4096
#define GUARD 16

/* The element types, their sizes, and a signalling NaN of each that no op
 * produces (results' NaNs are quiet): the output's guard value. */
enum elem { ELEM_F32, ELEM_BF16, ELEM_F16, N_ELEMS };
static const size_t elem_size[N_ELEMS] = {4, 2, 2};
static const uint32_t sentinel[N_ELEMS] = {0x7fbadc0du, 0x7fa1u, 0x7d0du};
static const char *const elem_name[N_ELEMS] = {"f32", "bf16", "f16"};

/* What the input's `bad` field asks for. */
enum bad { GOOD, NULL_X, NULL_DY, NULL_OUT, OVERLAP_X, OVERLAP_DY, HUGE_N, N_BAD };

/* The fixed-size head of an input; the rest is x's bits. */
#define HEAD_BYTES 32

static int is_crelu(enum rt_op o) { return o == RT_CRELU || o == RT_CRELU_BWD; }
static int is_rrelu(enum rt_op o) { return o == RT_RRELU || o == RT_RRELU_BWD; }

static uint32_t bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float from_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* A parameter: mostly values a model uses, sometimes any bit pattern
 * (NaN and the infinities among them: the error paths). */
static float param(uint8_t sel, uint32_t raw)
{
    static const float usual[] = {0.01f, 1.0f,   0.0f,   0.125f, 1.0f / 3.0f, -0.5f,
                                  2.5f,  -0.75f, 1e-30f, 3e30f,  0x1p-70f,    0x1p30f,
                                  -0.0f, 100.0f, 0.2f,   1.5f};
    if (sel < 160)
        return usual[sel % 16];
    if (sel < 224)
        return (float)(int32_t)raw * 0x1p-28f; /* within +-8 */
    return from_bits(raw);
}

/* The decoded head of an input. */
struct call {
    enum rt_op op;
    enum elem type;
    float p1, p2; /* slope / alpha / lower, upper */
    int training; /* rrelu: 0, 1, or (to test the check) 2 */
    uint64_t seed, offset;
    int det, stream;
    int in_place; /* 0: separate output, 1: out = x, 2: out = dy */
    enum bad bad;
    size_t mis_x, mis_dy, mis_out; /* elements past a 64-byte boundary */
    size_t n, outer, inner;        /* n elements of x; crelu: n = outer * inner */
};

static struct call decode(const uint8_t *h, size_t body_bytes)
{
    struct call c;
    c.op = (enum rt_op)(h[0] % RT_N_OPS);
    c.type = (enum elem)(h[0] / RT_N_OPS % N_ELEMS);
    size_t body_elems = body_bytes / elem_size[c.type];
    c.p1 = param(h[1], le32(h + 2));
    c.p2 = param(h[6], le32(h + 7));
    c.training = h[11] % 8 == 7 ? 2 : h[11] & 1;
    c.seed = le64(h + 12);
    c.offset = h[20] & 1 ? UINT64_MAX - (h[20] >> 1) : le64(h + 20); /* 2^64 wrap, sometimes */
    c.det = h[28] & 1;
    c.stream = (h[28] >> 1) & 1;
    c.in_place = (h[28] >> 2) % 3;
    c.bad = h[29] < 192 ? GOOD : (enum bad)(1 + h[29] % (N_BAD - 1));
    c.mis_x = h[30] & 15;
    c.mis_dy = h[30] >> 4;
    c.mis_out = h[31] & 15;
    c.n = body_elems > MAX_N ? MAX_N : body_elems;
    c.outer = c.inner = 0;
    if (is_crelu(c.op) && c.n > 0) {
        /* A row width from the last byte, rows from the length. */
        c.inner = 1 + (size_t)(h[31] >> 4) * 37 % c.n;
        c.outer = c.n / c.inner;
        c.n = c.outer * c.inner;
    }
    return c;
}

/* Element counts of the buffers. */
static size_t dy_elems(const struct call *c) { return c->op == RT_CRELU_BWD ? 2 * c->n : c->n; }
static size_t out_elems(const struct call *c) { return c->op == RT_CRELU ? 2 * c->n : c->n; }

static int partial_overlap(const void *out, size_t out_n, const void *in, size_t in_n, size_t es)
{
    uintptr_t o = (uintptr_t)out, i = (uintptr_t)in;
    if (o == i && out_n == in_n)
        return 0;
    return o < i + in_n * es && i < o + out_n * es;
}

/* The status the header documents, written from the header (not from
 * src/checks.h): n == 0 succeeds whatever the pointers, then SIZE, NULL,
 * INVALID (rrelu's training), PARAM, OVERLAP. */
static rectify_status documented_status(const struct call *c, const void *x, const void *dy,
                                        const void *out, size_t n_arg)
{
    int binary = rt_op_binary(c->op);
    if (n_arg == 0)
        return RECTIFY_OK;
    if (c->bad == HUGE_N)
        return RECTIFY_ERR_SIZE;
    if (!x || !out || (binary && !dy))
        return RECTIFY_ERR_NULL;
    if (is_rrelu(c->op) && c->training != 0 && c->training != 1)
        return RECTIFY_ERR_INVALID;
    int params_ok = rt_ops[c->op].param == 0 ? 1
                    : rt_ops[c->op].param == 1
                        ? isfinite(c->p1)
                        : isfinite(c->p1) && isfinite(c->p2) && c->p1 <= c->p2;
    if (!params_ok)
        return RECTIFY_ERR_PARAM;
    size_t n = c->n, o_n = out_elems(c), es = elem_size[c->type];
    if (partial_overlap(out, o_n, x, n, es) ||
        (binary && partial_overlap(out, o_n, dy, dy_elems(c), es)))
        return RECTIFY_ERR_OVERLAP;
    return RECTIFY_OK;
}

static rectify_status call_api(const struct call *c, const void *x, const void *dy, void *out,
                               size_t n)
{
    /* HUGE_N: crelu's rows overflow the byte count (n is used by the rest). */
    size_t huge_outer = SIZE_MAX / (2 * elem_size[c->type]) + 1;
    struct rt_op_args g = {c->p1,   c->p2,     c->training,
                           c->seed, c->offset, c->bad == HUGE_N ? huge_outer : c->outer,
                           c->inner};
    if (c->type == ELEM_F32)
        return rt_op_call(c->op, x, dy, out, n, &g);
    return rt_op_call_h(c->type == ELEM_F16, c->op, x, dy, out, n, &g);
}

/* The reference's bits (for RT_ELU and RT_SELU: what zeros' signs are checked
 * against). */
static void reference(const struct call *c, const float *x, const float *dy, float *want)
{
    struct rt_op_args g = {c->p1, c->p2, c->training, c->seed, c->offset, c->outer, c->inner};
    rt_op_reference(c->op, x, dy, want, c->n, &g);
}

/* RT_ELU and RT_SELU's formula in long double (64 significant bits: c = lambda *
 * alpha and dy * c * exp(x) lose nothing a float result can see). */
static long double formula(enum rt_op o, float alpha, float x, float dy)
{
    int selu = o == RT_SELU || o == RT_SELU_BWD;
    long double c = selu ? (long double)RECTIFY_SELU_LAMBDA * RECTIFY_SELU_ALPHA : alpha;
    long double s = selu ? RECTIFY_SELU_LAMBDA : 1.0L;
    if (o == RT_ELU || o == RT_SELU)
        return x > 0 ? s * x : c * expm1l(x);
    return x <= 0 ? (long double)dy * c * expl(x) : s * dy;
}

/* |got - exact| in ULPs of the float nearest exact (the ULP of FLT_MAX
 * past it; 2^-149 below the normals). */
static long double ulp_error(float got, long double exact)
{
    long double a = fabsl(exact);
    int e;
    frexpl(a < 0x1p-126L ? 0x1p-126L : a > 0x1p127L ? 0x1p127L : a, &e);
    return fabsl((long double)got - exact) / ldexpl(1.0L, e - 24);
}

/* The call's inputs (elements of its type), for the report. */
static const void *report_x, *report_dy;

/* Element i of a buffer of the call's type, as bits and as a number. */
static uint32_t elem_bits(enum elem t, const void *p, size_t i)
{
    if (t == ELEM_F32)
        return bits(((const float *)p)[i]);
    return ((const uint16_t *)p)[i];
}

static double elem_value(enum elem t, uint32_t u)
{
    return t == ELEM_F32    ? (double)from_bits(u)
           : t == ELEM_BF16 ? (double)rectify_bf16_to_f32((uint16_t)u)
                            : (double)rectify_f16_to_f32((uint16_t)u);
}

static void fail(const struct call *c, rectify_isa isa, const char *what, size_t i, uint32_t got,
                 uint32_t want)
{
    enum elem t = c->type;
    if (report_x && i < c->n)
        fprintf(stderr, "fuzz_ops: x[%zu] = %a (%08x)\n", i,
                elem_value(t, elem_bits(t, report_x, i)), elem_bits(t, report_x, i));
    if (report_dy && i < dy_elems(c))
        fprintf(stderr, "fuzz_ops: dy[%zu] = %a (%08x)\n", i,
                elem_value(t, elem_bits(t, report_dy, i)), elem_bits(t, report_dy, i));
    fprintf(stderr,
            "fuzz_ops: op %d %s (p1 %a, p2 %a, training %d, det %d, stream %d, in place %d, bad "
            "%d, n %zu) on %s: %s at %zu: got %a (%08x), want %a (%08x)\n",
            (int)c->op, elem_name[t], (double)c->p1, (double)c->p2, c->training, c->det, c->stream,
            c->in_place, (int)c->bad, c->n, rectify_isa_name(isa), what, i, elem_value(t, got), got,
            elem_value(t, want), want);
    abort();
}

/* Checks RT_ELU/RT_SELU's float result element by element against the
 * formula. */
static void check_exp(const struct call *c, rectify_isa isa, const float *x, const float *dy,
                      const float *got, const float *ref)
{
    for (size_t i = 0; i < c->n; i++) {
        long double exact = formula(c->op, c->p1, x[i], dy ? dy[i] : 0.0f);
        float g = got[i];
        if (isnan(exact) || isnan(g)) {
            if (!(isnan(exact) && isnan(g)))
                fail(c, isa, "NaN where the formula has none, or none where it has one", i, bits(g),
                     bits((float)exact));
            continue;
        }
        if (exact == 0 && g == 0) {
            if (bits(g) != bits(ref[i]))
                fail(c, isa, "a zero of the other sign than the reference's", i, bits(g),
                     bits(ref[i]));
            continue;
        }
        if (isinf(g) && isinf((float)exact) && (g < 0) == (exact < 0))
            continue; /* the formula rounds past FLT_MAX too */
        if (ulp_error(g, exact) <= 2)
            continue;
        /* The header: below x = -87.3 exp(x) is subnormal and its absolute
         * error (half of 2^-149 per rounding) is scaled by dy * alpha. */
        if ((c->op == RT_ELU_BWD || c->op == RT_SELU_BWD) && x[i] < -87.3f) {
            long double c_dy =
                fabsl((long double)dy[i] * (c->op == RT_ELU_BWD ? c->p1 : 1.7580993L));
            if (fabsl((long double)g - exact) <= 2 * c_dy * 0x1p-149L + ldexpl(2.0L, -149))
                continue;
        }
        fail(c, isa, "more than 2 ULP from the formula", i, bits(g), bits((float)exact));
    }
}

/* The elements of a block (guard elements, or an output that must not
 * have been written) must be as they were. */
static void check_untouched(const struct call *c, rectify_isa isa, const void *block,
                            size_t block_n, const void *keep, const char *what)
{
    for (size_t i = 0; i < block_n; i++)
        if (elem_bits(c->type, block, i) != elem_bits(c->type, keep, i))
            fail(c, isa, what, i, elem_bits(c->type, block, i), elem_bits(c->type, keep, i));
}

/* The header's promise for bf16 and fp16: widen (exact), the float op
 * through the API on the ISA now set, round once. */
static void half_oracle(const struct call *c, const uint16_t *x, const uint16_t *dy, uint16_t *want)
{
    size_t n = c->n, dn = rt_op_binary(c->op) ? dy_elems(c) : 0, on = out_elems(c);
    float *xf = malloc((n + 1) * sizeof(float)), *dyf = malloc((dn + 1) * sizeof(float));
    float *of = malloc((on + 1) * sizeof(float));
    if (!xf || !dyf || !of)
        abort();
    int f16 = c->type == ELEM_F16;
    for (size_t i = 0; i < n; i++)
        xf[i] = f16 ? rectify_f16_to_f32(x[i]) : rectify_bf16_to_f32(x[i]);
    for (size_t i = 0; i < dn; i++)
        dyf[i] = f16 ? rectify_f16_to_f32(dy[i]) : rectify_bf16_to_f32(dy[i]);
    struct rt_op_args g = {c->p1, c->p2, c->training, c->seed, c->offset, c->outer, c->inner};
    if (rt_op_call(c->op, xf, rt_op_binary(c->op) ? dyf : NULL, of, n, &g) != RECTIFY_OK)
        abort();
    for (size_t i = 0; i < on; i++)
        want[i] = f16 ? rectify_f32_to_f16(of[i]) : rectify_f32_to_bf16(of[i]);
    free(xf);
    free(dyf);
    free(of);
}

/* Element i of a buffer of the call's type: set. */
static void set_elem(enum elem t, void *p, size_t i, uint32_t u)
{
    if (t == ELEM_F32)
        ((float *)p)[i] = from_bits(u);
    else
        ((uint16_t *)p)[i] = (uint16_t)u;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t head[HEAD_BYTES] = {0};
    memcpy(head, data, size < HEAD_BYTES ? size : HEAD_BYTES);
    const uint8_t *body = size > HEAD_BYTES ? data + HEAD_BYTES : data;
    size_t body_bytes = size > HEAD_BYTES ? size - HEAD_BYTES : 0;
    struct call c = decode(head, body_bytes);
    enum elem t = c.type;
    size_t es = elem_size[t];
    size_t n = c.n, dn = rt_op_binary(c.op) ? dy_elems(&c) : 0, on = out_elems(&c);

    /* x and dy: exact-size heap blocks (after their misalignment), so a read
     * past the tail is outside the block. dy's bits: x's, mixed, so the
     * specials come in pairs the input did not choose. */
    char *x_block = malloc((c.mis_x + n + 1) * es), *dy_block = malloc((c.mis_dy + dn + 1) * es);
    char *x_keep = malloc((n + 1) * es), *dy_keep = malloc((dn + 1) * es);
    size_t block_n = 2 * GUARD + c.mis_out + on;
    char *out_block = malloc(block_n * es), *out_keep = malloc(block_n * es);
    char *want = malloc((on + 1) * es), *first = malloc((on + 1) * es);
    char *fma_bits = malloc((on + 1) * es);
    if (!x_block || !dy_block || !x_keep || !dy_keep || !out_block || !out_keep || !want ||
        !first || !fma_bits)
        abort();
    for (size_t i = 0; i < n; i++)
        set_elem(t, x_keep, i,
                 es == 4 ? le32(body + 4 * i)
                         : (uint32_t)body[2 * i] | (uint32_t)body[2 * i + 1] << 8);
    for (size_t i = 0; i < dn; i++) {
        uint32_t u = elem_bits(t, x_keep, i % n), sign = es == 4 ? 0x80000000u : 0x8000u;
        set_elem(t, dy_keep, i, i & 1 ? u * 2654435761u : u ^ sign);
    }
    for (size_t i = 0; i < block_n; i++)
        set_elem(t, out_keep, i, sentinel[t]);
    if (t == ELEM_F32)
        reference(&c, (const float *)x_keep, (const float *)dy_keep, (float *)want);
    report_x = x_keep;
    report_dy = rt_op_binary(c.op) ? dy_keep : NULL;

    size_t nt_threshold = rectify_get_nt_threshold();
    rectify_set_deterministic(c.det);
    rectify_set_nt_threshold(c.stream ? 1 : 0);
    int have_first = 0, have_fma = 0;
    for (int ti = RECTIFY_ISA_SCALAR; ti <= RECTIFY_ISA_NEON; ti++) {
        rectify_isa isa = (rectify_isa)ti;
        if (!rectify_isa_supported(isa))
            continue;
        if (rectify_set_isa(isa) != RECTIFY_OK)
            abort();
        char *x = x_block + c.mis_x * es, *dy = dy_block + c.mis_dy * es;
        memcpy(x, x_keep, n * es);
        memcpy(dy, dy_keep, dn * es);
        memcpy(out_block, out_keep, block_n * es);
        char *out = out_block + (GUARD + c.mis_out) * es;
        if (c.in_place == 1 && c.op != RT_CRELU)
            out = x;
        else if (c.in_place == 2 && rt_op_binary(c.op) && c.op != RT_CRELU_BWD)
            out = dy;
        const char *xa = x, *dya = rt_op_binary(c.op) ? dy : NULL;
        char *outa = out;
        size_t n_arg = is_crelu(c.op) ? c.outer * c.inner : n;
        switch (c.bad) {
        case NULL_X:
            xa = NULL;
            break;
        case NULL_DY:
            dya = NULL;
            break;
        case NULL_OUT:
            outa = NULL;
            break;
        case OVERLAP_X:
            outa = n > 1 ? x + es : outa;
            break;
        case OVERLAP_DY:
            outa = dn > 1 ? dy + es : outa;
            break;
        case HUGE_N:
            n_arg = is_crelu(c.op) ? (n ? 1 : 0) : SIZE_MAX / es + 1;
            break;
        case GOOD:
        case N_BAD:
            break;
        }
        if (c.bad == HUGE_N && is_crelu(c.op) && n == 0)
            n_arg = 0;
        rectify_status want_status = documented_status(&c, xa, dya, outa, n_arg);
        rectify_status got_status = call_api(&c, xa, dya, outa, n_arg);
        if (got_status != want_status) {
            fprintf(stderr, "fuzz_ops: status %s, the header says %s\n",
                    rectify_status_str(got_status), rectify_status_str(want_status));
            fail(&c, isa, "wrong status", 0, 0, 0);
        }

        /* x and dy change only when they are the output. */
        if ((out != x || got_status != RECTIFY_OK) && memcmp(x, x_keep, n * es))
            fail(&c, isa, "x changed", 0, 0, 0);
        if ((out != dy || got_status != RECTIFY_OK) && memcmp(dy, dy_keep, dn * es))
            fail(&c, isa, "dy changed", 0, 0, 0);
        if (got_status != RECTIFY_OK || n_arg == 0) {
            check_untouched(&c, isa, out_block, block_n, out_keep, "an output changed");
            continue;
        }
        if (out == out_block + (GUARD + c.mis_out) * es) {
            check_untouched(&c, isa, out_block, GUARD + c.mis_out, out_keep, "a write before y");
            check_untouched(&c, isa, out + on * es, GUARD, out_keep, "a write after y");
        } else {
            check_untouched(&c, isa, out_block, block_n, out_keep, "a write to y, in place");
        }

        if (t != ELEM_F32) {
            half_oracle(&c, (const uint16_t *)(const void *)x_keep,
                        (const uint16_t *)(const void *)dy_keep, (uint16_t *)(void *)want);
            for (size_t i = 0; i < on; i++)
                if (elem_bits(t, out, i) != elem_bits(t, want, i))
                    fail(&c, isa, "not the float op's result rounded", i, elem_bits(t, out, i),
                         elem_bits(t, want, i));
            continue;
        }
        const float *outf = (const float *)(void *)out, *wantf = (const float *)(void *)want;
        if (!rt_ops[c.op].exponential) {
            for (size_t i = 0; i < on; i++)
                if (bits(outf[i]) != bits(wantf[i]))
                    fail(&c, isa, "not the reference's bits", i, bits(outf[i]), bits(wantf[i]));
            continue;
        }
        check_exp(&c, isa, (const float *)(void *)x_keep,
                  rt_op_binary(c.op) ? (const float *)(void *)dy_keep : NULL, outf, wantf);
        if (c.det) {
            if (have_first && memcmp(out, first, on * es))
                fail(&c, isa, "deterministic mode, other bits than the first ISA's", 0, 0, 0);
            memcpy(first, out, on * es);
            have_first = 1;
        } else if (isa == RECTIFY_ISA_AVX2 || isa == RECTIFY_ISA_AVX512) {
            if (have_fma && memcmp(out, fma_bits, on * es))
                fail(&c, isa, "AVX2 and AVX-512 disagree", 0, 0, 0);
            memcpy(fma_bits, out, on * es);
            have_fma = 1;
        }
    }
    rectify_set_deterministic(0);
    rectify_set_nt_threshold(nt_threshold);
    free(x_block);
    free(dy_block);
    free(x_keep);
    free(dy_keep);
    free(out_block);
    free(out_keep);
    free(want);
    free(first);
    free(fma_bits);
    return 0;
}

#ifdef RECTIFY_FUZZ_REPLAY
/*
 * The seeds: every op and element type, bad argument, mode and alignment,
 * over lengths around each ISA's vector widths and unroll, with inputs drawn from the
 * special values and a spread of magnitudes. `fuzz_ops_replay --write DIR`
 * writes them as files for libFuzzer's starting corpus; with file names it
 * runs those files (a crash found earlier, kept under tests/fuzz/corpus/);
 * with no argument it runs the seeds.
 */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u); /* splitmix64 (Steele et al., 2014) */
    z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9u;
    z = (z ^ z >> 27) * 0x94d049bb133111ebu;
    return z ^ z >> 31;
}

static size_t make_seed(unsigned k, uint8_t *buf, size_t cap)
{
    static const size_t lengths[] = {0,  1,  3,  4,  7,  8,   15,  16,  17,
                                     31, 33, 63, 64, 65, 127, 129, 255, 1000};
    static const uint32_t specials[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
                                        0x7fa00001, 0xffc00123, 0x00000001, 0x80000001, 0x807fffff,
                                        0x3f800000, 0xbf800000, 0xc0c00000, 0x40c00000, 0xc2ae0000,
                                        0xc2aeac50, 0xc2b00000, 0xc1900000, 0xb3000000, 0xff7fffff};
    uint64_t s = k;
    size_t len = lengths[k % (sizeof lengths / sizeof lengths[0])];
    size_t size = HEAD_BYTES + 4 * len;
    if (size > cap)
        abort();
    for (size_t i = 0; i < HEAD_BYTES; i++)
        buf[i] = (uint8_t)mix(&s);
    /* The op, and the type: float for two seeds in four, bf16 and fp16 (the
     * floats' bits read as twice as many 16-bit elements) for one each. */
    static const enum elem types[4] = {ELEM_F32, ELEM_BF16, ELEM_F32, ELEM_F16};
    buf[0] = (uint8_t)(k % RT_N_OPS + RT_N_OPS * types[k / RT_N_OPS % 4]);
    buf[1] = (uint8_t)(k / RT_N_OPS % 16); /* one of the usual parameters */
    buf[6] = (uint8_t)((k / RT_N_OPS + 3) % 16);
    buf[29] = (uint8_t)(k % 3 == 0 ? 192 + k / 3 % (N_BAD - 1) : 0);
    for (size_t i = 0; i < len; i++) {
        uint64_t r = mix(&s);
        uint32_t u;
        if (r % 4 == 0)
            u = specials[r / 4 % (sizeof specials / sizeof specials[0])];
        else /* a float of magnitude 2^-40 .. 2^8, either sign */
            u = (uint32_t)((r >> 8) & 0x807fffffu) | (uint32_t)(87 + (r >> 40) % 48) << 23;
        buf[HEAD_BYTES + 4 * i] = (uint8_t)u;
        buf[HEAD_BYTES + 4 * i + 1] = (uint8_t)(u >> 8);
        buf[HEAD_BYTES + 4 * i + 2] = (uint8_t)(u >> 16);
        buf[HEAD_BYTES + 4 * i + 3] = (uint8_t)(u >> 24);
    }
    return size;
}

#define N_SEEDS 3200

int main(int argc, char **argv)
{
    static uint8_t buf[HEAD_BYTES + 4 * MAX_N];
    if (argc == 3 && strcmp(argv[1], "--write") == 0) {
        for (unsigned k = 0; k < N_SEEDS; k++) {
            char name[4096];
            snprintf(name, sizeof name, "%s/seed-%04u", argv[2], k);
            FILE *f = fopen(name, "wb");
            size_t size = make_seed(k, buf, sizeof buf);
            if (!f || fwrite(buf, 1, size, f) != size || fclose(f) != 0) {
                perror(name);
                return 1;
            }
        }
        return 0;
    }
    if (argc == 1) {
        for (unsigned k = 0; k < N_SEEDS; k++)
            LLVMFuzzerTestOneInput(buf, make_seed(k, buf, sizeof buf));
        printf("fuzz_ops: %d seeds, every supported ISA: as documented\n", N_SEEDS);
        return 0;
    }
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        size_t size = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, size);
    }
    printf("fuzz_ops: %d inputs, every supported ISA: as documented\n", argc - 1);
    return 0;
}
#endif
