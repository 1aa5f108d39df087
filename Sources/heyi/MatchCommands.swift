import ArgumentParser
import Foundation
import HeyiCore
import HeyiGenerate
import HeyiMatch
import HeyiMerge
import HeyiPipeline
import HeyiStore

/// Thresholds and blocking limits shared by match and train.
struct MatchOptions: ParsableArguments {
    @Option(name: .customLong("auto-merge"), help: ArgumentHelp("Link pairs at or above this match probability.", valueName: "p"))
    var autoMerge: Double = 0.95

    @Option(name: .long, help: ArgumentHelp("Queue pairs at or above this probability (and below --auto-merge) for review.", valueName: "p"))
    var review: Double = 0.60

    @Option(name: .customLong("max-block-size"), help: ArgumentHelp("Skip and report blocks with more records than this (a shared switchboard).", valueName: "n"))
    var maxBlockSize: Int = 300

    func validate() throws {
        guard review > 0, review <= autoMerge, autoMerge <= 1 else {
            throw ValidationError("thresholds must satisfy 0 < --review ≤ --auto-merge ≤ 1 (got review \(review), auto-merge \(autoMerge))")
        }
        guard maxBlockSize >= 2 else { throw ValidationError("--max-block-size must be at least 2") }
    }

    var thresholds: Thresholds { Thresholds(autoMerge: autoMerge, review: review) }
}

/// Reads a model file, naming the file in every error.
func loadModel(_ path: String) throws -> MatchModel {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIFailure.configuration(ConfigurationError("cannot read the model file \(path)", hint: "write one with `heyi train --out \(path)`"))
    }
    do {
        return try MatchModel.load(data)
    } catch {
        throw CLIFailure.configuration(ConfigurationError("\(path): not a heyi model: \(error)", hint: "write one with `heyi train --out \(path)`"))
    }
}

/// `heyi generate`: a synthetic company's exports with ground truth.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic company's department exports (sales CSV, CRM XML, member JSON Lines) with a truth file.",
        discussion: """
            The data has the corruptions real exports have (traditional characters, homophones, titles, phone formats, \
            missing fields, address typos, company suffix variants) and hard negatives (namesakes, colleagues sharing a \
            switchboard, relatives sharing an address). Mapping files for the exports are written to OUT/mappings. \
            Deterministic for a seed. Example: heyi generate --customers 70000 --duplicate-rate 0.3 --seed 7 --out gen
            """
    )

    @Option(help: ArgumentHelp("Distinct customers to invent.", valueName: "n")) var customers: Int
    @Option(name: .customLong("duplicate-rate"), help: ArgumentHelp("Share of records that are extra copies of a customer (0 ≤ r < 1).", valueName: "r"))
    var duplicateRate: Double = 0.3
    @Option(help: ArgumentHelp("Seed: the same seed writes the same files.", valueName: "n")) var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Salespeople, one CSV sheet each (1–6).", valueName: "n")) var salespeople: Int = 4
    @Option(help: ArgumentHelp("Folder to write into (created when missing).", valueName: "dir")) var out: String
    @Option(name: .customLong("key-prefix"), help: ArgumentHelp("Prefix of every record key and customer id (for a second batch).", valueName: "text"))
    var keyPrefix: String = ""
    @Flag(help: "Print machine-readable JSON on standard output.") var json = false

    func validate() throws {
        guard customers > 0 else { throw ValidationError("--customers must be at least 1") }
        guard duplicateRate >= 0, duplicateRate < 1 else { throw ValidationError("--duplicate-rate must be at least 0 and below 1") }
        guard (1...6).contains(salespeople) else { throw ValidationError("--salespeople must be between 1 and 6") }
    }

    func run() throws {
        try reportingFailures {
            let summary: CompanyGenerator.Summary
            do {
                summary = try CompanyGenerator(customers: customers, duplicateRate: duplicateRate, seed: seed, salespeople: salespeople,
                                               keyPrefix: keyPrefix).write(to: out)
            } catch {
                throw CLIFailure.failure(HeyiError(.io, "cannot write the generated files: \(error.localizedDescription)", file: out))
            }
            if json {
                try OutputOptions.printJSON(summary)
            } else {
                print(String(format: "generated %d records of %d customers (%d duplicates) in %.2fs into %@", summary.records, summary.customers,
                             summary.duplicateRecords, summary.seconds, out))
                for file in summary.files { print("  \(file)") }
                print("  \(summary.truth)  (source,key,customer)")
                for mapping in summary.mappings { print("  \(mapping)") }
            }
            return 0
        }
    }
}

