public import GRDB

/// One ingested file with its fingerprint and counts (`files` table).
public struct StoredFile: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "files"

    /// The columns of `files`.
    public enum Columns {
        public static let source = Column("source")
        public static let sha256 = Column("sha256")
    }

    public var id: Int64
    public var source: String
    public var runId: Int64
    public var path: String
    public var sha256: String
    public var byteSize: Int64
    public var encoding: String
    public var recordsRead: Int
    public var recordsNew: Int
    public var recordsChanged: Int
    public var recordsUnchanged: Int
    public var rowsRejected: Int
    public var ingestedAt: String
    public var durationMs: Int

    enum CodingKeys: String, CodingKey {
        case id, source, path, sha256, encoding
        case runId = "run_id", byteSize = "byte_size", recordsRead = "records_read", recordsNew = "records_new"
        case recordsChanged = "records_changed", recordsUnchanged = "records_unchanged", rowsRejected = "rows_rejected"
        case ingestedAt = "ingested_at", durationMs = "duration_ms"
    }
}
