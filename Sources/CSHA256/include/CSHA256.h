/// SHA-256 block compression with the x86 SHA extensions (SHA-NI).
///
/// This target holds only the hardware fast path and its run-time detection.
/// The Swift implementation in `Chronicle` is the reference and is used
/// whenever `chronicle_sha256_hardware_available()` returns false (any CPU
/// without SHA-NI, and every non-x86 build).
#ifndef CHRONICLE_CSHA256_H
#define CHRONICLE_CSHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this CPU has the SHA extensions (and the SSSE3 / SSE4.1
/// instructions the compression uses). Always false on non-x86 builds.
bool chronicle_sha256_hardware_available(void);

/// Compresses `block_count` consecutive 64-byte blocks at `blocks` into
/// `state` (the eight SHA-256 working words H0...H7, native byte order).
///
/// Call only when `chronicle_sha256_hardware_available()` returned true;
/// `blocks` need not be aligned.
void chronicle_sha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t block_count);

#ifdef __cplusplus
}
#endif

#endif