/// `heyi train`: estimate the model from the data.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Estimate the match model from the stored records (no labels needed) and write it as JSON.",
        discussion: """
            u-probabilities come from random record pairs, m-probabilities and the prior from expectation–maximisation \
            over the blocked candidate pairs. Later runs reuse the file: heyi match --model FILE. \
            Example: heyi train --db heyi.sqlite --out model.json
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var matching: MatchOptions
    @Option(help: ArgumentHelp("Model file to write.", valueName: "file")) var out: String
    @Option(name: .customLong("random-pairs"), help: ArgumentHelp("Random pairs sampled for u-probabilities (default: 100 per record, 200,000 to 1,000,000).", valueName: "n"))
    var randomPairs: Int?
    @Flag(help: "Print machine-readable JSON on standard output.") var json = false

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            _ = try NormalizeRun(store: store).run()
            let started = Date()
            let data = try MatchRun(store: store).dataset()
            guard data.count >= 2 else {
                throw CLIFailure.configuration(ConfigurationError("the store has \(data.count) normalized records; training needs at least 2",
                                                                  hint: "ingest data first"))
            }
            let (candidates, _) = Blocker(maxBlockSize: matching.maxBlockSize).pairs(data)
            let model = Trainer(randomPairs: randomPairs).train(data, candidates: candidates)
            do { try model.json().write(to: URL(fileURLWithPath: out)) } catch {
                throw CLIFailure.failure(HeyiError(.io, "cannot write the model: \(error.localizedDescription)", file: out))
            }
            let seconds = Date().timeIntervalSince(started)
            if json {
                try OutputOptions.printJSON(model)
            } else {
                print(String(format: "trained on %d records and %d candidate pairs in %.2fs (%d EM iterations%@); wrote %@",
                             data.count, candidates.count, seconds, model.training?.iterations ?? 0,
                             model.training?.converged == true ? ", converged" : ", not converged", out))
                print(String(format: "prior (share of matches among candidate pairs): %.4f", model.prior))
                for line in Self.describe(model) { print(line) }
            }
            return 0
        }
    }

    static func describe(_ model: MatchModel) -> [String] {
        var rows: [[String]] = []
        for comparison in model.comparisons {
            for level in comparison.levels {
                rows.append([comparison.field.rawValue, level.label, String(format: "%.4f", level.m), String(format: "%.6f", level.u),
                             String(format: "%+.2f", level.weight)])
            }
        }
        return Terminal.table(["field", "level", "m", "u", "weight"], rows, rightAligned: [2, 3, 4]).split(separator: "\n").map(String.init)
    }
}

/// `heyi match`: score, link and cluster.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Find records of the same customer: block, score with the model, link and cluster, queue doubtful pairs for review.",
        discussion: """
            Only records not matched before are blocked and scored (against all); --full scores everything anew. \
            Without --model the last match's model is reused, or one is trained from the data. Customers are updated from \
            the clusters (heyi show, heyi export). Pairs at or above --auto-merge are linked; pairs \
            between --review and --auto-merge wait in the review queue, as do links refused because they would join \
            two different valid ID numbers. Steward rules (never/always link) are honoured. \
            Example: heyi match --db heyi.sqlite --model model.json --blocking-report
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var matching: MatchOptions
    @Option(help: ArgumentHelp("Model file from heyi train.", valueName: "file")) var model: String?
    @Flag(name: .customLong("blocking-report"), help: "Print the candidate pairs each blocking rule produced (and, with --truth, the true pairs it reached).")
    var blockingReport = false
    @Option(help: ArgumentHelp("Truth file (source,key,customer) for the blocking report.", valueName: "file")) var truth: String?
    @Flag(help: "Block and score every record anew (after changing thresholds or the model); by default only records not matched before are.")
    var full = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let model = try self.model.map(loadModel)
            let store = try self.store.openExisting()
            _ = try NormalizeRun(store: store).run()
            let progress: ((String) -> Void)? = Terminal.isInteractive && !output.json ? { step in
                FileHandle.standardError.write(Data("\r\u{1B}[K\(step)…".utf8))
            } : nil
            let outcome = try MatchRun(store: store).runDetailed(model: model, thresholds: matching.thresholds,
                                                                 maxBlockSize: matching.maxBlockSize, full: full, progress: progress)
            var summary = outcome.summary
            // Customers follow their clusters, with the project's survivorship rules when --config names it.
            progress?("merging")
            let survivorship = try self.store.config.map { try ProjectConfig.load(path: $0).survivorship } ?? Survivorship()
            let merge = try MergeRun(store: store, survivorship: survivorship).run(records: outcome.affected, rebuildAll: full)
            if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if let truth {
                let report = try EvaluateRun(store: store).run(truthPath: truth, sweep: [])
                summary.blocking = report.blocking
            }
            if output.json { try output.printJSON(summary); return 0 }
            defer { print("customers: \(merge.customers) (\(merge.created) new, \(merge.merged) merged, \(merge.split) split, \(merge.changed) changed)") }
            let s = summary.seconds
            print("matched \(summary.newRecords) new of \(summary.records) records: \(summary.candidatePairs) candidate pairs, \(summary.links) linked, "
                  + "\(summary.reviews) queued for review; \(summary.clusters) customers, \(summary.mergedClusters) of them in several records")
            print(String(format: "time: load %.2fs, blocking %.2fs, %@ %.2fs, scoring %.2fs, clustering %.2fs, save %.2fs; total %.2fs",
                         s.load, s.blocking, summary.trained ? "training" : "model", s.training, s.scoring, s.clustering, s.save, s.total))
            let oversized = summary.blocking.rules.reduce(0) { $0 + $1.oversizedBlocks }
            if oversized > 0 {
                Terminal.note("note: \(oversized) blocks over --max-block-size \(matching.maxBlockSize) records were skipped (shared numbers or very common keys); see --blocking-report")
            }
            if blockingReport || truth != nil { print(Self.render(summary.blocking)) }
            return 0
        }
    }

    static func render(_ report: BlockingReport) -> String {
        let rows = report.rules.map { rule in
            [rule.rule.rawValue, rule.rule.summary, "\(rule.pairs)", "\(rule.blocks)", "\(rule.oversizedBlocks)",
             rule.largestSkipped.isEmpty ? "" : rule.largestSkipped.map(String.init).joined(separator: " "),
             rule.truePairsReached.map { String(format: "%.1f%%", $0 * 100) } ?? ""]
        }
        var text = Terminal.table(["rule", "key", "pairs", "blocks", "oversized", "skipped sizes", "true pairs reached"], rows, rightAligned: [2, 3, 4, 6])
        text += "\ncandidate pairs after merging rules: \(report.candidatePairs)"
        if let reached = report.truePairsReached { text += String(format: "; true pairs reached by any rule: %.2f%%", reached * 100) }
        return text
    }
}

