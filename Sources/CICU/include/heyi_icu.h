#ifndef HEYI_ICU_H
#define HEYI_ICU_H
// heyi's window on the system ICU. No ICU type crosses this header: Swift sees plain C.
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One charset-detection candidate, best first.
typedef struct {
    char name[32];
    int32_t confidence; // 0...100
} heyi_charset_match;

/// Ranks the charsets ICU thinks `bytes` may be in. Returns the number of candidates written
/// (at most `max`), or -1 if ICU failed.
int32_t heyi_charset_detect(const char *bytes, int32_t length, heyi_charset_match *matches, int32_t max);

/// A streaming converter between two charsets (ICU names, e.g. "GB18030", "UTF-8").
typedef struct heyi_converter heyi_converter;

/// Opens a converter; NULL if either charset is unknown (then `error` holds a message).
heyi_converter *heyi_converter_open(const char *from, const char *to, char *error, int32_t errorCapacity);
void heyi_converter_close(heyi_converter *converter);

/// Converts `length` bytes; keeps partial sequences for the next call unless `flush` is set.
/// Invalid or unmappable input becomes U+FFFD (or the target's substitute) and is counted.
/// The output stays valid until the next call. Returns 0, or -1 with `error` set.
int32_t heyi_converter_convert(heyi_converter *converter, const char *bytes, int32_t length, int flush,
                               const char **output, int32_t *outputLength, char *error, int32_t errorCapacity);

/// How many invalid or unmappable sequences the converter has replaced so far.
int64_t heyi_converter_substitutions(const heyi_converter *converter);

/// A compiled ICU transform ("Traditional-Simplified", "Han-Latin; Latin-ASCII", …). Not thread-safe:
/// give each thread its own (heyi_transliterator_clone is cheap).
typedef struct heyi_transliterator heyi_transliterator;

/// Opens a transform by ICU id; NULL with `error` set when the id is unknown.
heyi_transliterator *heyi_transliterator_open(const char *id, char *error, int32_t errorCapacity);
heyi_transliterator *heyi_transliterator_clone(const heyi_transliterator *transliterator);
void heyi_transliterator_close(heyi_transliterator *transliterator);

/// Transforms UTF-16 text. Returns the output length; when it exceeds `capacity`, nothing useful was
/// written and the caller retries with a buffer that large. -1 on failure.
int32_t heyi_transliterate(heyi_transliterator *transliterator, const uint16_t *text, int32_t length,
                           uint16_t *output, int32_t capacity);

/// NFKC normalisation of UTF-16 text; same return convention as heyi_transliterate.
int32_t heyi_normalize_nfkc(const uint16_t *text, int32_t length, uint16_t *output, int32_t capacity);

#ifdef __cplusplus
}
#endif
#endif
