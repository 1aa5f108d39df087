/// Fixed slots that concurrent workers fill, each its own index (no two workers share a slot),
/// without a lock.
public final class ConcurrentSlots<Value>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value?>
    public let count: Int

    public init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    public subscript(index: Int) -> Value? {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// The filled slots, in index order.
    public var values: [Value] { (0..<count).compactMap { base[$0] } }
}
