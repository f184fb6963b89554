/* Why the start-up kernel set is the one it is. Internal: rectify-info
 * reports it. */
#ifndef RECTIFY_DISPATCH_H
#define RECTIFY_DISPATCH_H

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

#endif
