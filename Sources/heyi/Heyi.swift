import ArgumentParser
import Foundation
import HeyiCore
import HeyiPipeline

/// `heyi`: one unified customer view from every department's exports.
@main
struct Heyi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heyi",
        abstract: "Unify customer records from department exports (CSV, XML, JSON) into one SQLite view.",
        discussion: """
            Exit codes: 0 success; 1 failure (a file could not be read or stored); 2 usage or \
            configuration error (nothing was written); 3 finished, but some rows were rejected \
            (see `heyi rejects`).
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, ShowCommand.self, ExportCommand.self, DecideCommand.self, IngestCommand.self, NormalizeCommand.self, MatchCommand.self, TrainCommand.self, ExplainCommand.self, EvaluateCommand.self,
                      InspectCommand.self, SourcesCommand.self, RunsCommand.self, RejectsCommand.self, GenerateCommand.self]
    )

    /// Parses and runs, mapping argument errors to exit code 2 as documented (not the parser's 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCode.configuration)
            }
            exit(withError: error)
        }
    }
}
