/*
 * The exponential ops: ELU and SELU, forward, backward from the input and
 * backward from the output, each in two modes (DESIGN.md, "Reproducibility"):
 *
 *  - default: the vector layer's inline exponential (simd/exp.h), the same
 *    algorithm on every ISA, with FMA where the ISA has it;
 *  - deterministic (*_deterministic kernels): SLEEF's FMA-free cinz_
 *    functions and plain multiplies in one fixed order, so every ISA gives
 *    the scalar kernel's bits. SLEEF is called only on the lanes that need
 *    it (x <= 0), packed per block with vf_compress.
 *
 * Both are within 2 ULP of the correctly rounded formula (tests/ulp_sweep.c
 * measures it on every float). ELU and SELU share the code: SELU is ELU
 * with c = lambda * alpha on the negative side and lambda on the positive
 * one; c is carried as c_hi + c_lo, both floats (the exact product of two
 * floats fits in two), so SELU's constant is not rounded where it matters.
 *
 * Compiled once per storage type (storage.h): the bf16 and fp16 copies of
 * the default kernels and of backward from the output widen, compute as
 * the float ones do, and round once; their deterministic kernels are in
 * kernels/half.c.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>

#include "isa.h"
#include "loop.h"
#include "simd/exp.h"
#if RECTIFY_STORAGE != RECTIFY_STORAGE_F32
#include "chunked.h"
#endif

#if defined(__GNUC__)
#define RECTIFY_COLD __attribute__((noinline, cold))
#else
#define RECTIFY_COLD
#endif

/* How a call's c is handled by the default kernels: the inline exponential
 * (its sign decides what +-0 give), or, for c = 0 and for |c| outside the
 * range the inline exponential is exact for, a path of its own. */
enum exp_kind { EXP_POSITIVE_C, EXP_UNIT_C, EXP_NEGATIVE_C, EXP_ZERO_C, EXP_EXTREME_C };

struct exp_consts {
    struct vexp e;
    vfloat zero, neg_zero, lambda;
    vfloat c_hi, c_out; /* the constant backward from the output adds to y */
    vfloat grad_lower;  /* below it c * exp(x) is not a normal float: grad_fix */
    float grad_lower_f;
    double c_double; /* c_hi + c_lo, exactly */
    int c_sign;      /* c's sign bit (alpha = -0 has it) */
    enum exp_kind kind;
};

static inline struct exp_consts exp_consts(int selu, const struct rectify_params *p)
{
    struct exp_consts k;
    float c_hi = selu ? RECTIFY_SELU_LAMBDA_ALPHA_HI : p->alpha;
    float c_lo = selu ? RECTIFY_SELU_LAMBDA_ALPHA_LO : 0.0f;
    k.zero = vf_zero();
    k.neg_zero = vf_set1(-0.0f);
    k.lambda = vf_set1(selu ? RECTIFY_SELU_LAMBDA : 1.0f);
    k.c_hi = vf_set1(c_hi);
    k.c_out = k.c_hi;
    /* (-0) + (+0) would be +0: alpha = -0 keeps its sign. */
    k.c_sign = signbit(c_hi) != 0;
    k.c_double = c_lo == 0.0f ? (double)c_hi : (double)c_hi + (double)c_lo;
    float mag = fabsf(c_hi);
    if (c_hi == 0.0f)
        k.kind = EXP_ZERO_C;
    else if (mag < VEXP_C_MIN || mag > VEXP_C_MAX)
        k.kind = EXP_EXTREME_C;
    else if (c_hi == 1.0f && c_lo == 0.0f)
        k.kind = EXP_UNIT_C;
    else
        k.kind = c_hi > 0.0f ? EXP_POSITIVE_C : EXP_NEGATIVE_C;
    if (k.kind == EXP_POSITIVE_C || k.kind == EXP_UNIT_C || k.kind == EXP_NEGATIVE_C) {
        vexp_setup(&k.e, c_hi, c_lo);
        /* c * e^x >= 2^-126 while n = round(x / ln2) >= -125 - e, where
         * |c| >= 2^e: x >= (-124.5 - e) * ln2, less a margin. */
        int e = (int)(vexp_bits(mag) >> 23) - 127; /* ilogb: mag is a normal float here */
        double lower = (-124.4 - (e < 0 ? e : 0)) * 0.6931471805599453;
        k.grad_lower_f = lower < 0.0 ? (float)lower : 0.0f;
        k.grad_lower = vf_set1(k.grad_lower_f);
    }
    return k;
}

