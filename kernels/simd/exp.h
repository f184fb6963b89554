/*
 * The vector layer's own exponential: c * expm1(x) and c * exp(x) for
 * x <= 0, written once over the layer's verbs, so every ISA (and the scalar
 * layer) runs the same algorithm, inline. ELU and SELU's default kernels
 * use it (kernels/exponential.c); c is ELU's alpha or SELU's lambda*alpha.
 *
 * Method (Cody and Waite's range reduction; see tools/expm1_poly.py):
 *
 *   n = round(x / ln2),  t = x - n*ln2 in [-ln2/2, ln2/2],  s = 2^n,
 *   P = c * expm1(t) = c*t + t^2 * Q(t),  Q a degree-4 polynomial whose
 *       coefficients (c times those of tools/expm1_poly.py) are set per call,
 *   c * expm1(x) = c*(s - 1) + s*P,   c * exp(x) = s * (c + P).
 *
 * The forward on FMA layers (AVX2, AVX-512, NEON) is written for the FMA
 * unit, which bounds it: with v = c + t*Q(t) = c*expm1(t)/t (in [0.84c,
 * 1.2c], never 0), c * expm1(x) = t * (s*v) + c*(s - 1) is one FMA, s*v and
 * c*s made by moving exponents, c*(s - 1) = c*s - c exact for n = 0 and -1,
 * for c = 1 (n >= -24) and rounded once otherwise. Eight FMA-unit
 * operations a vector (the reduction's two, Horner's four, v and the last),
 * and AVX-512 merges the kernel's select into the last two (masked
 * operations). What it costs in accuracy: v's rounding, up to 2^-24 of the
 * result, and the polynomial's 2^-25.8 (at most 1.66 ULP for SELU, the
 * worst of the ops, over every negative float; README.md's table).
 * t = x - n*ln2_hi is exact in its FMA near zero (n = 0: t = x), so tiny x
 * gives c*x rounded once and keeps its sign (SELU's c_lo * s * t joins
 * c*(s - 1) for that); below x = -18, where c*expm1(x) rounds to -c, x is
 * clamped there (-inf included).
 *
 * The gradient keeps c*t exact: c*e^x = c*s + s*P, P = c*t + t^2*Q(t) with
 * c*t formed inside the FMA that adds t^2*Q (at most a fifth of it), and
 * dy times it is dy*(c*s), exact inside the last FMA, plus dy*(s*P): one
 * rounding of the large term.
 *
 * Layers without FMA (SSE2, scalar x86) keep every step exact but the
 * last, with the exact products made by hand: n*ln2 with a 15-bit ln2_hi
 * (exact for |n| < 512) and the rest of ln2 applied as a first-order
 * correction, c*t split Dekker-style into halves of 12 bits, c*(s - 1)
 * carried as hi + lo (c*s is exact and the subtraction a Fast2Sum), so
 * s*P + c*(s - 1) is rounded once. Without FMA, rounding v as above would
 * cost a second rounding of the product too.
 *
 * Each function works on U vectors at once, step by step across them, so
 * that U independent dependency chains hide the FMA latency; the kernels
 * choose U per layer (VF_EXP_UNROLL).
 */
#ifndef RECTIFY_SIMD_EXP_H
#define RECTIFY_SIMD_EXP_H

#include <float.h>
#include <stdint.h>
#include <string.h>

#define VEXP_FOR(j) _Pragma("GCC unroll 16") for (int j = 0; j < U; j++)

/* The steps below work on arrays of vectors; only inlined do they stay in
 * registers. GCC's heuristics left some out of line (a call, and the
 * arrays through memory, per U vectors: ELU's forward at 1.3x the time on
 * AVX2 in cache), so they are always inlined. */
#if defined(__GNUC__)
#define VEXP_INLINE static inline __attribute__((always_inline))
#else
#define VEXP_INLINE static inline
#endif

/* Q's coefficients before scaling by c: (expm1(t) - t) / t^2 on
 * [-ln2/2 - 0.002, ln2/2 + 0.002], minimax for the relative error of
 * t + t^2 * Q(t) (2^-25.8 with these float coefficients), from
 * tools/expm1_poly.py. */
