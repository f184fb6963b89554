/* What the CPU and the OS let us run. Internal. */
#ifndef RECTIFY_CPU_H
#define RECTIFY_CPU_H

#include <stddef.h>

/* The CPU families the ISA choice per op class knows (registry.h's
 * RECTIFY_ISA_CHOICES): where a family is measured, it is named here. */
enum rectify_cpu_family {
    RECTIFY_CPU_OTHER,    /* not measured: every class on the widest ISA */
    RECTIFY_CPU_AMD_ZEN4, /* AMD family 19h with AVX-512 (Zen 4: Genoa, Raphael, Phoenix) */
    RECTIFY_CPU_AMD_ZEN5, /* AMD family 1Ah with AVX-512 (Zen 5: Turin, Granite Ridge, Strix) */
    RECTIFY_CPU_N_FAMILIES
};

struct rectify_cpu {
    enum rectify_cpu_family family;
    int sse2;
    int f16c;       /* F16C: fp16 <-> float conversions (VCVTPH2PS, VCVTPS2PH) */
    int avx2;       /* AVX2, FMA and F16C, with the OS saving YMM state */
    int avx512;     /* AVX-512F (and FMA), with the OS saving opmask and ZMM state */
    int avx512bw;   /* AVX512BW (512-bit 16-bit-lane integer ops), with avx512 */
    int avx512bf16; /* AVX512_BF16 (VCVTNEPS2BF16), with avx512 */
    int neon;       /* Advanced SIMD (architectural on aarch64) */
};

/* Reads CPUID and XGETBV (or the architecture's equivalent). Cheap, but the
 * dispatcher calls it once per process. */
void rectify_cpu_detect(struct rectify_cpu *cpu);

/* Whether this CPU has AVX512_BF16 with the OS saving ZMM state: the
 * avx512 bf16 kernels' bodies then narrow with VCVTNE2PS2BF16. Detected on
 * the first call, cached; safe from any thread. RECTIFY_NO_AVX512_BF16=1
 * in the environment (read on that call) says no. */
int rectify_cpu_bf16_insn(void);

/* Whether this CPU has AVX512BW with the OS saving ZMM state: the avx512
 * set's bf16 and fp16 relu and relu6 then run on 512-bit words
 * (kernels/words_bw.c). Cached like rectify_cpu_bf16_insn;
 * RECTIFY_NO_AVX512BW=1 says no. */
int rectify_cpu_avx512bw(void);

/* The size in bytes of the largest last-level cache: CPUID's deterministic
 * cache parameters (leaf 0x8000001D on AMD, 4 on Intel), else Linux's
 * sysfs, else 32 MiB. */
size_t rectify_cpu_llc_bytes(void);

/* "zen4", "zen5", "other". */
const char *rectify_cpu_family_name(enum rectify_cpu_family family);

#endif
