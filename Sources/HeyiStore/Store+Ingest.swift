public import HeyiCore
import Foundation
import GRDB

/// One file about to be ingested.
public struct FileToIngest: Sendable {
    public var source: String
    public var path: String
    public var sha256: String
    public var byteSize: Int64

    public init(source: String, path: String, sha256: String, byteSize: Int64) {
        self.source = source
        self.path = path
        self.sha256 = sha256
        self.byteSize = byteSize
    }
}

extension Store {
    /// Records the start of a run; runs left `running` by a process that no longer exists are
    /// marked `interrupted` first.
    public func beginRun(command: String) throws(HeyiError) -> Int64 {
        let pid = ProcessInfo.processInfo.processIdentifier
        let now = timestamp()
        return try write { db in
            let stale = try Row.fetchAll(db, sql: "SELECT id, pid FROM runs WHERE status = 'running'")
            for row in stale {
                let other: Int32 = row["pid"]
                if other != pid && kill(other, 0) != 0 && errno == ESRCH {
                    try db.execute(sql: "UPDATE runs SET status = 'interrupted' WHERE id = ?", arguments: [row["id"] as Int64])
                }
            }
            try db.execute(sql: "INSERT INTO runs (command, pid, started_at, status) VALUES (?, ?, ?, 'running')",
                           arguments: [command, pid, now])
            return db.lastInsertedRowID
        }
    }

    /// Closes a run with its totals.
    public func finishRun(_ id: Int64, status: StoredRun.Status, exitCode: Int32, filesIngested: Int, filesUnchanged: Int,
                          totals: FileTotals) throws(HeyiError) {
        let now = timestamp()
        try write { db in
            try db.execute(sql: """
                UPDATE runs SET finished_at = ?, status = ?, exit_code = ?, files_ingested = ?, files_unchanged = ?,
                    records_read = ?, records_new = ?, records_changed = ?, records_unchanged = ?, rows_rejected = ?
                WHERE id = ?
                """, arguments: [now, status.rawValue, exitCode, filesIngested, filesUnchanged, totals.recordsRead,
                                 totals.recordsNew, totals.recordsChanged, totals.recordsUnchanged, totals.rowsRejected, id])
        }
    }

    /// Saves a source and the mapping that reads it.
    public func saveSource(name: String, department: String?, format: String, mappingFile: String?, mappingJSON: String) throws(HeyiError) {
        let source = StoredSource(name: name, department: department, format: format, mappingFile: mappingFile,
                                  mappingJSON: mappingJSON, updatedAt: timestamp())
        try write { db in try source.upsert(db) }
    }

    /// The earlier ingest of a file with this content for this source, if any.
    public func ingestedFile(source: String, sha256: String) throws(HeyiError) -> StoredFile? {
        try read { db in
            try StoredFile.filter(StoredFile.Columns.source == source && StoredFile.Columns.sha256 == sha256).fetchOne(db)
        }
    }

    /// Ingests one file in one transaction: either all its records and rejects are stored, or,
    /// if the process dies or `body` throws, none are and the file counts as never ingested.
    public func ingestFile(_ file: FileToIngest, runId: Int64,
                           _ body: (FileWriter) throws -> (encoding: String, warnings: [String])) throws -> StoredFile {
        let started = clock()
        let now = timestamp()
        return try writePassingThrough { db in
            try db.execute(sql: """
                INSERT INTO files (source, run_id, path, sha256, byte_size, encoding, ingested_at) VALUES (?, ?, ?, ?, ?, '', ?)
                """, arguments: [file.source, runId, file.path, file.sha256, file.byteSize, now])
            let fileId = db.lastInsertedRowID
            let writer = try FileWriter(db: db, fileId: fileId, runId: runId, source: file.source)
            let (encoding, warnings) = try body(writer)
            let totals = writer.totals
            let warningsJSON = String(decoding: try JSONEncoder().encode(warnings), as: UTF8.self)
            let duration = Int(clock().timeIntervalSince(started) * 1000)
            try db.execute(sql: """
                UPDATE files SET encoding = ?, records_read = ?, records_new = ?, records_changed = ?, records_unchanged = ?,
                    rows_rejected = ?, warnings = ?, duration_ms = ? WHERE id = ?
                """, arguments: [encoding, totals.recordsRead, totals.recordsNew, totals.recordsChanged, totals.recordsUnchanged,
                                 totals.rowsRejected, warningsJSON, duration, fileId])
            return try StoredFile.fetchOne(db, key: fileId)!
        }
    }
}
