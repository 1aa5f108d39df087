public import HeyiCore
import Foundation
public import HeyiMatch
public import HeyiStore

/// What a match pass found and how long each step took.
public struct MatchSummary: Sendable, Codable {
    public var records: Int
    public var candidatePairs: Int
    public var links: Int
    public var reviews: Int
    public var clusters: Int
    /// Clusters of two or more records: customers found in several places.
    public var mergedClusters: Int
    public var stewardRules: Int
    public var trained: Bool
    public var blocking: BlockingReport
    public var seconds: Seconds

    public struct Seconds: Sendable, Codable {
        public var load = 0.0
        public var blocking = 0.0
        public var training = 0.0
        public var scoring = 0.0
        public var clustering = 0.0
        public var save = 0.0
        public var total = 0.0
    }
}

/// The match stage over the store: loads every normalized current record, blocks, scores with the
/// given model (or trains one), clusters honouring steward rules, and stores clusters, links and
/// the review queue in one transaction.
public struct MatchRun: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// The normalized current records as the matcher sees them.
    public func dataset() throws(HeyiError) -> MatchDataset {
        var data = MatchDataset()
        try store.forEachNormalized(version: NormalizeRun.version) { source, row in
            data.append(Self.record(source, row))
        }
        return data
    }

    static func record(_ source: String, _ row: NormalizedRow) -> MatchRecord {
        MatchRecord(id: row.recordId, source: source, name: row.name, pinyinKey: row.pinyinKey, surname: row.surname, gender: row.gender,
                    birthday: row.birthday, idNumber: row.idNumber, companyKey: row.companyKey, province: row.province, city: row.city,
                    district: row.district, addressRest: row.addressRest, phones: row.phones.map(\.e164), phoneKinds: row.phones.map(\.kind),
                    emails: row.emails)
    }

    /// Steward rules as pairs of dataset indexes; rules naming records no longer current are skipped.
    public func linkRules(for data: MatchDataset) throws(HeyiError) -> [LinkRule] {
        let rules = try store.linkRules()
        guard !rules.isEmpty else { return [] }
        let ids = try store.currentRecordIds()
        var index: [Int64: Int] = [:]
        for (i, id) in data.recordIds.enumerated() { index[id] = i }
        return rules.compactMap { rule in
            guard let a = ids[rule.sourceA]?[rule.keyA].flatMap({ index[$0] }),
                  let b = ids[rule.sourceB]?[rule.keyB].flatMap({ index[$0] }) else { return nil }
            return LinkRule(a, b, rule.kind == "always" ? .always : .never)
        }
    }

    public func run(model: MatchModel?, thresholds: Thresholds, maxBlockSize: Int = 300,
                    progress: ((String) -> Void)? = nil) throws(HeyiError) -> (MatchSummary, MatchModel) {
        let started = Date()
        progress?("loading normalized records")
        let data = try dataset()
        let loaded = Date()
        let rules = try linkRules(for: data)
        progress?("matching \(data.count) records")
        let matcher = Matcher(blocker: Blocker(maxBlockSize: maxBlockSize), thresholds: thresholds)
        let result = matcher.run(data, model: model, rules: rules)
        progress?("saving clusters and pairs")
        let saveStarted = Date()
        let clustering = result.clustering
        let clusters = (0..<data.count).map { (data.recordIds[$0], data.recordIds[Int(clustering.clusterOf[$0])]) }
        var pairs: [StoredPair] = []
        pairs.reserveCapacity(clustering.links.count + clustering.reviews.count)
        func stored(_ k: Int, _ decision: String, _ reason: String?) -> StoredPair {
            let (i, j, mask) = result.scored.candidates.pair(k)
            return StoredPair(recordA: data.recordIds[i], recordB: data.recordIds[j], weight: Double(result.scored.weights[k]),
                              probability: result.scored.probability(k), decision: decision, reason: reason,
                              levels: Int(result.scored.levels[k].packed), rules: BlockingRule.rules(in: mask).map(\.rawValue).joined(separator: ","))
        }
        for k in clustering.links { pairs.append(stored(k, "link", nil)) }
        for (k, reason) in clustering.reviews { pairs.append(stored(k, "review", reason.rawValue)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: some Encodable) -> String { (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}" }
        let timings = result.timings
        _ = try store.saveMatch(clusters: clusters, pairs: pairs, records: data.count, candidatePairs: result.scored.count,
                                autoMerge: thresholds.autoMerge, review: thresholds.review,
                                modelJSON: (try? result.model.json()).map { String(decoding: $0, as: UTF8.self) } ?? "{}",
                                blockingJSON: json(result.report), timingsJSON: json(timings))
        let finished = Date()
        var seconds = MatchSummary.Seconds()
        seconds.load = loaded.timeIntervalSince(started)
        seconds.blocking = timings.blocking
        seconds.training = timings.training
        seconds.scoring = timings.scoring
        seconds.clustering = timings.clustering
        seconds.save = finished.timeIntervalSince(saveStarted)
        seconds.total = finished.timeIntervalSince(started)
        let sizes = Dictionary(grouping: clustering.clusterOf, by: { $0 }).values
        let summary = MatchSummary(records: data.count, candidatePairs: result.scored.count, links: clustering.links.count,
                                   reviews: clustering.reviews.count, clusters: sizes.count, mergedClusters: sizes.count { $0.count > 1 },
                                   stewardRules: rules.count, trained: model == nil, blocking: result.report, seconds: seconds)
        return (summary, result.model)
    }
}
