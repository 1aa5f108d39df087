import HeyiCore
import Foundation

/// Estimates a model from the data itself, no labels: u from random pairs (exact agreement from
/// the value frequencies, which sampling would almost never hit), m and the prior by
/// expectation–maximisation over the blocked candidate pairs with u held fixed.
public struct Trainer: Sendable {
    /// Random pairs sampled for u; nil: 100 per record, between 200,000 and 1,000,000.
    public var randomPairs: Int?
    public var maxIterations: Int
    public var tolerance: Double
    public var seed: UInt64

    public init(randomPairs: Int? = nil, maxIterations: Int = 100, tolerance: Double = 1e-6, seed: UInt64 = 42) {
        self.randomPairs = randomPairs
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    public func train(_ data: MatchDataset, candidates: CandidatePairs, starting: MatchModel = .initial) -> MatchModel {
        var model = starting
        let (u, sampled) = estimateU(data)
        for field in ComparisonField.allCases {
            for level in 0..<field.levels.count { model.comparisons[field.index].levels[level].u = u[field.index][level] }
        }
        let (patterns, unique) = levelPatterns(data, candidates)
        let agreements = exactAgreements(data)
        var iterations = 0, converged = true
        // Exact agreement on an identifier among all pairs counts the customers' own duplicates;
        // once m and the prior are known, the matches' share is taken out of u and both re-estimated.
        for round in 0..<3 {
            let (steps, done) = estimateM(&model, patterns: patterns, starting: starting)
            iterations = max(iterations, steps)
            converged = converged && done
            model.prior = estimatePrior(model, patterns: unique, records: data.count)
            if round < 2 { correctU(&model, agreements) }
        }
        model.termFrequencies = Self.termFrequencies(data)
        let formatter = ISO8601DateFormatter()
        model.training = MatchModel.Training(records: data.count, candidatePairs: candidates.count, randomPairs: sampled,
                                             iterations: iterations, converged: converged, trainedAt: formatter.string(from: Date()))
        return model
    }

    /// m by EM per blocking rule, leaving out the fields the rule blocked on: among pairs that share
    /// a mobile, non-matches agree on the mobile by construction, but their other fields look like
    /// random pairs', so u from random pairs holds for those fields (Splink's method). The rules'
    /// estimates are averaged, weighed by the matches each found.
    func estimateM(_ model: inout MatchModel, patterns: [BlockingRule: [(vector: LevelVector, count: Double)]],
                   starting: MatchModel) -> (Int, Bool) {
        var sums = ComparisonField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
        var weights = [Double](repeating: 0, count: ComparisonField.allCases.count)
        var iterations = 0, converged = true
        for (rule, rulePatterns) in patterns.sorted(by: { $0.key.bit < $1.key.bit }) where !rulePatterns.isEmpty && rule.trainsModel {
            var estimate = model
            for field in ComparisonField.allCases {
                for level in 0..<field.levels.count {
                    estimate.comparisons[field.index].levels[level].m = starting.comparisons[field.index].levels[level].m
                }
            }
            estimate.prior = 0.5
            let excluded = Set(rule.fields)
            let (steps, done) = expectationMaximisation(&estimate, rulePatterns, excluded: excluded)
            iterations = max(iterations, steps)
            converged = converged && done
            let matches = estimate.prior * rulePatterns.reduce(0) { $0 + $1.count }
            for field in ComparisonField.allCases where !excluded.contains(field) {
                for level in 0..<field.levels.count { sums[field.index][level] += matches * estimate.comparisons[field.index].levels[level].m }
                weights[field.index] += matches
            }
        }
        // The starting values count as a few pseudo-matches, so that a level the data never shows
        // among matches (a similar company name in data without typos) stays plausible.
        let pseudo = 20.0
        for field in ComparisonField.allCases {
            for level in 0..<field.levels.count {
                model.comparisons[field.index].levels[level].m = (sums[field.index][level] + pseudo * starting.comparisons[field.index].levels[level].m)
                    / (weights[field.index] + pseudo)
            }
            model.comparisons[field.index].levels = Self.monotone(Self.floored(model.comparisons[field.index].levels, field))
        }
        return (iterations, converged)
    }

    /// Per identifier field and exact level: pairs agreeing on a value (Σ c(c−1)/2) and pairs of
    /// records that both have the field.
    func exactAgreements(_ data: MatchDataset) -> [(field: ComparisonField, level: Int, agreeing: Double, pairs: Double)] {
        func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
        func agreeing(_ interner: Interner, where include: (Int) -> Bool = { _ in true }) -> Double {
            var sum = 0.0
            for (id, count) in interner.counts.enumerated() where include(id) { sum += pairs(Int(count)) }
            return sum
        }
        var mobileValue = [Bool](repeating: false, count: data.phoneValues.count)
        for (k, id) in data.phones.enumerated() where data.phoneMobile[k] { mobileValue[Int(id)] = true }
        return [
            (.name, 1, agreeing(data.names), pairs(data.withName)),
            (.phone, 1, agreeing(data.phoneValues) { mobileValue[$0] }, pairs(data.withPhone)),
            (.phone, 2, agreeing(data.phoneValues) { !mobileValue[$0] }, pairs(data.withPhone)),
            (.email, 1, agreeing(data.emailValues), pairs(data.withEmail)),
            (.idNumber, 1, agreeing(data.idNumbers), pairs(data.withID)),
            (.company, 1, agreeing(data.companies), pairs(data.withCompany)),
        ]
    }

    /// u of an exact level without the matches' share: (agreeing − prior·pairs·m) / ((1 − prior)·pairs),
    /// at most 64 times below the raw share; the field's other levels take up the rest.
    func correctU(_ model: inout MatchModel, _ agreements: [(field: ComparisonField, level: Int, agreeing: Double, pairs: Double)]) {
        for (field, level, agreeing, pairs) in agreements where pairs > 0 && agreeing > 0 {
            var levels = model.comparisons[field.index].levels
            let raw = agreeing / pairs
            let corrected = (agreeing - model.prior * pairs * levels[level - 1].m) / ((1 - model.prior) * pairs)
            let before = levels[level - 1].u
            levels[level - 1].u = max(raw / 64, corrected)
            let last = levels.count - 1
            levels[last].u += before - levels[level - 1].u
            model.comparisons[field.index].levels = levels
        }
    }

    /// The common values of each term-frequency field, for the model file.
    static func termFrequencies(_ data: MatchDataset) -> [String: MatchModel.TermFrequencies] {
        var tables: [String: MatchModel.TermFrequencies] = [:]
        for (field, interner) in [(ComparisonField.name, data.names), (.phone, data.phoneValues), (.email, data.emailValues),
                                  (.idNumber, data.idNumbers), (.company, data.companies)] {
            let typical = interner.typicalCount
            let common = interner.counts.enumerated().filter { Double($0.element) >= 2 * typical }
                .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }.prefix(5_000)
            var table: [String: Int] = [:]
            for (id, count) in common { table[MatchModel.valueKey(interner.values[id])] = Int(count) }
            tables[field.rawValue] = MatchModel.TermFrequencies(typical: typical, common: table)
        }
        return tables
    }

