public import GRDB

/// A source as last ingested, with the mapping that read it (`sources` table).
public struct StoredSource: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sources"

    /// The columns of `sources`.
    public enum Columns {
        public static let name = Column("name")
    }

    public var name: String
    public var department: String?
    public var format: String
    public var mappingFile: String?
    /// The mapping as JSON, so later stages (date formats) and audits see what was applied.
    public var mappingJSON: String
    public var updatedAt: String

    public init(name: String, department: String?, format: String, mappingFile: String?, mappingJSON: String, updatedAt: String) {
        self.name = name
        self.department = department
        self.format = format
        self.mappingFile = mappingFile
        self.mappingJSON = mappingJSON
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, department, format
        case mappingFile = "mapping_file", mappingJSON = "mapping_json", updatedAt = "updated_at"
    }
}

/// A source with its counts, as `heyi sources` lists it.
public struct SourceSummary: Codable, Sendable, Equatable, FetchableRecord {
    public var name: String
    public var department: String?
    public var format: String
    public var files: Int
    /// Current records (latest version of each key).
    public var records: Int
    public var rejects: Int
    public var lastIngestedAt: String?

    enum CodingKeys: String, CodingKey {
        case name, department, format, files, records, rejects
        case lastIngestedAt = "last_ingested_at"
    }
}
