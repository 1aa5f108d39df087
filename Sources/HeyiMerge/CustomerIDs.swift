/// What happened to a customer id in a run.
public struct CustomerEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A new customer.
        case created
        /// `other` was merged into this customer; looking `other` up finds this one.
        case merged
        /// Records of this customer left to form `other` (a split: the larger part kept the id).
        case split
        /// Records joined or left this customer.
        case changed
    }
    public var kind: Kind
    public var customer: String
    public var other: String?
    public var records: Int
}

/// Keeps customer ids stable across runs: a cluster keeps the id its records had; when clusters
/// merge the oldest id survives and the others are recorded as merged into it; when a customer
/// splits, its largest part keeps the id and the other parts get new ones. Pure.
public struct CustomerIDAssigner: Sendable {
    /// The number of the next new id (ids are `C` and seven digits: C0000001).
    public var next: Int

    public init(next: Int) { self.next = next }

    public static func id(_ number: Int) -> String {
        let digits = String(number)
        return "C" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    public static func number(_ id: String) -> Int? { Int(id.dropFirst()) }

    public struct Result: Sendable, Equatable {
        /// Customer id per record of every cluster given.
        public var assignment: [Int64: String]
        public var events: [CustomerEvent]
        /// Retired id → the id it was merged into.
        public var mergedInto: [String: String]
        /// Customers whose records changed (created, merged, split, joined or left).
        public var touched: Set<String>
        public var next: Int
    }

    /// `clusters`: record ids per cluster (every current record once). `previous`: each record's
    /// customer id from the last run (records not listed are new).
    public func assign(clusters: [[Int64]], previous: [Int64: String]) -> Result {
        var next = self.next
        // Each old customer's records per cluster, and the cluster holding most of them.
        var parts: [String: [Int: Int]] = [:]
        for (c, members) in clusters.enumerated() {
            for record in members { if let old = previous[record] { parts[old, default: [:]][c, default: 0] += 1 } }
        }
        var home: [String: Int] = [:]
        for (old, counts) in parts {
            // Largest part; on a tie the part with the smallest record keeps the id.
            home[old] = counts.max { a, b in
                a.value != b.value ? a.value < b.value : (clusters[a.key].min() ?? .max) > (clusters[b.key].min() ?? .max)
            }!.key
        }
        var survivorsByCluster: [Int: [String]] = [:]
        for (old, c) in home { survivorsByCluster[c, default: []].append(old) }
        var assignment: [Int64: String] = [:]
        var events: [CustomerEvent] = []
        var mergedInto: [String: String] = [:]
        var touched = Set<String>()
        for (c, members) in clusters.enumerated() {
            let survivors = (survivorsByCluster[c] ?? []).sorted { (Self.number($0) ?? .max, $0) < (Self.number($1) ?? .max, $1) }
            let id: String
            if let oldest = survivors.first {
                id = oldest
                for other in survivors.dropFirst() {
                    mergedInto[other] = id
                    events.append(CustomerEvent(kind: .merged, customer: id, other: other, records: parts[other]?[c] ?? 0))
                    touched.insert(id)
                }
            } else {
                id = Self.id(next)
                next += 1
                events.append(CustomerEvent(kind: .created, customer: id, other: nil, records: members.count))
                touched.insert(id)
            }
            // Records that came from a customer whose home is elsewhere were split off it.
            var splitFrom: [String: Int] = [:]
            for record in members {
                assignment[record] = id
                if let old = previous[record], home[old] != c { splitFrom[old, default: 0] += 1 }
            }
            for (old, count) in splitFrom.sorted(by: { $0.key < $1.key }) {
                events.append(CustomerEvent(kind: .split, customer: old, other: id, records: count))
                touched.insert(old)
                touched.insert(id)
            }
            // Records new to this customer, or a customer that lost some.
            if survivors.count == 1, splitFrom.isEmpty, members.contains(where: { previous[$0] != id }) {
                events.append(CustomerEvent(kind: .changed, customer: id, other: nil, records: members.count { previous[$0] != id }))
                touched.insert(id)
            }
        }
        // A surviving customer that lost records without anything joining it was changed too.
        for (old, counts) in parts where counts.count > 1 { touched.insert(old) }
        return Result(assignment: assignment, events: events, mergedInto: mergedInto, touched: touched, next: next)
    }
}
