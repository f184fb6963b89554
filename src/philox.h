/*
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and
 * Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC'11), as Random123
 * defines it: plain C, one block at a time. The scalar reference draws
 * RReLU's slopes from it; the vector kernels (kernels/rrelu.c) are tested
 * against it and against Random123's known answers.
 */
#ifndef RECTIFY_PHILOX_H
#define RECTIFY_PHILOX_H

#include <stdint.h>

/* The four output words of counter ctr under key key. */
void rectify_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* Word k % 4 of block k / 4, with counter (b & 0xffffffff, b >> 32, 0, 0)
 * and key (seed & 0xffffffff, seed >> 32): DESIGN.md's "RReLU randomness". */
uint32_t rectify_philox_word(uint64_t seed, uint64_t k);

#endif
