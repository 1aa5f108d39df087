import Foundation

/// Results of a pure normalizer by input, bounded, for values that repeat across records (names,
/// companies): a few thousand distinct names cover a million records.
final class Memo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Value] = [:]
    private let limit: Int

    init(limit: Int = 100_000) { self.limit = limit }

    func value(_ key: String, _ make: (String) -> Value) -> Value {
        guard NormalizerCaches.enabled else { return make(key) }
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let made = make(key)
        lock.withLock {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
        }
        return made
    }
}
