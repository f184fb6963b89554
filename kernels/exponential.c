/*
 * The exponential ops: ELU and SELU, forward, backward from the input and
 * backward from the output, each in two modes (DESIGN.md, "Reproducibility"):
 *
 *  - deterministic (*_deterministic kernels): SLEEF's FMA-free cinz_
 *    functions and plain multiplies and adds in one fixed order, so every
 *    ISA gives the scalar kernel's bits;
 *  - default: on ISAs with FMA, SLEEF's expf where exp(x) - 1 is exact
 *    enough and a short polynomial for expm1 near zero, with compensated
 *    products; on the others, the SLEEF functions of the ISA.
 *
 * Both are within 2 ULP of the correctly rounded formula (tests/ulp_sweep.c
 * measures it on every float). ELU and SELU share the code: SELU is ELU with
 * c = lambda * alpha on the negative side and lambda on the positive one.
 * c is carried as c_hi + c_lo, both floats (the exact product of two floats
 * fits in two), so SELU's constant is not rounded before it is used.
 */
#include "isa.h"
#include "loop.h"

struct exp_consts {
    vfloat zero, one;
    vfloat c_hi, c_lo;    /* c_hi + c_lo = alpha (ELU) or lambda * alpha (SELU), exactly */
    vfloat c_out;         /* the constant backward from the output adds to y */
    vfloat lambda;        /* SELU's positive-side scale */
    vfloat subnormal_exp; /* below it exp(x) is subnormal in float */

    double c_double; /* c_hi + c_lo, exactly */
#if VF_HAS_FMA
    vfloat neg_ln2, tiny;
    vfloat r0, r1, r2, r3, r4, r5;
#endif
};

static inline struct exp_consts exp_consts(int selu, const struct rectify_params *p)
{
    struct exp_consts k;
    k.zero = vf_zero();
    k.one = vf_set1(1.0f);
    k.subnormal_exp = vf_set1(-87.0f);

    if (selu) {
        k.c_hi = vf_set1(RECTIFY_SELU_LAMBDA_ALPHA_HI);
        k.c_lo = vf_set1(RECTIFY_SELU_LAMBDA_ALPHA_LO);
        k.c_out = k.c_hi;
        k.lambda = vf_set1(RECTIFY_SELU_LAMBDA);
    } else {
        k.c_hi = vf_set1(p->alpha);
        k.c_lo = vf_zero();
        k.c_out = k.c_hi;
        k.lambda = k.one;
    }
    k.c_double = selu ? (double)RECTIFY_SELU_LAMBDA_ALPHA_HI + (double)RECTIFY_SELU_LAMBDA_ALPHA_LO
                      : (double)p->alpha;
#if VF_HAS_FMA
    k.neg_ln2 = vf_set1(-0x1.62e430p-1f);
    k.tiny = vf_set1(-0x1p-26f);
    /* (expm1(x) - x) / x^2 on [-ln2 - 0.01, 0]: the degree-5 interpolant at
     * the Chebyshev nodes, coefficients rounded to float; relative error of
     * x + x^2 * r(x) below 0.07 ULP (tools/expm1_poly.py derives them). */
    k.r0 = vf_set1(0x1p-1f);
    k.r1 = vf_set1(0x1.555546p-3f);
    k.r2 = vf_set1(0x1.55512ap-5f);
    k.r3 = vf_set1(0x1.10aab4p-7f);
    k.r4 = vf_set1(0x1.631d52p-10f);
    k.r5 = vf_set1(0x1.40e26ap-13f);
#endif
    return k;
}

/* c * m and dy * c * e for the paths without FMA: each lane in double,
 * rounded once to float (c * m is exact in double; dy * c * e is within
 * 2^-52 of exact before that rounding). Plain double multiplies, never
 * contracted: the same bits on every ISA. */
static inline vfloat times_c(int selu, vfloat m, const struct exp_consts *k)
{
    if (!selu)
        return vf_mul(k->c_hi, m); /* alpha * m: one float multiply */
    float lanes[VLEN];
    vf_store(lanes, m);
    for (int i = 0; i < VLEN; i++)
        lanes[i] = (float)(k->c_double * lanes[i]);
    return vf_load(lanes);
}

