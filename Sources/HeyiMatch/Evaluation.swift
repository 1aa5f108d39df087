/// Accuracy of a clustering against the truth: pairwise precision, recall and F1 (over all pairs of
/// records put together), and B-cubed (per record, averaged).
public struct Accuracy: Sendable, Codable, Equatable {
    public var records: Int
    public var truePairs: Int
    public var predictedPairs: Int
    public var correctPairs: Int
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var bcubedPrecision: Double
    public var bcubedRecall: Double
    public var bcubedF1: Double

    /// `predicted[i]` and `truth[i]`: cluster and true entity of record i (any numbering); records
    /// without a truth (-1) are left out.
    public init(predicted: [Int32], truth: [Int32]) {
        precondition(predicted.count == truth.count)
        var cell: [UInt64: Int] = [:], clusterSize: [Int32: Int] = [:], entitySize: [Int32: Int] = [:]
        var records = 0
        for i in 0..<predicted.count where truth[i] >= 0 {
            records += 1
            cell[UInt64(UInt32(bitPattern: predicted[i])) << 32 | UInt64(UInt32(bitPattern: truth[i])), default: 0] += 1
            clusterSize[predicted[i], default: 0] += 1
            entitySize[truth[i], default: 0] += 1
        }
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        self.records = records
        correctPairs = cell.values.reduce(0) { $0 + pairs($1) }
        predictedPairs = clusterSize.values.reduce(0) { $0 + pairs($1) }
        truePairs = entitySize.values.reduce(0) { $0 + pairs($1) }
        precision = predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs)
        recall = truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        // B-cubed: per record, |its cluster ∩ its entity| / |its cluster| (precision) and / |its entity| (recall).
        var bp = 0.0, br = 0.0
        for (key, overlap) in cell {
            let c = Int32(bitPattern: UInt32(key >> 32)), e = Int32(bitPattern: UInt32(key & 0xFFFF_FFFF))
            bp += Double(overlap) * Double(overlap) / Double(clusterSize[c]!)
            br += Double(overlap) * Double(overlap) / Double(entitySize[e]!)
        }
        bcubedPrecision = records == 0 ? 1 : bp / Double(records)
        bcubedRecall = records == 0 ? 1 : br / Double(records)
        bcubedF1 = bcubedPrecision + bcubedRecall == 0 ? 0 : 2 * bcubedPrecision * bcubedRecall / (bcubedPrecision + bcubedRecall)
    }
}

/// Precision of the automatic links alone: the share of linked pairs whose records are truly the
/// same customer.
public func linkPrecision(_ clustering: Clustering, _ scored: ScoredPairs, truth: [Int32]) -> (correct: Int, judged: Int) {
    var correct = 0, judged = 0
    for k in clustering.links {
        let (i, j, _) = scored.candidates.pair(k)
        guard truth[i] >= 0, truth[j] >= 0 else { continue }
        judged += 1
        if truth[i] == truth[j] { correct += 1 }
    }
    return (correct, judged)
}

extension BlockingReport {
    /// Fills the share of true pairs reached, per rule and in all, from the candidate pairs.
    public mutating func measure(_ candidates: CandidatePairs, truth: [Int32]) {
        var entitySize: [Int32: Int] = [:]
        for t in truth where t >= 0 { entitySize[t, default: 0] += 1 }
        let truePairs = entitySize.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        guard truePairs > 0 else { return }
        var perRule = [Int](repeating: 0, count: rules.count)
        var reached = 0
        for p in candidates.packed {
            let i = CandidatePairs.first(p), j = CandidatePairs.second(p)
            guard truth[i] >= 0, truth[i] == truth[j] else { continue }
            reached += 1
            let mask = CandidatePairs.rules(p)
            for (r, rule) in rules.enumerated() where mask & rule.rule.bit != 0 { perRule[r] += 1 }
        }
        for r in rules.indices { rules[r].truePairsReached = Double(perRule[r]) / Double(truePairs) }
        truePairsReached = Double(reached) / Double(truePairs)
    }
}
