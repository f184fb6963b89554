#include "rectify.h"

const char *rectify_status_str(rectify_status status)
{
    switch (status) {
    case RECTIFY_OK:
        return "success";
    case RECTIFY_ERR_NULL:
        return "a buffer pointer is NULL while the size is not zero";
    case RECTIFY_ERR_OVERLAP:
        return "an output buffer partially overlaps an input buffer";
    case RECTIFY_ERR_PARAM:
        return "a parameter is NaN, infinite or out of range";
    case RECTIFY_ERR_SIZE:
        return "the buffer size in bytes overflows size_t";
    case RECTIFY_ERR_UNSUPPORTED:
        return "the ISA is not built in or not usable on this CPU";
    case RECTIFY_ERR_INVALID:
        return "an argument is outside its enumeration";
    }
    return "unknown status";
}