static inline vfloat dy_times_c_times(vfloat dy, vfloat e, const struct exp_consts *k)
{
    float d[VLEN], lanes[VLEN];
    vf_store(d, dy);
    vf_store(lanes, e);
    for (int i = 0; i < VLEN; i++)
        lanes[i] = (float)((double)d[i] * (k->c_double * lanes[i]));
    return vf_load(lanes);
}

/* ---- c * expm1(x) for x <= 0 (and NaN) ------------------------------------ */

static inline vfloat neg_side_det(int selu, vfloat x, const struct exp_consts *k)
{
    return times_c(selu, vf_expm1_det(x), k);
}

#if VF_HAS_FMA
/* c * expm1(x) for -ln2 <= x <= 0 (any x, but only there within 2 ULP). */
static inline vfloat neg_side_near(int selu, vfloat x, const struct exp_consts *k)
{
    /* Near zero: c*x*(1 + t) with t = x*r(x) = expm1(x)/x - 1 in [-0.28, 0].
     * c*x is split exactly into cx + g, so the only large rounding is the
     * final add; x > -2^-26 takes c*x rounded once (and its signed zero). */
    vfloat q = vf_fma(vf_fma(vf_fma(vf_fma(vf_fma(k->r5, x, k->r4), x, k->r3), x, k->r2), x, k->r1),
                      x, k->r0);
    vfloat t = vf_mul(x, q);
    vfloat cx = vf_mul(k->c_hi, x);
    vfloat g = vf_fma(k->c_lo, x, vf_fma(k->c_hi, x, vf_sub(k->zero, cx)));
    vfloat near = vf_add(cx, vf_fma(cx, t, vf_fma(g, t, g)));
    vfloat c_times_x = selu ? vf_fma(k->c_hi, x, vf_mul(k->c_lo, x)) : cx;
    return vf_select(vf_gt(x, k->tiny), c_times_x, near);
}

/* c * expm1(x) for x < -ln2 (and -inf): exp(x) < 1/2, so e - 1 = m_hi + m_lo
 * exactly (Fast2Sum, |1| >= e) and c * (e - 1) is rounded once. */
static inline vfloat neg_side_far(vfloat x, const struct exp_consts *k)
{
    vfloat e = vf_exp(x);
    vfloat m_hi = vf_sub(e, k->one);
    vfloat m_lo = vf_sub(e, vf_add(m_hi, k->one));
    return vf_fma(k->c_hi, m_hi, vf_fma(k->c_hi, m_lo, vf_mul(k->c_lo, m_hi)));
}

/* SLEEF's expf is called only when some lane needs it. */
static inline vfloat neg_side_fast(int selu, vfloat x, const struct exp_consts *k)
{
    vfloat near = neg_side_near(selu, x, k);
    vmask far = vf_lt(x, k->neg_ln2);
    if (!vm_any(far))
        return near;
    return vf_select(far, neg_side_far(x, k), near);
}
#define NEG_SIDE    neg_side_fast
#define EXP_DEFAULT vf_exp
#else
static inline vfloat neg_side_default(int selu, vfloat x, const struct exp_consts *k)
{
    return times_c(selu, vf_expm1(x), k);
}
#define NEG_SIDE    neg_side_default
#define EXP_DEFAULT vf_exp
#endif

/* ---- the per-vector ops ------------------------------------------------------- */

/* x > 0 ? s*x : c*expm1(x). Vectors with no lane <= 0 skip the exponential;
 * a NaN lane always takes s*x (ELU: x itself), whatever its neighbours, so
 * its bits do not depend on the vector width. */
#define FORWARD(variant, NEG, SELU)                                                                \
    static inline vfloat variant(vfloat x, const struct exp_consts *k)                             \
    {                                                                                              \
        vmask neg = vf_le(x, k->zero);                                                             \
        vfloat py = (SELU) ? vf_mul(k->lambda, x) : x;                                             \
        if (!vm_any(neg))                                                                          \
            return py;                                                                             \
        return vf_select(neg, NEG((SELU), x, k), py);                                              \
    }