/* A call's constants: made once for SELU and for ELU's alpha = 1, which
 * depend on nothing else (a call of a few floats then pays nothing to
 * build them), otherwise built in `scratch`. */
static struct exp_consts cached_consts[2]; /* ELU with alpha = 1, SELU */
static atomic_int cached_ready;
static pthread_once_t cached_once = PTHREAD_ONCE_INIT;

static void make_cached_consts(void)
{
    const struct rectify_params unit = {.alpha = 1.0f};
    cached_consts[0] = exp_consts(0, &unit);
    cached_consts[1] = exp_consts(1, &unit);
    atomic_store_explicit(&cached_ready, 1, memory_order_release);
}

static inline const struct exp_consts *consts_for(int selu, const struct rectify_params *p,
                                                  struct exp_consts *scratch)
{
    if (selu || vexp_bits(p->alpha) == vexp_bits(1.0f)) {
        if (!atomic_load_explicit(&cached_ready, memory_order_acquire))
            pthread_once(&cached_once, make_cached_consts);
        return &cached_consts[selu];
    }
    *scratch = exp_consts(selu, p);
    return scratch;
}

/* ---- the default kernels: the inline exponential --------------------------- */

/* Forward: x < 0 ? c * expm1(x) : s * x (s = 1 or lambda). Zeros take the
 * positive side: c * expm1(+-0) is c * +-0, which is +-0 for c > 0 and -+0
 * for c < 0; NaN takes it too. */
#define FORWARD(name, SELU, NEGATIVE_C, UNIT)                                                      \
    VEXP_INLINE void name(int U, vfloat *v, const struct exp_consts *k)                            \
    {                                                                                              \
        vfloat pos[16], r[16];                                                                     \
        VEXP_FOR(j)                                                                                \
        {                                                                                          \
            pos[j] = (SELU) ? vf_mul(k->lambda, v[j]) : v[j];                                      \
            if (NEGATIVE_C)                                                                        \
                pos[j] = vf_select(vf_le(v[j], k->zero), vf_neg(v[j]), pos[j]);                    \
        }                                                                                          \
        vexp_expm1_neg(U, (SELU), (UNIT), v, pos, r, &k->e);                                       \
        VEXP_FOR(j) v[j] = r[j];                                                                   \
    }

FORWARD(elu_fwd, 0, 0, 0)
FORWARD(elu_fwd_unit_c, 0, 0, 1)
FORWARD(elu_fwd_negative_c, 0, 1, 0)
FORWARD(selu_fwd, 1, 0, 0)

/* alpha = +0: +0 * expm1(x) is -0 for every x < 0 (-inf included), x for
 * x = +-0. alpha = -0 flips the sign of each of those zeros. */
VEXP_INLINE void elu_fwd_zero_c(int U, vfloat *v, const struct exp_consts *k)
{
    VEXP_FOR(j)
    {
        vfloat r = vf_select(vf_lt(v[j], k->zero), k->neg_zero, v[j]);
        v[j] = k->c_sign ? vf_select(vf_le(v[j], k->zero), vf_neg(r), r) : r;
    }
}

/* Lanes with x below grad_lower (x < -86 for |c| >= 1, -inf included):
 * dy * c * exp(x) in double with SLEEF's FMA-free double exp, rounded once,
 * so a large dy does not magnify the error of a subnormal c * e^x. Rare in
 * practice, so out of line; the same bits on every ISA. */
static RECTIFY_COLD void grad_fix(int m, vfloat *dx, const vfloat *x, const vfloat *dy,
                                  const struct exp_consts *k)
{
    float xs[VLEN], dys[VLEN], out[VLEN];
    for (int j = 0; j < m; j++) {
        vf_store(xs, x[j]);
        vf_store(dys, dy[j]);
        vf_store(out, dx[j]);
        for (int i = 0; i < VLEN; i++)
            if (xs[i] < k->grad_lower_f)
                out[i] = (float)((double)dys[i] * k->c_double * Sleef_cinz_expd1_u10purec(xs[i]));
        dx[j] = vf_load(out);
    }
}

