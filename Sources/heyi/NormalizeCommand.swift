import ArgumentParser
import Foundation
import HeyiPipeline

/// `heyi normalize`: fill the normalized form of records that lack it.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Normalize names, phones, e-mails, ID numbers, companies, addresses and dates of records that lack it.",
        discussion: """
            `heyi ingest` runs this by itself; run it after upgrading heyi to renormalize. \
            Original values are never changed. Example: heyi normalize --db heyi.sqlite
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let summary = try NormalizeRun(store: store.openExisting()).run(progress: Terminal.isInteractive && !output.json ? { count in
                FileHandle.standardError.write(Data("\r\u{1B}[Knormalized \(count) records".utf8))
            } : nil)
            if Terminal.isInteractive && !output.json { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if output.json { try output.printJSON(summary) } else { print(Self.render(summary)) }
            return 0
        }
    }

    static func render(_ summary: NormalizeSummary) -> String {
        summary.records == 0 ? "normalize: every record is up to date"
            : String(format: "normalized %d records in %.2fs", summary.records, summary.seconds)
    }
}
