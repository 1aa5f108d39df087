public import HeyiCore
import Foundation
public import HeyiMatch
public import HeyiStore

/// Accuracy of the stored clusters against a truth file, and of other thresholds.
public struct EvaluationReport: Sendable, Codable {
    public struct Sweep: Sendable, Codable {
        public var autoMerge: Double
        public var accuracy: Accuracy
        /// Share of automatic links that are right.
        public var linkPrecision: Double
        public var links: Int
    }
    public var truthRows: Int
    /// Truth rows naming no current record (rejected or never ingested).
    public var truthRowsNotFound: Int
    public var stored: Accuracy
    public var storedLinkPrecision: Double
    public var thresholds: Thresholds
    public var sweep: [Sweep]
    public var blocking: BlockingReport
}

/// Reads `source,key,customer` truth files and measures the match.
public struct EvaluateRun: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// Truth rows: (source, key) → true customer.
    public static func readTruth(_ path: String) throws(HeyiError) -> [(source: String, key: String, customer: String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HeyiError(.io, "cannot read the truth file", file: path, hint: "give a CSV with the header source,key,customer")
        }
        var lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF} ")),
              header.split(separator: ",").map(String.init) == ["source", "key", "customer"] else {
            throw HeyiError(.configuration, "the truth file's first line must be source,key,customer", file: path,
                            locator: Locator(line: 1))
        }
        lines.removeFirst()
        var rows: [(String, String, String)] = []
        for (offset, line) in lines.enumerated() where !line.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 3 else {
                throw HeyiError(.configuration, "expected 3 cells (source,key,customer), found \(cells.count)", file: path,
                                locator: Locator(line: offset + 2))
            }
            rows.append((cells[0], cells[1], cells[2]))
        }
        return rows
    }

    public func run(truthPath: String, sweep autoMerges: [Double] = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]) throws(HeyiError) -> EvaluationReport {
        guard let latest = try store.latestMatchRun(),
              let model = try? MatchModel.load(Data(latest.modelJSON.utf8)) else {
            throw HeyiError(.configuration, "the store has not been matched yet", file: store.path, hint: "run `heyi match` first")
        }
        let truthRows = try Self.readTruth(truthPath)
        let data = try MatchRun(store: store).dataset()
        let ids = try store.currentRecordIds()
        var index: [Int64: Int] = [:]
        for (i, id) in data.recordIds.enumerated() { index[id] = i }
        var truth = [Int32](repeating: -1, count: data.count)
        var customers: [String: Int32] = [:]
        var notFound = 0
        for row in truthRows {
            guard let id = ids[row.source]?[row.key], let i = index[id] else { notFound += 1; continue }
            truth[i] = customers[row.customer] ?? { let n = Int32(customers.count); customers[row.customer] = n; return n }()
        }
        // The stored clusters.
        var clusterOf = [Int32](repeating: -1, count: data.count)
        var clusterNumbers: [Int64: Int32] = [:]
        for member in try store.clusterMembers() {
            guard let id = ids[member.source]?[member.key], let i = index[id] else { continue }
            clusterOf[i] = clusterNumbers[member.cluster] ?? { let n = Int32(clusterNumbers.count); clusterNumbers[member.cluster] = n; return n }()
        }
        // Records without a stored cluster (normalized after the match) stand alone.
        var next = Int32(clusterNumbers.count)
        for i in 0..<data.count where clusterOf[i] < 0 { clusterOf[i] = next; next += 1 }
        let stored = Accuracy(predicted: clusterOf, truth: truth)

        let blocker = Blocker(maxBlockSize: (try? JSONDecoder().decode(BlockingReport.self, from: Data(latest.blockingJSON.utf8)))?.maxBlockSize ?? 300)
        let (candidates, report) = blocker.pairs(data)
        var blocking = report
        blocking.measure(candidates, truth: truth)
        let scored = Scorer(model: model, data: data).score(candidates)
        let rules = try MatchRun(store: store).linkRules(for: data)
        let thresholds = Thresholds(autoMerge: latest.autoMerge, review: latest.review)
        let storedLinks = linkPrecision(Clusterer(thresholds: thresholds).cluster(data, scored: scored, rules: rules), scored, truth: truth)
        let sweep = autoMerges.map { autoMerge in
            let clustering = Clusterer(thresholds: Thresholds(autoMerge: autoMerge, review: min(autoMerge, thresholds.review)))
                .cluster(data, scored: scored, rules: rules)
            let links = linkPrecision(clustering, scored, truth: truth)
            return EvaluationReport.Sweep(autoMerge: autoMerge, accuracy: Accuracy(predicted: clustering.clusterOf, truth: truth),
                                          linkPrecision: links.judged == 0 ? 1 : Double(links.correct) / Double(links.judged),
                                          links: clustering.links.count)
        }
        return EvaluationReport(truthRows: truthRows.count, truthRowsNotFound: notFound, stored: stored,
                                storedLinkPrecision: storedLinks.judged == 0 ? 1 : Double(storedLinks.correct) / Double(storedLinks.judged),
                                thresholds: thresholds, sweep: sweep, blocking: blocking)
    }
}