static const float vexp_q[5] = {0x1.fffffep-2f, 0x1.5554acp-3f, 0x1.55567ap-5f, 0x1.122aa0p-7f,
                                0x1.6beb8cp-10f};

struct vexp {
    vfloat c, neg_c, c_lo; /* c rounded to float, its negation, c - c_hi (SELU's; ELU: 0) */
    vint c_bits, c_lo_bits, one_bits; /* adding n << 23 to a float's bits scales it by 2^n */
    vfloat one;
    vfloat q0, q1, q2, q3, q4;
    vfloat log2e, magic, clamp_fwd, clamp_bwd;
    vfloat neg_ln2_hi; /* -ln2 rounded (FMA) or to 15 bits (no FMA: n * it is exact) */
    vfloat ln2_tail;   /* ln2_hi - ln2, rounded: x - n*ln2 = t + n*ln2_tail */
    vfloat max_float, neg_max_float;
    vint sign;
#if !VF_HAS_FMA
    vfloat c_h, c_l; /* c = c_h + c_l, c_h of 12 significant bits */
    vfloat half;
    vint trunc12;
#endif
};

static inline uint32_t vexp_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline float vexp_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* The range of c the functions below are exact for: c*2^n and the scaled
 * coefficients stay normal, and in the gradient dy * (c*e^x)'s low part
 * stays finite for every finite dy. Callers take another path outside it. */
#define VEXP_C_MIN 0x1p-60f
#define VEXP_C_MAX 0x1p+20f

/* c_hi + c_lo = c: SELU passes lambda*alpha split into two floats, ELU
 * alpha and 0; VEXP_C_MIN <= |c_hi| <= VEXP_C_MAX. */
static inline void vexp_setup(struct vexp *k, float c_hi, float c_lo)
{
    double c = (double)c_hi + (double)c_lo;
    k->c = vf_set1(c_hi);
    k->neg_c = vf_set1(-c_hi);
    k->c_lo = vf_set1(c_lo);
    k->c_bits = vi_set1(vexp_bits(c_hi));
    k->c_lo_bits = vi_set1(vexp_bits(c_lo));
    k->one_bits = vi_set1(vexp_bits(1.0f));
    k->one = vf_set1(1.0f);
    k->q0 = vf_set1((float)(c * vexp_q[0]));
    k->q1 = vf_set1((float)(c * vexp_q[1]));
    k->q2 = vf_set1((float)(c * vexp_q[2]));
    k->q3 = vf_set1((float)(c * vexp_q[3]));
    k->q4 = vf_set1((float)(c * vexp_q[4]));
    k->log2e = vf_set1(0x1.715476p+0f);
    /* 1.5 * 2^23 rounds x/ln2 to an integer in the low bits, which shifted
     * into the exponent field scale a float by 2^n (n < 0: two's complement,
     * the borrow taken from the exponent). */
    k->magic = vf_set1(0x1.8p23f);
    k->clamp_fwd = vf_set1(-18.0f); /* c*expm1(x) rounds to -c below; 2^-26 <= s */
    k->clamp_bwd = vf_set1(-87.0f); /* 2^-126 <= s */
#if VF_HAS_FMA
    k->neg_ln2_hi = vf_set1(-0x1.62e430p-1f);
    k->ln2_tail = vf_set1((float)(0x1.62e430p-1 - 0x1.62e42fefa39efp-1));
#else
    k->neg_ln2_hi = vf_set1(-0x1.62e4p-1f);
    k->ln2_tail = vf_set1((float)(0x1.62e4p-1 - 0x1.62e42fefa39efp-1));
    float c_h = vexp_float(vexp_bits(c_hi) & 0xfffff000u);
    k->c_h = vf_set1(c_h);
    k->c_l = vf_set1(c_hi - c_h);
    k->half = vf_set1(0.5f);
    k->trunc12 = vi_set1(0xfffff000u);
#endif
    k->max_float = vf_set1(FLT_MAX);
    k->neg_max_float = vf_set1(-FLT_MAX);
    k->sign = vi_set1(0x80000000u);
}

/* FMA-free products in double, rounded once to float at the end: plain
 * IEEE double operations in a fixed order, so the same bits on every ISA. */
static inline vfloat vexp_times_double(vfloat a, double c)
{
    vdouble d = vd_set1(c);
    return vd_narrow(vd_mul(d, vf_widen_lo(a)), vd_mul(d, vf_widen_hi(a)));
}

