/*
 * Runtime dispatch. The kernel table in use is one atomic pointer, set once
 * per process on first use (pthread_once, so concurrent first calls are
 * safe) and replaced by rectify_set_isa. A call costs one acquire load.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "dispatch.h"
#include "kernel.h"

/* The tables this build contains, indexed by rectify_isa; the build defines
 * RECTIFY_HAVE_<ISA> for each kernel set it compiles. */
static const struct rectify_kernels *const builtin[] = {
    [RECTIFY_ISA_SCALAR] = &rectify_kernels_scalar,
#ifdef RECTIFY_HAVE_SSE2
    [RECTIFY_ISA_SSE2] = &rectify_kernels_sse2,
#endif
#ifdef RECTIFY_HAVE_AVX2
    [RECTIFY_ISA_AVX2] = &rectify_kernels_avx2,
#endif
#ifdef RECTIFY_HAVE_AVX512
    [RECTIFY_ISA_AVX512] = &rectify_kernels_avx512,
#endif
#ifdef RECTIFY_HAVE_NEON
    [RECTIFY_ISA_NEON] = &rectify_kernels_neon,
#endif
};
#define N_ISAS ((int)(sizeof builtin / sizeof builtin[0]))

/* Best first; RECTIFY_ISA caps the walk down this list. */
#if defined(__x86_64__) || defined(__i386__)
static const rectify_isa preference[] = {RECTIFY_ISA_AVX512, RECTIFY_ISA_AVX2, RECTIFY_ISA_SSE2,
                                         RECTIFY_ISA_SCALAR};
#elif defined(__aarch64__)
static const rectify_isa preference[] = {RECTIFY_ISA_NEON, RECTIFY_ISA_SCALAR};
#else
static const rectify_isa preference[] = {RECTIFY_ISA_SCALAR};
#endif
#define N_PREFERENCE ((int)(sizeof preference / sizeof preference[0]))

static const char *const isa_names[] = {"scalar", "sse2", "avx2", "avx512", "neon"};

static struct rectify_cpu cpu;
static pthread_once_t once = PTHREAD_ONCE_INIT;
_Atomic(const struct rectify_kernels *) rectify_active_table;
static atomic_int deterministic;
static enum rectify_env_isa env_isa; /* written once, in init */
static rectify_isa env_cap;

static int valid_isa(rectify_isa isa) { return (int)isa >= 0 && (int)isa <= RECTIFY_ISA_NEON; }

static int usable(rectify_isa isa)
{
    switch (isa) {
    case RECTIFY_ISA_SCALAR:
        return 1;
    case RECTIFY_ISA_SSE2:
        return cpu.sse2;
    case RECTIFY_ISA_AVX2:
        return cpu.avx2;
    case RECTIFY_ISA_AVX512:
        return cpu.avx512;
    case RECTIFY_ISA_NEON:
        return cpu.neon;
    }
    return 0;
}

static int supported(rectify_isa isa)
{
    return valid_isa(isa) && (int)isa < N_ISAS && builtin[isa] && usable(isa);
}

/* The position in `preference` where the walk starts: RECTIFY_ISA's entry,
 * or the top when it is unset or not understood (reported on stderr). */
static int cap_from_env(void)
{
    const char *env = getenv("RECTIFY_ISA");
    if (!env || !*env)
        return 0;
    for (int i = 0; i < N_PREFERENCE; i++)
        if (strcmp(env, isa_names[preference[i]]) == 0) {
            env_isa = RECTIFY_ENV_ISA_CAP;
            env_cap = preference[i];
            return i;
        }
    for (int i = 0; i <= RECTIFY_ISA_NEON; i++)
        if (strcmp(env, isa_names[i]) == 0) {
            env_isa = RECTIFY_ENV_ISA_OTHER_ARCH;
            fprintf(stderr,
                    "rectify: RECTIFY_ISA=%s names an ISA of another architecture; ignored\n", env);
            return 0;
        }
    env_isa = RECTIFY_ENV_ISA_UNKNOWN;
    fprintf(stderr,
            "rectify: RECTIFY_ISA=%s is not one of scalar, sse2, avx2, avx512, neon; ignored\n",
            env);
    return 0;
}

static void init(void)
{
    rectify_cpu_detect(&cpu);
    const char *det = getenv("RECTIFY_DETERMINISTIC");
    atomic_store(&deterministic, det && strcmp(det, "1") == 0);
    for (int i = cap_from_env(); i < N_PREFERENCE; i++)
        if (supported(preference[i])) {
            atomic_store_explicit(&rectify_active_table, builtin[preference[i]],
                                  memory_order_release);
            return;
        }
    atomic_store_explicit(&rectify_active_table, builtin[RECTIFY_ISA_SCALAR], memory_order_release);
}

static void ensure_init(void) { pthread_once(&once, init); }

const struct rectify_kernels *rectify_dispatch_first_use(void)
{
    ensure_init();
    return atomic_load_explicit(&rectify_active_table, memory_order_acquire);
}

const struct rectify_kernels *rectify_kernels_for(rectify_isa isa)
{
    return valid_isa(isa) && (int)isa < N_ISAS ? builtin[isa] : NULL;
}

rectify_isa rectify_get_isa(void) { return rectify_active_kernels()->isa; }

int rectify_isa_supported(rectify_isa isa)
{
    ensure_init();
    return supported(isa);
}

rectify_status rectify_set_isa(rectify_isa isa)
{
    if (!valid_isa(isa))
        return RECTIFY_ERR_INVALID;
    ensure_init();
    if (!supported(isa))
        return RECTIFY_ERR_UNSUPPORTED;
    atomic_store_explicit(&rectify_active_table, builtin[isa], memory_order_release);
    return RECTIFY_OK;
}

const char *rectify_isa_name(rectify_isa isa)
{
    return valid_isa(isa) ? isa_names[isa] : "unknown";
}

rectify_status rectify_set_deterministic(int on)
{
    if (on != 0 && on != 1)
        return RECTIFY_ERR_INVALID;
    ensure_init();
    atomic_store(&deterministic, on);
    return RECTIFY_OK;
}

int rectify_get_deterministic(void)
{
    ensure_init();
    return atomic_load(&deterministic);
}

enum rectify_env_isa rectify_dispatch_env_isa(rectify_isa *cap)
{
    ensure_init();
    *cap = env_cap;
    return env_isa;
}