/* Backward from the input: x <= 0 ? dy * c * exp(x) : s * dy; NaN x takes
 * the positive side. */
#define BACKWARD(name, SELU, UNIT)                                                                 \
    VEXP_INLINE void name(int U, vfloat *x, const vfloat *dy, const struct exp_consts *k)          \
    {                                                                                              \
        vfloat dx[16], low = k->zero; /* x < low ? x : low, so NaN lanes keep low */               \
        vexp_grad_neg(U, (SELU), (UNIT), x, dy, dx, &k->e);                                        \
        VEXP_FOR(j) low = vf_min(x[j], low);                                                       \
        if (vm_any(vf_lt(low, k->grad_lower))) {                                                   \
            /* Copies, so that only they have their address taken. */                              \
            vfloat fx[16], fxs[16], fdy[16];                                                       \
            VEXP_FOR(j)                                                                            \
            {                                                                                      \
                fx[j] = dx[j];                                                                     \
                fxs[j] = x[j];                                                                     \
                fdy[j] = dy[j];                                                                    \
            }                                                                                      \
            grad_fix(U, fx, fxs, fdy, k);                                                          \
            VEXP_FOR(j) dx[j] = fx[j];                                                             \
        }                                                                                          \
        VEXP_FOR(j)                                                                                \
        {                                                                                          \
            vfloat pos = (SELU) ? vf_mul(k->lambda, dy[j]) : dy[j];                                \
            x[j] = vf_select(vf_le(x[j], k->zero), dx[j], pos);                                    \
        }                                                                                          \
    }

BACKWARD(elu_bwd, 0, 0)
BACKWARD(elu_bwd_unit_c, 0, 1)
BACKWARD(selu_bwd, 1, 0)

#if RECTIFY_STORAGE == RECTIFY_STORAGE_F32
/* ---- the deterministic kernels: SLEEF on the lanes that need it ------------------
 * Per block of DET_BLOCK floats: the lanes with x <= 0 packed (their x, and
 * dy), SLEEF's cinz_ function on the packed lanes VLEN at a time (the last
 * vector padded with zeros) in a loop of their own, the products with c on
 * them in another, then every lane's positive-side result with the packed
 * results put back in place (vf_expand), each output stored once. The
 * calls are kept apart from the other work because what follows a call
 * waits for it: a loop that mixes them runs at the sum of their times.
 * SLEEF's functions are lane by lane, so packing changes no bit: every lane
 * gets the same operations as one call per vector would give it. The
 * products with c are in double, rounded once (ELU's alpha * expm1: one
 * float multiply). */
#define DET_BLOCK 1024

/* The lanes of v with v <= 0, packed at dst; how many. A partial vector's
 * lanes past r load as +0, which is <= 0: they are the highest, so packed
 * last, and not counted. */
static inline size_t det_pack(float *dst, vfloat v, size_t r, const struct exp_consts *k)
{
    return vf_compress(dst, vf_le(v, k->zero), v) - (VLEN - (r < VLEN ? r : VLEN));
}

/* dy * c * e for the packed lanes, in double, rounded once; below x = -87,
 * where exp(x) is subnormal in float, grad_fix's double exp. */
static inline vfloat det_grad(vfloat x, vfloat dy, vfloat e, const struct exp_consts *k)
{
    vfloat dx = vexp_times2_double(dy, e, k->c_double);
    if (!vm_any(vf_lt(x, vf_set1(-87.0f))))
        return dx;
    float xs[VLEN], dys[VLEN], out[VLEN];
    vf_store(xs, x);
    vf_store(dys, dy);
    vf_store(out, dx);
    for (int i = 0; i < VLEN; i++)
        if (xs[i] < -87.0f)
            out[i] = (float)((double)dys[i] * k->c_double * Sleef_cinz_expd1_u10purec(xs[i]));
    return vf_load(out);
}

