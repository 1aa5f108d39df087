import Foundation
import GRDB
import Testing
@testable import HeyiGenerate
@testable import HeyiMatch
@testable import HeyiMerge
@testable import HeyiPipeline
@testable import HeyiStore

/// Customers as sets of source:key with their golden values, independent of ids and load order.
func customerView(_ store: Store) throws -> [Set<String>: [String: String]] {
    try store.pool.read { db in
        var members: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, source, key FROM customer_sources") {
            members[row[0], default: []].insert("\(row[1] as String):\(row[2] as String)")
        }
        var view: [Set<String>: [String: String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM customers") {
            var golden: [String: String] = [:]
            for field in ["name", "gender", "birthday", "id_number", "company", "address"] { if let v: String = row[field] { golden[field] = v } }
            golden["phones"] = try String.fetchAll(db, sql: "SELECT phone FROM customer_phones WHERE customer_id = ? ORDER BY phone",
                                                   arguments: [row["id"] as String]).joined(separator: ";")
            golden["emails"] = try String.fetchAll(db, sql: "SELECT email FROM customer_emails WHERE customer_id = ? ORDER BY email",
                                                   arguments: [row["id"] as String]).joined(separator: ";")
            golden["owners"] = try String.fetchAll(db, sql: "SELECT DISTINCT owner FROM customer_sources WHERE customer_id = ? AND owner IS NOT NULL ORDER BY owner",
                                                   arguments: [row["id"] as String]).joined(separator: ";")
            view[members[row["id"]] ?? []] = golden
        }
        return view
    }
}

@Suite struct IncrementalTests {
    let sources = [("gen-sales", "sales"), ("gen-crm", "crm/customers.xml"), ("gen-web", "web/members.jsonl")]

    func ingest(_ folder: String, _ source: (String, String), into store: Store) throws {
        let plan = try IngestPlan.make(mappingPath: "\(folder)/mappings/\(source.0).yaml", inputs: [source.1], relativeTo: folder)
        _ = try IngestRun(store: store).run(plan, command: "test")
        _ = try NormalizeRun(store: store).run()
    }

    @Test func incrementsGiveTheSameCustomersAsOneFullRun() throws {
        let folder = TemporaryFolder()
        _ = try CompanyGenerator(customers: 600, seed: 17).write(to: folder.path)
        // One model for both, as a project fixes it in heyi.yaml (model: model.json).
        let full = try Store(path: folder.path + "/full.sqlite")
        for source in sources { try ingest(folder.path, source, into: full) }
        let (_, model) = try MatchRun(store: full).run(model: nil, thresholds: Thresholds(), full: true)
        let (summary, _) = try MatchRun(store: full).run(model: model, thresholds: Thresholds(), full: true)
        _ = try MergeRun(store: full).run()

        let stepwise = try Store(path: folder.path + "/steps.sqlite")
        var firstIds: [String: String] = [:]
        for (n, source) in sources.enumerated() {
            try ingest(folder.path, source, into: stepwise)
            let outcome = try MatchRun(store: stepwise).runDetailed(model: model, thresholds: Thresholds(), full: false)
            if n > 0 {
                let affected = try #require(outcome.affected, "after the first pass only the new records' neighbourhood is read")
                #expect(affected.count < (try stepwise.clusteredRecordIds().count))
            }
            _ = try MergeRun(store: stepwise).run(records: outcome.affected)
            if n == 0 {
                firstIds = Dictionary(uniqueKeysWithValues: try stepwise.pool.read { db in
                    try Row.fetchAll(db, sql: "SELECT source || ':' || key, customer_id FROM customer_sources").map { ($0[0] as String, $0[1] as String) }
                })
            }
        }
        let a = try customerView(full), b = try customerView(stepwise)
        #expect(a.count == b.count)
        #expect(Set(a.keys) == Set(b.keys), "same clusters")
        #expect(a == b, "same golden values")
        #expect(summary.links > 0)
        // No customer id dangles: every id ever given leads to a live customer with a golden record,
        // and a record's id from the first step still finds the customer it is in now (unless split).
        let now = Dictionary(uniqueKeysWithValues: try stepwise.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT source || ':' || key, customer_id FROM customer_sources").map { ($0[0] as String, $0[1] as String) }
        })
        let (allIds, live, split) = try stepwise.pool.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM customer_ids"), Set(try String.fetchAll(db, sql: "SELECT id FROM customers")),
             Set(try String.fetchAll(db, sql: "SELECT customer_id FROM customer_events WHERE event = 'split'")))
        }
        for id in allIds { #expect(try stepwise.liveCustomerId(id).map(live.contains) == true, "\(id) dangles") }
        for (record, oldId) in firstIds where !split.contains(oldId) {
            #expect(try stepwise.liveCustomerId(oldId) == now[record], "\(record) was \(oldId)")
        }
        // A steward joins two customers: the older id survives, the other is recorded as merged into it.
        let two = try stepwise.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, source, key FROM customer_sources GROUP BY customer_id ORDER BY customer_id LIMIT 2")
        }
        try stepwise.addLinkRule(StoredLinkRule(sourceA: two[0]["source"], keyA: two[0]["key"], sourceB: two[1]["source"], keyB: two[1]["key"],
                                                kind: "always", decidedBy: "steward", decidedAt: "2026-11-23T00:00:00Z", reason: "same person"))
        let outcome = try MatchRun(store: stepwise).runDetailed(model: model, thresholds: Thresholds(), full: false)
        let merge = try MergeRun(store: stepwise).run(records: outcome.affected)
        #expect(merge.merged == 1)
        let older: String = two[0]["customer_id"], younger: String = two[1]["customer_id"]
        #expect(try stepwise.liveCustomerId(younger) == older)
        let history = try #require(try stepwise.customerDetail(older)).history
        #expect(history.contains { $0.event == "merged" && $0.other == younger })
        #expect(try stepwise.integrityProblems().isEmpty)
        #expect(try full.integrityProblems().isEmpty)
    }
}