    /// Smallest share of true matches disagreeing on a field, whatever the data says: people change
    /// jobs, move, keep several numbers and e-mail addresses, and clerks mistype dates. Data without
    /// such cases (a clean export, a generator) would otherwise make one disagreement a veto.
    static func disagreementFloor(_ field: ComparisonField) -> Double {
        switch field {
        case .name: 0.01
        case .phone, .email: 0.15
        case .idNumber: 0.001
        case .birthday, .gender: 0.02
        case .company, .address: 0.10
        }
    }

    static func floored(_ levels: [MatchModel.Level], _ field: ComparisonField) -> [MatchModel.Level] {
        var adjusted = levels
        let floor = disagreementFloor(field)
        let last = adjusted.count - 1
        // Every other level keeps at least a trace of m: possible, if unseen.
        for k in 0..<last { adjusted[k].m = max(adjusted[k].m, 1e-4) }
        if adjusted[last].m < floor {
            let others = adjusted[..<last].reduce(0) { $0 + $1.m }
            for k in 0..<last { adjusted[k].m *= (1 - floor) / others }
            adjusted[last].m = floor
        }
        return adjusted
    }

    /// Levels are ordered best first: no level may weigh less than the last ("different"); one that
    /// would is given the last level's weight (its m raised to match), then m is renormalised.
    static func monotone(_ levels: [MatchModel.Level]) -> [MatchModel.Level] {
        guard let last = levels.last else { return levels }
        var adjusted = levels
        for k in 0..<(levels.count - 1) where adjusted[k].weight < last.weight {
            adjusted[k].m = adjusted[k].u * last.m / last.u
        }
        let total = adjusted.reduce(0) { $0 + $1.m }
        for k in adjusted.indices { adjusted[k].m /= total }
        return adjusted
    }

