// SHA-256 compression with the x86 SHA extensions.
//
// The state is kept in the two-register layout the `sha256rnds2` instruction
// expects (ABEF and CDGH); each group of four rounds adds four message words
// plus their round constants and issues two `sha256rnds2`. Message words for
// rounds 16...63 come from `sha256msg1` / `sha256msg2`:
//   W[g] = msg2(msg1(W[g-4], W[g-3]) + alignr(W[g-1], W[g-2], 4), W[g-1])
// where W[g] holds the four message words of round group g.

#include "CSHA256.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>

bool chronicle_sha256_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool ssse3 = (ecx & (1u << 9)) != 0;
    const bool sse41 = (ecx & (1u << 19)) != 0;
    if (!ssse3 || !sse41) return false;
    if (__get_cpuid_max(0, NULL) < 7) return false;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 29)) != 0; // CPUID.(EAX=7,ECX=0):EBX.SHA[bit 29]
}

// Four rounds with message words `w` (already computed) and constants k1:k0.
#define ROUNDS4(w, k1, k0)                                                      \
    do {                                                                        \
        __m128i wk = _mm_add_epi32((w), _mm_set_epi64x((long long)(k1), (long long)(k0))); \
        state1 = _mm_sha256rnds2_epu32(state1, state0, wk);                     \
        wk = _mm_shuffle_epi32(wk, 0x0E);                                       \
        state0 = _mm_sha256rnds2_epu32(state0, state1, wk);                     \
    } while (0)

// The next four message words from the previous sixteen (w0 oldest).
#define SCHEDULE(w0, w1, w2, w3)                                                \
    _mm_sha256msg2_epu32(                                                       \
        _mm_add_epi32(_mm_sha256msg1_epu32((w0), (w1)), _mm_alignr_epi8((w3), (w2), 4)), \
        (w3))

__attribute__((target("sha,sse4.1,ssse3")))
void chronicle_sha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i state0 = _mm_alignr_epi8(cdab, efgh, 8);    // ABEF
    __m128i state1 = _mm_blend_epi16(efgh, cdab, 0xF0); // CDGH

    for (; block_count > 0; block_count--, blocks += 64) {
        const __m128i saved0 = state0, saved1 = state1;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 0)), byte_swap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16)), byte_swap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 32)), byte_swap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 48)), byte_swap);

        ROUNDS4(w0, 0xE9B5DBA5B5C0FBCFULL, 0x71374491428A2F98ULL);
        ROUNDS4(w1, 0xAB1C5ED5923F82A4ULL, 0x59F111F13956C25BULL);
        ROUNDS4(w2, 0x550C7DC3243185BEULL, 0x12835B01D807AA98ULL);
        ROUNDS4(w3, 0xC19BF1749BDC06A7ULL, 0x80DEB1FE72BE5D74ULL);
        w0 = SCHEDULE(w0, w1, w2, w3); ROUNDS4(w0, 0x240CA1CC0FC19DC6ULL, 0xEFBE4786E49B69C1ULL);
        w1 = SCHEDULE(w1, w2, w3, w0); ROUNDS4(w1, 0x76F988DA5CB0A9DCULL, 0x4A7484AA2DE92C6FULL);
        w2 = SCHEDULE(w2, w3, w0, w1); ROUNDS4(w2, 0xBF597FC7B00327C8ULL, 0xA831C66D983E5152ULL);
        w3 = SCHEDULE(w3, w0, w1, w2); ROUNDS4(w3, 0x1429296706CA6351ULL, 0xD5A79147C6E00BF3ULL);
        w0 = SCHEDULE(w0, w1, w2, w3); ROUNDS4(w0, 0x53380D134D2C6DFCULL, 0x2E1B213827B70A85ULL);
        w1 = SCHEDULE(w1, w2, w3, w0); ROUNDS4(w1, 0x92722C8581C2C92EULL, 0x766A0ABB650A7354ULL);
        w2 = SCHEDULE(w2, w3, w0, w1); ROUNDS4(w2, 0xC76C51A3C24B8B70ULL, 0xA81A664BA2BFE8A1ULL);
        w3 = SCHEDULE(w3, w0, w1, w2); ROUNDS4(w3, 0x106AA070F40E3585ULL, 0xD6990624D192E819ULL);
        w0 = SCHEDULE(w0, w1, w2, w3); ROUNDS4(w0, 0x34B0BCB52748774CULL, 0x1E376C0819A4C116ULL);
        w1 = SCHEDULE(w1, w2, w3, w0); ROUNDS4(w1, 0x682E6FF35B9CCA4FULL, 0x4ED8AA4A391C0CB3ULL);
        w2 = SCHEDULE(w2, w3, w0, w1); ROUNDS4(w2, 0x8CC7020884C87814ULL, 0x78A5636F748F82EEULL);
        w3 = SCHEDULE(w3, w0, w1, w2); ROUNDS4(w3, 0xC67178F2BEF9A3F7ULL, 0xA4506CEB90BEFFFAULL);

        state0 = _mm_add_epi32(state0, saved0);
        state1 = _mm_add_epi32(state1, saved1);
    }

    __m128i feba = _mm_shuffle_epi32(state0, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(state1, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0)); // DCBA
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));   // HGFE
}

#else

bool chronicle_sha256_hardware_available(void) { return false; }

void chronicle_sha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    // Never called: the Swift side checks chronicle_sha256_hardware_available() first.
    (void)state; (void)blocks; (void)block_count;
    __builtin_trap();
}

#endif
