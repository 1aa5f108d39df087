import Foundation

/// The match stage in one call: block, (train,) score, cluster, with the time of each step.
public struct Matcher: Sendable {
    public var blocker: Blocker
    public var thresholds: Thresholds
    public var trainer: Trainer

    public init(blocker: Blocker = Blocker(), thresholds: Thresholds = Thresholds(), trainer: Trainer = Trainer()) {
        self.blocker = blocker
        self.thresholds = thresholds
        self.trainer = trainer
    }

    public struct Timings: Sendable, Codable, Equatable {
        public init() {}
        public var blocking = 0.0
        public var training = 0.0
        public var scoring = 0.0
        public var clustering = 0.0
    }

    public struct Result: Sendable {
        public var model: MatchModel
        public var report: BlockingReport
        public var scored: ScoredPairs
        public var clustering: Clustering
        public var timings: Timings
    }

    /// Matches the dataset; trains a model first when none is given. Pairs involving a record at
    /// index ≥ `newFrom` only, when set (incremental runs).
    public func run(_ data: MatchDataset, model given: MatchModel? = nil, rules: [LinkRule] = [], newFrom: Int = 0) -> Result {
        var timings = Timings()
        var clock = Date()
        func lap() -> Double { let now = Date(); defer { clock = now }; return now.timeIntervalSince(clock) }
        let (candidates, report) = blocker.pairs(data, newFrom: newFrom)
        timings.blocking = lap()
        let model = given ?? trainer.train(data, candidates: candidates)
        timings.training = lap()
        let scored = Scorer(model: model, data: data).score(candidates)
        timings.scoring = lap()
        let clustering = Clusterer(thresholds: thresholds).cluster(count: data.count, scored: scored, idNumbers: data.idNumber, rules: rules)
        timings.clustering = lap()
        return Result(model: model, report: report, scored: scored, clustering: clustering, timings: timings)
    }
}
