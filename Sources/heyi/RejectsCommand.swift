import ArgumentParser
import HeyiCore
import HeyiStore

/// `heyi rejects`: the rows set aside, with where and why.
struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "List rejected rows with file, line, field, reason and their raw text (masked).",
        discussion: """
            Rejected rows are never dropped: fix them in the source file and ingest it again. \
            Raw text is masked unless --show-values is given. Example: heyi rejects --run 3
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("run"), help: "Only rejects of this run (see heyi runs).")
    var runId: Int64?

    @Option(help: "Only rejects of this source.")
    var source: String?

    @Option(help: "Show at most this many.")
    var limit: Int?

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            if let runId, try store.run(id: runId) == nil {
                throw CLIFailure.configuration(ConfigurationError("no run \(runId) in \(self.store.db)", hint: "see heyi runs"))
            }
            var rejects = try store.rejects(run: runId, source: source, limit: limit)
            let redactor = output.redactor
            for index in rejects.indices { rejects[index].raw = redactor.json(rejects[index].raw) }
            if output.json { try output.printJSON(rejects); return 0 }
            if rejects.isEmpty { print("no rejected rows"); return 0 }
            for reject in rejects {
                print("\(reject.reason.rawValue): \(reject.message)")
                print("  --> \(reject.locator.anchor(file: reject.path))\(reject.locatorPath.map { " (\($0))" } ?? "")  [source \(reject.source), run \(reject.runId)]")
                if let field = reject.field { print("  field: \(field)") }
                let raw = reject.raw.count > 300 ? String(reject.raw.prefix(300)) + " …" : reject.raw
                print("  raw: \(raw.replacingOccurrences(of: "\n", with: "⏎"))")
            }
            return 0
        }
    }
}
