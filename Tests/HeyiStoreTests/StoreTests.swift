import Foundation
import GRDB
import HeyiTestSupport
import Testing
@testable import HeyiCore
@testable import HeyiStore

@Suite struct StoreTests {
    let folder = TemporaryFolder()

    func makeStore() throws -> Store {
        let store = try Store(path: folder.path + "/s.sqlite")
        try store.saveSource(name: "s", department: "销售部", format: "csv", mappingFile: nil, mappingJSON: "{}")
        return store
    }

    func record(_ key: String, _ raw: String, line: Int = 2) -> SourceRecord {
        SourceRecord(key: key, keyIsContentHash: false, contentHash: SHA256.hex(raw), locator: Locator(record: line - 1, line: line),
                     raw: raw, fields: [.name: [raw]])
    }

    @Test func schemaIsSoundWithForeignKeysAndWAL() throws {
        let store = try makeStore()
        #expect(try store.integrityProblems().isEmpty)
        let (foreignKeys, journal) = try store.pool.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(foreignKeys == 1)
        #expect(journal == "wal")
        let migrations = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1 staging: runs, sources, files, records, rejects", "v2 normalized records, phones and e-mails",
                               "v3 match: runs, clusters, pairs, review queue, steward rules",
                               "v4 customers: golden records, stable ids, lineage, history, steward decisions"])
    }

    @Test func newChangedUnchangedAndDuplicateRecords() throws {
        let store = try makeStore()
        let run = try store.beginRun(command: "test")
        var outcomes: [RecordOutcome] = []
        let first = try store.ingestFile(FileToIngest(source: "s", path: "a.csv", sha256: "a", byteSize: 1), runId: run) { writer in
            for r in [record("K1", "陈丽华"), record("K2", "王芳"), record("K1", "陈丽华", line: 9), record("K2", "王芳芳", line: 10)] {
                outcomes.append(try writer.add(r))
            }
            return ("utf-8", [])
        }
        #expect(outcomes == [.new, .new, .duplicateInFile, .duplicateInFile])
        #expect(first.recordsNew == 2 && first.rowsRejected == 2 && first.recordsRead == 4)
        outcomes = []
        let second = try store.ingestFile(FileToIngest(source: "s", path: "b.csv", sha256: "b", byteSize: 1), runId: run) { writer in
            for r in [record("K1", "陈丽华"), record("K2", "王芳 (new phone)"), record("K3", "欧阳倩")] { outcomes.append(try writer.add(r)) }
            return ("utf-8", [])
        }
        #expect(outcomes == [.unchanged, .changed, .new])
        #expect(second.recordsUnchanged == 1 && second.recordsChanged == 1 && second.recordsNew == 1)
        #expect(try store.count("records") == 4, "the old version of K2 is kept")
        #expect(try store.count("records", where: "superseded_by IS NULL") == 3)
        let rejects = try store.rejects(run: run)
        #expect(rejects.map(\.reason) == [.duplicateKey, .duplicateKey])
        #expect(rejects[0].message.contains("exact copy of the one on line 2"))
        #expect(rejects[1].message.contains("same key as the one on line 2"))
        #expect(rejects.map(\.path) == ["a.csv", "a.csv"])
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func aFailingFileLeavesNothing() throws {
        let store = try makeStore()
        let run = try store.beginRun(command: "test")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.ingestFile(FileToIngest(source: "s", path: "a.csv", sha256: "a", byteSize: 1), runId: run) { writer in
                try writer.add(record("K1", "x"))
                try writer.add(RecordReject(reason: .cellCount, locator: Locator(line: 3), message: "m", raw: "r"))
                throw Boom()
            }
        }
        #expect(try store.count("records") == 0)
        #expect(try store.count("rejects") == 0)
        #expect(try store.ingestedFile(source: "s", sha256: "a") == nil, "the file can be ingested again")
    }

    @Test func runsOfDeadProcessesBecomeInterrupted() throws {
        let store = try makeStore()
        try store.pool.write { db in
            // pid 2^22 + 7 is above Linux's default pid_max: no such process.
            try db.execute(sql: "INSERT INTO runs (command, pid, started_at, status) VALUES ('killed', 4194311, '2026-01-01', 'running')")
        }
        let run = try store.beginRun(command: "next")
        let runs = try store.runs()
        #expect(runs.map(\.status) == [.running, .interrupted])
        try store.finishRun(run, status: .completed, exitCode: 0, filesIngested: 0, filesUnchanged: 0, totals: FileTotals())
        #expect(try store.run(id: run)?.status == .completed)
    }

    @Test func errorsDoNotCarryBoundValues() throws {
        let store = try makeStore()
        let run = try store.beginRun(command: "test")
        let error = #expect(throws: HeyiError.self) {
            try store.ingestFile(FileToIngest(source: "no-such-source", path: "a.csv", sha256: "a", byteSize: 1), runId: run) { _ in ("", []) }
        }
        #expect(error?.code == .store)
        #expect(error?.message.contains("FOREIGN KEY") == true)
        #expect(error?.message.contains("a.csv") == false)
    }
}
