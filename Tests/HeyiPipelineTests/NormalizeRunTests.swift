import Foundation
import GRDB
import Testing
@testable import HeyiNormalize
@testable import HeyiPipeline
@testable import HeyiStore

@Suite struct NormalizeRunTests {
    @Test func normalizesEveryCurrentRecordOnceAndKeepsOriginals() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        for source in sampleSources { _ = try ingest(source.mapping, source.files, into: store) }
        let run = NormalizeRun(store: store, normalizer: RecordNormalizer(today: CalendarDay(year: 2026, month: 11, day: 23)))
        let first = try run.run()
        #expect(first.records == 309)
        #expect(try run.run().records == 0, "a second pass finds nothing to do")

        let row = try #require(try store.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT n.name, n.pinyin_key, r.raw FROM normalized_records n JOIN records r ON r.id = n.record_id
                WHERE r.source = 'sales-wang' AND r.record_key = 'W001'
                """)
        })
        #expect(row["name"] as String == "何玉兰", "traditional → simplified")
        #expect((row["raw"] as String).contains("何玉蘭"), "the original stays as it was")
        #expect(row["pinyin_key"] as String == "he yulan")

        // Cross-department duplicates now share normalized phones written in different ways.
        let shared = try store.pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT e164 FROM record_phones p JOIN records r ON r.id = p.record_id
                GROUP BY e164 HAVING COUNT(DISTINCT r.source) >= 3)
                """)
        }
        #expect((shared ?? 0) >= 10)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func anOlderNormalizedFormIsReplacedWhole() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        _ = try ingest("sales-wang", ["Samples/sales/王五-客户.tsv"], into: store)
        #expect(try NormalizeRun(store: store).run().records == 44)
        let id = try #require(try store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM records WHERE record_key = 'W001'") })
        let phones = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT e164 FROM record_phones WHERE record_id = ?", arguments: [id]) }
        // A form left by an older heyi, with a phone the current normalizer would not give.
        try store.pool.write { db in
            try db.execute(sql: "UPDATE normalized_records SET version = 1 WHERE record_id = ?", arguments: [id])
            try db.execute(sql: "INSERT INTO record_phones (record_id, e164, kind) VALUES (?, '+8610000000000', 'mobile')", arguments: [id])
        }
        #expect(try NormalizeRun(store: store).run().records == 1)
        let after = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT e164 FROM record_phones WHERE record_id = ?", arguments: [id]) }
        #expect(after == phones, "the stale phone is gone, the current ones are back")
    }

    @Test func aChangedRecordIsNormalizedAgain() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        let original = try String(contentsOfFile: "\(repositoryRoot)/Samples/web/members.jsonl", encoding: .utf8)
        let file = folder.write("members.jsonl", original)
        _ = try ingest("web-members", [file], into: store, base: folder.path)
        #expect(try NormalizeRun(store: store).run().records == 46)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"points\": ", with: "\"points\": 9")
        folder.write("members.jsonl", lines.joined(separator: "\n"))
        _ = try ingest("web-members", [file], into: store, base: folder.path)
        #expect(try NormalizeRun(store: store).run().records == 1, "only the new version of the changed record")
    }
}
