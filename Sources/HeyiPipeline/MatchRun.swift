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

    /// Only these records (current and normalized), as the matcher sees them.
    public func dataset(of ids: [Int64]) throws(HeyiError) -> MatchDataset {
        MatchDataset(try store.normalizedRows(ids.sorted(), version: NormalizeRun.version).map { Self.record($0.source, $0.row) })
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
        // Few rules: look their records up one by one rather than reading every record's key.
        var ids: [String: [String: Int64]] = [:]
        if rules.count < 5_000 {
            for rule in rules {
                for (source, key) in [(rule.sourceA, rule.keyA), (rule.sourceB, rule.keyB)] where ids[source]?[key] == nil {
                    if let id = try store.currentRecordId(source: source, key: key) { ids[source, default: [:]][key] = id }
                }
            }
        } else {
            ids = try store.currentRecordIds()
        }
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
        let outcome = try runDetailed(model: given, thresholds: thresholds, maxBlockSize: maxBlockSize, full: full, progress: progress)
        return (outcome.summary, outcome.model)
    }

    /// A pass's summary, the model it used, and the records whose clusters it decided again (nil: all).
    public struct Outcome: Sendable {
        public var summary: MatchSummary
        public var model: MatchModel
        public var affected: Set<Int64>?
    }

    public func runDetailed(model given: MatchModel?, thresholds: Thresholds, maxBlockSize: Int = 300, full: Bool = true,
                            progress: ((String) -> Void)? = nil) throws(HeyiError) -> Outcome {
        // After a first pass, with a model that carries its term frequencies, only the neighbourhood
        // of the new records is read: the cost follows the new records, not the store.
        if !full, let latest = try store.latestMatchRun() {
            let model = given ?? (try? MatchModel.load(Data(latest.modelJSON.utf8)))
            if let model, model.termFrequencies != nil, latest.autoMerge == thresholds.autoMerge, latest.review == thresholds.review {
                return try runAround(model: model, thresholds: thresholds, maxBlockSize: maxBlockSize, progress: progress)
            }
        }
        let (summary, model) = try runOver(model: given, thresholds: thresholds, maxBlockSize: maxBlockSize, full: full, progress: progress)
        try store.ensureMatchIndexes()
        return Outcome(summary: summary, model: model, affected: nil)
    }

    /// The incremental pass: new records are blocked against the stored records sharing a key with
    /// them (found through indexes); the clusters they touch, closed over every stored link-worthy
    /// pair, are clustered again with all their pairs; nothing else is read or written.
    func runAround(model: MatchModel, thresholds: Thresholds, maxBlockSize: Int,
                   progress: ((String) -> Void)?) throws(HeyiError) -> Outcome {
        let started = Date()
        let trace = ProcessInfo.processInfo.environment["HEYI_TRACE"] != nil
        func mark(_ label: String) { if trace { FileHandle.standardError.write(Data(String(format: "match %@ %.2fs\n", label, Date().timeIntervalSince(started)).utf8)) } }
        var timings = Matcher.Timings()
        let version = NormalizeRun.version
        progress?("finding new records")
        let newIds = try store.unclusteredRecordIds(version: version)
        mark("found \(newIds.count) new records")
        let newRows = try store.normalizedRows(newIds, version: version)
        mark("loaded them")
        let newSet = Set(newIds)
        let neighbours = try store.recordsSharingKeys(with: newRows.map(\.row), version: version).subtracting(newSet)
        mark("found \(neighbours.count) neighbours")
        var rows: [Int64: (String, NormalizedRow)] = [:]
        for (source, row) in try store.normalizedRows(neighbours.sorted(), version: version) { rows[row.recordId] = (source, row) }
        var data = MatchDataset()
        for id in neighbours.sorted() { if let (source, row) = rows[id] { data.append(Self.record(source, row)) } }
        let newFrom = data.count
        for (source, row) in newRows { data.append(Self.record(source, row)); rows[row.recordId] = (source, row) }
        let loaded = Date()
        mark("loaded neighbours")
        var clock = Date()
        func lap() -> Double { let now = Date(); defer { clock = now }; return now.timeIntervalSince(clock) }
        progress?("blocking \(newRows.count) new records against \(neighbours.count) neighbours")
        let (candidates, report) = Blocker(maxBlockSize: maxBlockSize).pairs(data, newFrom: newFrom)
        timings.blocking = lap()
        let scoredNew = Scorer(model: model, data: data).score(candidates)
        timings.scoring = lap()
        let kept = scoredNew.kept(minimumProbability: thresholds.review).map { pair in
            (a: data.recordIds[pair.i], b: data.recordIds[pair.j], rules: pair.rules, levels: pair.levels, weight: pair.weight)
        }

        // The records whose clusters are decided again: new ones, their kept partners, records of new
        // steward rules, the clusters of replaced versions; closed over stored link-worthy pairs.
        var seeds = newSet.union(try store.recordsOfNewRules())
        for pair in kept { seeds.insert(pair.a); seeds.insert(pair.b) }
        var clusters = Set(try store.clusterOf(seeds).values).union(try store.clustersOfReplacedRecords())
        var affected = newSet
        var storedPairs: [Int64: [StoredPair]] = [:]
        var frontier = clusters
        while !frontier.isEmpty {
            let members = try store.members(ofClusters: frontier).filter { !affected.contains($0) }
            affected.formUnion(members)
            frontier = []
            let touching = try store.pairs(touching: members)
            var outside: [Int64] = []
            for pair in touching {
                storedPairs[pair.recordA, default: []].append(pair)
                if pair.probability >= thresholds.autoMerge {
                    for id in [pair.recordA, pair.recordB] where !affected.contains(id) { outside.append(id) }
                }
            }
            for cluster in Set(try store.clusterOf(outside).values) where clusters.insert(cluster).inserted { frontier.insert(cluster) }
        }
        mark("closed \(clusters.count) clusters, \(affected.count) records")
        // Every affected record in one dataset, with the stored pairs between two of them and the new ones.
        let missing = affected.filter { rows[$0] == nil }.sorted()
        for (source, row) in try store.normalizedRows(missing, version: version) { rows[row.recordId] = (source, row) }
        var local = MatchDataset()
        let ordered = affected.filter { rows[$0] != nil }.sorted()
        for id in ordered { local.append(Self.record(rows[id]!.0, rows[id]!.1)) }
        var index: [Int64: Int] = [:]
        for (i, id) in ordered.enumerated() { index[id] = i }
        var pairs: [(i: Int, j: Int, rules: UInt8, levels: LevelVector, weight: Float)] = []
        var taken = Set<[Int64]>()
        for list in storedPairs.values {
            for p in list {
                guard let i = index[p.recordA], let j = index[p.recordB], taken.insert([p.recordA, p.recordB]).inserted else { continue }
                pairs.append((i, j, BlockingRule.mask(p.rules.split(separator: ",").map(String.init)),
                              LevelVector(packed: UInt32(truncatingIfNeeded: p.levels)), Float(p.weight)))
            }
        }
        for p in kept {
            guard let i = index[p.a], let j = index[p.b], taken.insert([min(p.a, p.b), max(p.a, p.b)]).inserted else { continue }
            pairs.append((i, j, p.rules, p.levels, p.weight))
        }
        let scored = ScoredPairs(pairs: pairs)
        let rules = try linkRules(for: local)
        let clustering = Clusterer(thresholds: thresholds).cluster(local, scored: scored, rules: rules)
        timings.clustering = lap()

        let saveStarted = Date()
        let assignment = Self.clusterNames(clustering, recordIds: local.recordIds)
        let stored = Self.storedPairs(scored, clustering, recordIds: local.recordIds)
        let (modelJSON, blockingJSON, timingsJSON) = Self.json(model, report, timings)
        _ = try store.saveIncrementalMatch(affected: Set(ordered), clusters: assignment, pairs: stored, records: local.count,
                                           candidatePairs: candidates.count, autoMerge: thresholds.autoMerge, review: thresholds.review,
                                           modelJSON: modelJSON, blockingJSON: blockingJSON, timingsJSON: timingsJSON)
        let summary = Self.summary(clustering, records: local.count, newRecords: newIds.count, candidates: candidates.count,
                                   stewardRules: rules.count, trained: false, report: report, timings: timings,
                                   started: started, loaded: loaded, saveStarted: saveStarted)
        return Outcome(summary: summary, model: model, affected: Set(ordered))
    }

    /// Each record's cluster, named by its smallest record id whatever order records were loaded in.
    static func clusterNames(_ clustering: Clustering, recordIds: [Int64]) -> [(recordId: Int64, cluster: Int64)] {
        var smallest: [Int32: Int64] = [:]
        for (i, c) in clustering.clusterOf.enumerated() { smallest[c] = min(smallest[c] ?? .max, recordIds[i]) }
        return recordIds.indices.map { (recordIds[$0], smallest[clustering.clusterOf[$0]]!) }
    }

    /// The model, blocking report and step times as the store keeps them.
    static func json(_ model: MatchModel, _ report: BlockingReport, _ timings: Matcher.Timings) -> (String, String, String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func text(_ value: some Encodable) -> String { (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}" }
        return ((try? model.json()).map { String(decoding: $0, as: UTF8.self) } ?? "{}", text(report), text(timings))
    }

    static func summary(_ clustering: Clustering, records: Int, newRecords: Int, candidates: Int, stewardRules: Int, trained: Bool,
                        report: BlockingReport, timings: Matcher.Timings, started: Date, loaded: Date, saveStarted: Date) -> MatchSummary {
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
        return MatchSummary(records: records, newRecords: newRecords, candidatePairs: candidates, links: clustering.links.count,
                            reviews: clustering.reviews.count, clusters: sizes.count, mergedClusters: sizes.values.count { $0 > 1 },
                            stewardRules: stewardRules, trained: trained, blocking: report, seconds: seconds)
    }

    /// Decided pairs as the store keeps them; pairs a steward ruled on, and pairs no longer worth
    /// keeping, are left out.
    static func storedPairs(_ scored: ScoredPairs, _ clustering: Clustering, recordIds: [Int64]) -> [StoredPair] {
        var decided: [Int: (String, String?)] = [:]
        for k in clustering.links { decided[k] = ("link", nil) }
        for (k, reason) in clustering.reviews { decided[k] = ("review", reason.rawValue) }
        var stored: [StoredPair] = []
        stored.reserveCapacity(decided.count)
        for k in 0..<scored.count {
            guard let (decision, reason) = decided[k] else { continue }
            let (i, j, mask) = scored.candidates.pair(k)
            let (a, b) = recordIds[i] < recordIds[j] ? (recordIds[i], recordIds[j]) : (recordIds[j], recordIds[i])
            stored.append(StoredPair(recordA: a, recordB: b, weight: Double(scored.weights[k]), probability: scored.probability(k),
                                     decision: decision, reason: reason, levels: Int(scored.levels[k].packed),
                                     rules: BlockingRule.rules(in: mask).map(\.rawValue).joined(separator: ",")))
        }
        return stored
    }

    /// The pass over every record (first runs, --full, or a model without term frequencies).
    func runOver(model given: MatchModel?, thresholds: Thresholds, maxBlockSize: Int, full: Bool,
                 progress: ((String) -> Void)?) throws(HeyiError) -> (MatchSummary, MatchModel) {
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
        let clusters = Self.clusterNames(clustering, recordIds: data.recordIds)
        let stored = Self.storedPairs(scored, clustering, recordIds: data.recordIds)
        let (modelJSON, blockingJSON, timingsJSON) = Self.json(usedModel, report, timings)
        _ = try store.saveMatch(clusters: clusters, pairs: stored, records: data.count, candidatePairs: candidates.count,
                                autoMerge: thresholds.autoMerge, review: thresholds.review,
                                modelJSON: modelJSON, blockingJSON: blockingJSON, timingsJSON: timingsJSON)
        let summary = Self.summary(clustering, records: data.count, newRecords: data.count - newFrom, candidates: candidates.count,
                                   stewardRules: rules.count, trained: trained, report: report, timings: timings,
                                   started: started, loaded: loaded, saveStarted: saveStarted)
        return (summary, usedModel)
    }
}
