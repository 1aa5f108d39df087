#ifndef HEYI_SHA256_H
#define HEYI_SHA256_H
// SHA-256 (FIPS 180-4) for fingerprinting files and records. Uses the CPU's SHA extensions
// when present (chosen at run time), else portable C.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t state[8];
    uint64_t length;
    uint8_t buffer[64];
    uint32_t buffered;
} heyi_sha256;

void heyi_sha256_init(heyi_sha256 *ctx);
void heyi_sha256_update(heyi_sha256 *ctx, const void *data, size_t length);
/// Writes 64 lower-case hex digits (no terminator).
void heyi_sha256_final_hex(heyi_sha256 *ctx, char out[64]);
/// One-shot digest of a buffer.
void heyi_sha256_hex(const void *data, size_t length, char out[64]);

/// 1 when the SHA extensions are in use.
int heyi_sha256_accelerated(void);
/// Tests: 1 forces the portable code, 0 goes back to the fastest available.
void heyi_sha256_force_portable(int force);

#ifdef __cplusplus
}
#endif
#endif