/* (float)(dy * (c * e)) */
static inline vfloat vexp_times2_double(vfloat dy, vfloat e, double c)
{
    vdouble d = vd_set1(c);
    return vd_narrow(vd_mul(vf_widen_lo(dy), vd_mul(d, vf_widen_lo(e))),
                     vd_mul(vf_widen_hi(dy), vd_mul(d, vf_widen_hi(e))));
}

/* (float)(dy * (h + l)): h + l is exact in double when |l| < ulp(h). */
static inline vfloat vexp_times_sum_double(vfloat dy, vfloat h, vfloat l)
{
    return vd_narrow(vd_mul(vf_widen_lo(dy), vd_add(vf_widen_lo(h), vf_widen_lo(l))),
                     vd_mul(vf_widen_hi(dy), vd_add(vf_widen_hi(h), vf_widen_hi(l))));
}

/* The reduction both directions share: z (x clamped), n as a float and as
 * n << 23, t = z - n*ln2_hi (exact) and tl = n*ln2_tail (the rest of n*ln2,
 * so z - n*ln2 = t + tl up to tl's rounding). */
VEXP_INLINE void vexp_reduce(int U, const vfloat *x, vfloat clamp, vfloat *n, vint *n_bits,
                             vfloat *t, vfloat *tl, const struct vexp *k)
{
    vfloat z[16], nf[16];
    VEXP_FOR(j) z[j] = vf_max(clamp, x[j]); /* NaN stays NaN */
#if VF_HAS_FMA
    VEXP_FOR(j) nf[j] = vf_fma(z[j], k->log2e, k->magic);
#else
    VEXP_FOR(j) nf[j] = vf_add(vf_mul(z[j], k->log2e), k->magic);
#endif
    VEXP_FOR(j) n_bits[j] = vi_shl23(vf_as_int(nf[j]));
    VEXP_FOR(j) n[j] = vf_sub(nf[j], k->magic);
#if VF_HAS_FMA
    VEXP_FOR(j) t[j] = vf_fma(n[j], k->neg_ln2_hi, z[j]);
#else
    VEXP_FOR(j) t[j] = vf_add(z[j], vf_mul(n[j], k->neg_ln2_hi));
#endif
    VEXP_FOR(j) tl[j] = vf_mul(n[j], k->ln2_tail);
}

#if !VF_HAS_FMA
/* t^2 * Q(t): the part of c * expm1(t) beyond c*t. */
VEXP_INLINE void vexp_tail(int U, const vfloat *t, vfloat *s2, const struct vexp *k)
{
    VEXP_FOR(j) s2[j] = vf_add(vf_mul(k->q4, t[j]), k->q3);
    VEXP_FOR(j) s2[j] = vf_add(vf_mul(s2[j], t[j]), k->q2);
    VEXP_FOR(j) s2[j] = vf_add(vf_mul(s2[j], t[j]), k->q1);
    VEXP_FOR(j) s2[j] = vf_add(vf_mul(s2[j], t[j]), k->q0);
    VEXP_FOR(j) s2[j] = vf_mul(t[j], vf_mul(t[j], s2[j]));
}

/* p = c*t + small with c*t exact and one rounding, without FMA: c*t split
 * into halves of 12 significant bits (Dekker) whose main product is
 * exact; c = 1 needs none. SELU's c_lo * t joins the small part. */
VEXP_INLINE void vexp_ct_plus(int U, int c_lo, int unit, const vfloat *t, vfloat *small, vfloat *p,
                              const struct vexp *k)
{
    if (c_lo)
        VEXP_FOR(j) small[j] = vf_add(vf_mul(k->c_lo, t[j]), small[j]);
    if (unit) {
        VEXP_FOR(j) p[j] = vf_add(t[j], small[j]);
        return;
    }
    VEXP_FOR(j)
    {
        vfloat th = vi_as_float(vi_and(vf_as_int(t[j]), k->trunc12));
        vfloat rest =
            vf_add(vf_add(vf_mul(k->c_h, vf_sub(t[j], th)), vf_mul(k->c_l, t[j])), small[j]);
        p[j] = vf_add(vf_mul(k->c_h, th), rest);
    }
}
#endif

