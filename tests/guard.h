/* Buffers that end exactly at, or start exactly after, an inaccessible page,
 * so any read or write outside them faults. */
#ifndef RECTIFY_TESTS_GUARD_H
#define RECTIFY_TESTS_GUARD_H

#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

struct rt_guarded {
    void *map;
    size_t map_len;
    float *p; /* n floats */
};

/* after_guard == 0: p + n is the first byte of a PROT_NONE page.
 * after_guard == 1: p is the first byte after a PROT_NONE page. */
static inline int rt_guarded_alloc(struct rt_guarded *g, size_t n, int after_guard)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data = (n * sizeof(float) + page - 1) / page * page;
    g->map_len = data + page;
    char *m = mmap(NULL, g->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    g->map = m;
    if (after_guard) {
        if (mprotect(m, page, PROT_NONE))
            return -1;
        g->p = (float *)(void *)(m + page);
    } else {
        if (mprotect(m + data, page, PROT_NONE))
            return -1;
        g->p = (float *)(void *)(m + data) - n;
    }
    return 0;
}

static inline void rt_guarded_free(struct rt_guarded *g) { munmap(g->map, g->map_len); }

#endif
