/* What the CPU and the OS let us run. Internal. */
#ifndef RECTIFY_CPU_H
#define RECTIFY_CPU_H

#include <stddef.h>

struct rectify_cpu {
    int sse2;
    int avx2;   /* AVX2 and FMA, with the OS saving YMM state */
    int avx512; /* AVX-512F (and FMA), with the OS saving opmask and ZMM state */
    int neon;   /* Advanced SIMD (architectural on aarch64) */
};

/* Reads CPUID and XGETBV (or the architecture's equivalent). Cheap, but the
 * dispatcher calls it once per process. */
void rectify_cpu_detect(struct rectify_cpu *cpu);

/* The size in bytes of the largest last-level cache: CPUID's deterministic
 * cache parameters (leaf 0x8000001D on AMD, 4 on Intel), else Linux's
 * sysfs, else 32 MiB. */
size_t rectify_cpu_llc_bytes(void);

#endif
