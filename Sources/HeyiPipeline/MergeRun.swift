public import HeyiCore
import Foundation
public import HeyiMerge
public import HeyiStore

/// What a merge pass did.
public struct MergeSummary: Sendable, Codable {
    public var customers: Int
    public var created: Int
    public var merged: Int
    public var split: Int
    public var changed: Int
    /// Golden records rebuilt (customers whose records changed).
    public var rebuilt: Int
    public var seconds: Double
}

/// The merge stage over the store: gives every cluster of the last match a stable customer id,
/// rebuilds the golden records of customers whose records changed, and records the history.
public struct MergeRun: Sendable {
    public let store: Store
    public let merger: Merger

    public init(store: Store, survivorship: Survivorship = Survivorship()) {
        self.store = store
        merger = Merger(survivorship: survivorship)
    }

    /// `records`: only the customers of these records (an incremental match's affected records,
    /// which hold whole customers); all when nil.
    /// `rebuildAll`: every golden record is rebuilt (after survivorship rules changed).
    public func run(records: Set<Int64>? = nil, rebuildAll: Bool = false) throws(HeyiError) -> MergeSummary {
        let started = Date()
        let trace = ProcessInfo.processInfo.environment["HEYI_TRACE"] != nil
        func mark(_ label: String) { if trace { FileHandle.standardError.write(Data(String(format: "merge %@ %.2fs\n", label, Date().timeIntervalSince(started)).utf8)) } }
        let clusters: [[Int64]]
        let previous: [Int64: String]
        if let records {
            var groups: [Int64: [Int64]] = [:]
            for (record, cluster) in try store.clusterOf(records) { groups[cluster, default: []].append(record) }
            clusters = groups.keys.sorted().map { groups[$0]!.sorted() }
            previous = try store.customerMembership(of: records)
        } else {
            clusters = try store.currentClusters()
            previous = try store.customerMembership()
        }
        let assigner = CustomerIDAssigner(next: try store.nextCustomerNumber())
        mark("loaded clusters")
        let result = assigner.assign(clusters: clusters, previous: previous)
        mark("assigned ids")
        // Customers to rebuild: those the assigner touched, and those holding a record that is new
        // to them or was replaced by a new version since.
        var rebuild = result.touched
        if rebuildAll { rebuild.formUnion(result.assignment.values) }
        var changedAssignments: [(Int64, String)] = []
        for (record, id) in result.assignment where previous[record] != id {
            changedAssignments.append((record, id))
            rebuild.insert(id)
        }
        let current = Set(result.assignment.keys)
        for (record, id) in previous where !current.contains(record) { rebuild.insert(id) }
        let retired = Set(result.mergedInto.keys)
        var membersOf: [String: [Int64]] = [:]
        for (record, id) in result.assignment where rebuild.contains(id) { membersOf[id, default: []].append(record) }
        let wanted = Set(membersOf.values.joined())
        let stored = try store.members(wanted.count == result.assignment.count ? nil : wanted)
        mark("loaded members")
        var byRecord: [Int64: MemberRecord] = [:]
        for member in stored { byRecord[member.recordId] = Self.member(member) }
        // Golden records on every core: the merger is pure.
        let jobs = membersOf.sorted { $0.key < $1.key }.filter { !retired.contains($0.key) }
        let slots = ConcurrentSlots<StoredGolden>(count: jobs.count)
        let records = byRecord
        let merger = self.merger
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount * 4))) { worker in
            let workers = max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount * 4))
            for k in stride(from: worker, to: jobs.count, by: workers) {
                let members = jobs[k].value.compactMap { records[$0] }
                guard !members.isEmpty else { continue }
                slots[k] = Self.stored(jobs[k].key, merger.golden(members))
            }
        }
        let golden = slots.values
        mark("built golden records")
        let createdIds = result.events.filter { $0.kind == .created }.map(\.customer)
        let changes = CustomerChanges(
            assignment: changedAssignments.sorted { $0.0 < $1.0 }.map { (recordId: $0.0, customerId: $0.1) }, newIds: createdIds.sorted(),
            mergedInto: result.mergedInto.sorted { $0.key < $1.key }.map { (from: $0.key, into: $0.value) },
            events: result.events.map { (customer: $0.customer, event: $0.kind.rawValue, other: $0.other, records: $0.records) },
            golden: golden, rewritten: rebuild.union(retired))
        try store.saveCustomers(changes, matchRunId: try store.latestMatchRun()?.id)
        mark("saved")
        func count(_ kind: CustomerEvent.Kind) -> Int { result.events.count { $0.kind == kind } }
        return MergeSummary(customers: try store.liveCustomerCount(), created: count(.created), merged: count(.merged), split: count(.split),
                            changed: count(.changed), rebuilt: golden.count, seconds: Date().timeIntervalSince(started))
    }

    static func member(_ m: StoredMember) -> MemberRecord {
        MemberRecord(recordId: m.recordId, source: m.source, department: m.department, key: m.key, file: m.file, line: m.line, path: m.path,
                     name: m.name, gender: m.gender, birthday: m.birthday, idNumber: m.idNumber, idNumberValid: m.idNumberValid,
                     company: m.company, address: m.address, phones: m.phones, emails: m.emails, owner: m.owner, updatedAt: m.updatedAt ?? "")
    }

    static func stored(_ id: String, _ golden: GoldenRecord) -> StoredGolden {
        var values: [String: (value: String, recordId: Int64)] = [:]
        for (field, chosen) in golden.values { values[field.rawValue] = chosen }
        return StoredGolden(customerId: id, values: values, records: golden.recordIds.count, sources: golden.sources.count)
    }
}
