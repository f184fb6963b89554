/*
 * Runtime dispatch. The kernel table in use is one atomic pointer, set once
 * per process on first use (pthread_once, so concurrent first calls are
 * safe) and replaced by rectify_set_isa. A call costs one acquire load.
 * The start-up table is composed per op class (registry.h's
 * RECTIFY_ISA_CHOICES); rectify_set_isa installs one ISA's table whole.
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

/* registry.h's choice table, as data. */
static const struct rectify_isa_choice choices[] = {
#define RECTIFY_CHOICE_ROW(family, CLASS, isa) {family, RECTIFY_CLASS_##CLASS, isa},
    RECTIFY_ISA_CHOICES(RECTIFY_CHOICE_ROW)
#undef RECTIFY_CHOICE_ROW
        {RECTIFY_CPU_N_FAMILIES, RECTIFY_N_CLASSES, RECTIFY_ISA_SCALAR} /* end; matches none */
};
#define N_CHOICES (sizeof choices / sizeof choices[0] - 1)

/* The composed start-up table and each class's ISA in it. */
static struct rectify_kernels composed;
static rectify_isa composed_class_isa[RECTIFY_N_CLASSES];

static struct rectify_cpu cpu;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The table before the first use: each kernel resolves the choice, then
 * runs the chosen table's kernel of the same name. */
#define RECTIFY_FIRST_USE_unary(name)                                                              \
    static void first_use_##name(const float *x, float *y, size_t n,                               \
                                 const struct rectify_params *p)                                   \
    {                                                                                              \
        rectify_dispatch_first_use()->name(x, y, n, p);                                            \
    }
#define RECTIFY_FIRST_USE_binary(name)                                                             \
    static void first_use_##name(const float *a, const float *b, float *out, size_t n,             \
                                 const struct rectify_params *p)                                   \
    {                                                                                              \
        rectify_dispatch_first_use()->name(a, b, out, n, p);                                       \
    }
#define RECTIFY_FIRST_USE_concat(name)                                                             \
    static void first_use_##name(const float *x, float *y, size_t outer, size_t inner,             \
                                 const struct rectify_params *p)                                   \
    {                                                                                              \
        rectify_dispatch_first_use()->name(x, y, outer, inner, p);                                 \
    }
#define RECTIFY_FIRST_USE_deconcat(name)                                                           \
    static void first_use_##name(const float *x, const float *dy, float *dx, size_t outer,         \
                                 size_t inner, const struct rectify_params *p)                     \
    {                                                                                              \
        rectify_dispatch_first_use()->name(x, dy, dx, outer, inner, p);                            \
    }
#define RECTIFY_FIRST_USE(name, arity) RECTIFY_FIRST_USE_##arity(name)
RECTIFY_KERNEL_LIST(RECTIFY_FIRST_USE)
#undef RECTIFY_FIRST_USE
#define RECTIFY_FIRST_USE_H_unary(name)                                                            \
    static void first_use_##name(const uint16_t *x, uint16_t *y, size_t n,                         \
                                 const struct rectify_params *p)                                   \
    {                                                                                              \
        rectify_dispatch_first_use()->name(x, y, n, p);                                            \
    }
#define RECTIFY_FIRST_USE_H_binary(name)                                                           \
    static void first_use_##name(const uint16_t *a, const uint16_t *b, uint16_t *out, size_t n,    \
                                 const struct rectify_params *p)                                   \
    {                                                                                              \
        rectify_dispatch_first_use()->name(a, b, out, n, p);                                       \
    }
#define RECTIFY_FIRST_USE_H_concat(name)                                                           \
    static void first_use_##name(const uint16_t *x, uint16_t *y, size_t outer, size_t inner,       \
                                 const struct rectify_params *p)                                   \
    {                                                                                              \
        rectify_dispatch_first_use()->name(x, y, outer, inner, p);                                 \
    }
#define RECTIFY_FIRST_USE_H_deconcat(name)                                                         \
    static void first_use_##name(const uint16_t *x, const uint16_t *dy, uint16_t *dx,              \
                                 size_t outer, size_t inner, const struct rectify_params *p)       \
    {                                                                                              \
        rectify_dispatch_first_use()->name(x, dy, dx, outer, inner, p);                            \
    }
#define RECTIFY_FIRST_USE_H(name, arity, CLASS)                                                    \
    RECTIFY_FIRST_USE_H_##arity(name##_bf16) RECTIFY_FIRST_USE_H_##arity(name##_f16)
RECTIFY_HALF_KERNELS(RECTIFY_FIRST_USE_H)
#undef RECTIFY_FIRST_USE_H