/* The bits of f * 2^n for a normal nonzero float f (and 2^n f normal):
 * n added to its exponent. */
VEXP_INLINE vfloat vexp_scale(vint f_bits, vint n_bits)
{
    return vi_as_float(vi_add(f_bits, n_bits));
}

/* r = x < 0 ? c * expm1(x) : other, lane by lane (the forward kernels'
 * select, which AVX-512 merges into the last two operations; each mask is
 * made where it is used, as AVX-512 has only seven to write with). c_lo: c
 * has a low part (SELU); unit: c is exactly 1 (ELU's default alpha). Both
 * are constants at every call. */
VEXP_INLINE void vexp_expm1_neg(int U, int c_lo, int unit, const vfloat *x, const vfloat *other,
                                vfloat *r, const struct vexp *k)
{
    vfloat n[16], t[16], tl[16], q[16];
    vint n_bits[16];
    vexp_reduce(U, x, k->clamp_fwd, n, n_bits, t, tl, k);
#if VF_HAS_FMA
    (void)tl; /* below 2^-29 of the result here */
    /* c*expm1(x) = s * t * v + c*(s - 1), v = c + t*Q(t) = c*expm1(t)/t
     * in [0.84c, 1.2c], all in one FMA: s*v by moving v's exponent (v is
     * normal, never 0); c*(s - 1) as c*s (c's exponent moved) minus c,
     * exact for n = 0 and -1 (Sterbenz) and for c = 1 (n >= -24; below, s
     * - 1 rounds to -1, under half an ulp of the result), else rounded
     * once, within half an ulp of a result of about its size. SELU's c_lo
     * * s * t joins c*(s - 1), so that tiny x gives c*x rounded once. */
    VEXP_FOR(j) q[j] = vf_fma(k->q4, t[j], k->q3);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->q2);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->q1);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->q0);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->c);
    VEXP_FOR(j)
    {
        vmask m = vf_lt(x[j], vf_zero());
        vfloat cs = unit ? vexp_scale(k->one_bits, n_bits[j]) : vexp_scale(k->c_bits, n_bits[j]);
        vfloat vs = vexp_scale(vf_as_int(q[j]), n_bits[j]);
#if VF_HAS_MERGE_MASKS
        vfloat cm1 = vf_sub_where(m, cs, k->c, other[j]);
        if (c_lo)
            cm1 = vf_fma_where(m, vexp_scale(k->c_lo_bits, n_bits[j]), t[j], cm1);
        r[j] = vf_fma_where(m, t[j], vs, cm1);
#else
        vfloat cm1 = vf_sub(cs, k->c);
        if (c_lo)
            cm1 = vf_fma(vexp_scale(k->c_lo_bits, n_bits[j]), t[j], cm1);
        r[j] = vf_select(m, vf_fma(t[j], vs, cm1), other[j]);
#endif
    }
#else
    vfloat s2[16], p[16];
    vexp_tail(U, t, s2, k);
    /* c * expm1(t + tl) ~ c*expm1(t) + tl * c*e^t, |tl| < 2^-14 here. */
    VEXP_FOR(j)
    s2[j] = vf_add(s2[j], vf_mul(tl[j], vf_add(vf_add(k->c, vf_mul(k->c, t[j])), s2[j])));
    vexp_ct_plus(U, c_lo, unit, t, s2, p, k);
    (void)q;
    VEXP_FOR(j)
    {
        /* s*P: times a power of two, exact (P may be 0). c*(s - 1) = hi + lo
         * exactly: c*s by moving c's exponent, then Fast2Sum (|c| >= |c*s|);
         * the sum rounded once at the end. */
        vfloat sp = vf_mul(vexp_scale(k->one_bits, n_bits[j]), p[j]);
        vfloat cs = vexp_scale(k->c_bits, n_bits[j]);
        vfloat hi = vf_add(cs, k->neg_c);
        vfloat lo = vf_sub(cs, vf_add(hi, k->c));
        r[j] = vf_select(vf_lt(x[j], vf_zero()), vf_add(vf_add(sp, lo), hi), other[j]);
    }
#endif
}

