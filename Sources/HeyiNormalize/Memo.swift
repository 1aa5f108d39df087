import Foundation

/// Results of a pure normalizer by input, for values that repeat across records (names,
/// companies). Direct-mapped like a CPU cache: a fixed table of slots chosen by the input's hash,
/// a newer value replacing an older one in its slot, so that no table grows or is emptied while a
/// million records pass. Slots hold references (8 bytes each: the table stays small enough to
/// be cached itself). One per worker thread (`RecordNormalizer.withOwnCaches()`); the lock is
/// then never contended.
final class Memo<Value: Sendable>: @unchecked Sendable {
    private final class Entry {
        let key: String
        let value: Value
        init(key: String, value: Value) { self.key = key; self.value = value }
    }

    private let lock = NSLock()
    private var slots: [Entry?]
    /// Per slot, the upper half of its key's hash (0: empty), checked before the entry is read:
    /// this small array stays in the core's cache, the entries mostly do not.
    private var fingerprints: [UInt32]
    private let mask: Int

    /// `slots`: a power of two.
    init(slots count: Int = 1 << 16) {
        precondition(count > 0 && count & (count - 1) == 0, "slots must be a power of two")
        slots = Array(repeating: nil, count: count)
        fingerprints = Array(repeating: 0, count: count)
        mask = count - 1
    }

    func value(_ key: String, _ make: (String) -> Value) -> Value {
        guard NormalizerCaches.enabled else { return make(key) }
        let hash = ByteKey(key).hashValue
        let slot = hash & mask
        let fingerprint = UInt32(truncatingIfNeeded: hash >> 32) | 1
        let hit: Value? = lock.withLock {
            guard fingerprints[slot] == fingerprint, let entry = slots[slot], ByteKey(entry.key) == ByteKey(key) else { return nil }
            return entry.value
        }
        if let hit { return hit }
        let made = make(key)
        let entry = Entry(key: key, value: made)
        lock.withLock {
            slots[slot] = entry
            fingerprints[slot] = fingerprint
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
        a.text.withUTF8Bytes { x in
            b.text.withUTF8Bytes { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        text.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
