import Foundation
import GRDB
import Testing
@testable import HeyiGenerate
@testable import HeyiMatch
@testable import HeyiPipeline
@testable import HeyiStore

/// Ingests (and normalizes) every export a generated company has.
func ingestGenerated(_ folder: String, into store: Store) throws {
    for (mapping, input) in [("gen-sales", "sales"), ("gen-crm", "crm/customers.xml"), ("gen-web", "web/members.jsonl")] {
        let plan = try IngestPlan.make(mappingPath: "\(folder)/mappings/\(mapping).yaml", inputs: [input], relativeTo: folder)
        _ = try IngestRun(store: store).run(plan, command: "test \(mapping)")
    }
    _ = try NormalizeRun(store: store).run()
}

@Suite struct GeneratorTests {
    @Test func theSameSeedWritesTheSameFiles() throws {
        let a = TemporaryFolder(), b = TemporaryFolder(), c = TemporaryFolder()
        let summary = try CompanyGenerator(customers: 500, seed: 3).write(to: a.path)
        _ = try CompanyGenerator(customers: 500, seed: 3).write(to: b.path)
        _ = try CompanyGenerator(customers: 500, seed: 4).write(to: c.path)
        for file in summary.files + [summary.truth] + summary.mappings {
            let x = try Data(contentsOf: URL(fileURLWithPath: a.path + "/" + file)), y = try Data(contentsOf: URL(fileURLWithPath: b.path + "/" + file))
            #expect(x == y, "\(file) differs between two runs with one seed")
        }
        let truthA = try String(contentsOfFile: a.path + "/truth.csv", encoding: .utf8), truthC = try String(contentsOfFile: c.path + "/truth.csv", encoding: .utf8)
        #expect(truthA != truthC)
        // About 30% of the records are extra copies, as asked.
        let share = Double(summary.duplicateRecords) / Double(summary.records)
        #expect(share > 0.25 && share < 0.35, "duplicate share \(share)")
        #expect(summary.records == truthA.split(separator: "\n").count - 1)
    }

    @Test func everyGeneratedRecordIngestsCleanly() throws {
        let folder = TemporaryFolder()
        let summary = try CompanyGenerator(customers: 400, seed: 8).write(to: folder.path)
        let store = try Store(path: folder.path + "/h.sqlite")
        try ingestGenerated(folder.path, into: store)
        #expect(try store.rejects().isEmpty)
        let stored = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records")! }
        #expect(stored == summary.records)
        // The sales sheets are GB18030, as salespeople's Excel writes them.
        let encodings = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT encoding FROM files WHERE source = 'gen-sales'") }
        #expect(encodings.allSatisfy { $0.hasPrefix("gb18030") }, "\(encodings)")
    }
}

@Suite struct MatchRunTests {
    @Test func matchesAGeneratedCompanyAccurately() throws {
        let folder = TemporaryFolder()
        _ = try CompanyGenerator(customers: 2000, seed: 21).write(to: folder.path)
        let store = try Store(path: folder.path + "/h.sqlite")
        try ingestGenerated(folder.path, into: store)
        let (summary, model) = try MatchRun(store: store).run(model: nil, thresholds: Thresholds())
        #expect(summary.trained && model.training != nil)
        let report = try EvaluateRun(store: store).run(truthPath: folder.path + "/truth.csv")
        #expect(report.truthRowsNotFound == 0)
        #expect(report.stored.f1 >= 0.95, "pairwise F1 \(report.stored.f1)")
        #expect(report.storedLinkPrecision >= 0.99, "automatic links precision \(report.storedLinkPrecision)")
        #expect((report.blocking.truePairsReached ?? 0) >= 0.97)
        // Every current record has a cluster; links and the review queue are stored with their levels.
        let (clustered, records, reviews) = try store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_clusters")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_queue")!)
        }
        #expect(clustered == records)
        #expect(reviews == summary.reviews)
        #expect(try store.integrityProblems().isEmpty)
        // A sweep gives higher precision at a higher threshold.
        let strict = try #require(report.sweep.last), loose = try #require(report.sweep.first)
        #expect(strict.accuracy.precision >= loose.accuracy.precision)
    }

    @Test func stewardRulesAreHonouredByTheNextRun() throws {
        let folder = TemporaryFolder()
        _ = try CompanyGenerator(customers: 300, seed: 5).write(to: folder.path)
        let store = try Store(path: folder.path + "/h.sqlite")
        try ingestGenerated(folder.path, into: store)
        let run = MatchRun(store: store)
        let (_, model) = try run.run(model: nil, thresholds: Thresholds())
        let linked = try #require(try store.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT ra.source AS sa, ra.record_key AS ka, rb.source AS sb, rb.record_key AS kb, p.record_a, p.record_b
                FROM match_pairs p JOIN records ra ON ra.id = p.record_a JOIN records rb ON rb.id = p.record_b
                JOIN record_clusters c ON c.record_id = p.record_a
                WHERE p.decision = 'link' AND (SELECT COUNT(*) FROM record_clusters WHERE cluster = c.cluster) = 2 LIMIT 1
                """)
        })
        let singles = try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.source, r.record_key, r.id FROM record_clusters c JOIN records r ON r.id = c.record_id
                WHERE (SELECT COUNT(*) FROM record_clusters x WHERE x.cluster = c.cluster) = 1 LIMIT 2
                """)
        }
        try #require(singles.count == 2)
        try store.addLinkRule(StoredLinkRule(sourceA: linked["sa"], keyA: linked["ka"], sourceB: linked["sb"], keyB: linked["kb"], kind: "never",
                                             decidedBy: "steward", decidedAt: "2026-11-23T00:00:00Z", reason: "different people"))
        try store.addLinkRule(StoredLinkRule(sourceA: singles[0]["source"], keyA: singles[0]["record_key"], sourceB: singles[1]["source"],
                                             keyB: singles[1]["record_key"], kind: "always", decidedBy: "steward", decidedAt: "2026-11-23T00:00:00Z",
                                             reason: "same person, new name"))
        let (summary, _) = try run.run(model: model, thresholds: Thresholds())
        #expect(summary.stewardRules == 2)
        func cluster(_ id: Int64) throws -> Int64 {
            try store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT cluster FROM record_clusters WHERE record_id = ?", arguments: [id])! }
        }
        #expect(try cluster(linked["record_a"]) != cluster(linked["record_b"]))
        #expect(try cluster(singles[0]["id"]) == cluster(singles[1]["id"]))
    }
}