/// `heyi explain A B`: why two records are (not) the same customer.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how two records' match weight adds up, field by field (a text waterfall).",
        discussion: "Uses --model, else the model of the last heyi match. Example: heyi explain sales-zhang:ZS0001 crm:CRM-10023"
    )

    @Argument(help: ArgumentHelp("The first record, as source:key.", valueName: "source:key")) var first: String
    @Argument(help: ArgumentHelp("The second record, as source:key.", valueName: "source:key")) var second: String
    @Option(help: ArgumentHelp("Model file from heyi train.", valueName: "file")) var model: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var first: String
        var second: String
        var explanation: Explanation
        var decision: String
    }

    func validate() throws {
        for record in [first, second] where RecordName.parse(record) == nil {
            throw ValidationError("name each record as source:key, e.g. sales-zhang:ZS0001 (got \(record))")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            let latest = try store.latestMatchRun()
            let model: MatchModel
            if let path = self.model {
                model = try loadModel(path)
            } else if let latest, let stored = try? MatchModel.load(Data(latest.modelJSON.utf8)) {
                model = stored
            } else {
                throw CLIFailure.configuration(ConfigurationError("no model: the store has not been matched", hint: "run heyi match, or pass --model FILE"))
            }
            var ids: [Int64] = []
            for record in [first, second] {
                let (source, key) = RecordName.parse(record)!
                guard let id = try store.currentRecordId(source: source, key: key) else {
                    throw CLIFailure.configuration(ConfigurationError("no current record \(key) in source \(source)", hint: "check the key; heyi sources lists the sources"))
                }
                ids.append(id)
            }
            // A model that carries its term frequencies scores a pair from the two records alone;
            // an older one needs every record's values to count them.
            let data = model.termFrequencies != nil ? try MatchRun(store: store).dataset(of: ids) : try MatchRun(store: store).dataset()
            var indexes: [Int] = []
            for (record, id) in zip([first, second], ids) {
                guard let index = data.index(ofRecord: id) else {
                    throw CLIFailure.configuration(ConfigurationError("\(record) is not normalized yet", hint: "run heyi normalize"))
                }
                indexes.append(index)
            }
            let explanation = Scorer(model: model, data: data).explain(indexes[0], indexes[1])
            let thresholds = latest.map { Thresholds(autoMerge: $0.autoMerge, review: $0.review) } ?? Thresholds()
            let decision = !explanation.blockers.isEmpty && explanation.probability >= thresholds.review ? "review (\(explanation.blockers.joined(separator: ", ")))"
                : explanation.probability >= thresholds.autoMerge ? "link" : explanation.probability >= thresholds.review ? "review" : "no link"
            if output.json {
                try output.printJSON(Report(first: first, second: second, explanation: explanation, decision: decision))
                return 0
            }
            print("\(first)  ↔  \(second)")
            print(Self.waterfall(explanation))
            print(String(format: "probability %.4f → %@ (auto-merge ≥ %.2f, review ≥ %.2f)", explanation.probability, decision,
                         thresholds.autoMerge, thresholds.review))
            return 0
        }
    }

    /// One line per contribution with a bar, then the running total.
    static func waterfall(_ explanation: Explanation) -> String {
        var running = explanation.priorWeight
        var rows: [[String]] = [["prior", "", String(format: "%+.2f", explanation.priorWeight), String(format: "%+.2f", running), bar(explanation.priorWeight), ""]]
        for contribution in explanation.contributions {
            running += contribution.weight
            rows.append([contribution.field.rawValue, contribution.level, String(format: "%+.2f", contribution.weight),
                         String(format: "%+.2f", running), bar(contribution.weight), contribution.note ?? ""])
        }
        rows.append(["total", "", "", String(format: "%+.2f", explanation.weight), "", ""])
        return Terminal.table(["field", "level", "weight", "running", "", "note"], rows, rightAligned: [2, 3])
    }

    static func bar(_ weight: Double) -> String {
        let length = min(20, Int(abs(weight).rounded()))
        return weight >= 0 ? String(repeating: "+", count: length) : String(repeating: "-", count: length)
    }
}

