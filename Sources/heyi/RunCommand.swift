import ArgumentParser
import Foundation
import HeyiCore
import HeyiMatch
import HeyiPipeline
import HeyiStore
import Logging

/// `heyi run --config heyi.yaml`: the whole pipeline over a project's sources.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Ingest, normalize, match and merge every source of a project configuration into the unified customer view.",
        discussion: """
            Incremental: files ingested before are skipped, and only new and changed records are matched against the \
            store and merged into existing customers, which keep their ids. Run it on a schedule. Paths in the \
            configuration are relative to its folder. Exit code 3 when rows were rejected (they are kept: heyi rejects).

            Example: heyi run --config Samples/heyi.yaml
            """
    )

    @Option(help: ArgumentHelp("Project configuration file.", valueName: "file")) var config: String
    @Flag(help: "Match every record anew and rebuild every golden record (after changing thresholds, the model or survivorship).")
    var full = false
    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var ingest: [IngestSummary]
        var normalize: NormalizeSummary
        var match: MatchSummary
        var merge: MergeSummary
        var exitCode: Int32
    }

    func run() throws {
        output.bootstrapLogging()
        try reportingFailures {
            let project = try ProjectConfig.load(path: config)
            // Every source's mapping and files are checked before anything is written.
            var plans: [IngestPlan] = []
            var problems: [ConfigurationError.Problem] = []
            for source in project.sources {
                do {
                    plans.append(try IngestPlan.make(mappingPath: project.resolve(source.mapping), inputs: source.files, relativeTo: project.folder))
                } catch let error as ConfigurationError {
                    problems += error.problems
                }
            }
            if !problems.isEmpty { throw ConfigurationError(problems) }
            let model = try project.model.map { try loadModel(project.resolve($0)) }
            let store: Store
            do throws(HeyiError) { store = try Store(path: project.resolve(project.database)) } catch { throw CLIFailure.failure(error) }
            let interactive = Terminal.isInteractive && !output.json
            var summaries: [IngestSummary] = []
            for plan in plans {
                let summary = try IngestRun(store: store, logger: Logger(label: "heyi.run"), progress: interactive ? TerminalProgress() : nil)
                    .run(plan, command: "heyi run --config \(config) (\(plan.mapping.source))")
                summaries.append(summary)
                if !output.json { print(IngestCommand.render(summary, department: plan.mapping.department)) }
            }
            let normalized = try NormalizeRun(store: store).run()
            let progress: ((String) -> Void)? = interactive ? { FileHandle.standardError.write(Data("\r\u{1B}[K\($0)…".utf8)) } : nil
            let outcome = try MatchRun(store: store).runDetailed(model: model, thresholds: project.thresholds, maxBlockSize: project.maxBlockSize,
                                                                 full: full, progress: progress)
            let match = outcome.summary
            progress?("merging")
            let merge = try MergeRun(store: store, survivorship: project.survivorship).run(records: outcome.affected, rebuildAll: full)
            if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let exitCode: Int32 = summaries.contains { $0.exitCode == HeyiPipeline.ExitCode.rejects } ? HeyiPipeline.ExitCode.rejects
                : summaries.map(\.exitCode).max() ?? 0
            if output.json {
                try output.printJSON(Report(ingest: summaries, normalize: normalized, match: match, merge: merge, exitCode: exitCode))
                return exitCode
            }
            print(NormalizeCommand.render(normalized))
            print("matched \(match.newRecords) new of \(match.records) records: \(match.links) links, \(match.reviews) pairs waiting for review")
            print("customers: \(merge.customers) (\(merge.created) new, \(merge.merged) merged, \(merge.split) split, \(merge.changed) changed; "
                  + "\(merge.rebuilt) golden records rebuilt) in \(String(format: "%.2fs", merge.seconds))")
            print("see a customer: heyi show --config \(config) C0000001; export: heyi export --config \(config) --format csv --out customers.csv")
            return exitCode
        }
    }
}