/* x <= 0 ? dy*c*exp(x) : s*dy. */
static inline vfloat grad_fast(int selu, vfloat e, vfloat dy, const struct exp_consts *k)
{
#if VF_HAS_FMA
    (void)selu;
    /* c*e = ce + ce_lo exactly (up to c_lo*e's rounding), then one rounding
     * for dy * (ce + ce_lo). Where that fused sum is zero or NaN, the plain
     * product dy * ce is right and the sum may not be (the sign of a zero
     * product, or an infinite dy times a zero correction). */
    vfloat ce = vf_mul(k->c_hi, e);
    vfloat ce_lo = vf_fma(k->c_lo, e, vf_fma(k->c_hi, e, vf_sub(k->zero, ce)));
    vfloat dx = vf_fma(dy, ce, vf_mul(dy, ce_lo));
    vfloat plain = vf_mul(dy, ce);
    return vf_select(vf_lt(dx, k->zero), dx, vf_select(vf_gt(dx, k->zero), dx, plain));
#else
    (void)selu;
    return dy_times_c_times(dy, e, k);
#endif
}

static inline vfloat grad_det(int selu, vfloat e, vfloat dy, const struct exp_consts *k)
{
    (void)selu;
    return dy_times_c_times(dy, e, k);
}

/* Below x = -87, exp(x) is subnormal in float and dy * c * exp(x) would
 * carry its absolute error scaled by dy * c (millions of ULP for a large
 * dy). Those lanes, rare in practice, are computed in double with SLEEF's
 * FMA-free double exp (one ULP of double), rounded once to float: the same
 * bits on every ISA. */
