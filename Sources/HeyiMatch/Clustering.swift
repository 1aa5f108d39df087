/// Thresholds on the match probability.
public struct Thresholds: Sendable, Codable, Equatable {
    /// At or above: linked automatically.
    public var autoMerge: Double
    /// At or above (and below auto_merge): queued for a steward.
    public var review: Double

    public init(autoMerge: Double = 0.95, review: Double = 0.60) {
        self.autoMerge = autoMerge
        self.review = review
    }

    enum CodingKeys: String, CodingKey {
        case autoMerge = "auto_merge", review
    }
}

/// A steward's decision about two records, which every run honours over the model.
public struct LinkRule: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable { case never, always }
    public var a: Int
    public var b: Int
    public var kind: Kind
    public init(_ a: Int, _ b: Int, _ kind: Kind) {
        self.a = a
        self.b = b
        self.kind = kind
    }
}

/// Why a pair waits for a steward.
public enum ReviewReason: String, Sendable, Codable {
    /// Between the review and auto-merge thresholds.
    case uncertain
    /// Scored for a link but the records carry different valid ID numbers.
    case conflictingIDNumbers = "conflicting_id_numbers"
    /// A link that would have joined records with different valid ID numbers through others: the
    /// cluster was split at it.
    case splitFromCluster = "split_from_cluster"
}

/// Records grouped into customers: linked pairs joined strongest first, never joining two groups
/// that carry different valid ID numbers or a steward's never-link; links refused that way are
/// queued for review. Without such conflicts the groups are exactly the connected components.
public struct Clustering: Sendable {
    /// Per record, the smallest record index of its cluster.
    public var clusterOf: [Int32]
    /// Scored pairs (by index) that were linked.
    public var links: [Int]
    /// Scored pairs (by index) queued for review, with why.
    public var reviews: [(pair: Int, reason: ReviewReason)]
    /// Steward always-link rules applied.
    public var forcedLinks: Int

    public var clusterCount: Int { Set(clusterOf).count }

    /// Members of each cluster with more than one record.
    public func groups() -> [[Int]] {
        var members: [Int32: [Int]] = [:]
        for (i, c) in clusterOf.enumerated() { members[c, default: []].append(i) }
        return members.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}

public struct Clusterer: Sendable {
    public var thresholds: Thresholds

    public init(thresholds: Thresholds = Thresholds()) { self.thresholds = thresholds }

    /// Clusters a dataset's scored pairs; its valid ID numbers are the strong identifiers.
    public func cluster(_ data: MatchDataset, scored: ScoredPairs, rules: [LinkRule] = []) -> Clustering {
        cluster(count: data.count, scored: scored, idNumbers: data.idNumber, rules: rules, recordIds: data.recordIds)
    }

    /// `idNumbers[i]`: a number standing for record i's valid ID number, or -1.
    /// `recordIds` break ties between equally strong links, so that the result does not depend on
    /// the order records were loaded in (an incremental run loads new records last).
    public func cluster(count n: Int, scored: ScoredPairs, idNumbers: [Int32], rules: [LinkRule] = [], recordIds: [Int64]? = nil) -> Clustering {
        var never: [Int: [Int32]] = [:]
        var ruled = Set<UInt64>()
        func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }
        for rule in rules where rule.kind == .never {
            never[rule.a, default: []].append(Int32(rule.b))
            never[rule.b, default: []].append(Int32(rule.a))
            ruled.insert(key(rule.a, rule.b))
        }
        var sets = ConstrainedSets(count: n, idNumbers: idNumbers, never: never)
        var forced = 0
        for rule in rules where rule.kind == .always {
            ruled.insert(key(rule.a, rule.b))
            if sets.union(rule.a, rule.b, checkIDs: false) { forced += 1 }
        }
        var edges: [Int] = []
        var reviews: [(Int, ReviewReason)] = []
        for k in 0..<scored.count {
            let (i, j, _) = scored.candidates.pair(k)
            if !ruled.isEmpty, ruled.contains(key(i, j)) { continue }
            let p = scored.probability(k)
            if p >= thresholds.autoMerge {
                if Scorer.blockers(scored.levels[k]).isEmpty { edges.append(k) } else { reviews.append((k, .conflictingIDNumbers)) }
            } else if p >= thresholds.review {
                reviews.append((k, .uncertain))
            }
        }
        // Strongest first, so that a conflict is resolved by refusing the weakest links.
        func tie(_ k: Int) -> (Int64, Int64) {
            let (i, j, _) = scored.candidates.pair(k)
            guard let recordIds else { return (Int64(i), Int64(j)) }
            return (min(recordIds[i], recordIds[j]), max(recordIds[i], recordIds[j]))
        }
        edges.sort { scored.weights[$0] != scored.weights[$1] ? scored.weights[$0] > scored.weights[$1] : tie($0) < tie($1) }
        var links: [Int] = []
        for k in edges {
            let (i, j, _) = scored.candidates.pair(k)
            if sets.find(i) == sets.find(j) || sets.union(i, j, checkIDs: true) {
                links.append(k)
            } else {
                reviews.append((k, .splitFromCluster))
            }
        }
        // Name each cluster by its smallest member.
        var smallest = [Int32](repeating: .max, count: n)
        for i in 0..<n { let r = sets.find(i); smallest[r] = min(smallest[r], Int32(i)) }
        let clusterOf = (0..<n).map { smallest[sets.find($0)] }
        return Clustering(clusterOf: clusterOf, links: links.sorted(), reviews: reviews.sorted { $0.0 < $1.0 }, forcedLinks: forced)
    }
}

/// Union–find whose sets remember their valid ID number and never-link partners.
struct ConstrainedSets {
    private var parent: [Int32]
    private var size: [Int32]
    private var idNumber: [Int32]
    private var never: [Int: [Int32]]

    init(count: Int, idNumbers: [Int32], never: [Int: [Int32]]) {
        parent = (0..<Int32(count)).map { $0 }
        size = Array(repeating: 1, count: count)
        idNumber = idNumbers
        self.never = never
    }

    mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != Int32(root) { root = Int(parent[root]) }
        var node = x
        while parent[node] != Int32(root) { let next = Int(parent[node]); parent[node] = Int32(root); node = next }
        return root
    }

    /// Joins the sets of a and b unless that would put two ID numbers or a never-link pair together.
    mutating func union(_ a: Int, _ b: Int, checkIDs: Bool) -> Bool {
        var ra = find(a), rb = find(b)
        if ra == rb { return true }
        if checkIDs, idNumber[ra] >= 0, idNumber[rb] >= 0, idNumber[ra] != idNumber[rb] { return false }
        if let partners = never[ra], partners.contains(where: { find(Int($0)) == rb }) { return false }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
        if idNumber[ra] < 0 { idNumber[ra] = idNumber[rb] }
        if let partners = never.removeValue(forKey: rb) { never[ra, default: []].append(contentsOf: partners) }
        return true
    }
}
