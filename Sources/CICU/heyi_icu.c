#include "heyi_icu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

static void copy_message(char *dst, int32_t cap, const char *prefix, UErrorCode status) {
    if (dst && cap > 0) snprintf(dst, (size_t)cap, "%s: %s", prefix, u_errorName(status));
}

int32_t heyi_charset_detect(const char *bytes, int32_t length, heyi_charset_match *matches, int32_t max) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) return -1;
    ucsdet_setText(detector, bytes, length, &status);
    int32_t found = 0;
    const UCharsetMatch **all = ucsdet_detectAll(detector, &found, &status);
    if (U_FAILURE(status)) { ucsdet_close(detector); return -1; }
    int32_t written = 0;
    for (int32_t i = 0; i < found && written < max; i++) {
        UErrorCode s = U_ZERO_ERROR;
        const char *name = ucsdet_getName(all[i], &s);
        int32_t confidence = ucsdet_getConfidence(all[i], &s);
        if (U_FAILURE(s) || name == NULL) continue;
        snprintf(matches[written].name, sizeof matches[written].name, "%s", name);
        matches[written].confidence = confidence;
        written++;
    }
    ucsdet_close(detector);
    return written;
}

enum { PIVOT_CAPACITY = 4096 };

struct heyi_converter {
    UConverter *from;
    UConverter *to;
    UChar pivot[PIVOT_CAPACITY];
    UChar *pivotSource;
    UChar *pivotTarget;
    char *buffer;
    int32_t bufferCapacity;
    int64_t substitutions;
    int started;
};

// Replaces every bad input sequence with U+FFFD (ICU may otherwise pick U+001A for single
// bytes) and counts it, so callers can tell a clean conversion from a lossy one.
static void count_and_substitute(const void *context, UConverterToUnicodeArgs *args, const char *codeUnits,
                                 int32_t length, UConverterCallbackReason reason, UErrorCode *err) {
    (void)codeUnits; (void)length;
    if (reason > UCNV_IRREGULAR) return; // reset, close, clone: nothing to replace
    heyi_converter *converter = (heyi_converter *)context;
    converter->substitutions++;
    static const UChar replacement = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, err);
}

heyi_converter *heyi_converter_open(const char *from, const char *to, char *error, int32_t errorCapacity) {
    heyi_converter *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    UErrorCode status = U_ZERO_ERROR;
    c->from = ucnv_open(from, &status);
    if (U_FAILURE(status)) { copy_message(error, errorCapacity, from, status); free(c); return NULL; }
    c->to = ucnv_open(to, &status);
    if (U_FAILURE(status)) {
        copy_message(error, errorCapacity, to, status);
        ucnv_close(c->from); free(c); return NULL;
    }
    ucnv_setToUCallBack(c->from, count_and_substitute, c, NULL, NULL, &status);
    c->pivotSource = c->pivotTarget = c->pivot;
    return c;
}

void heyi_converter_close(heyi_converter *c) {
    if (!c) return;
    ucnv_close(c->from);
    ucnv_close(c->to);
    free(c->buffer);
    free(c);
}

int64_t heyi_converter_substitutions(const heyi_converter *c) { return c->substitutions; }

int32_t heyi_converter_convert(heyi_converter *c, const char *bytes, int32_t length, int flush,
                               const char **output, int32_t *outputLength, char *error, int32_t errorCapacity) {
    // Worst case for the charsets heyi reads: 2 bytes → 3 bytes of UTF-8, plus what is pending.
    int32_t needed = length * 2 + 64;
    if (c->bufferCapacity < needed) {
        char *grown = realloc(c->buffer, (size_t)needed);
        if (!grown) { if (error && errorCapacity > 0) snprintf(error, (size_t)errorCapacity, "out of memory"); return -1; }
        c->buffer = grown;
        c->bufferCapacity = needed;
    }
    const char *source = bytes;
    const char *sourceLimit = bytes + length;
    char *target = c->buffer;
    for (;;) {
        UErrorCode status = U_ZERO_ERROR;
        ucnv_convertEx(c->to, c->from, &target, c->buffer + c->bufferCapacity, &source, sourceLimit,
                       c->pivot, &c->pivotSource, &c->pivotTarget, c->pivot + PIVOT_CAPACITY,
                       c->started ? 0 : 1, flush ? 1 : 0, &status);
        c->started = 1;
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            ptrdiff_t used = target - c->buffer;
            int32_t capacity = c->bufferCapacity * 2;
            char *grown = realloc(c->buffer, (size_t)capacity);
            if (!grown) { if (error && errorCapacity > 0) snprintf(error, (size_t)errorCapacity, "out of memory"); return -1; }
            c->buffer = grown;
            c->bufferCapacity = capacity;
            target = c->buffer + used;
            continue;
        }
        if (U_FAILURE(status)) { copy_message(error, errorCapacity, "conversion failed", status); return -1; }
        break;
    }
    *output = c->buffer;
    *outputLength = (int32_t)(target - c->buffer);
    return 0;
}

#include <unicode/unorm2.h>
#include <unicode/utrans.h>

struct heyi_transliterator {
    UTransliterator *handle;
};

heyi_transliterator *heyi_transliterator_open(const char *id, char *error, int32_t errorCapacity) {
    UChar uid[256];
    int32_t length = 0;
    for (; id[length] && length < 255; length++) uid[length] = (UChar)(unsigned char)id[length];
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *handle = utrans_openU(uid, length, UTRANS_FORWARD, NULL, 0, NULL, &status);
    if (U_FAILURE(status)) { copy_message(error, errorCapacity, id, status); return NULL; }
    heyi_transliterator *t = malloc(sizeof *t);
    if (!t) { utrans_close(handle); return NULL; }
    t->handle = handle;
    return t;
}

heyi_transliterator *heyi_transliterator_clone(const heyi_transliterator *source) {
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *handle = utrans_clone(source->handle, &status);
    if (U_FAILURE(status)) return NULL;
    heyi_transliterator *t = malloc(sizeof *t);
    if (!t) { utrans_close(handle); return NULL; }
    t->handle = handle;
    return t;
}

void heyi_transliterator_close(heyi_transliterator *t) {
    if (!t) return;
    utrans_close(t->handle);
    free(t);
}

int32_t heyi_transliterate(heyi_transliterator *t, const uint16_t *text, int32_t length, uint16_t *output, int32_t capacity) {
    // utrans works in place: copy the input into the output buffer first.
    if (length > capacity) return length * 2 + 16;
    for (int32_t i = 0; i < length; i++) output[i] = text[i];
    int32_t textLength = length;
    int32_t limit = length;
    UErrorCode status = U_ZERO_ERROR;
    utrans_transUChars(t->handle, (UChar *)output, &textLength, capacity, 0, &limit, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return textLength > capacity ? textLength : capacity * 2;
    if (U_FAILURE(status)) return -1;
    return textLength;
}

int32_t heyi_normalize_nfkc(const uint16_t *text, int32_t length, uint16_t *output, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t written = unorm2_normalize(nfkc, (const UChar *)text, length, (UChar *)output, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return written;
    if (U_FAILURE(status)) return -1;
    return written;
}
