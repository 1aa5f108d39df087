import Foundation
import GRDB
import Testing

/// A run killed with SIGKILL part-way and run again leaves exactly the store one clean run leaves.
@Suite struct KillResumeTests {
    /// Three sizeable CSV files with a few bad rows each, deterministic.
    func makeInputs(in folder: TemporaryFolder) -> [String] {
        (1...3).map { part in
            var text = "客户编号,客户姓名,手机,地址\n"
            for row in 1...30_000 {
                if row % 9_999 == 0 { text += "B\(part)-\(row),多一列,138,北京,海淀\n"; continue }
                text += "P\(part)-\(row),客户\(row % 977),1\(String(format: "%010d", row * 7 + part)),北京市海淀区学院路\(row)号\n"
            }
            return folder.write("part\(part).csv", text)
        }
    }

    /// Everything the store holds about the data, without run ids and timings.
    func snapshot(_ path: String) throws -> [String] {
        let db = try DatabaseQueue(path: path)
        return try db.read { db in
            let records = try Row.fetchAll(db, sql: """
                SELECT r.source, r.record_key, r.content_hash, r.record_no, r.line, r.raw, r.fields, r.superseded_by IS NULL AS current, f.path
                FROM records r JOIN files f ON f.id = r.file_id ORDER BY r.source, r.record_key, r.id
                """).map { $0.description }
            let files = try Row.fetchAll(db, sql: """
                SELECT source, path, sha256, byte_size, encoding, records_read, records_new, records_changed, records_unchanged, rows_rejected
                FROM files ORDER BY path
                """).map { $0.description }
            let rejects = try Row.fetchAll(db, sql: """
                SELECT j.source, f.path, j.record_no, j.line, j.reason, j.message, j.raw FROM rejects j JOIN files f ON f.id = j.file_id
                ORDER BY f.path, j.line
                """).map { $0.description }
            return records + files + rejects
        }
    }

    @Test func killedRunResumesToTheSameStore() throws {
        let folder = TemporaryFolder()
        let inputs = makeInputs(in: folder)
        let mapping = folder.write("m.yaml", "source: s\nformat: csv\nkey: 客户编号\nfields: {name: 客户姓名, phone: 手机, address: 地址}\n")
        let killedDB = folder.path + "/killed.sqlite"
        let arguments = ["ingest", "--mapping", mapping] + inputs

        let process = try CLI.start(arguments + ["--db", killedDB], in: folder.path, output: folder.path + "/killed")
        // Wait until the first file is committed, then kill the process inside the second file.
        let deadline = Date().addingTimeInterval(120)
        var committed = 0
        while process.isRunning && Date() < deadline {
            if FileManager.default.fileExists(atPath: killedDB),
               let count = try? DatabaseQueue(path: killedDB).read({ try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM files") }),
               count >= 1 {
                committed = count
                break
            }
            usleep(20_000)
        }
        try #require(process.isRunning, "the run must still be going to be killed part-way")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(committed >= 1 && committed < 3)

        // What a kill leaves: whole files only.
        let partial = try DatabaseQueue(path: killedDB).read { db in
            try Row.fetchAll(db, sql: "SELECT f.records_new, (SELECT COUNT(*) FROM records r WHERE r.file_id = f.id) AS stored FROM files f")
        }
        #expect(partial.allSatisfy { ($0["records_new"] as Int) == ($0["stored"] as Int) && ($0["stored"] as Int) > 0 })

        let resumed = try CLI.run(arguments + ["--db", killedDB], in: folder.path)
        #expect(resumed.code == 3, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("unchanged"), "files committed before the kill are skipped")

        let cleanDB = folder.path + "/clean.sqlite"
        let clean = try CLI.run(arguments + ["--db", cleanDB], in: folder.path)
        #expect(clean.code == 3)

        let (a, b) = (try snapshot(killedDB), try snapshot(cleanDB))
        #expect(a.count == b.count)
        #expect(a == b, "the killed-and-resumed store equals the clean one")
        let statuses = try DatabaseQueue(path: killedDB).read { try String.fetchAll($0, sql: "SELECT status FROM runs ORDER BY id") }
        #expect(statuses == ["interrupted", "completed"])
        let integrity = try DatabaseQueue(path: killedDB).read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
    }
}