static inline vfloat fix_subnormal_exp(vfloat dx, vfloat x, vfloat dy, const struct exp_consts *k)
{
    if (!vm_any(vf_lt(x, k->subnormal_exp)))
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

#define BACKWARD(variant, EXP, GRAD, SELU)                                                         \
    static inline vfloat variant(vfloat x, vfloat dy, const struct exp_consts *k)                  \
    {                                                                                              \
        vmask neg = vf_le(x, k->zero);                                                             \
        vfloat pd = (SELU) ? vf_mul(k->lambda, dy) : dy;                                           \
        if (!vm_any(neg))                                                                          \
            return pd;                                                                             \
        vfloat dx = vf_select(neg, GRAD((SELU), EXP(x), dy, k), pd);                               \
        return fix_subnormal_exp(dx, x, dy, k);                                                    \
    }

/* y <= 0 ? dy*(y + c) : s*dy: one add and one multiply, on every ISA. */
#define BACKWARD_FROM_OUTPUT(variant, SELU)                                                        \
    static inline vfloat variant(vfloat y, vfloat dy, const struct exp_consts *k)                  \
    {                                                                                              \
        vfloat pd = (SELU) ? vf_mul(k->lambda, dy) : dy;                                           \
        return vf_select(vf_le(y, k->zero), vf_mul(dy, vf_add(y, k->c_out)), pd);                  \
    }

FORWARD(elu_fwd, NEG_SIDE, 0)
FORWARD(elu_fwd_det, neg_side_det, 0)
FORWARD(selu_fwd, NEG_SIDE, 1)
FORWARD(selu_fwd_det, neg_side_det, 1)
BACKWARD(elu_bwd, EXP_DEFAULT, grad_fast, 0)
BACKWARD(elu_bwd_det, vf_exp_det, grad_det, 0)
BACKWARD(selu_bwd, EXP_DEFAULT, grad_fast, 1)
BACKWARD(selu_bwd_det, vf_exp_det, grad_det, 1)
BACKWARD_FROM_OUTPUT(elu_bwd_out, 0)
BACKWARD_FROM_OUTPUT(selu_bwd_out, 1)

#if VF_HAS_FMA && defined(VF_HAS_COMPRESS)
/* ---- the default forward, batched ------------------------------------------------
 * With normal inputs about a quarter of the lanes are below -ln2 but nearly
 * every vector holds one, so calling SLEEF per vector would call it almost
 * everywhere. Instead, per block of FAR_BLOCK floats: the first pass stores
 * every lane's result as if it were not below -ln2 and packs the x of the
 * lanes below -ln2, with their positions, into a buffer (vf_compress); the
 * second calls SLEEF on the packed lanes, VLEN at a time (the last vector
 * padded with zeros), and writes their results over the first pass's. Each
 * lane gets the same operations as in neg_side_fast, so the same bits, on
 * every vector width. */
FORWARD(elu_fwd_near, neg_side_near, 0)
FORWARD(selu_fwd_near, neg_side_near, 1)

#define FAR_BLOCK 256

#define BATCHED_FORWARD(variant, NEAR)                                                             \
    static void variant(const float *x, float *y, size_t n, const struct exp_consts *k)            \
    {                                                                                              \
        float xs[FAR_BLOCK + VLEN], lanes[VLEN];                                                   \
        int32_t at[FAR_BLOCK + VLEN];                                                              \
        for (size_t b = 0; b < n; b += FAR_BLOCK) {                                                \
            size_t m = n - b < FAR_BLOCK ? n - b : FAR_BLOCK, i = 0, count = 0;                    \
            const float *xb = x + b;                                                               \
            float *yb = y + b;                                                                     \
            for (; i + VLEN <= m; i += VLEN) {                                                     \
                vfloat v = vf_load(xb + i);                                                        \
                vf_store(yb + i, NEAR(v, k));                                                      \
                count += vf_compress(xs + count, at + count, vf_lt(v, k->neg_ln2), v, (int32_t)i); \
            }                                                                                      \
            if (i < m) {                                                                           \
                vfloat v = vf_load_part(xb + i, m - i);                                            \
                vf_store_part(yb + i, NEAR(v, k), m - i);                                          \
                count += vf_compress(xs + count, at + count, vf_lt(v, k->neg_ln2), v, (int32_t)i); \
            }                                                                                      \
            vf_store(xs + count, k->zero);                                                         \
            for (size_t j = 0; j < count; j += VLEN) {                                             \
                vf_store(lanes, neg_side_far(vf_load(xs + j), k));                                 \
                size_t r = count - j < VLEN ? count - j : VLEN;                                    \
                for (size_t l = 0; l < r; l++)                                                     \
                    yb[at[j + l]] = lanes[l];                                                      \
            }                                                                                      \
        }                                                                                          \
    }

BATCHED_FORWARD(elu_fwd_batched, elu_fwd_near)
BATCHED_FORWARD(selu_fwd_batched, selu_fwd_near)
#endif

/* ---- kernels -------------------------------------------------------------------- */

/* With alpha = 0 the forward is 0 * expm1(x), a zero whose sign the
 * compensated default path does not keep: that case takes the plain one.
 * RUN is how OP covers the buffer: RECTIFY_MAP1 for a per-vector OP, or
 * BLOCKED for one that walks the buffer itself (BATCHED_FORWARD). */
#define BLOCKED(x, y, n, OP, k) OP(x, y, n, k)
#define UNARY_KERNEL_RUN(name, RUN, OP, SELU)                                                      \
    void KERNEL(name)(const float *x, float *y, size_t n, const struct rectify_params *p)          \
    {                                                                                              \
        const struct exp_consts k = exp_consts((SELU), p);                                         \
        if (!(SELU) && p->alpha == 0.0f)                                                           \
            RECTIFY_MAP1(x, y, n, elu_fwd_det, &k);                                                \
        else                                                                                       \
            RUN(x, y, n, OP, &k);                                                                  \
    }
#define UNARY_KERNEL(name, OP, SELU) UNARY_KERNEL_RUN(name, RECTIFY_MAP1, OP, SELU)

#define BINARY_KERNEL(name, OP, SELU)                                                              \
    void KERNEL(name)(const float *a, const float *b, float *out, size_t n,                        \
                      const struct rectify_params *p)                                              \
    {                                                                                              \
        const struct exp_consts k = exp_consts((SELU), p);                                         \
        RECTIFY_MAP2(a, b, out, n, OP, &k);                                                        \
    }

#if VF_HAS_FMA && defined(VF_HAS_COMPRESS)
UNARY_KERNEL_RUN(elu_forward, BLOCKED, elu_fwd_batched, 0)
UNARY_KERNEL_RUN(selu_forward, BLOCKED, selu_fwd_batched, 1)
#else
UNARY_KERNEL(elu_forward, elu_fwd, 0)
UNARY_KERNEL(selu_forward, selu_fwd, 1)
#endif
UNARY_KERNEL(elu_forward_deterministic, elu_fwd_det, 0)
BINARY_KERNEL(elu_backward, elu_bwd, 0)
BINARY_KERNEL(elu_backward_deterministic, elu_bwd_det, 0)
BINARY_KERNEL(elu_backward_from_output, elu_bwd_out, 0)
UNARY_KERNEL(selu_forward_deterministic, selu_fwd_det, 1)
BINARY_KERNEL(selu_backward, selu_bwd, 1)
BINARY_KERNEL(selu_backward_deterministic, selu_bwd_det, 1)
BINARY_KERNEL(selu_backward_from_output, selu_bwd_out, 1)
