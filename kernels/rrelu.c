/*
 * RReLU in training mode, forward and backward, and the raw Philox stream.
 *
 * Element i's slope is r_k = lower + u_k * (upper - lower), k = offset + i,
 * u_k = (word >> 8) * 2^-24, where word is word k % 4 of Philox4x32-10 block
 * k / 4 (DESIGN.md, "RReLU randomness"). Philox runs here in vector form:
 * one evaluation computes ULEN consecutive blocks, one per 64-bit lane with
 * each 32-bit word in the lane's low half (the multiply reads only low
 * halves, so the high halves never need clearing), and vp_pack transposes
 * the 4 * ULEN words into element order: one evaluation serves GROUP
 * consecutive elements. A call whose offset is not a multiple of 4 starts
 * inside a block; those first (at most 3) elements take their words from
 * the same vector evaluation, through a small array.
 */
#include <string.h>

#include "isa.h"
#include "loop.h"

/* Philox4x32's round multipliers and Weyl key increments, as published in
 * Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2,
 * 3" (SC'11), and in Random123. */
#define PHILOX_M0     0xD2511F53u
#define PHILOX_M1     0xCD9E8D57u
#define PHILOX_W0     0x9E3779B9u
#define PHILOX_W1     0xBB67AE85u
#define PHILOX_ROUNDS 10

#define GROUP      (4 * ULEN)     /* elements per Philox evaluation */
#define GROUP_VECS (GROUP / VLEN) /* the same in vectors */
/* Groups computed together in the loop body. Measured on rrelu forward at
 * 16K floats: 2 is best with 16 vector registers, 4 with 32. */
#ifndef PHILOX_NG
#define PHILOX_NG (ULEN >= 8 ? 4 : 2)
#endif

enum rrelu_mode { RRELU_FORWARD, RRELU_BACKWARD, RRELU_WORDS };

/* The loop is written once for the three modes; forcing it inline makes
 * `mode` a constant in each kernel, so no kernel tests it per vector. */
#define RRELU_INLINE static inline __attribute__((always_inline))

struct rrelu_consts {
    vphilox key0[PHILOX_ROUNDS], key1[PHILOX_ROUNDS]; /* round r's key: key + r * W */
    vphilox m0, m1, step, step_ng;
    vphilox c2, c3;
    /* the counter's words 2 and 3: zero, except for philox_words */ /* step_ng: PHILOX_NG
                                                                        groups' blocks */
    vfloat zero, lower, width, unit, width24;
    float lower_1, width_1; /* the same, for the elements before the first block */
    int fold;               /* width24 = width * 2^-24 exactly: see rrelu_vec */
};

static inline void rrelu_setup(struct rrelu_consts *k, const struct rectify_params *p)
{
    uint32_t k0 = (uint32_t)p->seed, k1 = (uint32_t)(p->seed >> 32);
    for (int r = 0; r < PHILOX_ROUNDS; r++) {
        k->key0[r] = vp_set1(k0 + (uint32_t)r * PHILOX_W0);
        k->key1[r] = vp_set1(k1 + (uint32_t)r * PHILOX_W1);
    }
    k->c2 = vp_set1((uint32_t)p->counter_hi);
    k->c3 = vp_set1((uint32_t)(p->counter_hi >> 32));
    k->m0 = vp_set1(PHILOX_M0);
    k->m1 = vp_set1(PHILOX_M1);
    k->step = vp_set1_64(ULEN);
    k->step_ng = vp_set1_64(PHILOX_NG * ULEN);
    /* upper - lower is one float subtraction, as DESIGN.md writes r_k. */
    k->lower_1 = p->lower;
    k->width_1 = p->upper - p->lower;
    k->zero = vf_zero();
    k->lower = vf_set1(k->lower_1);
    k->width = vf_set1(k->width_1);
    k->unit = vf_set1(0x1p-24f);
    /* Exact unless width * 2^-24 leaves the normal floats (width below
     * 2^-102, and not 0): the double product is exact either way. */
    float width24 = k->width_1 * 0x1p-24f;
    k->fold = (double)width24 == (double)k->width_1 * 0x1p-24;
    k->width24 = vf_set1(width24);
}

