import CICU
import Foundation
import HeyiCore
import Synchronization

/// An ICU transform (`Traditional-Simplified`, `Han-Latin; Latin-ASCII`, NFKC) usable from any
/// thread. ICU's transliterators are not thread-safe and take a process-wide lock anyway
/// (shared/PLATFORM-NOTES.md), so one instance behind a lock, with a cache, is the fast path.
final class ICUTransform: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: OpaquePointer?
    private var cache: [ByteKey: String] = [:]
    private let cacheLimit: Int
    private var buffer = [UInt16](repeating: 0, count: 256)

    /// A transliterator by ICU id, or NFKC normalisation when `id` is nil.
    init(id: String?, cacheLimit: Int = 200_000) {
        self.cacheLimit = cacheLimit
        if let id {
            var error = [CChar](repeating: 0, count: 256)
            handle = heyi_transliterator_open(id, &error, 256)
            precondition(handle != nil, "ICU transform \(id) is missing: \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        } else {
            handle = nil
        }
    }

    deinit { if let handle { heyi_transliterator_close(handle) } }

    /// The transformed text; results are cached per distinct input.
    func apply(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard NormalizerCaches.enabled else { return uncached(text) }
        if let hit = cache[ByteKey(text)] { return hit }
        let result = uncached(text)
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[ByteKey(text)] = result
        return result
    }

    /// Without the cache: what ICU itself gives (tests compare the cached path against it).
    func uncachedApply(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        return uncached(text)
    }

    private func uncached(_ text: String) -> String {
        let input = Array(text.utf16)
        while true {
            let needed: Int32 = input.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { output in
                    if let handle {
                        heyi_transliterate(handle, source.baseAddress, Int32(source.count), output.baseAddress, Int32(output.count))
                    } else {
                        heyi_normalize_nfkc(source.baseAddress, Int32(source.count), output.baseAddress, Int32(output.count))
                    }
                }
            }
            if needed < 0 { return text }
            if Int(needed) <= buffer.count { return String(decoding: buffer[0..<Int(needed)], as: UTF16.self) }
            buffer = [UInt16](repeating: 0, count: Int(needed) + 16)
        }
    }
}

/// The transforms heyi uses, opened once per process.
enum Transforms {
    static let simplified = PerCharacterTransform(ICUTransform(id: "Traditional-Simplified"))
    static let pinyin = ICUTransform(id: "Han-Latin; Latin-ASCII; Lower")
    static let nfkc = CompatibilityFolding(ICUTransform(id: nil))
}

/// Traditional → simplified one character at a time, through a table of every CJK character in
/// the BMP made by one ICU call on first use (~30k characters, a few milliseconds): values
/// (addresses, notes) are mostly unique, so caching whole strings would miss, and a shared
/// mutable table would need a lock on every look-up. Tested equal to ICU on whole texts.
final class PerCharacterTransform: Sendable {
    private let transform: ICUTransform
    /// Ranges the table covers; other scalars are left as they are (ICU's Traditional-Simplified
    /// changes nothing outside them).
    private static let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]
    /// Per scalar from U+3400 to U+FAFF, its replacement; 0 when unchanged (and outside `ranges`).
    private let table: [UInt32]
    private static let first: UInt32 = 0x3400, last: UInt32 = 0xFAFF

    init(_ transform: ICUTransform) {
        self.transform = transform
        // Characters separated by line breaks, so that each is transformed on its own, as the table is used.
        var text = String.UnicodeScalarView()
        for range in Self.ranges { for value in range { text.append(Unicode.Scalar(value)!); text.append("\n") } }
        let output = transform.uncachedApply(String(text)).split(separator: "\n", omittingEmptySubsequences: false)
        var table = [UInt32](repeating: 0, count: Int(Self.last - Self.first) + 1)
        var index = 0
        for range in Self.ranges {
            for value in range {
                let mapped = index < output.count ? Array(output[index].unicodeScalars) : []
                if mapped.count == 1 && mapped[0].value != value { table[Int(value - Self.first)] = mapped[0].value }
                index += 1
            }
        }
        self.table = table
    }

    @inline(__always) private func replacement(_ value: UInt32) -> UInt32 {
        value >= Self.first && value <= Self.last ? table[Int(value &- Self.first)] : 0
    }

    /// One scalar's simplified form, from the table.
    @inline(__always) func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.value >= 0x3400 else { return scalar }
        let mapped = replacement(scalar.value)
        return mapped == 0 ? scalar : Unicode.Scalar(mapped)!
    }

    func apply(_ text: String) -> String {
        guard NormalizerCaches.enabled else { return transform.uncachedApply(text) }
        // Nearly all text is already simplified: find the first character that changes, if any.
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value >= 0x3400 && replacement($0.value) != 0 }) else { return text }
        var out = String.UnicodeScalarView(scalars[..<first])
        for scalar in scalars[first...] {
            let mapped = scalar.value >= 0x3400 ? replacement(scalar.value) : 0
            out.append(mapped == 0 ? scalar : Unicode.Scalar(mapped)!)
        }
        return String(out)
    }

    func uncachedApply(_ text: String) -> String { transform.uncachedApply(text) }
}

/// NFKC, skipped for text it cannot change: ASCII and the CJK unified ideographs, which is
/// nearly all of what Chinese sources write.
final class CompatibilityFolding: Sendable {
    private let transform: ICUTransform

    init(_ transform: ICUTransform) { self.transform = transform }

    func apply(_ text: String) -> String {
        Self.isUntouched(text) ? text : transform.apply(text)
    }

    /// The folded text, or nil when folding changes nothing (no string comparison needed).
    func changed(_ text: String) -> String? {
        guard !Self.isUntouched(text) else { return nil }
        let folded = transform.apply(text)
        return folded == text ? nil : folded
    }

    /// Printable ASCII and CJK unified ideographs (U+3400–U+4DBF, U+4E00–U+9FFF) only, checked on
    /// the UTF-8 bytes: those ideographs are the three-byte sequences E3 90 80 … E9 BF BF.
    static func isUntouched(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    guard byte >= 0x20 else { return false }
                    i += 1
                    continue
                }
                guard byte >= 0xE3 && byte <= 0xE9, i + 2 < bytes.count else { return false }
                let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                guard (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) else { return false }
                i += 3
            }
            return true
        }
    }

    func uncachedApply(_ text: String) -> String { transform.uncachedApply(text) }
}

/// Switches the ICU result caches off, to measure what they save (`heyi-bench`). Read on every
/// value by every worker: an atomic load, not a lock (a shared lock's cache line bouncing between
/// cores cost more than the normalizers).
public enum NormalizerCaches {
    private static let isEnabled = Atomic<Bool>(true)
    private static let isNameCacheOn = Atomic<Bool>(false)

    /// All of them: off, every value goes through ICU as it is (the character tables too).
    public static var enabled: Bool {
        get { isEnabled.load(ordering: .relaxed) }
        set { isEnabled.store(newValue, ordering: .relaxed) }
    }

    /// The per-name cache, off by default: with the per-character tables a name costs about a
    /// microsecond, and on realistic data (four in ten names distinct) looking it up in a cache
    /// that misses the CPU's own caches cost more than it saved (`heyi-bench --normalize`).
    /// Companies, which repeat far more, are always cached.
    public static var nameCache: Bool {
        get { isNameCacheOn.load(ordering: .relaxed) }
        set { isNameCacheOn.store(newValue, ordering: .relaxed) }
    }
}