    /// The probability that two random records are the same customer: the expected number of
    /// matches among candidate pairs (each weighed by its posterior under that prior) over all
    /// pairs, found as a fixed point. Blocking reaching nearly every true pair makes this sound.
    func estimatePrior(_ model: MatchModel, patterns unique: [(vector: LevelVector, count: Double)], records: Int) -> Double {
        let allPairs = Double(records) * Double(records - 1) / 2
        guard allPairs > 0 else { return 0.5 }
        var prior = min(0.5, max(1e-12, unique.reduce(0) { $0 + $1.count } / allPairs / 2))
        var scored = model
        for _ in 0..<200 {
            scored.prior = prior
            var expected = 0.0
            for (vector, count) in unique {
                var weight = scored.priorWeight
                for field in ComparisonField.allCases {
                    let level = Int(vector[field])
                    if level > 0 { weight += scored.comparisons[field.index].levels[level - 1].weight }
                }
                expected += count / (1 + exp2(-weight))
            }
            let updated = min(0.5, max(1e-12, expected / allPairs))
            if abs(updated - prior) <= prior * 1e-6 { return updated }
            prior = updated
        }
        return prior
    }

    /// u per field and level, each field's levels summing to 1.
    func estimateU(_ data: MatchDataset) -> (u: [[Double]], sampled: Int) {
        let n = data.count
        let comparator = Comparator(data: data)
        var counts = ComparisonField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
        var sampled = 0
        func tally(_ i: Int, _ j: Int) {
            let vector = comparator.levels(i, j)
            for field in ComparisonField.allCases {
                let level = Int(vector[field])
                if level > 0 { counts[field.index][level - 1] += 1 }
            }
            sampled += 1
        }
        if n >= 2 {
            let randomPairs = self.randomPairs ?? min(1_000_000, max(200_000, 100 * n))
            if n * (n - 1) / 2 <= randomPairs {
                for i in 0..<n { for j in (i + 1)..<n { tally(i, j) } }
            } else {
                var generator = SplitMix64(seed: seed)
                for _ in 0..<randomPairs {
                    let i = Int.random(in: 0..<n, using: &generator)
                    var j = Int.random(in: 0..<(n - 1), using: &generator)
                    if j >= i { j += 1 }
                    tally(i, j)
                }
            }
        }
        // Exact agreement of an identifier by a random pair, from value frequencies: Σ f².
        func agreement(_ interner: Interner, _ total: Int, where include: (Int) -> Bool = { _ in true }) -> Double {
            guard total > 0 else { return 0 }
            let t = Double(total)
            var sum = 0.0
            for (id, count) in interner.counts.enumerated() where include(id) { sum += (Double(count) / t) * (Double(count) / t) }
            return sum
        }
        var mobileValue = [Bool](repeating: false, count: data.phoneValues.count)
        for (k, id) in data.phones.enumerated() where data.phoneMobile[k] { mobileValue[Int(id)] = true }
        let exact: [ComparisonField: [Double]] = [
            .name: [agreement(data.names, data.withName)],
            .phone: [agreement(data.phoneValues, data.withPhone) { mobileValue[$0] }, agreement(data.phoneValues, data.withPhone) { !mobileValue[$0] }],
            .email: [agreement(data.emailValues, data.withEmail)], .idNumber: [agreement(data.idNumbers, data.withID)],
            .company: [agreement(data.companies, data.withCompany)],
        ]
        let u = ComparisonField.allCases.map { field -> [Double] in
            let levelCount = field.levels.count
            let observed = counts[field.index]
            let total = observed.reduce(0, +)
            // Add-one smoothing: a level never seen among random pairs is rare, not impossible.
            var u = observed.map { ($0 + 1) / (total + Double(levelCount)) }
            if let fixed = exact[field], fixed.allSatisfy({ $0 > 0 }) {
                let rest = u.dropFirst(fixed.count).reduce(0, +)
                let sum = fixed.reduce(0, +)
                for (level, value) in fixed.enumerated() { u[level] = value }
                for level in fixed.count..<levelCount { u[level] = u[level] / rest * (1 - sum) }
            }
            return u
        }
        return (u, sampled)
    }