/* dx = dy * c * exp(x) for every lane with lower <= x <= 0, lower being
 * where c * exp(x) leaves the normal floats (exp.c's grad_lower); other
 * lanes: anything. c*e^x = c*s + s*P is carried as h + l (Fast2Sum, |s*P|
 * < |c*s|), then dy times it is rounded once. c_lo: c has a low part. */
VEXP_INLINE void vexp_grad_neg(int U, int c_lo, int unit, const vfloat *x, const vfloat *dy,
                               vfloat *dx, const struct vexp *k)
{
    vfloat n[16], t[16], tl[16];
    vint n_bits[16];
    vexp_reduce(U, x, k->clamp_bwd, n, n_bits, t, tl, k);
#if VF_HAS_FMA
    (void)unit;
    vfloat q[16];
    /* The rest of n*ln2 (up to 2^-22 relative here) folded into t, rounded
     * once: an error below 2^-26 in the argument. */
    VEXP_FOR(j) t[j] = vf_fma(n[j], k->ln2_tail, t[j]);
    VEXP_FOR(j) q[j] = vf_fma(k->q4, t[j], k->q3);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->q2);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->q1);
    VEXP_FOR(j) q[j] = vf_fma(q[j], t[j], k->q0);
    VEXP_FOR(j)
    {
        /* c*e^x = c*s + s*P, s*P = (c*s)*t + t*(t*(s*Q)) as in the forward
         * (c*s exact, s*Q by moving Q's exponent), rounded once; dy times
         * it is dy*(c*s) + dy*(s*P) with the first product exact in the FMA
         * that adds the second: one rounding of the large term. SELU's c_lo:
         * c_lo * s may be subnormal here, so a multiply. */
        vfloat cs = vexp_scale(k->c_bits, n_bits[j]);
        vfloat sq = vexp_scale(vf_as_int(q[j]), n_bits[j]);
        vfloat sp = vf_fma(cs, t[j], vf_mul(t[j], vf_mul(t[j], sq)));
        if (c_lo) /* c_lo * s * e^t ~ c_lo * s: |c_lo| < 2^-24 |c| */
            sp = vf_add(sp, vf_mul(k->c_lo, vexp_scale(k->one_bits, n_bits[j])));
        /* The low product is clamped to the finite floats (a NaN, from an
         * infinite dy times sp = 0, to -FLT_MAX): where it overflows, so
         * does the result (|s*P| <= 0.414 |c*e^x|), and dy*(c*s) minus
         * FLT_MAX still overflows, with the result's sign, not the low
         * product's; an infinite dy gives dy*(c*s)'s infinity, not inf -
         * inf. A zero dy gets the product's sign (that of dy*c) back, which
         * the sum of two zeros of either sign would lose: OR-ing it in
         * changes no nonzero result, whose sign it already is. */
        vfloat low = vf_min(vf_max(vf_mul(dy[j], sp), k->neg_max_float), k->max_float);
        vfloat r = vf_fma(dy[j], cs, low);
        vint sgn = vi_and(vi_xor(vf_as_int(dy[j]), k->c_bits), k->sign);
        dx[j] = vi_as_float(vi_or(vf_as_int(r), sgn));
    }
#else
    vfloat s2[16], p[16];
    vexp_tail(U, t, s2, k);
    vexp_ct_plus(U, 0, unit, t, s2, p, k);
    VEXP_FOR(j)
    {
        /* c + P = u + ul exactly (Fast2Sum, |P| < |c|), SELU's c_lo and
         * e^tl = 1 + tl + tl^2/2 (|tl| < 2^-12) into ul; then times s, u by
         * moving its exponent (c*e^x is normal here), ul by multiplying (it
         * may be zero); dy times the sum in double, rounded once. */
        vfloat u = vf_add(k->c, p[j]);
        vfloat ul = vf_add(vf_sub(k->c, u), p[j]);
        if (c_lo)
            ul = vf_add(ul, k->c_lo);
        ul = vf_add(ul, vf_mul(u, vf_add(tl[j], vf_mul(vf_mul(tl[j], tl[j]), k->half))));
        vfloat h = vexp_scale(vf_as_int(u), n_bits[j]);
        vfloat l = vf_mul(ul, vexp_scale(k->one_bits, n_bits[j]));
        dx[j] = vexp_times_sum_double(dy[j], h, l);
    }
#endif
}

#endif
