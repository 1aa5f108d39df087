public import HeyiCore
import Foundation
public import HeyiMatch
public import HeyiStore

/// What a match pass found and how long each step took.
public struct MatchSummary: Sendable, Codable {
    public var records: Int
    /// Records blocked and scored in this pass (all of them in a full pass).
    public var newRecords: Int
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

    /// Matches the store. Incremental (the default): records matched before keep their pairs;
    /// only records without a cluster (new ones and new versions) are blocked against everything
    /// and scored, then all kept pairs are clustered again. `full`: everything is blocked and scored
    /// anew. Without a model, the last match's model is reused (incremental) or one is trained.
    public func run(model given: MatchModel?, thresholds: Thresholds, maxBlockSize: Int = 300, full: Bool = true,
                    progress: ((String) -> Void)? = nil) throws(HeyiError) -> (MatchSummary, MatchModel) {
        let started = Date()
        progress?("loading normalized records")
        let clustered = full ? [] : try store.clusteredRecordIds()
        var data = MatchDataset()
        var fresh: [MatchRecord] = []
        try store.forEachNormalized(version: NormalizeRun.version) { source, row in
            let record = Self.record(source, row)
            if clustered.contains(row.recordId) { data.append(record) } else { fresh.append(record) }
        }
        let newFrom = data.count
        for record in fresh { data.append(record) }
        fresh = []
        let loaded = Date()
        let rules = try linkRules(for: data)
        let blocker = Blocker(maxBlockSize: maxBlockSize)
        var timings = Matcher.Timings()
        var clock = Date()
        func lap() -> Double { let now = Date(); defer { clock = now }; return now.timeIntervalSince(clock) }

        progress?("blocking \(data.count - newFrom) new records against \(data.count)")
        let (candidates, report) = blocker.pairs(data, newFrom: newFrom)
        timings.blocking = lap()
        var model = given
        if model == nil, !full, let latest = try store.latestMatchRun() { model = try? MatchModel.load(Data(latest.modelJSON.utf8)) }
        let trained = model == nil
        if model == nil {
            progress?("training the model on \(data.count) records")
            let all = newFrom == 0 ? candidates : blocker.pairs(data).0
            model = Trainer().train(data, candidates: all)
        }
        let usedModel = model!
        timings.training = lap()
        progress?("scoring \(candidates.count) candidate pairs")
        let scoredNew = Scorer(model: usedModel, data: data).score(candidates)
        timings.scoring = lap()

        // Every pair worth keeping: the new ones at or above the review threshold, and the stored ones.
        var pairs = scoredNew.kept(minimumProbability: thresholds.review)
        if newFrom > 0 {
            var index: [Int64: Int] = [:]
            index.reserveCapacity(data.count)
            for (i, id) in data.recordIds.enumerated() { index[id] = i }
            for stored in try store.currentPairs() {
                guard let i = index[stored.recordA], let j = index[stored.recordB] else { continue }
                pairs.append((i, j, BlockingRule.mask(stored.rules.split(separator: ",").map(String.init)),
                              LevelVector(packed: UInt32(truncatingIfNeeded: stored.levels)), Float(stored.weight)))
            }
        }
        let scored = ScoredPairs(pairs: pairs)
        let clustering = Clusterer(thresholds: thresholds).cluster(data, scored: scored, rules: rules)
        timings.clustering = lap()

        progress?("saving clusters and pairs")
        let saveStarted = Date()
        // A cluster is named by its smallest record id, whatever order records were loaded in.
        var smallest: [Int32: Int64] = [:]
        for i in 0..<data.count { smallest[clustering.clusterOf[i]] = min(smallest[clustering.clusterOf[i]] ?? .max, data.recordIds[i]) }
        let clusters = (0..<data.count).map { (data.recordIds[$0], smallest[clustering.clusterOf[$0]]!) }
        var decided: [Int: (String, String?)] = [:]
        for k in clustering.links { decided[k] = ("link", nil) }
        for (k, reason) in clustering.reviews { decided[k] = ("review", reason.rawValue) }
        var stored: [StoredPair] = []
        stored.reserveCapacity(scored.count)
        for k in 0..<scored.count {
            let (i, j, mask) = scored.candidates.pair(k)
            // Pairs a steward ruled on, and pairs no longer worth keeping, are not stored.
            guard let (decision, reason) = decided[k] else { continue }
            let (a, b) = data.recordIds[i] < data.recordIds[j] ? (data.recordIds[i], data.recordIds[j]) : (data.recordIds[j], data.recordIds[i])
            stored.append(StoredPair(recordA: a, recordB: b, weight: Double(scored.weights[k]), probability: scored.probability(k),
                                     decision: decision, reason: reason, levels: Int(scored.levels[k].packed),
                                     rules: BlockingRule.rules(in: mask).map(\.rawValue).joined(separator: ",")))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: some Encodable) -> String { (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}" }
        _ = try store.saveMatch(clusters: clusters, pairs: stored, records: data.count, candidatePairs: candidates.count,
                                autoMerge: thresholds.autoMerge, review: thresholds.review,
                                modelJSON: (try? usedModel.json()).map { String(decoding: $0, as: UTF8.self) } ?? "{}",
                                blockingJSON: json(report), timingsJSON: json(timings))
        let finished = Date()
        var seconds = MatchSummary.Seconds()
        seconds.load = loaded.timeIntervalSince(started)
        seconds.blocking = timings.blocking
        seconds.training = timings.training
        seconds.scoring = timings.scoring
        seconds.clustering = timings.clustering
        seconds.save = finished.timeIntervalSince(saveStarted)
        seconds.total = finished.timeIntervalSince(started)
        var sizes: [Int32: Int] = [:]
        for c in clustering.clusterOf { sizes[c, default: 0] += 1 }
        let summary = MatchSummary(records: data.count, newRecords: data.count - newFrom, candidatePairs: candidates.count,
                                   links: clustering.links.count, reviews: clustering.reviews.count, clusters: sizes.count,
                                   mergedClusters: sizes.values.count { $0 > 1 }, stewardRules: rules.count, trained: trained,
                                   blocking: report, seconds: seconds)
        return (summary, usedModel)
    }
}
