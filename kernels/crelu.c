/*
 * CReLU over `outer` rows of `inner` floats: forward writes each row as
 * [relu(x), relu(-x)] (2 * inner wide), backward reads such a dy. One pass
 * over x per row, the row's tail as one masked partial vector. With
 * p->row_stride set, the rows are that wide and the call covers their first
 * `inner` columns (a thread's part of the rows).
 */
#include "isa.h"
#include "loop.h"

/* -x flips the sign bit (never 0 - x): crelu(+0) = [+0, -0], and a NaN's
 * second copy has its sign flipped, as relu(cat(x, -x)) does. relu is
 * max(0, .) with the NaN-preserving operand order of kernels/pointwise.c. */
void KERNEL(crelu_forward)(const float *x, float *y, size_t outer, size_t inner,
                           const struct rectify_params *p)
{
    const vfloat zero = vf_zero();
    size_t stride = p->row_stride ? p->row_stride : inner;
    for (size_t o = 0; o < outer; o++) {
        const float *row = x + o * stride;
        float *pos = y + 2 * o * stride, *neg = pos + stride;
        for (size_t i = 0; i < inner; i += VLEN) {
            size_t m = inner - i;
            vfloat v = vf_load_upto(row + i, m);
            vf_store_upto(pos + i, vf_max(zero, v), m);
            vf_store_upto(neg + i, vf_max(zero, vf_neg(v)), m);
        }
    }
}

/* dx = relu_bwd(x, dy_pos) - relu_bwd(-x, dy_neg), relu_bwd(x, d) being
 * x <= 0 ? +0 : d: exactly that subtraction, so dx = +0 - dy_neg where
 * x < 0, and dy_pos - dy_neg where x is NaN. */
void KERNEL(crelu_backward)(const float *x, const float *dy, float *dx, size_t outer, size_t inner,
                            const struct rectify_params *p)
{
    const vfloat zero = vf_zero();
    size_t stride = p->row_stride ? p->row_stride : inner;
    for (size_t o = 0; o < outer; o++) {
        const float *row = x + o * stride, *dpos = dy + 2 * o * stride, *dneg = dpos + stride;
        float *out = dx + o * stride;
        for (size_t i = 0; i < inner; i += VLEN) {
            size_t m = inner - i;
            vfloat v = vf_load_upto(row + i, m);
            vfloat a = vf_select(vf_le(v, zero), zero, vf_load_upto(dpos + i, m));
            vfloat b = vf_select(vf_le(vf_neg(v), zero), zero, vf_load_upto(dneg + i, m));
            vf_store_upto(out + i, vf_sub(a, b), m);
        }
    }
}
