import HeyiCore
public import HeyiStore

/// What happened to one file in an ingest run.
public struct FileSummary: Sendable, Codable, Equatable {
    /// How the file was handled.
    public enum Status: String, Sendable, Codable {
        /// Read and committed.
        case ingested
        /// The same content was ingested before for this source; nothing to do.
        case unchanged
        /// Reading or storing failed; nothing of the file was kept, it can be ingested again.
        case failed
    }

    public var path: String
    public var source: String
    public var status: Status
    public var sha256: String
    public var byteSize: Int64
    public var encoding: String?
    public var totals: FileTotals
    public var seconds: Double
    public var warnings: [String]
    public var error: String?
    /// Run that first ingested the file, for `unchanged` files.
    public var ingestedByRun: Int64?
}

/// The outcome of one `heyi ingest`.
public struct IngestSummary: Sendable, Codable, Equatable {
    public var runId: Int64
    public var source: String
    public var files: [FileSummary]
    public var totals: FileTotals
    public var seconds: Double

    /// 0 all good, 3 finished with rejected rows, 1 a file failed.
    public var exitCode: Int32 {
        if files.contains(where: { $0.status == .failed }) { return ExitCode.failure }
        return totals.rowsRejected > 0 ? ExitCode.rejects : ExitCode.success
    }
}

/// heyi's process exit codes, documented in README.
public enum ExitCode {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let configuration: Int32 = 2
    public static let rejects: Int32 = 3
}
