/*
 * The bf16 and fp16 kernels that are not a plain map: RReLU in training,
 * CReLU and ELU/SELU's deterministic mode. Each runs this ISA's float32
 * kernel on float blocks (chunked.h), so its bits are the float kernel's,
 * rounded once. Compiled for the bf16 and fp16 storage types only.
 */
#include "isa.h"
#include "chunked.h"

#if RECTIFY_STORAGE == RECTIFY_STORAGE_F32
#error "kernels/half.c is compiled for bf16 and fp16 only"
#endif

void STORED_KERNEL(rrelu_forward)(const relem *x, relem *y, size_t n,
                                  const struct rectify_params *p)
{
    via_f32_unary(KERNEL(rrelu_forward), x, y, n, p);
}

void STORED_KERNEL(rrelu_backward)(const relem *x, const relem *dy, relem *dx, size_t n,
                                   const struct rectify_params *p)
{
    via_f32_binary(KERNEL(rrelu_backward), x, dy, dx, n, p);
}

#define DETERMINISTIC(name, arity) STORED_DETERMINISTIC_##arity(name)
#define STORED_DETERMINISTIC_unary(name)                                                           \
    void STORED_KERNEL(name)(const relem *x, relem *y, size_t n, const struct rectify_params *p)   \
    {                                                                                              \
        via_f32_unary(KERNEL(name), x, y, n, p);                                                   \
    }
#define STORED_DETERMINISTIC_binary(name)                                                          \
    void STORED_KERNEL(name)(const relem *a, const relem *b, relem *out, size_t n,                 \
                             const struct rectify_params *p)                                       \
    {                                                                                              \
        via_f32_binary(KERNEL(name), a, b, out, n, p);                                             \
    }
DETERMINISTIC(elu_forward_deterministic, unary)
DETERMINISTIC(selu_forward_deterministic, unary)
DETERMINISTIC(elu_backward_deterministic, binary)
DETERMINISTIC(selu_backward_deterministic, binary)

/* CReLU over rows (crelu.c's shapes, p->row_stride included): each row in
 * blocks of x, whose float CReLU is a block twice as wide, [relu(x),
 * relu(-x)], rounded into the two halves of y's row. */
void STORED_KERNEL(crelu_forward)(const relem *x, relem *y, size_t outer, size_t inner,
                                  const struct rectify_params *p)
{
    float bx[RECTIFY_CHUNK], by[2 * RECTIFY_CHUNK];
    const struct rectify_params q = {0};
    size_t stride = p->row_stride ? p->row_stride : inner;
    for (size_t o = 0; o < outer; o++) {
        const relem *row = x + o * stride;
        relem *pos = y + 2 * o * stride, *neg = pos + stride;
        for (size_t i = 0; i < inner; i += RECTIFY_CHUNK) {
            size_t m = chunk_len(inner, i);
            chunk_widen(bx, row + i, m);
            KERNEL(crelu_forward)(bx, by, 1, m, &q);
            chunk_narrow(pos + i, by, m);
            chunk_narrow(neg + i, by + m, m);
        }
    }
}

void STORED_KERNEL(crelu_backward)(const relem *x, const relem *dy, relem *dx, size_t outer,
                                   size_t inner, const struct rectify_params *p)
{
    float bx[RECTIFY_CHUNK], bd[2 * RECTIFY_CHUNK];
    const struct rectify_params q = {0};
    size_t stride = p->row_stride ? p->row_stride : inner;
    for (size_t o = 0; o < outer; o++) {
        const relem *row = x + o * stride, *dpos = dy + 2 * o * stride, *dneg = dpos + stride;
        relem *out = dx + o * stride;
        for (size_t i = 0; i < inner; i += RECTIFY_CHUNK) {
            size_t m = chunk_len(inner, i);
            chunk_widen(bx, row + i, m);
            chunk_widen(bd, dpos + i, m);
            chunk_widen(bd + m, dneg + i, m);
            KERNEL(crelu_backward)(bx, bd, bx, 1, m, &q);
            chunk_narrow(out + i, bx, m);
        }
    }
}
