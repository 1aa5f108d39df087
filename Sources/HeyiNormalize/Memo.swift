import Foundation

/// Results of a pure normalizer by input, for values that repeat across records (names,
/// companies). Direct-mapped like a CPU cache: a fixed table of slots chosen by the input's hash,
/// a newer value replacing an older one in its slot. Frequent names stay; no table grows or is
/// emptied while a million records pass. One per worker thread (`RecordNormalizer.withOwnCaches()`);
/// the lock is then never contended.
final class Memo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String?]
    private var values: [Value?]
    private let mask: Int

    /// `slots`: a power of two.
    init(slots: Int = 1 << 14) {
        precondition(slots > 0 && slots & (slots - 1) == 0, "slots must be a power of two")
        keys = Array(repeating: nil, count: slots)
        values = Array(repeating: nil, count: slots)
        mask = slots - 1
    }

    func value(_ key: String, _ make: (String) -> Value) -> Value {
        guard NormalizerCaches.enabled else { return make(key) }
        let slot = ByteKey(key).hashValue & mask
        let hit: Value? = lock.withLock {
            guard let stored = keys[slot], ByteKey(stored) == ByteKey(key) else { return nil }
            return values[slot]
        }
        if let hit { return hit }
        let made = make(key)
        lock.withLock {
            keys[slot] = key
            values[slot] = made
        }
        return made
    }
}

/// A string hashed and compared by its UTF-8 bytes. String's own hashing and equality work on
/// canonical equivalence, which for Han text costs more than the look-up it serves; two spellings
/// that are only canonically equal are merely cached twice.
struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ByteKey, b: ByteKey) -> Bool {
        var x = a.text, y = b.text
        return x.withUTF8 { x in
            y.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
