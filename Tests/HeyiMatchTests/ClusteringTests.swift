import Foundation
@testable import HeyiMatch
import HeyiCore
import Testing

/// Scored pairs made by hand: (i, j, probability).
func scoredPairs(_ edges: [(Int, Int, Double)], levels: [LevelVector]? = nil) -> ScoredPairs {
    let sorted = edges.map { (min($0.0, $0.1), max($0.0, $0.1), $0.2) }
    let packed = sorted.map { UInt64($0.0) << 34 | UInt64($0.1) << 8 | 1 }
    let weights = sorted.map { Float(log2($0.2 / (1 - $0.2))) }
    return ScoredPairs(candidates: CandidatePairs(packed: packed), levels: levels ?? sorted.map { _ in LevelVector(packed: 0) }, weights: weights)
}

/// Connected components by brute force: repeated relaxation until nothing changes.
func oracleComponents(_ n: Int, _ edges: [(Int, Int)]) -> [Int32] {
    var label = (0..<n).map { Int32($0) }
    var changed = true
    while changed {
        changed = false
        for (a, b) in edges where label[a] != label[b] {
            let low = min(label[a], label[b])
            label[a] = low
            label[b] = low
            changed = true
        }
    }
    return label
}

@Suite struct ClusteringTests {
    @Test(arguments: Array(1...25) as [UInt64])
    func withoutConflictsClustersAreConnectedComponents(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let n = Int.random(in: 2...60, using: &random)
        let edgeCount = Int.random(in: 0...(n * 2), using: &random)
        var seen = Set<[Int]>()
        var edges: [(Int, Int, Double)] = []
        for _ in 0..<edgeCount {
            let a = Int.random(in: 0..<n, using: &random), b = Int.random(in: 0..<n, using: &random)
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { continue }
            edges.append((a, b, Double.random(in: 0.01...0.999, using: &random)))
        }
        edges.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let thresholds = Thresholds(autoMerge: 0.9, review: 0.5)
        let clustering = Clusterer(thresholds: thresholds).cluster(count: n, scored: scoredPairs(edges), idNumbers: Array(repeating: -1, count: n))
        let linked = edges.filter { $0.2 >= 0.9 }.map { ($0.0, $0.1) }
        #expect(clustering.clusterOf == oracleComponents(n, linked))
        #expect(clustering.links.count == linked.count)
        #expect(clustering.reviews.count == edges.filter { $0.2 >= 0.5 && $0.2 < 0.9 }.count)
        #expect(clustering.reviews.allSatisfy { $0.reason == .uncertain })
    }

    @Test(arguments: Array(1...25) as [UInt64])
    func clustersNeverJoinTwoIDNumbers(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 1000)
        let n = Int.random(in: 5...50, using: &random)
        let ids = (0..<n).map { _ in Int.random(in: 0..<4, using: &random) == 0 ? Int32(Int.random(in: 0..<3, using: &random)) : -1 }
        var seen = Set<[Int]>()
        var edges: [(Int, Int, Double)] = []
        for _ in 0..<(n * 2) {
            let a = Int.random(in: 0..<n, using: &random), b = Int.random(in: 0..<n, using: &random)
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { continue }
            edges.append((a, b, Double.random(in: 0.95...0.9999, using: &random)))
        }
        edges.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let scored = scoredPairs(edges)
        let clustering = Clusterer().cluster(count: n, scored: scored, idNumbers: ids)
        var idsIn: [Int32: Set<Int32>] = [:]
        for i in 0..<n where ids[i] >= 0 { idsIn[clustering.clusterOf[i], default: []].insert(ids[i]) }
        #expect(idsIn.values.allSatisfy { $0.count <= 1 }, "a cluster carries two ID numbers")
        // Every refused link would have joined two clusters carrying different ID numbers.
        for (k, reason) in clustering.reviews {
            #expect(reason == .splitFromCluster)
            let (i, j, _) = scored.candidates.pair(k)
            let ci = clustering.clusterOf[i], cj = clustering.clusterOf[j]
            #expect(ci != cj)
            #expect(idsIn[ci]?.count == 1 && idsIn[cj]?.count == 1 && idsIn[ci] != idsIn[cj])
        }
        // Every accepted link lies inside a cluster, and links + refusals account for every edge.
        for k in clustering.links { let (i, j, _) = scored.candidates.pair(k); #expect(clustering.clusterOf[i] == clustering.clusterOf[j]) }
        #expect(clustering.links.count + clustering.reviews.count == edges.count)
    }

    @Test func theWeakestLinkIsTheOneRefused() {
        // 0(ID A) —0.999— 1 —0.96— 2(ID B): the chain would join A and B; the 0.96 link goes to review.
        let scored = scoredPairs([(0, 1, 0.999), (1, 2, 0.96)])
        let clustering = Clusterer().cluster(count: 3, scored: scored, idNumbers: [0, -1, 1])
        #expect(clustering.clusterOf == [0, 0, 2])
        #expect(clustering.reviews.map(\.reason) == [.splitFromCluster])
        #expect(scored.candidates.pair(clustering.reviews[0].pair).1 == 2)
    }

    @Test func aPairWithDifferentIDNumbersIsNeverLinkedAutomatically() {
        var vector = LevelVector(packed: 0)
        vector[.idNumber] = 2
        let scored = scoredPairs([(0, 1, 0.9999)], levels: [vector])
        let clustering = Clusterer().cluster(count: 2, scored: scored, idNumbers: [-1, -1])
        #expect(clustering.links.isEmpty)
        #expect(clustering.reviews.map(\.reason) == [.conflictingIDNumbers])
    }

    @Test func stewardRulesOverrideTheModel() {
        let scored = scoredPairs([(0, 1, 0.999), (1, 2, 0.999), (3, 4, 0.1)])
        let rules = [LinkRule(0, 2, .never), LinkRule(3, 4, .always)]
        let clustering = Clusterer().cluster(count: 5, scored: scored, idNumbers: Array(repeating: -1, count: 5), rules: rules)
        #expect(clustering.clusterOf[0] != clustering.clusterOf[2], "never-link holds even through a third record")
        #expect(clustering.clusterOf[3] == clustering.clusterOf[4])
        #expect(clustering.forcedLinks == 1)
        #expect(clustering.reviews.map(\.reason) == [.splitFromCluster])
    }
}

@Suite struct AccuracyTests {
    @Test func pairwiseAndBCubedByHand() {
        // Truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}.
        let accuracy = Accuracy(predicted: [0, 0, 2, 2, 2], truth: [7, 7, 7, 9, 9])
        #expect(accuracy.truePairs == 4 && accuracy.predictedPairs == 4 && accuracy.correctPairs == 2)
        #expect(accuracy.precision == 0.5 && accuracy.recall == 0.5 && accuracy.f1 == 0.5)
        // B-cubed precision: (1 + 1 + 1/3 + 2/3 + 2/3) / 5; recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5.
        #expect(abs(accuracy.bcubedPrecision - (1 + 1 + 1.0 / 3 + 2.0 / 3 + 2.0 / 3) / 5) < 1e-12)
        #expect(abs(accuracy.bcubedRecall - (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1 + 1) / 5) < 1e-12)
    }

    @Test func recordsWithoutTruthAreLeftOut() {
        let accuracy = Accuracy(predicted: [0, 0, 0], truth: [1, 1, -1])
        #expect(accuracy.records == 2 && accuracy.precision == 1 && accuracy.recall == 1)
    }
}
