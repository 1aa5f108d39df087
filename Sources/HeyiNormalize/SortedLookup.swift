/// A small constant table of numeric keys (scalars, scalar pairs), looked up by binary search.
/// `Set` and `Dictionary` hash every probe with SipHash, which for the few checks a name needs
/// (compound surname, surname reading, company suffix) cost more than the rest of the name.
struct SortedLookup<Key: FixedWidthInteger & Sendable, Value: Sendable>: Sendable {
    private let keys: [Key]
    private let values: [Value]

    init(_ pairs: some Sequence<(Key, Value)>) {
        let sorted = pairs.sorted { $0.0 < $1.0 }
        precondition(zip(sorted, sorted.dropFirst()).allSatisfy { $0.0 != $1.0 }, "duplicate keys")
        keys = sorted.map(\.0)
        values = sorted.map(\.1)
    }

    subscript(key: Key) -> Value? {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key ? values[low] : nil
    }
}

extension SortedLookup where Value == Void {
    init(keys: some Sequence<Key>) { self.init(Set(keys).map { ($0, ()) }) }

    func contains(_ key: Key) -> Bool { self[key] != nil }
}