/// `heyi evaluate --truth FILE`: precision, recall and F1 of the stored match.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the stored match against a truth file: pairwise precision, recall, F1 and B-cubed F1, with a threshold sweep.",
        discussion: "The truth file is CSV with the header source,key,customer (heyi generate writes one). Example: heyi evaluate --truth gen/truth.csv"
    )

    @Option(help: ArgumentHelp("Truth file: source,key,customer.", valueName: "file")) var truth: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            let report = try EvaluateRun(store: store).run(truthPath: truth)
            if output.json { try output.printJSON(report); return 0 }
            let a = report.stored
            print("\(a.records) records with a truth (\(report.truthRowsNotFound) truth rows name no current record)")
            print(String(format: "stored match (auto-merge %.2f): pairwise precision %.4f, recall %.4f, F1 %.4f; B-cubed precision %.4f, recall %.4f, F1 %.4f",
                         report.thresholds.autoMerge, a.precision, a.recall, a.f1, a.bcubedPrecision, a.bcubedRecall, a.bcubedF1))
            print(String(format: "automatic links: %.4f precise; true pairs %d, predicted %d, correct %d", report.storedLinkPrecision,
                         a.truePairs, a.predictedPairs, a.correctPairs))
            print("threshold sweep (same model and candidate pairs):")
            let rows = report.sweep.map { s in
                [String(format: "%.2f", s.autoMerge), String(format: "%.4f", s.accuracy.precision), String(format: "%.4f", s.accuracy.recall),
                 String(format: "%.4f", s.accuracy.f1), String(format: "%.4f", s.accuracy.bcubedF1), String(format: "%.4f", s.linkPrecision), "\(s.links)"]
            }
            print(Terminal.table(["auto_merge", "precision", "recall", "F1", "B-cubed F1", "link precision", "links"], rows, rightAligned: Set(0...6)))
            if let reached = report.blocking.truePairsReached {
                print(String(format: "blocking reaches %.2f%% of true pairs", reached * 100))
            }
            return 0
        }
    }
}
