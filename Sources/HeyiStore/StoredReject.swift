public import GRDB
public import HeyiCore

/// A row that could not be taken as a record, kept with its reason and raw text (`rejects` table).
public struct StoredReject: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "rejects"

    /// The columns of `rejects`.
    public enum Columns {
        public static let id = Column("id")
        public static let runId = Column("run_id")
        public static let source = Column("source")
    }

    public var id: Int64
    public var runId: Int64
    public var fileId: Int64
    public var source: String
    /// The file's path as given at ingest (joined from `files`).
    public var path: String
    public var recordNo: Int?
    public var line: Int?
    public var column: Int?
    public var locatorPath: String?
    public var field: String?
    public var reason: RecordReject.Reason
    public var message: String
    public var raw: String

    public var locator: Locator { Locator(record: recordNo, line: line, column: column, path: locatorPath) }

    enum CodingKeys: String, CodingKey {
        case id, source, path, line, column, field, reason, message, raw
        case runId = "run_id", fileId = "file_id", recordNo = "record_no", locatorPath = "locator_path"
    }
}
