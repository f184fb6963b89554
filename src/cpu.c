#include "cpu.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/* XGETBV(0) is XCR0, the state components the OS saves on a context switch.
 * Executed only after CPUID reports OSXSAVE. */
static uint64_t read_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

/* XCR0 bits (Intel SDM vol. 1, 13.3): 1 SSE, 2 AVX (YMM upper halves),
 * 5 opmask, 6 ZMM0-15 upper halves, 7 ZMM16-31. */
#define XCR0_YMM 0x06u
#define XCR0_ZMM 0xE6u

void rectify_cpu_detect(struct rectify_cpu *cpu)
{
    unsigned a, b, c, d;
    memset(cpu, 0, sizeof *cpu);
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return;
    cpu->sse2 = (d >> 26) & 1;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    unsigned b7 = 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
        b7 = b;
    int avx2 = (b7 >> 5) & 1, avx512f = (b7 >> 16) & 1;
    int os_ymm = (xcr0 & XCR0_YMM) == XCR0_YMM;
    int os_zmm = (xcr0 & XCR0_ZMM) == XCR0_ZMM;
    cpu->avx2 = avx && avx2 && fma && os_ymm;
    cpu->avx512 = cpu->avx2 && avx512f && os_zmm;
}

#elif defined(__aarch64__)

void rectify_cpu_detect(struct rectify_cpu *cpu)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->neon = 1; /* Advanced SIMD is mandatory in AArch64 */
}

#else

void rectify_cpu_detect(struct rectify_cpu *cpu) { memset(cpu, 0, sizeof *cpu); }

#endif
