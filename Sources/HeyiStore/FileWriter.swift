public import HeyiCore
import GRDB
import GRDBSQLite

/// What storing one record did.
public enum RecordOutcome: Sendable, Equatable {
    case new
    /// A record with the same key existed with other content; it is kept, superseded by this one.
    case changed
    case unchanged
    /// The key already occurred earlier in the same file; the record was rejected instead.
    case duplicateInFile
}

/// Counts for one file.
public struct FileTotals: Sendable, Equatable, Codable {
    public var recordsRead = 0
    public var recordsNew = 0
    public var recordsChanged = 0
    public var recordsUnchanged = 0
    public var rowsRejected = 0

    public init() {}

    public static func += (lhs: inout FileTotals, rhs: FileTotals) {
        lhs.recordsRead += rhs.recordsRead
        lhs.recordsNew += rhs.recordsNew
        lhs.recordsChanged += rhs.recordsChanged
        lhs.recordsUnchanged += rhs.recordsUnchanged
        lhs.rowsRejected += rhs.rowsRejected
    }
}

/// Writes one file's records and rejects inside the file's transaction. The hot path binds
/// prepared statements directly (GRDB records cost ~4× more per row; PLATFORM-NOTES.md).
public final class FileWriter {
    let fileId: Int64
    let runId: Int64
    let source: String
    public private(set) var totals = FileTotals()
    private let lookup: OpaquePointer
    private let insert: OpaquePointer
    private let supersede: OpaquePointer
    private let nextId: OpaquePointer
    private let insertReject: OpaquePointer
    private let keep: [Statement]

    init(db: Database, fileId: Int64, runId: Int64, source: String) throws {
        self.fileId = fileId
        self.runId = runId
        self.source = source
        let statements = [
            try db.makeStatement(sql: "SELECT id, content_hash, file_id, line FROM records WHERE source = ? AND record_key = ? AND superseded_by IS NULL"),
            try db.makeStatement(sql: """
                INSERT INTO records (id, source, record_key, key_is_hash, content_hash, file_id, run_id, record_no, line, path, raw, fields)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, record_key) WHERE superseded_by IS NULL DO NOTHING
                """),
            try db.makeStatement(sql: "UPDATE records SET superseded_by = ? WHERE id = ?"),
            try db.makeStatement(sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM records"),
            try db.makeStatement(sql: """
                INSERT INTO rejects (run_id, file_id, source, record_no, line, "column", path, field, reason, message, raw)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """),
        ]
        keep = statements
        lookup = statements[0].sqliteStatement
        insert = statements[1].sqliteStatement
        supersede = statements[2].sqliteStatement
        nextId = statements[3].sqliteStatement
        insertReject = statements[4].sqliteStatement
        self.db = db
    }

    private let db: Database

    /// Stores a record: new, a new version of a changed one, or nothing when unchanged.
    /// `fieldsJSON` is `record.fieldsJSON` when the caller made it already (on another thread).
    @discardableResult
    public func add(_ record: SourceRecord, fieldsJSON: String? = nil) throws -> RecordOutcome {
        totals.recordsRead += 1
        let fieldsJSON = fieldsJSON ?? record.fieldsJSON
        // Most records are new: insert first, and look up only when the key is already there.
        try insertRecord(record, fieldsJSON: fieldsJSON, id: nil)
        if sqlite3_changes(db.sqliteConnection) == 1 {
            totals.recordsNew += 1
            return .new
        }
        bind(lookup, 1, source)
        bind(lookup, 2, record.key)
        guard sqlite3_step(lookup) == SQLITE_ROW else {
            let code = sqlite3_errcode(db.sqliteConnection)
            sqlite3_reset(lookup)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "lookup after a conflicting insert found no row")
        }
        let existing = (id: sqlite3_column_int64(lookup, 0), hash: String(cString: sqlite3_column_text(lookup, 1)),
                        fileId: sqlite3_column_int64(lookup, 2),
                        line: sqlite3_column_type(lookup, 3) == SQLITE_NULL ? nil : Optional(sqlite3_column_int64(lookup, 3)))
        sqlite3_reset(lookup)

        if existing.fileId == fileId {
            totals.recordsRead -= 1
            let same = existing.hash == record.contentHash ? "is an exact copy of" : "has the same key as"
            let key = record.keyIsContentHash ? "" : " (key fields must be unique within a file)"
            try add(RecordReject(reason: .duplicateKey, locator: record.locator, field: nil,
                                 message: "this record \(same) the one on \(existing.line.map { "line \($0)" } ?? "an earlier record")\(key); the first was kept",
                                 raw: record.raw))
            return .duplicateInFile
        }
        if existing.hash == record.contentHash {
            totals.recordsUnchanged += 1
            return .unchanged
        }
        // A changed record: the old version stops being current before the new one arrives, so
        // the unique index on current versions holds at every step; its pointer names the id the
        // new version is about to get (the foreign key is checked at commit).
        guard sqlite3_step(nextId) == SQLITE_ROW else {
            sqlite3_reset(nextId)
            throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_errcode(db.sqliteConnection)), message: "cannot reserve a record id")
        }
        let newId = sqlite3_column_int64(nextId, 0)
        sqlite3_reset(nextId)
        sqlite3_bind_int64(supersede, 1, newId)
        sqlite3_bind_int64(supersede, 2, existing.id)
        try step(supersede)
        try insertRecord(record, fieldsJSON: fieldsJSON, id: newId)
        totals.recordsChanged += 1
        return .changed
    }

    private func insertRecord(_ record: SourceRecord, fieldsJSON: String, id: Int64?) throws {
        if let id { sqlite3_bind_int64(insert, 1, id) } else { sqlite3_bind_null(insert, 1) }
        bind(insert, 2, source)
        bind(insert, 3, record.key)
        sqlite3_bind_int64(insert, 4, record.keyIsContentHash ? 1 : 0)
        bind(insert, 5, record.contentHash)
        sqlite3_bind_int64(insert, 6, fileId)
        sqlite3_bind_int64(insert, 7, runId)
        bind(insert, 8, record.locator.record)
        bind(insert, 9, record.locator.line)
        bind(insert, 10, record.locator.path)
        bind(insert, 11, record.raw)
        bind(insert, 12, fieldsJSON)
        try step(insert)
    }

    /// Keeps a rejected row with its reason and raw text.
    public func add(_ reject: RecordReject) throws {
        totals.recordsRead += 1
        totals.rowsRejected += 1
        sqlite3_bind_int64(insertReject, 1, runId)
        sqlite3_bind_int64(insertReject, 2, fileId)
        bind(insertReject, 3, source)
        bind(insertReject, 4, reject.locator.record)
        bind(insertReject, 5, reject.locator.line)
        bind(insertReject, 6, reject.locator.column)
        bind(insertReject, 7, reject.locator.path)
        bind(insertReject, 8, reject.field)
        bind(insertReject, 9, reject.reason.rawValue)
        bind(insertReject, 10, reject.message)
        bind(insertReject, 11, reject.raw)
        try step(insertReject)
    }

    private func bind(_ statement: OpaquePointer, _ index: Int32, _ value: String?) { SQLiteBinding.bind(statement, index, value) }
    private func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int?) { SQLiteBinding.bind(statement, index, value) }
    private func step(_ statement: OpaquePointer) throws { try SQLiteBinding.step(statement, in: db) }
}
