import ArgumentParser
import HeyiStore

/// `heyi runs`: the run log.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recent runs with their status and counts, newest first.",
        discussion: "A run whose process was killed shows as interrupted. Example: heyi runs --limit 5"
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "How many runs to show.")
    var limit: Int = 20

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let runs = try store.openExisting().runs(limit: limit)
            if output.json { try output.printJSON(runs); return 0 }
            if runs.isEmpty { print("no runs yet"); return 0 }
            print(Terminal.table(["run", "started", "status", "exit", "files", "unchanged", "read", "new", "changed", "rejected", "command"],
                                 runs.map { r in
                                     ["\(r.id)", r.startedAt, r.status.rawValue, r.exitCode.map { "\($0)" } ?? "", "\(r.filesIngested)",
                                      "\(r.filesUnchanged)", "\(r.recordsRead)", "\(r.recordsNew)", "\(r.recordsChanged)", "\(r.rowsRejected)", r.command]
                                 }, rightAligned: [0, 3, 4, 5, 6, 7, 8, 9]))
            return 0
        }
    }
}
