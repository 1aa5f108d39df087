public import HeyiCore
import HeyiIngest
public import HeyiStore
public import Logging
import Foundation

/// Reports progress of a long ingest (the CLI draws it on a terminal only).
public protocol IngestProgress: Sendable {
    func fileStarted(_ path: String, index: Int, of count: Int, bytes: Int64)
    func recordsStored(_ count: Int, in path: String)
    func fileFinished(_ summary: FileSummary)
}

/// Ingests a plan's files into the store: each file is parsed on its own thread and written in
/// one transaction, so a killed run leaves every file either fully stored or not at all.
public struct IngestRun: Sendable {
    public let store: Store
    public let logger: Logger
    public let progress: (any IngestProgress)?
    /// Events per hand-off between the parsing and the writing thread.
    static let batchSize = 2_048

    public init(store: Store, logger: Logger = Logger(label: "heyi.ingest"), progress: (any IngestProgress)? = nil) {
        self.store = store
        self.logger = logger
        self.progress = progress
    }

    /// Runs the plan as one run record; `command` is what the run log shows.
    public func run(_ plan: IngestPlan, command: String) throws(HeyiError) -> IngestSummary {
        let started = Date()
        let mapping = plan.mapping
        let mappingJSON = (try? JSONEncoder().encode(mapping)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let runId = try store.beginRun(command: command)
        var summary = IngestSummary(runId: runId, source: mapping.source, files: [], totals: FileTotals(), seconds: 0)
        do {
            try store.saveSource(name: mapping.source, department: mapping.department, format: mapping.format.rawValue,
                                 mappingFile: mapping.file, mappingJSON: mappingJSON)
            for (index, input) in plan.inputs.enumerated() {
                progress?.fileStarted(input.displayPath, index: index, of: plan.inputs.count, bytes: input.fingerprint.byteSize)
                let file = ingest(input, mapping: mapping, runId: runId)
                summary.files.append(file)
                summary.totals += file.totals
                progress?.fileFinished(file)
            }
        } catch {
            try? store.finishRun(runId, status: .failed, exitCode: ExitCode.failure, filesIngested: 0, filesUnchanged: 0, totals: summary.totals)
            throw error
        }
        summary.seconds = Date().timeIntervalSince(started)
        let ingested = summary.files.filter { $0.status == .ingested }.count
        let unchanged = summary.files.filter { $0.status == .unchanged }.count
        let failed = summary.files.contains { $0.status == .failed }
        try store.finishRun(runId, status: failed ? .failed : .completed, exitCode: summary.exitCode,
                            filesIngested: ingested, filesUnchanged: unchanged, totals: summary.totals)
        return summary
    }

    private func ingest(_ input: IngestPlan.Input, mapping: Mapping, runId: Int64) -> FileSummary {
        let started = Date()
        var summary = FileSummary(path: input.displayPath, source: mapping.source, status: .ingested, sha256: input.fingerprint.sha256,
                                  byteSize: input.fingerprint.byteSize, encoding: nil, totals: FileTotals(), seconds: 0,
                                  warnings: input.warnings, error: nil, ingestedByRun: nil)
        do {
            if let earlier = try store.ingestedFile(source: mapping.source, sha256: input.fingerprint.sha256) {
                summary.status = .unchanged
                summary.encoding = earlier.encoding
                summary.ingestedByRun = earlier.runId
                logger.info("unchanged, skipped", metadata: ["file": "\(input.displayPath)", "run": "\(earlier.runId)"])
                return summary
            }
            let stored = try store.ingestFile(FileToIngest(source: mapping.source, path: input.displayPath,
                                                           sha256: input.fingerprint.sha256, byteSize: input.fingerprint.byteSize),
                                              runId: runId) { writer in
                try stream(input, reader: mapping.reader, into: writer)
            }
            summary.encoding = stored.encoding
            summary.totals.recordsRead = stored.recordsRead
            summary.totals.recordsNew = stored.recordsNew
            summary.totals.recordsChanged = stored.recordsChanged
            summary.totals.recordsUnchanged = stored.recordsUnchanged
            summary.totals.rowsRejected = stored.rowsRejected
        } catch {
            summary.status = .failed
            summary.error = (error as? HeyiError)?.description ?? "\(error)"
            logger.error("file failed, nothing of it was stored", metadata: ["file": "\(input.displayPath)"])
        }
        summary.seconds = Date().timeIntervalSince(started)
        logger.info("file done", metadata: ["file": "\(input.displayPath)", "status": "\(summary.status.rawValue)",
                                           "records": "\(summary.totals.recordsRead)", "rejects": "\(summary.totals.rowsRejected)"])
        return summary
    }

    /// Parses on a second thread while this one writes: on two cores reading and SQLite overlap.
    private func stream(_ input: IngestPlan.Input, reader: any RecordReader, into writer: FileWriter) throws -> (encoding: String, warnings: [String]) {
        let channel = BatchChannel()
        let report = ReportBox()
        let path = input.path
        let fingerprint = input.fingerprint
        let thread = Thread {
            var batch: [PreparedEvent] = []
            batch.reserveCapacity(Self.batchSize)
            do {
                let result = try reader.read(path, fingerprint: fingerprint) { event in
                    // Serialising the fields here keeps that work off the writing thread.
                    switch event {
                    case .record(let record): batch.append(.record(record, fieldsJSON: record.fieldsJSON))
                    case .reject(let reject): batch.append(.reject(reject))
                    }
                    if batch.count >= Self.batchSize {
                        guard channel.send(batch) else { throw CancellationError() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = channel.send(batch) }
                report.set(result)
                channel.finish()
            } catch {
                channel.finish(error: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        var stored = 0
        do {
            while let batch = try channel.receive() {
                for event in batch {
                    switch event {
                    case .record(let record, let fieldsJSON): try writer.add(record, fieldsJSON: fieldsJSON)
                    case .reject(let reject): try writer.add(reject)
                    }
                }
                stored += batch.count
                progress?.recordsStored(stored, in: path)
            }
        } catch {
            channel.cancel()
            channel.waitForProducer()
            throw error
        }
        let result = report.get() ?? FileReadReport(encoding: "unknown")
        return (result.encoding, input.warnings + result.warnings.filter { !input.warnings.contains($0) })
    }
}

/// A reader's event, ready to write.
enum PreparedEvent: Sendable {
    case record(SourceRecord, fieldsJSON: String)
    case reject(RecordReject)
}

/// The reader's report, handed from the parsing thread once it is done.
private final class ReportBox: @unchecked Sendable {
    private let lock = NSLock()
    private var report: FileReadReport?
    func set(_ value: FileReadReport) { lock.withLock { report = value } }
    func get() -> FileReadReport? { lock.withLock { report } }
}