/* The words of NG independent sets of ULEN blocks (vp_blocks order), in
 * element order. The sets are interleaved round by round: each round is a
 * multiply -> shuffle -> xor chain, and NG chains keep the multipliers busy.
 * RReLU's counters have words 2 and 3 zero (high_zero), so round 0's
 * second product is 0 and is skipped. */
RRELU_INLINE void philox_groups(int ng, int high_zero, const vphilox *blocks,
                                const struct rrelu_consts *k, vint (*words)[GROUP_VECS])
{
    vphilox c0[PHILOX_NG], c1[PHILOX_NG], c2[PHILOX_NG], c3[PHILOX_NG];
    int r = 0;
    for (int g = 0; g < ng; g++) {
        c0[g] = blocks[g];
        c1[g] = vp_hi32(blocks[g]);
        c2[g] = k->c2;
        c3[g] = k->c3;
    }
    if (high_zero) {
        for (int g = 0; g < ng; g++) {
            vphilox p0 = vp_mul32(c0[g], k->m0);
            c0[g] = vp_xor(c1[g], k->key0[0]);
            c1[g] = vp_set1(0);
            c2[g] = vp_xor(vp_hi32(p0), k->key1[0]);
            c3[g] = p0;
        }
        r = 1;
    }
    for (; r < PHILOX_ROUNDS; r++)
        for (int g = 0; g < ng; g++) {
            vphilox p0 = vp_mul32(c0[g], k->m0), p1 = vp_mul32(c2[g], k->m1);
            /* vp_xor3(a, b, c) xors a and b first: c1 ^ key is off the
             * multiply's critical path. */
            c0[g] = vp_xor3(c1[g], k->key0[r], vp_hi32(p1));
            c1[g] = p1;
            c2[g] = vp_xor3(c3[g], k->key1[r], vp_hi32(p0));
            c3[g] = p0;
        }
    for (int g = 0; g < ng; g++)
        vp_pack(c0[g], c1[g], c2[g], c3[g], words[g]);
}

/* One vector of the op: a is x, b is dy (backward only). The slope is one
 * multiply and one add, each rounded: no FMA, so every ISA agrees. With
 * `fold`, u_k * width is (w >> 8) * width24: the same real product as
 * ((w >> 8) * 2^-24) * width, both factors exact, so the same rounding,
 * one multiply fewer. */
RRELU_INLINE vfloat rrelu_vec(enum rrelu_mode mode, int fold, vint w, vfloat a, vfloat b,
                              const struct rrelu_consts *k)
{
    if (mode == RRELU_WORDS)
        return vi_as_float(w);
    vfloat u_width =
        fold ? vf_mul(vi_top24(w), k->width24) : vf_mul(vf_mul(vi_top24(w), k->unit), k->width);
    vfloat r = vf_add(k->lower, u_width);
    vfloat v = mode == RRELU_FORWARD ? a : b;
    /* An ordered compare: x NaN takes the identity branch (unchanged, as
     * the merge-masked multiply leaves its unselected lanes). */
#if defined(VF_HAS_MERGE_MASKS) && VF_HAS_MERGE_MASKS
    return vf_mul_where(vf_le(a, k->zero), v, r, v);
#else
    return vf_select(vf_le(a, k->zero), vf_mul(v, r), v);
#endif
}

/* The same for one element, in plain C (the same IEEE operations). */
static inline float rrelu_one(enum rrelu_mode mode, uint32_t w, float a, float b,
                              const struct rrelu_consts *k)
{
    if (mode == RRELU_WORDS) {
        float f;
        memcpy(&f, &w, sizeof f);
        return f;
    }
    float u = (float)(int32_t)(w >> 8) * 0x1p-24f;
    float r = k->lower_1 + u * k->width_1;
    float v = mode == RRELU_FORWARD ? a : b, pass = v;
    VF_OPAQUE(pass); /* as vf_select: v passes unchanged, a signalling NaN too */
    return a <= 0.0f ? v * r : pass;
}

/* Elements 0..n-1 from word `phase` of block `block` on; for rrelu, from
 * counter 4 * block + phase, and those counters do not pass 2^64 - 1. */