static void det_forward(int selu, const float *x, float *y, size_t n, const struct exp_consts *k)
{
    float xs[DET_BLOCK + VLEN], res[DET_BLOCK + VLEN];
    for (size_t b = 0; b < n; b += DET_BLOCK) {
        size_t m = n - b < DET_BLOCK ? n - b : DET_BLOCK, count = 0, at = 0;
        const float *xb = x + b;
        float *yb = y + b;
        for (size_t i = 0; i < m; i += VLEN)
            count += det_pack(xs + count, vf_load_upto(xb + i, m - i), m - i, k);
        vf_store(xs + count, k->zero);
        for (size_t j = 0; j < count; j += VLEN)
            vf_store(res + j, vf_expm1_det(vf_load(xs + j)));
        for (size_t j = 0; j < count; j += VLEN) {
            vfloat e = vf_load(res + j);
            vf_store(res + j, selu ? vexp_times_double(e, k->c_double) : vf_mul(k->c_hi, e));
        }
        for (size_t i = 0; i < m; i += VLEN) {
            vfloat v = vf_load_upto(xb + i, m - i), out = selu ? vf_mul(k->lambda, v) : v;
            vmask neg = vf_le(v, k->zero);
            vf_store_upto(yb + i, vf_expand(res + at, neg, out), m - i);
            at += (size_t)vm_count(neg);
        }
    }
}

static void det_backward(int selu, const float *x, const float *dy, float *dx, size_t n,
                         const struct exp_consts *k)
{
    float xs[DET_BLOCK + VLEN], dys[DET_BLOCK + VLEN], res[DET_BLOCK + VLEN];
    for (size_t b = 0; b < n; b += DET_BLOCK) {
        size_t m = n - b < DET_BLOCK ? n - b : DET_BLOCK, count = 0, at = 0;
        const float *xb = x + b, *gb = dy + b;
        float *db = dx + b;
        for (size_t i = 0; i < m; i += VLEN) {
            vfloat v = vf_load_upto(xb + i, m - i), g = vf_load_upto(gb + i, m - i);
            vf_compress(dys + count, vf_le(v, k->zero), g);
            count += det_pack(xs + count, v, m - i, k);
        }
        vf_store(xs + count, k->zero);
        vf_store(dys + count, k->zero);
        for (size_t j = 0; j < count; j += VLEN)
            vf_store(res + j, vf_exp_det(vf_load(xs + j)));
        for (size_t j = 0; j < count; j += VLEN)
            vf_store(res + j, det_grad(vf_load(xs + j), vf_load(dys + j), vf_load(res + j), k));
        for (size_t i = 0; i < m; i += VLEN) {
            vfloat v = vf_load_upto(xb + i, m - i), g = vf_load_upto(gb + i, m - i);
            vfloat out = selu ? vf_mul(k->lambda, g) : g;
            vmask neg = vf_le(v, k->zero);
            vf_store_upto(db + i, vf_expand(res + at, neg, out), m - i);
            at += (size_t)vm_count(neg);
        }
    }
}

#endif /* RECTIFY_STORAGE_F32 */

/* ---- backward from the output: one add and one multiply, on every ISA ---------- */

/* y <= 0 ? dy*(y + c) : s*dy. */
#define BACKWARD_FROM_OUTPUT(name, SELU)                                                           \
    static inline vfloat name(vfloat y, vfloat dy, const struct exp_consts *k)                     \
    {                                                                                              \
        vfloat pd = (SELU) ? vf_mul(k->lambda, dy) : dy;                                           \
        return vf_select(vf_le(y, k->zero), vf_mul(dy, vf_add(y, k->c_out)), pd);                  \
    }

BACKWARD_FROM_OUTPUT(elu_bwd_out, 0)
BACKWARD_FROM_OUTPUT(selu_bwd_out, 1)

/* ---- kernels -------------------------------------------------------------------- */

/* The paths of few calls (c = 0 backward, |c| outside the inline
 * exponential's range): the float kernels' deterministic code, which the
 * bf16 and fp16 copies reach through a float block (chunked.h). */
#if RECTIFY_STORAGE == RECTIFY_STORAGE_F32
#define ELU_RARE_FORWARD(x, y, n, k, p)       det_forward(0, (x), (y), (n), (k))
#define ELU_RARE_BACKWARD(x, dy, dx, n, k, p) det_backward(0, (x), (dy), (dx), (n), (k))
#else
#define ELU_RARE_FORWARD(x, y, n, k, p) via_f32_unary(KERNEL(elu_forward), (x), (y), (n), (p))
#define ELU_RARE_BACKWARD(x, dy, dx, n, k, p)                                                      \
    via_f32_binary(KERNEL(elu_backward), (x), (dy), (dx), (n), (p))
