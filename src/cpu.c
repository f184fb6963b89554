#include "cpu.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, f16c = (c >> 29) & 1;
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    unsigned b7 = 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
        b7 = b;
    /* Leaf 7 subleaf 1, EAX bit 5: AVX512_BF16. */
    unsigned a71 = 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && a >= 1 &&
        __get_cpuid_count(7, 1, &a, &b, &c, &d))
        a71 = a;
    int avx2 = (b7 >> 5) & 1, avx512f = (b7 >> 16) & 1, avx512bw = (b7 >> 30) & 1;
    int os_ymm = (xcr0 & XCR0_YMM) == XCR0_YMM;
    int os_zmm = (xcr0 & XCR0_ZMM) == XCR0_ZMM;
    /* F16C (the fp16 conversions) is on every CPU with AVX2 and FMA that
     * has shipped; the avx2 kernels use it, so they require it. */
    cpu->f16c = avx && f16c && os_ymm;
    cpu->avx2 = avx && avx2 && fma && cpu->f16c && os_ymm;
    cpu->avx512 = cpu->avx2 && avx512f && os_zmm;
    cpu->avx512bw = cpu->avx512 && avx512bw;
    cpu->avx512bf16 = cpu->avx512 && ((a71 >> 5) & 1);

    /* The family: vendor string in EBX, EDX, ECX of leaf 0; leaf 1's EAX
     * has the family in bits 11:8, plus bits 27:20 when those read 0xF
     * (AMD's "Processor Programming Reference" for family 19h). Family 19h
     * is Zen 3 and Zen 4, only Zen 4 with AVX-512; family 1Ah is Zen 5. */
    char vendor[13] = {0};
    unsigned sig = 0;
    if (__get_cpuid(0, &a, &b, &c, &d)) {
        memcpy(vendor, &b, 4);
        memcpy(vendor + 4, &d, 4);
        memcpy(vendor + 8, &c, 4);
    }
    if (__get_cpuid(1, &sig, &b, &c, &d) && strcmp(vendor, "AuthenticAMD") == 0) {
        unsigned family = (sig >> 8) & 0xf;
        if (family == 0xf)
            family += (sig >> 20) & 0xff;
        if (family == 0x19 && cpu->avx512)
            cpu->family = RECTIFY_CPU_AMD_ZEN4;
        if (family == 0x1a && cpu->avx512)
            cpu->family = RECTIFY_CPU_AMD_ZEN5;
    }
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

/* A feature the kernels ask about on every call (cpu.h): detected on the
 * first call and cached; an environment variable read then, set and not
 * "0", says no (the other loop anyway, for tests and for comparing). */
enum cached_feature { CACHED_AVX512BF16, CACHED_AVX512BW };

static int cached(atomic_int *cache, enum cached_feature f, const char *off_variable)
{
    int has = atomic_load_explicit(cache, memory_order_relaxed);
    if (has < 0) {
        struct rectify_cpu cpu;
        rectify_cpu_detect(&cpu);
        const char *off = getenv(off_variable);
        has = (f == CACHED_AVX512BF16 ? cpu.avx512bf16 : cpu.avx512bw) &&
              !(off && *off && strcmp(off, "0") != 0);
        atomic_store_explicit(cache, has, memory_order_relaxed);
    }
    return has;
}

int rectify_cpu_bf16_insn(void)
{
    static atomic_int cache = -1; /* -1: not read yet */
    return cached(&cache, CACHED_AVX512BF16, "RECTIFY_NO_AVX512_BF16");
}

int rectify_cpu_avx512bw(void)
{
    static atomic_int cache = -1;
    return cached(&cache, CACHED_AVX512BW, "RECTIFY_NO_AVX512BW");
}

const char *rectify_cpu_family_name(enum rectify_cpu_family family)
{
    switch (family) {
    case RECTIFY_CPU_AMD_ZEN4:
        return "zen4";
    case RECTIFY_CPU_AMD_ZEN5:
        return "zen5";
    case RECTIFY_CPU_OTHER:
    case RECTIFY_CPU_N_FAMILIES:
        break;
    }
    return "other";
}

/* ---- the last-level cache ------------------------------------------------ */

/* sysfs: the largest cache of the highest level of cpu0, or 0. */
static size_t llc_from_sysfs(void)
{
    size_t best = 0;
    int best_level = 0;
    for (int i = 0; i < 16; i++) {
        char path[96], text[32];
        int level = 0;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        FILE *f = fopen(path, "r");
        if (!f)
            break;
        if (fscanf(f, "%d", &level) != 1)
            level = 0;
        fclose(f);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        f = fopen(path, "r");
        if (!f)
            continue;
        size_t size = 0;
        if (fgets(text, sizeof text, f)) {
            unsigned long long v = 0;
            char unit = 0;
            if (sscanf(text, "%llu%c", &v, &unit) >= 1)
                size = (size_t)v * (unit == 'K' ? 1024u : unit == 'M' ? 1024u * 1024u : 1u);
        }
        fclose(f);
        if (level > best_level || (level == best_level && size > best)) {
            best_level = level;
            best = size;
        }
    }
    return best;
}

#if defined(__x86_64__) || defined(__i386__)
/* Deterministic cache parameters: subleaf by subleaf, EAX[4:0] the type (0:
 * no more), EAX[7:5] the level; ways, partitions, line size and sets, each
 * stored minus one, multiply to the size. */
static size_t llc_from_cpuid(unsigned leaf)
{
    size_t best = 0;
    unsigned best_level = 0;
    for (unsigned sub = 0; sub < 16; sub++) {
        unsigned a, b, c, d;
        __cpuid_count(leaf, sub, a, b, c, d);
        if ((a & 0x1f) == 0)
            break;
        unsigned level = (a >> 5) & 7;
        size_t size = (size_t)((b >> 22) + 1) * (((b >> 12) & 0x3ff) + 1) * ((b & 0xfff) + 1) *
                      ((size_t)c + 1);
        if (level > best_level || (level == best_level && size > best)) {
            best_level = level;
            best = size;
        }
    }
    return best;
}

size_t rectify_cpu_llc_bytes(void)
{
    unsigned a, b, c, d;
    unsigned max_ext = __get_cpuid_max(0x80000000u, NULL), max = __get_cpuid_max(0, NULL);
    size_t bytes = 0;
    /* AMD: leaf 0x8000001D, with the topology extensions (0x80000001 ECX
     * bit 22); Intel: leaf 4. */
    if (max_ext >= 0x8000001Du && __get_cpuid(0x80000001u, &a, &b, &c, &d) && ((c >> 22) & 1))
        bytes = llc_from_cpuid(0x8000001Du);
    if (!bytes && max >= 4)
        bytes = llc_from_cpuid(4);
    if (!bytes)
        bytes = llc_from_sysfs();
    return bytes ? bytes : (size_t)32 << 20;
}
#else
size_t rectify_cpu_llc_bytes(void)
{
    size_t bytes = llc_from_sysfs();
    return bytes ? bytes : (size_t)32 << 20;
}
#endif
