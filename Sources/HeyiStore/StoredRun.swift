public import GRDB

/// One invocation that wrote to the store (`runs` table).
public struct StoredRun: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "runs"

    /// The columns of `runs`.
    public enum Columns {
        public static let id = Column("id")
        public static let status = Column("status")
        public static let startedAt = Column("started_at")
    }

    /// How a run ended; `interrupted` is set on the next start for a run whose process died.
    public enum Status: String, Codable, Sendable {
        case running, completed, failed, interrupted
    }

    public var id: Int64
    public var command: String
    public var pid: Int32
    public var startedAt: String
    public var finishedAt: String?
    public var status: Status
    public var exitCode: Int32?
    public var filesIngested: Int
    public var filesUnchanged: Int
    public var recordsRead: Int
    public var recordsNew: Int
    public var recordsChanged: Int
    public var recordsUnchanged: Int
    public var rowsRejected: Int

    enum CodingKeys: String, CodingKey {
        case id, command, pid, status
        case startedAt = "started_at", finishedAt = "finished_at", exitCode = "exit_code"
        case filesIngested = "files_ingested", filesUnchanged = "files_unchanged"
        case recordsRead = "records_read", recordsNew = "records_new", recordsChanged = "records_changed"
        case recordsUnchanged = "records_unchanged", rowsRejected = "rows_rejected"
    }
}