#endif

void STORED_KERNEL(elu_forward)(const relem *x, relem *y, size_t n, const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(0, p, &scratch);
    switch (k->kind) {
    case EXP_POSITIVE_C:
        RECTIFY_MAPN1_STREAM(x, y, n, VF_EXP_UNROLL, elu_fwd, k, p->stream);
        break;
    case EXP_UNIT_C:
        RECTIFY_MAPN1_STREAM(x, y, n, VF_EXP_UNROLL, elu_fwd_unit_c, k, p->stream);
        break;
    case EXP_NEGATIVE_C:
        RECTIFY_MAPN1_STREAM(x, y, n, VF_EXP_UNROLL, elu_fwd_negative_c, k, p->stream);
        break;
    case EXP_ZERO_C:
        RECTIFY_MAPN1_STREAM(x, y, n, 1, elu_fwd_zero_c, k, p->stream);
        break;
    case EXP_EXTREME_C:
        ELU_RARE_FORWARD(x, y, n, k, p);
        break;
    }
}

void STORED_KERNEL(selu_forward)(const relem *x, relem *y, size_t n, const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(1, p, &scratch);
    RECTIFY_MAPN1_STREAM(x, y, n, VF_EXP_UNROLL, selu_fwd, k, p->stream);
}

void STORED_KERNEL(elu_backward)(const relem *x, const relem *dy, relem *dx, size_t n,
                                 const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(0, p, &scratch);
    if (k->kind == EXP_UNIT_C)
        RECTIFY_MAPN2_STREAM(x, dy, dx, n, VF_EXP_UNROLL, elu_bwd_unit_c, k, p->stream);
    else if (k->kind == EXP_POSITIVE_C || k->kind == EXP_NEGATIVE_C)
        RECTIFY_MAPN2_STREAM(x, dy, dx, n, VF_EXP_UNROLL, elu_bwd, k, p->stream);
    else
        ELU_RARE_BACKWARD(x, dy, dx, n, k, p); /* c = 0 included: dy * 0 * e^x, signs, NaNs */
}

void STORED_KERNEL(selu_backward)(const relem *x, const relem *dy, relem *dx, size_t n,
                                  const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(1, p, &scratch);
    RECTIFY_MAPN2_STREAM(x, dy, dx, n, VF_EXP_UNROLL, selu_bwd, k, p->stream);
}

#if RECTIFY_STORAGE == RECTIFY_STORAGE_F32
void KERNEL(elu_forward_deterministic)(const float *x, float *y, size_t n,
                                       const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(0, p, &scratch);
    det_forward(0, x, y, n, k);
}

void KERNEL(selu_forward_deterministic)(const float *x, float *y, size_t n,
                                        const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(1, p, &scratch);
    det_forward(1, x, y, n, k);
}

void KERNEL(elu_backward_deterministic)(const float *x, const float *dy, float *dx, size_t n,
                                        const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(0, p, &scratch);
    det_backward(0, x, dy, dx, n, k);
}

void KERNEL(selu_backward_deterministic)(const float *x, const float *dy, float *dx, size_t n,
                                         const struct rectify_params *p)
{
    struct exp_consts scratch;
    const struct exp_consts *k = consts_for(1, p, &scratch);
    det_backward(1, x, dy, dx, n, k);
}
#endif /* the bf16 and fp16 deterministic kernels: kernels/half.c */

#define BINARY_KERNEL(name, OP, SELU)                                                              \
    void STORED_KERNEL(name)(const relem *a, const relem *b, relem *out, size_t n,                 \
                             const struct rectify_params *p)                                       \
    {                                                                                              \
        struct exp_consts scratch;                                                                 \
        const struct exp_consts *k = consts_for((SELU), p, &scratch);                              \
        RECTIFY_MAP2_STREAM(a, b, out, n, OP, k, p->stream);                                       \
    }

BINARY_KERNEL(elu_backward_from_output, elu_bwd_out, 0)
BINARY_KERNEL(selu_backward_from_output, selu_bwd_out, 1)
