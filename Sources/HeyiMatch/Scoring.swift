import Foundation

/// One field's part of a pair's match weight.
public struct Contribution: Sendable, Codable, Equatable {
    public var field: ComparisonField
    /// The agreement level's label, or `missing`.
    public var level: String
    /// Bits of evidence: positive for the same customer, negative against.
    public var weight: Double
    /// What changed the weight beyond the level, e.g. a common value's term frequency.
    public var note: String?
}

/// A pair's match weight as a sum: the prior plus every field's contribution.
public struct Explanation: Sendable, Codable, Equatable {
    public var priorWeight: Double
    public var contributions: [Contribution]
    public var weight: Double
    public var probability: Double
    /// Rules that keep this pair from being linked automatically, whatever its score.
    public var blockers: [String]
}

/// Scored candidate pairs, parallel arrays in candidate order.
public struct ScoredPairs: Sendable {
    public var candidates: CandidatePairs
    public var levels: [LevelVector]
    public var weights: [Float]
    public var count: Int { weights.count }

    public func probability(_ k: Int) -> Double { Scorer.probability(Double(weights[k])) }

    public init(candidates: CandidatePairs, levels: [LevelVector], weights: [Float]) {
        self.candidates = candidates
        self.levels = levels
        self.weights = weights
    }

    /// Pairs given by dataset index (i ≠ j, in either order), sorted as blocking sorts them.
    public init(pairs: [(i: Int, j: Int, rules: UInt8, levels: LevelVector, weight: Float)]) {
        let sorted = pairs.map { (UInt64(min($0.i, $0.j)) << 34 | UInt64(max($0.i, $0.j)) << 8 | UInt64($0.rules), $0.levels, $0.weight) }
            .sorted { $0.0 < $1.0 }
        self.init(candidates: CandidatePairs(packed: sorted.map(\.0)), levels: sorted.map(\.1), weights: sorted.map(\.2))
    }

    /// The pairs at or above a probability, for keeping.
    public func kept(minimumProbability: Double) -> [(i: Int, j: Int, rules: UInt8, levels: LevelVector, weight: Float)] {
        (0..<count).filter { probability($0) >= minimumProbability }.map { k in
            let (i, j, rules) = candidates.pair(k)
            return (i, j, rules, levels[k], weights[k])
        }
    }
}

/// Scores pairs with a model: per field the weight of its agreement level, term-frequency adjusted
/// on exact agreement, summed with the prior.
public struct Scorer: Sendable {
    public let model: MatchModel
    let data: MatchDataset
    let comparator: Comparator
    /// [field][level] → weight; level 0 (missing) is 0.
    private let table: [[Double]]
    /// Per field, the count of a typical value (records carrying it, record-weighted mean).
    private let typical: [Double]
    /// Per term-frequency field and value id, the model's count of that value.
    private let modelCounts: [[Int32]?]

    public init(model: MatchModel, data: MatchDataset) {
        self.model = model
        self.data = data
        comparator = Comparator(data: data)
        table = model.comparisons.map { [0] + $0.levels.map(\.weight) }
        modelCounts = Self.modelCounts(model, data)
        typical = ComparisonField.allCases.map { field in
            switch field {
            case .name: data.names.typicalCount
            case .phone: data.phoneValues.typicalCount
            case .email: data.emailValues.typicalCount
            case .idNumber: data.idNumbers.typicalCount
            case .company: data.companies.typicalCount
            default: 1
            }
        }
    }

    public static func probability(_ weight: Double) -> Double { 1 / (1 + exp2(-weight)) }

