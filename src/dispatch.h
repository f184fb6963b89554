/* Why the start-up kernel set is the one it is. Internal: rectify-info
 * reports it. */
#ifndef RECTIFY_DISPATCH_H
#define RECTIFY_DISPATCH_H

#include <stddef.h>

#include "cpu.h"
#include "kernel.h"
#include "rectify.h"

enum rectify_env_isa {
    RECTIFY_ENV_ISA_UNSET,      /* RECTIFY_ISA unset or empty: the best supported */
    RECTIFY_ENV_ISA_CAP,        /* names an ISA of this architecture: the best at or below it */
    RECTIFY_ENV_ISA_OTHER_ARCH, /* names another architecture's ISA: ignored */
    RECTIFY_ENV_ISA_UNKNOWN     /* names no ISA: ignored */
};

/* What RECTIFY_ISA said at start-up; *cap is the ISA it named when the
 * result is RECTIFY_ENV_ISA_CAP. Runs the start-up choice if not yet run. */
enum rectify_env_isa rectify_dispatch_env_isa(rectify_isa *cap);

/* The op classes of registry.h (RECTIFY_OP_CLASSES), and one row of its
 * choice table. */
enum rectify_op_class {
#define RECTIFY_CLASS_ENUM(ID, name) RECTIFY_CLASS_##ID,
    RECTIFY_OP_CLASSES(RECTIFY_CLASS_ENUM)
#undef RECTIFY_CLASS_ENUM
        RECTIFY_N_CLASSES
};
struct rectify_isa_choice {
    enum rectify_cpu_family family;
    enum rectify_op_class op_class;
    rectify_isa isa;
};

/* Runs X(name, arity) for each kernel of class c (a class added to the
 * enum without a case here is a -Wswitch warning). */
#define RECTIFY_FOR_CLASS(c, X)                                                                    \
    switch (c) {                                                                                   \
    case RECTIFY_CLASS_MEMORY:                                                                     \
        RECTIFY_CLASS_MEMORY(X) break;                                                             \
    case RECTIFY_CLASS_EXPONENTIAL:                                                                \
        RECTIFY_CLASS_EXPONENTIAL(X) break;                                                        \
    case RECTIFY_CLASS_RANDOM:                                                                     \
        RECTIFY_CLASS_RANDOM(X) break;                                                             \
    case RECTIFY_N_CLASSES:                                                                        \
        break;                                                                                     \
    }

/* "memory", "exponential", "random". */
const char *rectify_op_class_name(enum rectify_op_class c);

/* The start-up table of a CPU of `family` whose widest ISA, after
 * RECTIFY_ISA's cap, is `top`: top's kernels, but each class that a row of
 * `choices` names for that family from the ISA the row gives, where that ISA
 * is supported and not above top. class_isa gets each class's ISA; the
 * table's isa member is top. The dispatcher passes registry.h's
 * RECTIFY_ISA_CHOICES; the tests pass their own. */
void rectify_compose_kernels(struct rectify_kernels *out, rectify_isa class_isa[RECTIFY_N_CLASSES],
                             enum rectify_cpu_family family, rectify_isa top,
                             const struct rectify_isa_choice *choices, size_t n_choices);

/* The ISA whose kernel the class runs on now: the start-up choice, or the
 * one rectify_set_isa named. */
rectify_isa rectify_dispatch_class_isa(enum rectify_op_class c);

/* The CPU family the start-up choice used. */
enum rectify_cpu_family rectify_dispatch_family(void);

#endif
