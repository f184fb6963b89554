/*
 * The bf16 and fp16 relu and relu6 (word_kernels.h) on 512-bit words, built
 * once per storage type with -mavx512bw (or on SIMDe's AVX512BW) beside the
 * AVX-512 set, whose own 256-bit copies hand each call over to these where
 * rectify_cpu_avx512bw() says the CPU has AVX512BW. Nothing else is built
 * with that flag, so no other code can meet an AVX512BW instruction on a
 * CPU without it.
 */
#include "word_kernels.h"

#ifndef RECTIFY_WORDS_BW
#error "kernels/words_bw.c is built with RECTIFY_WORDS_BW (and -mavx512bw)"
#endif
