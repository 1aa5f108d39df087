import Foundation

/// Results of a pure normalizer by input, bounded, for values that repeat across records (names,
/// companies): a few thousand distinct names cover a million records. One per worker thread
/// (`RecordNormalizer.withOwnCaches()`); the lock is then never contended.
final class Memo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [ByteKey: Value] = [:]
    private let limit: Int

    init(limit: Int = 100_000) { self.limit = limit }

    func value(_ key: String, _ make: (String) -> Value) -> Value {
        guard NormalizerCaches.enabled else { return make(key) }
        if let hit = lock.withLock({ entries[ByteKey(key)] }) { return hit }
        let made = make(key)
        lock.withLock {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[ByteKey(key)] = made
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