RRELU_INLINE void rrelu_run(enum rrelu_mode mode, int fold, const float *a, const float *b,
                            float *out, size_t n, uint64_t block, unsigned phase,
                            const struct rrelu_consts *k)
{
    const int high_zero = mode != RRELU_WORDS;
    size_t i = 0;
    if (phase && n) {
        vint words[GROUP_VECS];
        float lanes[GROUP];
        uint32_t w[GROUP];
        vphilox blocks = vp_blocks(block++);
        philox_groups(1, high_zero, &blocks, k, &words);
        for (int v = 0; v < GROUP_VECS; v++)
            vf_store(lanes + v * VLEN, vi_as_float(words[v]));
        memcpy(w, lanes, sizeof w);
        for (; i < n && phase + i < 4; i++)
            out[i] = rrelu_one(mode, w[phase + i], a[i], b[i], k);
    }
    vphilox blocks[PHILOX_NG];
    blocks[0] = vp_blocks(block);
    for (int g = 1; g < PHILOX_NG; g++)
        blocks[g] = vp_add64(blocks[g - 1], k->step);
    for (; i + PHILOX_NG * GROUP <= n; i += PHILOX_NG * GROUP) {
        vint words[PHILOX_NG][GROUP_VECS];
        philox_groups(PHILOX_NG, high_zero, blocks, k, words);
        for (int g = 0; g < PHILOX_NG; g++) {
            blocks[g] = vp_add64(blocks[g], k->step_ng);
            for (int v = 0; v < GROUP_VECS; v++) {
                size_t j = i + (size_t)(g * GROUP_VECS + v) * VLEN;
                vf_store(out + j,
                         rrelu_vec(mode, fold, words[g][v], vf_load(a + j), vf_load(b + j), k));
            }
        }
    }
    /* Fewer than PHILOX_NG groups left: one at a time, the last partial. */
    for (int g = 0; i < n; g++) {
        vint words[1][GROUP_VECS];
        philox_groups(1, high_zero, &blocks[g], k, words);
        for (int v = 0; v < GROUP_VECS && i < n; v++, i += VLEN) {
            size_t m = n - i;
            vf_store_upto(out + i,
                          rrelu_vec(mode, fold, words[0][v], vf_load_upto(a + i, m),
                                    vf_load_upto(b + i, m), k),
                          m);
        }
    }
}

/* Counters are taken mod 2^64: where offset + i passes 2^64 - 1 the rest of
 * the call continues from counter 0. */
RRELU_INLINE void rrelu_runs(enum rrelu_mode mode, int fold, const float *a, const float *b,
                             float *out, size_t n, const struct rectify_params *p,
                             const struct rrelu_consts *k)
{
    uint64_t offset = p->offset, before_wrap = 0 - offset;
    size_t first = offset != 0 && (uint64_t)n > before_wrap ? (size_t)before_wrap : n;
    rrelu_run(mode, fold, a, b, out, first, offset / 4, (unsigned)(offset % 4), k);
    if (first < n)
        rrelu_run(mode, fold, a + first, b + first, out + first, n - first, 0, 0, k);
}

RRELU_INLINE void rrelu(enum rrelu_mode mode, const float *a, const float *b, float *out, size_t n,
                        const struct rectify_params *p)
{
    struct rrelu_consts k;
    rrelu_setup(&k, p);
    if (mode == RRELU_WORDS)
        rrelu_run(mode, 0, a, b, out, n, p->offset, 0, &k);
    else if (k.fold)
        rrelu_runs(mode, 1, a, b, out, n, p, &k);
    else
        rrelu_runs(mode, 0, a, b, out, n, p, &k);
}

void KERNEL(rrelu_forward)(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    rrelu(RRELU_FORWARD, x, x, y, n, p);
}

void KERNEL(rrelu_backward)(const float *x, const float *dy, float *dx, size_t n,
                            const struct rectify_params *p)
{
    rrelu(RRELU_BACKWARD, x, dy, dx, n, p);
}

void KERNEL(philox_words)(const float *x, float *y, size_t n, const struct rectify_params *p)
{
    rrelu(RRELU_WORDS, x, x, y, n, p);
}
