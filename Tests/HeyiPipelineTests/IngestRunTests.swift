import Foundation
import GRDB
import Testing
@testable import HeyiCore
@testable import HeyiIngest
@testable import HeyiPipeline
@testable import HeyiStore

@Suite struct IngestRunTests {
    @Test func ingestsEverySampleWithTheExpectedRecordsAndRejects() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        for source in sampleSources {
            let summary = try ingest(source.mapping, source.files, into: store)
            #expect(summary.files.count == 1)
            #expect(summary.totals.recordsNew == source.records, "\(source.mapping)")
            #expect(summary.totals.rowsRejected == source.rejects, "\(source.mapping)")
            #expect(summary.exitCode == (source.rejects > 0 ? 3 : 0))
        }
        // Every keyed record of truth.csv that is not a deliberately broken row is in the store.
        let truth = try String(contentsOfFile: "\(repositoryRoot)/Samples/truth.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let stored = try Set(store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT source, record_key FROM records").map { "\($0["source"] as String)|\($0["record_key"] as String)" }
        })
        let expected = truth.filter { !$0[2].hasPrefix("X-") }.map { "\($0[0])|\($0[1])" }
        #expect(Set(expected).subtracting(stored).isEmpty)
        #expect(stored.count == expected.count)
        // Every reject names its file and line and keeps the raw text.
        let rejects = try store.rejects()
        #expect(rejects.count == 6)
        #expect(rejects.allSatisfy { $0.line != nil && !$0.raw.isEmpty && !$0.message.isEmpty })
        #expect(Set(rejects.map(\.reason)) == [.undecodable, .cellCount, .missingKey, .malformedJSON, .notAnObject])
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func aGB18030SampleRecordKeepsItsLineageAndValues() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        _ = try ingest("sales-zhang", ["Samples/sales/张三-客户名单.csv"], into: store)
        let row = try #require(try store.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT r.line, r.raw, r.fields, f.encoding, f.sha256, f.byte_size, s.department
                FROM records r JOIN files f ON f.id = r.file_id JOIN sources s ON s.name = r.source
                WHERE r.record_key = 'ZS0001'
                """)
        })
        #expect(row["line"] as Int == 3, "title row and header come first")
        #expect((row["encoding"] as String).hasPrefix("gb18030"))
        #expect(row["department"] as String == "销售部")
        #expect((row["raw"] as String).contains(#""客户编号":"ZS0001""#))
        #expect((row["fields"] as String).contains(#""owner":["张三"]"#))
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(repositoryRoot)/Samples/sales/张三-客户名单.csv"))
        #expect(row["byte_size"] as Int == data.count)
    }

    @Test func reingestingAnUnchangedFileIsANoOp() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        let first = try ingest("web-members", ["Samples/web/members.jsonl"], into: store)
        let counts = (try store.count("records"), try store.count("rejects"))
        let second = try ingest("web-members", ["Samples/web/members.jsonl"], into: store)
        #expect(second.files[0].status == .unchanged)
        #expect(second.files[0].ingestedByRun == first.runId)
        #expect(second.totals == FileTotals())
        #expect(second.exitCode == 0)
        #expect((try store.count("records"), try store.count("rejects")) == counts)
    }

    @Test func aChangedFileAddsOnlyNewAndChangedRecords() throws {
        let folder = TemporaryFolder()
        let store = try Store(path: folder.path + "/h.sqlite")
        let original = try String(contentsOfFile: "\(repositoryRoot)/Samples/web/members.jsonl", encoding: .utf8)
        let file = folder.write("members.jsonl", original)
        _ = try ingest("web-members", [file], into: store, base: folder.path)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"points\": ", with: "\"points\": 1")
        lines.insert(#"{"member_id": "M200001", "profile": {"name": "新会员"}, "phones": ["13012345678"]}"#, at: 3)
        folder.write("members.jsonl", lines.joined(separator: "\n"))
        let summary = try ingest("web-members", [file], into: store, base: folder.path)
        #expect(summary.files[0].status == .ingested)
        #expect(summary.totals.recordsNew == 1)
        #expect(summary.totals.recordsChanged == 1)
        #expect(summary.totals.recordsUnchanged == 45)
        #expect(summary.totals.rowsRejected == 1, "the broken line is still broken, and kept again for this file")
        #expect(try store.count("records", where: "superseded_by IS NULL") == 47)
        #expect(try store.count("records") == 48, "the previous version of the changed record is kept")
    }

    @Test func configurationProblemsAcrossFilesComeTogetherAndNothingIsWritten() throws {
        let folder = TemporaryFolder()
        let bad = folder.write("bad.yaml", "source: s\nformat: csv\nkey: 客户编号\nfields: {name: 客户名, phone: 手机}\n")
        folder.write("a.csv", "客户编号,客户姓名,手机\n1,张三,138\n")
        folder.write("b.csv", "客户编号,姓名,手机\n1,李四,139\n")
        let error = #expect(throws: ConfigurationError.self) {
            try IngestPlan.make(mappingPath: bad, inputs: ["a.csv", "b.csv", "missing.csv", "*.xlsx"], relativeTo: folder.path)
        }
        let text = error?.description ?? ""
        #expect(error?.problems.count == 4, "\(text)")
        #expect(text.contains("missing.csv: error: no such file or folder"))
        #expect(text.contains("*.xlsx: error: no file matches this pattern"))
        #expect(text.contains("a.csv: error: fields.name: unknown column '客户名'") && text.contains("did you mean '客户姓名'"))
        #expect(text.contains("b.csv: error: fields.name: unknown column '客户名'"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/heyi.sqlite"))
    }

    @Test func inputsExpandFoldersAndGlobsSorted() {
        let folder = TemporaryFolder()
        folder.write("sales/b.csv", "x")
        folder.write("sales/a.csv", "x")
        folder.write("sales/notes.md", "x")
        folder.write("sales/sub/c.tsv", "x")
        let (files, problems) = InputResolver.resolve(["sales", "sales/*.csv"], format: .csv, relativeTo: folder.path)
        #expect(problems.isEmpty)
        #expect(files.map { String($0.dropFirst(folder.path.count + 1)) } == ["sales/a.csv", "sales/b.csv", "sales/sub/c.tsv"])
    }
}
