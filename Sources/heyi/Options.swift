import ArgumentParser
import Foundation
import HeyiCore
import HeyiPipeline
import HeyiStore
import Logging

/// Where the store is; shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("SQLite store to use (default heyi.sqlite).", valueName: "path"))
    var dbOption: String?

    @Option(name: .long, help: ArgumentHelp("Project configuration (heyi.yaml): its database is the store.", valueName: "file"))
    var config: String?

    /// The store's path: --db, else the configuration's database, else ./heyi.sqlite.
    var db: String {
        if let dbOption { return dbOption }
        if let config, let loaded = try? ProjectConfig.load(path: config) { return loaded.resolve(loaded.database) }
        return "heyi.sqlite"
    }

    func validate() throws {
        if dbOption != nil, config != nil { throw ValidationError("give --db or --config, not both") }
        if let config {
            do { _ = try ProjectConfig.load(path: config) } catch { throw ValidationError("\(error)") }
        }
    }

    /// Opens the store for reading; a missing file is a usage error, not an empty store.
    func openExisting() throws -> Store {
        guard FileManager.default.fileExists(atPath: db) else {
            throw CLIFailure.configuration(ConfigurationError("no store at \(db)", hint: "run `heyi ingest` first, or pass --db PATH"))
        }
        return try openForWriting()
    }

    func openForWriting() throws -> Store {
        do { return try Store(path: db) } catch { throw CLIFailure.failure(error) }
    }
}

/// A record named on the command line as `source:key` (the key may itself contain colons).
enum RecordName {
    static func parse(_ text: String) -> (source: String, key: String)? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON on standard output.")
    var json = false

    @Flag(name: .long, help: "Show customer values in full instead of masked (138****8000, 张*); for debugging your own data.")
    var showValues = false

    @Flag(name: [.short, .long], help: "Log what happens to standard error.")
    var verbose = false

    var redactor: Redactor { Redactor(enabled: !showValues) }

    func bootstrapLogging() {
        let level: Logger.Level = verbose ? .info : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Writes `value` as pretty JSON with sorted keys.
    func printJSON<T: Encodable>(_ value: T) throws { try Self.printJSON(value) }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Failures a command ends with, each with its documented exit code.
enum CLIFailure: Error {
    case configuration(ConfigurationError)
    case failure(HeyiError)
}

extension ParsableCommand {
    /// Runs `body`, printing heyi's own errors to standard error with their exit codes.
    func reportingFailures(_ body: () throws -> Int32) throws {
        let code: Int32
        do {
            code = try body()
        } catch let failure as CLIFailure {
            switch failure {
            case .configuration(let error):
                Terminal.error(error.description)
                throw ExitCode(HeyiPipeline.ExitCode.configuration)
            case .failure(let error):
                Terminal.error(error.description)
                throw ExitCode(HeyiPipeline.ExitCode.failure)
            }
        } catch let error as ConfigurationError {
            Terminal.error(error.description)
            throw ExitCode(HeyiPipeline.ExitCode.configuration)
        } catch let error as HeyiError {
            Terminal.error(error.description)
            throw ExitCode(HeyiPipeline.ExitCode.failure)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