    /// Candidate pairs grouped by their level vector, per blocking rule that found them and once
    /// each: EM then costs per distinct vector, not per pair.
    func levelPatterns(_ data: MatchDataset, _ candidates: CandidatePairs)
        -> (perRule: [BlockingRule: [(vector: LevelVector, count: Double)]], unique: [(vector: LevelVector, count: Double)]) {
        let comparator = Comparator(data: data)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Key: rule bits in the top byte, levels below.
        let partial = ConcurrentSlots<[UInt64: Int]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var counts: [UInt64: Int] = [:]
            for k in stride(from: w, to: candidates.count, by: workers) {
                let (i, j, mask) = candidates.pair(k)
                counts[UInt64(mask) << 32 | UInt64(comparator.levels(i, j).packed), default: 0] += 1
            }
            partial[w] = counts
        }
        var merged: [UInt64: Int] = [:]
        for w in 0..<workers { merged.merge(partial[w] ?? [:], uniquingKeysWith: +) }
        var perRule: [BlockingRule: [UInt32: Double]] = [:]
        var unique: [UInt32: Double] = [:]
        for (key, count) in merged {
            let vector = UInt32(key & 0xFFFF_FFFF)
            unique[vector, default: 0] += Double(count)
            for rule in BlockingRule.rules(in: UInt8(key >> 32)) { perRule[rule, default: [:]][vector, default: 0] += Double(count) }
        }
        func list(_ counts: [UInt32: Double]) -> [(vector: LevelVector, count: Double)] {
            counts.sorted { $0.key < $1.key }.map { (LevelVector(packed: $0.key), $0.value) }
        }
        return (perRule.mapValues(list), list(unique))
    }

    /// Updates m and the prior until they stop moving; u stays as estimated.
    func expectationMaximisation(_ model: inout MatchModel, _ patterns: [(vector: LevelVector, count: Double)],
                                 excluded: Set<ComparisonField> = []) -> (Int, Bool) {
        guard !patterns.isEmpty else { return (0, false) }
        let fields = ComparisonField.allCases.filter { !excluded.contains($0) }
        for iteration in 1...maxIterations {
            var mSums = ComparisonField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
            var matchWeight = 0.0, total = 0.0
            let m = model.comparisons.map { $0.levels.map(\.m) }, u = model.comparisons.map { $0.levels.map(\.u) }
            for (vector, count) in patterns {
                var logRatio = log(model.prior / (1 - model.prior))
                for field in fields {
                    let level = Int(vector[field])
                    if level > 0 { logRatio += log(m[field.index][level - 1] / u[field.index][level - 1]) }
                }
                let posterior = 1 / (1 + exp(-logRatio))
                matchWeight += posterior * count
                total += count
                for field in fields {
                    let level = Int(vector[field])
                    if level > 0 { mSums[field.index][level - 1] += posterior * count }
                }
            }
            var change = 0.0
            for field in fields {
                let sum = mSums[field.index].reduce(0, +)
                guard sum > 0 else { continue }
                let levelCount = Double(field.levels.count)
                for level in 0..<field.levels.count {
                    // A little smoothing keeps a level unseen among matches possible.
                    let updated = (mSums[field.index][level] + 0.01) / (sum + 0.01 * levelCount)
                    change = max(change, abs(updated - model.comparisons[field.index].levels[level].m))
                    model.comparisons[field.index].levels[level].m = updated
                }
            }
            let prior = min(max(matchWeight / total, 1e-6), 1 - 1e-6)
            change = max(change, abs(prior - model.prior))
            model.prior = prior
            if change < tolerance { return (iteration, true) }
        }
        return (maxIterations, false)
    }
}
