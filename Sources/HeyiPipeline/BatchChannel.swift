import Foundation

/// A bounded hand-off of event batches from the parsing thread to the writing thread.
/// Bounded so a fast reader cannot fill memory while SQLite catches up.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[PreparedEvent]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 8) { self.capacity = capacity }

    /// Producer side: blocks while the channel is full; false once the consumer has given up.
    func send(_ batch: [PreparedEvent]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.signal()
        return true
    }

    /// Producer side: no more batches; `error` if reading stopped on one.
    func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer side: the next batch, nil at the end; rethrows the producer's error.
    func receive() throws -> [PreparedEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.signal()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer side: stop the producer (the write failed).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has finished (after a cancel).
    func waitForProducer() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