const struct rectify_kernels rectify_kernels_first_use = {
    .isa = RECTIFY_ISA_SCALAR, /* never read: rectify_active_kernels resolves first */
#define RECTIFY_FIRST_USE_MEMBER(name, arity) .name = first_use_##name,
    RECTIFY_KERNEL_LIST(RECTIFY_FIRST_USE_MEMBER)
#undef RECTIFY_FIRST_USE_MEMBER
#define RECTIFY_FIRST_USE_H_MEMBER(name, arity, CLASS)                                             \
    .name##_bf16 = first_use_##name##_bf16, .name##_f16 = first_use_##name##_f16,
        RECTIFY_HALF_KERNELS(RECTIFY_FIRST_USE_H_MEMBER)
#undef RECTIFY_FIRST_USE_H_MEMBER
};

_Atomic(const struct rectify_kernels *) rectify_active_table = &rectify_kernels_first_use;
atomic_int rectify_deterministic_flag = -1; /* -1 until init has read the environment */
static enum rectify_env_isa env_isa;        /* written once, in init */
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

/* An ISA's position in `preference` (0 the widest); N_PREFERENCE if absent. */
static int rank(rectify_isa isa)
{
    for (int i = 0; i < N_PREFERENCE; i++)
        if (preference[i] == isa)
            return i;
    return N_PREFERENCE;
}

const char *rectify_op_class_name(enum rectify_op_class c)
{
    static const char *const names[] = {
#define RECTIFY_CLASS_NAME(ID, name) #name,
        RECTIFY_OP_CLASSES(RECTIFY_CLASS_NAME)
#undef RECTIFY_CLASS_NAME
    };
    return (int)c >= 0 && c < RECTIFY_N_CLASSES ? names[c] : "unknown";
}

/* Copies one class's kernels from one table into another. */
static void take_class(struct rectify_kernels *out, const struct rectify_kernels *from,
                       enum rectify_op_class c)
{
#define RECTIFY_TAKE(name, arity) out->name = from->name;
    RECTIFY_FOR_CLASS(c, RECTIFY_TAKE)
#undef RECTIFY_TAKE
    /* The bf16 and fp16 kernels go with their float kernel's class. */
#define RECTIFY_TAKE_HALF(name, arity, CLASS)                                                      \
    if (c == RECTIFY_CLASS_##CLASS) {                                                              \
        out->name##_bf16 = from->name##_bf16;                                                      \
        out->name##_f16 = from->name##_f16;                                                        \
    }
    RECTIFY_HALF_KERNELS(RECTIFY_TAKE_HALF)
#undef RECTIFY_TAKE_HALF
}

void rectify_compose_kernels(struct rectify_kernels *out, rectify_isa class_isa[RECTIFY_N_CLASSES],
                             enum rectify_cpu_family family, rectify_isa top,
                             const struct rectify_isa_choice *rows, size_t n_rows)
{
    *out = *builtin[top];
    for (int c = 0; c < RECTIFY_N_CLASSES; c++)
        class_isa[c] = top;
    for (size_t i = 0; i < n_rows; i++) {
        const struct rectify_isa_choice *r = &rows[i];
        if (r->family != family || (int)r->op_class < 0 || r->op_class >= RECTIFY_N_CLASSES ||
            !supported(r->isa) || rank(r->isa) < rank(top))
            continue;
        take_class(out, builtin[r->isa], r->op_class);
        class_isa[r->op_class] = r->isa;
    }
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
    atomic_store(&rectify_deterministic_flag, det && strcmp(det, "1") == 0);
    rectify_isa top = RECTIFY_ISA_SCALAR;
    for (int i = cap_from_env(); i < N_PREFERENCE; i++)
        if (supported(preference[i])) {
            top = preference[i];
            break;
        }
    rectify_compose_kernels(&composed, composed_class_isa, cpu.family, top, choices, N_CHOICES);
    atomic_store_explicit(&rectify_active_table, &composed, memory_order_release);
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
    atomic_store(&rectify_deterministic_flag, on);
    return RECTIFY_OK;
}

int rectify_get_deterministic(void)
{
    ensure_init();
    return atomic_load(&rectify_deterministic_flag);
}

rectify_isa rectify_dispatch_class_isa(enum rectify_op_class c)
{
    const struct rectify_kernels *k = rectify_active_kernels();
    if (k == &composed && (int)c >= 0 && c < RECTIFY_N_CLASSES)
        return composed_class_isa[c];
    return k->isa;
}

enum rectify_cpu_family rectify_dispatch_family(void)
{
    ensure_init();
    return cpu.family;
}

enum rectify_env_isa rectify_dispatch_env_isa(rectify_isa *cap)
{
    ensure_init();
    *cap = env_cap;
    return env_isa;
}
