import ArgumentParser
import Foundation
import HeyiCore
import HeyiPipeline
import HeyiStore
import Logging

/// `heyi ingest`: read export files through a mapping into the store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read export files through a mapping file into the store.",
        discussion: """
            FILE may be a file, a folder (its files of the mapping's format are read) or a quoted \
            glob such as 'Samples/sales/*.csv'. The mapping is checked against every file before \
            anything is written; all problems are reported together (exit 2). A file whose content \
            was ingested before for the same source is skipped. Each file is stored in one \
            transaction: a killed run leaves no half-read file behind.

            Example: heyi ingest --mapping Mappings/sales-zhang.yaml Samples/sales/张三-客户名单.csv
            """
    )

    @Option(name: [.short, .long], help: ArgumentHelp("Mapping file of the source (Mappings/*.yaml).", valueName: "file"))
    var mapping: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Files, folders or quoted globs to ingest.", valueName: "file"))
    var files: [String] = []

    @Flag(help: "Do not normalize after ingesting (for bulk loads: run heyi normalize once at the end).")
    var noNormalize = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file, folder or glob to ingest") }
    }

    func run() throws {
        output.bootstrapLogging()
        try reportingFailures {
            let plan = try IngestPlan.make(mappingPath: mapping, inputs: files)
            let store = try self.store.openForWriting()
            let progress = Terminal.isInteractive && !output.json ? TerminalProgress() : nil
            let command = (["heyi", "ingest", "--mapping", mapping] + files).joined(separator: " ")
            let summary = try IngestRun(store: store, logger: Logger(label: "heyi.ingest"), progress: progress).run(plan, command: command)
            // New and changed records are normalized right away; originals stay as they are.
            let normalized = noNormalize ? nil : try NormalizeRun(store: store).run()
            if output.json {
                try output.printJSON(IngestReport(ingest: summary, normalize: normalized))
            } else {
                print(Self.render(summary, department: plan.mapping.department))
                if let normalized { print(NormalizeCommand.render(normalized)) }
            }
            return summary.exitCode
        }
    }

    static func render(_ summary: IngestSummary, department: String?) -> String {
        var lines = ["run \(summary.runId): source \(summary.source)\(department.map { " (\($0))" } ?? "")"]
        let rows = summary.files.map { file -> [String] in
            let t = file.totals
            let status = file.status == .ingested ? "" : file.status == .unchanged ? "unchanged (run \(file.ingestedByRun ?? 0))" : "FAILED"
            return [file.path, file.encoding ?? "-", "\(t.recordsRead)", "\(t.recordsNew)", "\(t.recordsChanged)",
                    "\(t.recordsUnchanged)", "\(t.rowsRejected)", String(format: "%.2fs", file.seconds), status]
        }
        let t = summary.totals
        let total = ["total", "", "\(t.recordsRead)", "\(t.recordsNew)", "\(t.recordsChanged)", "\(t.recordsUnchanged)",
                     "\(t.rowsRejected)", String(format: "%.2fs", summary.seconds), ""]
        lines.append(Terminal.table(["file", "encoding", "read", "new", "changed", "unchanged", "rejected", "time", ""],
                                    rows + [total], rightAligned: [2, 3, 4, 5, 6, 7]))
        for file in summary.files {
            for warning in file.warnings { lines.append("warning: \(file.path): \(warning)") }
            if let error = file.error { lines.append("\(file.path): \(error)\n  nothing of this file was stored; fix it and run the same command again") }
        }
        if t.rowsRejected > 0 {
            lines.append("\(t.rowsRejected) row\(t.rowsRejected == 1 ? " was" : "s were") rejected and kept aside: heyi rejects --run \(summary.runId)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `heyi ingest --json`: the ingest summary and the normalize pass that followed it.
struct IngestReport: Encodable {
    var ingest: IngestSummary
    var normalize: NormalizeSummary?
}

/// Draws one status line on standard error while files are read (terminal only).
final class TerminalProgress: IngestProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast
    private var label = ""

    func fileStarted(_ path: String, index: Int, of count: Int, bytes: Int64) {
        lock.withLock { label = "[\(index + 1)/\(count)] \(path)" }
        draw("\(label) …", force: true)
    }

    func recordsStored(_ count: Int, in path: String) {
        draw("\(lock.withLock { label }): \(count) records", force: false)
    }

    func fileFinished(_ summary: FileSummary) {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw(_ text: String, force: Bool) {
        let now = Date()
        let due = lock.withLock { () -> Bool in
            guard force || now.timeIntervalSince(last) > 0.1 else { return false }
            last = now
            return true
        }
        if due { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
    }
}
