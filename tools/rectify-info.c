/*
 * rectify-info: what rectify sees on this machine and which kernel set it
 * picks, and why. Links the static library to reach the CPU detection and
 * the dispatcher's record of RECTIFY_ISA.
 *   rectify-info
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "dispatch.h"
#include "kernel.h"
#include "rectify.h"

static void print_isas(const char *label, int (*keep)(rectify_isa))
{
    printf("%-14s", label);
    for (int i = RECTIFY_ISA_SCALAR; i <= RECTIFY_ISA_NEON; i++)
        if (keep((rectify_isa)i))
            printf(" %s", rectify_isa_name((rectify_isa)i));
    printf("\n");
}

static int built_in(rectify_isa isa) { return rectify_kernels_for(isa) != NULL; }

static void print_reason(rectify_isa chosen)
{
    rectify_isa cap;
    enum rectify_env_isa env = rectify_dispatch_env_isa(&cap);
    const char *value = getenv("RECTIFY_ISA");
    printf("%-14s ", "reason:");
    switch (env) {
    case RECTIFY_ENV_ISA_UNSET:
        printf("the best supported (RECTIFY_ISA unset)\n");
        break;
    case RECTIFY_ENV_ISA_CAP:
        if (cap == chosen)
            printf("RECTIFY_ISA=%s caps the choice\n", value);
        else
            printf("RECTIFY_ISA=%s caps the choice; %s is not supported here, so the best "
                   "below it\n",
                   value, rectify_isa_name(cap));
        break;
    case RECTIFY_ENV_ISA_OTHER_ARCH:
        printf("RECTIFY_ISA=%s names another architecture's ISA and is ignored; the best "
               "supported\n",
               value);
        break;
    case RECTIFY_ENV_ISA_UNKNOWN:
        printf("RECTIFY_ISA=%s is not an ISA name and is ignored; the best supported\n", value);
        break;
    }
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr,
                "usage: %s\n"
                "Prints the CPU features rectify detects, the kernel sets built in and\n"
                "supported here, the one chosen at start-up, and why (RECTIFY_ISA), and\n"
                "the ISA each op class runs on.\n",
                argv[0]);
        return strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    struct rectify_cpu cpu;
    rectify_cpu_detect(&cpu);
    rectify_isa chosen = rectify_get_isa(); /* first use: reads RECTIFY_ISA */

    printf("%-14s %s\n", "rectify:", rectify_version());
    printf("%-14s", "cpu features:");
    if (cpu.sse2)
        printf(" sse2");
    if (cpu.f16c)
        printf(" f16c");
    if (cpu.avx2)
        printf(" avx2+fma");
    if (cpu.avx512)
        printf(" avx512f");
    if (cpu.avx512bw)
        printf(" avx512bw");
    if (cpu.avx512bf16)
        printf(" avx512_bf16");
    if (cpu.neon)
        printf(" neon");
    if (!cpu.sse2 && !cpu.avx2 && !cpu.avx512 && !cpu.neon)
        printf(" (none rectify uses)");
    printf("\n");
    print_isas("built in:", built_in);
    print_isas("supported:", rectify_isa_supported);
    printf("%-14s %s\n", "chosen:", rectify_isa_name(chosen));
    print_reason(chosen);
    enum rectify_cpu_family family = rectify_dispatch_family();
    printf("%-14s %s%s\n", "cpu family:", rectify_cpu_family_name(family),
           family == RECTIFY_CPU_OTHER ? " (not measured: every op class on the chosen set)"
                                       : " (the ISA per op class measured for it)");
    printf("%-14s", "op classes:");
    for (int c = 0; c < RECTIFY_N_CLASSES; c++)
        printf("%s %s %s", c ? "," : "", rectify_op_class_name((enum rectify_op_class)c),
               rectify_isa_name(rectify_dispatch_class_isa((enum rectify_op_class)c)));
    printf("\n");
    /* How the bf16 and fp16 kernels of the chosen set convert. */
    const struct rectify_kernels *k = rectify_kernels_for(chosen);
    if (k) {
        printf("%-14s %s\n", "fp16:", k->f16_conversion);
        printf("%-14s widened by a shift; rounded by %s%s\n", "bf16:", k->bf16_narrowing,
               chosen == RECTIFY_ISA_AVX512 && rectify_cpu_bf16_insn()
                   ? " (leaky relu: AVX512_BF16 vcvtne2ps2bf16)"
                   : "");
        int bits = chosen == RECTIFY_ISA_AVX512 && rectify_cpu_avx512bw()       ? 512
                   : chosen == RECTIFY_ISA_AVX512 || chosen == RECTIFY_ISA_AVX2 ? 256
                   : chosen == RECTIFY_ISA_SCALAR                               ? 16
                                                                                : 128;
        printf("%-14s relu, relu6 on the 16-bit patterns (no conversion), %d bits at a time%s\n",
               "", bits, bits == 512 ? " (AVX512BW)" : "");
    }
    printf("%-14s %s%s\n", "deterministic:", rectify_get_deterministic() ? "on" : "off",
           getenv("RECTIFY_DETERMINISTIC") ? " (RECTIFY_DETERMINISTIC set)" : "");
    return 0;
}
