#include "rectify.h"

const char *rectify_version(void) { return RECTIFY_VERSION_STRING; }
