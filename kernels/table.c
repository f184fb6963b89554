/* This ISA's kernel table, generated from the registry. */
#include "isa.h"

#define RECTIFY_ENTRY(name, arity) .name = KERNEL(name),
const struct rectify_kernels KERNEL(kernels) = {.isa = RECTIFY_KERNEL_ISA,
                                                RECTIFY_KERNEL_LIST(RECTIFY_ENTRY)};
