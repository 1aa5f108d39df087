import ArgumentParser
import HeyiStore

/// `heyi sources`: what has been ingested, per source.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the sources in the store with their files, current records and rejects.",
        discussion: "Example: heyi sources --db heyi.sqlite --json"
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let sources = try store.openExisting().sources()
            if output.json { try output.printJSON(sources); return 0 }
            if sources.isEmpty { print("no sources yet: run heyi ingest"); return 0 }
            print(Terminal.table(["source", "department", "format", "files", "records", "rejects", "last ingested"],
                                 sources.map { [$0.name, $0.department ?? "", $0.format, "\($0.files)", "\($0.records)", "\($0.rejects)", $0.lastIngestedAt ?? ""] },
                                 rightAligned: [3, 4, 5]))
            return 0
        }
    }
}
