/* This ISA's kernel table, generated from the registry. */
#include "isa.h"
#include "storage.h"

#define RECTIFY_ENTRY(name, arity) .name = KERNEL(name),
#define RECTIFY_HALF_ENTRY(name, arity, CLASS)                                                     \
    .name##_bf16 = KERNEL(name##_bf16), .name##_f16 = KERNEL(name##_f16),
const struct rectify_kernels KERNEL(kernels) = {.isa = RECTIFY_KERNEL_ISA,
                                                .f16_conversion = VH_F16_CONVERSION,
                                                .bf16_narrowing = VH_BF16_NARROWING,
                                                RECTIFY_KERNEL_LIST(RECTIFY_ENTRY)
                                                    RECTIFY_HALF_KERNELS(RECTIFY_HALF_ENTRY)};