    /// Levels of every candidate pair and their weights, on all cores.
    public func score(_ candidates: CandidatePairs) -> ScoredPairs {
        let count = candidates.count
        var levels = [LevelVector](repeating: LevelVector(packed: 0), count: count)
        var weights = [Float](repeating: 0, count: count)
        let chunk = 4096
        let chunks = (count + chunk - 1) / chunk
        levels.withUnsafeMutableBufferPointer { levelBuffer in
            weights.withUnsafeMutableBufferPointer { weightBuffer in
                let levelBase = UnsafeSendable(levelBuffer.baseAddress), weightBase = UnsafeSendable(weightBuffer.baseAddress)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for k in (c * chunk)..<min(count, (c + 1) * chunk) {
                        let p = candidates.packed[k]
                        let i = CandidatePairs.first(p), j = CandidatePairs.second(p)
                        let vector = comparator.levels(i, j)
                        levelBase.value![k] = vector
                        weightBase.value![k] = Float(weight(i, j, vector))
                    }
                }
            }
        }
        return ScoredPairs(candidates: candidates, levels: levels, weights: weights)
    }

    /// The total weight of a pair with these levels.
    func weight(_ i: Int, _ j: Int, _ vector: LevelVector) -> Double {
        var total = model.priorWeight
        for field in ComparisonField.allCases {
            let level = Int(vector[field])
            guard level > 0 else { continue }
            if field.isExact(level: level), model.comparisons[field.index].termFrequency,
               let adjusted = termFrequencyWeight(field, level, i, j) {
                total += adjusted.weight
            } else {
                total += table[field.index][level]
            }
        }
        return total
    }

    /// The exact level's weight adjusted by how common the agreeing value is against a typical
    /// value of the field (the record-weighted mean count, Σc²/Σc): a value 64 times as common as
    /// typical loses 6 bits; a rarer one gains at most 2. Relative, because a value's raw frequency
    /// counts the customer's own duplicates too.
    func termFrequencyWeight(_ field: ComparisonField, _ level: Int, _ i: Int, _ j: Int) -> (weight: Double, frequency: Double)? {
        let exact = model.comparisons[field.index].levels[level - 1]
        // The agreeing value (for phones and e-mails, the least common one the two share).
        var id: Int32 = -1, total = 0
        let counts: [Int32]
        switch field {
        case .name: id = data.name[i]; total = data.withName; counts = data.names.counts
        case .idNumber: id = data.idNumber[i]; total = data.withID; counts = data.idNumbers.counts
        case .company: id = data.company[i]; total = data.withCompany; counts = data.companies.counts
        case .phone:
            let b = data.phones(of: j)
            total = data.withPhone
            counts = data.phoneValues.counts
            for x in data.phones(of: i) where b.contains(x) && (id < 0 || counts[Int(x)] < counts[Int(id)]) { id = x }
        case .email:
            let b = data.emails(of: j)
            total = data.withEmail
            counts = data.emailValues.counts
            for x in data.emails(of: i) where b.contains(x) && (id < 0 || counts[Int(x)] < counts[Int(id)]) { id = x }
        default: return nil
        }
        guard total > 0, id >= 0 else { return nil }
        var count = counts[Int(id)]
        var frequency = Double(count) / Double(total)
        var typicalCount = typical[field.index]
        if let table = model.termFrequencies?[field.rawValue], let modelCounts = modelCounts[field.index] {
            // The model's counts, not today's data: scores stay a function of model and pair.
            typicalCount = table.typical
            count = modelCounts[Int(id)]
            frequency = Double(count) / Double(model.training?.records ?? total)
        }
        let adjustment = min(2, -log2(Double(count) / typicalCount))
        return (exact.weight + adjustment, frequency)
    }

    /// Per term-frequency field, the model's count of every distinct value of the data (2, "rare",
    /// for values the model does not list), hashed once per value on all cores, not once per pair.
    static func modelCounts(_ model: MatchModel, _ data: MatchDataset) -> [[Int32]?] {
        ComparisonField.allCases.map { field -> [Int32]? in
            guard let table = model.termFrequencies?[field.rawValue] else { return nil }
            let values: [String]
            switch field {
            case .name: values = data.names.values
            case .phone: values = data.phoneValues.values
            case .email: values = data.emailValues.values
            case .idNumber: values = data.idNumbers.values
            case .company: values = data.companies.values
            default: return nil
            }
            var counts = [Int32](repeating: 2, count: values.count)
            guard !table.common.isEmpty, !values.isEmpty else { return counts }
            let chunk = 8192
            counts.withUnsafeMutableBufferPointer { buffer in
                let base = UnsafeSendable(buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: (values.count + chunk - 1) / chunk) { c in
                    for k in (c * chunk)..<min(values.count, (c + 1) * chunk) {
                        if let count = table.common[MatchModel.valueKey(values[k])] { base.value[k] = Int32(clamping: count) }
                    }
                }
            }
            return counts
        }
    }

    /// The pair's weight as a sum of contributions, for `heyi explain` and the review screen.
    public func explain(_ i: Int, _ j: Int) -> Explanation {
        let vector = comparator.levels(i, j)
        var contributions: [Contribution] = []
        for field in ComparisonField.allCases {
            let level = Int(vector[field])
            guard level > 0 else {
                contributions.append(Contribution(field: field, level: "missing", weight: 0, note: "missing on one side: neutral"))
                continue
            }
            var contribution = Contribution(field: field, level: field.levels[level - 1], weight: table[field.index][level])
            if field.isExact(level: level), model.comparisons[field.index].termFrequency,
               let adjusted = termFrequencyWeight(field, level, i, j) {
                let average = table[field.index][level]
                if abs(adjusted.weight - average) >= 0.05 {
                    contribution.note = String(format: "%@ value: on %.3f%% of records (%+.2f against a typical value)",
                                               adjusted.weight < average ? "common" : "rare", adjusted.frequency * 100, adjusted.weight - average)
                }
                contribution.weight = adjusted.weight
            }
            contributions.append(contribution)
        }
        let total = weight(i, j, vector)
        return Explanation(priorWeight: model.priorWeight, contributions: contributions, weight: total,
                           probability: Self.probability(total), blockers: Self.blockers(vector))
    }

    /// Hard rules: two different valid ID numbers are never linked automatically.
    static func blockers(_ vector: LevelVector) -> [String] {
        vector[.idNumber] == 2 ? ["different valid ID numbers"] : []
    }
}

/// A raw pointer handed to concurrent workers that write disjoint elements.
struct UnsafeSendable<Pointer>: @unchecked Sendable {
    let value: Pointer
    init(_ value: Pointer) { self.value = value }
}
