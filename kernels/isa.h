/*
 * Included first by every generic kernel source. The build compiles each
 * source once per ISA with that ISA's flags and three definitions:
 *   RECTIFY_SIMD_HEADER   the vector layer, e.g. "simd/avx2.h"
 *   RECTIFY_KERNEL_SUFFIX the symbol suffix, e.g. avx2
 *   RECTIFY_KERNEL_ISA    the rectify_isa value, e.g. RECTIFY_ISA_AVX2
 * KERNEL(relu_forward) then names this copy's rectify_relu_forward_avx2.
 */
#ifndef RECTIFY_ISA_H
#define RECTIFY_ISA_H

#include "kernel.h"
#include RECTIFY_SIMD_HEADER

#define RECTIFY_PASTE3_(a, b, c) a##b##c
#define RECTIFY_PASTE3(a, b, c)  RECTIFY_PASTE3_(a, b, c)
#define KERNEL(name)             RECTIFY_PASTE3(rectify_, name, RECTIFY_PASTE3(_, RECTIFY_KERNEL_SUFFIX, ))

#define RECTIFY_DECLARE_unary(name)                                                                \
    void KERNEL(name)(const float *x, float *y, size_t n, const struct rectify_params *p);
#define RECTIFY_DECLARE_binary(name)                                                               \
    void KERNEL(name)(const float *a, const float *b, float *out, size_t n,                        \
                      const struct rectify_params *p);
#define RECTIFY_DECLARE_concat(name)                                                               \
    void KERNEL(name)(const float *x, float *y, size_t outer, size_t inner,                        \
                      const struct rectify_params *p);
#define RECTIFY_DECLARE_deconcat(name)                                                             \
    void KERNEL(name)(const float *x, const float *dy, float *dx, size_t outer, size_t inner,      \
                      const struct rectify_params *p);
#define RECTIFY_DECLARE(name, arity) RECTIFY_DECLARE_##arity(name)
RECTIFY_KERNEL_LIST(RECTIFY_DECLARE)

#define RECTIFY_DECLARE_H_unary(name)                                                              \
    void KERNEL(name)(const uint16_t *x, uint16_t *y, size_t n, const struct rectify_params *p);
#define RECTIFY_DECLARE_H_binary(name)                                                             \
    void KERNEL(name)(const uint16_t *a, const uint16_t *b, uint16_t *out, size_t n,               \
                      const struct rectify_params *p);
#define RECTIFY_DECLARE_H_concat(name)                                                             \
    void KERNEL(name)(const uint16_t *x, uint16_t *y, size_t outer, size_t inner,                  \
                      const struct rectify_params *p);
#define RECTIFY_DECLARE_H_deconcat(name)                                                           \
    void KERNEL(name)(const uint16_t *x, const uint16_t *dy, uint16_t *dx, size_t outer,           \
                      size_t inner, const struct rectify_params *p);
#define RECTIFY_DECLARE_H(name, arity, CLASS)                                                      \
    RECTIFY_DECLARE_H_##arity(name##_bf16) RECTIFY_DECLARE_H_##arity(name##_f16)
RECTIFY_HALF_KERNELS(RECTIFY_DECLARE_H)

#endif
