import HeyiCore
import Foundation

/// A rule that makes candidate pairs: records sharing the rule's key are compared. The rules are
/// OR-ed; a pair found by several is scored once and remembers which found it.
public enum BlockingRule: String, CaseIterable, Codable, Sendable {
    case mobile
    case fixedLine = "fixed_line"
    case email
    case idNumber = "id_number"
    case pinyinNameCity = "pinyin_name_city"
    case pinyinNameBirthday = "pinyin_name_birthday"
    case companySurname = "company_surname"
    case nameDistrict = "name_district"

    public var summary: String {
        switch self {
        case .mobile: "same mobile number (E.164)"
        case .fixedLine: "same fixed-line or other number (E.164)"
        case .email: "same e-mail address"
        case .idNumber: "same valid ID number"
        case .pinyinNameCity: "same pinyin name and city"
        case .pinyinNameBirthday: "same pinyin name and birth date"
        case .companySurname: "same company and surname (pinyin)"
        case .nameDistrict: "same name and district"
        }
    }

    /// The fields a rule's key is made of: among its pairs, they agree whether or not the records match.
    var fields: [ComparisonField] {
        switch self {
        case .mobile, .fixedLine: [.phone]
        case .email: [.email]
        case .idNumber: [.idNumber]
        case .pinyinNameCity: [.name, .address]
        case .pinyinNameBirthday: [.name, .birthday]
        case .companySurname: [.company, .name]
        case .nameDistrict: [.name, .address]
        }
    }

    /// Whether the rule's pairs can train m: among pairs that share a fixed line or a company,
    /// non-matches are households and colleagues, whose other fields (address, surname, company)
    /// agree far more than random pairs' do, which would teach the model that such agreement means
    /// a match.
    var trainsModel: Bool { self != .fixedLine && self != .companySurname }

    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self)!) }

    /// The bits of rules given by name (unknown names are ignored).
    public static func mask(_ names: some Sequence<String>) -> UInt8 {
        names.reduce(0) { $0 | (BlockingRule(rawValue: $1)?.bit ?? 0) }
    }

    /// The rules whose bits are set.
    public static func rules(in mask: UInt8) -> [BlockingRule] { allCases.filter { mask & $0.bit != 0 } }

    /// The keys of record `i` under this rule (several for multi-valued fields).
    func keys(_ data: MatchDataset, _ i: Int, into keys: inout [UInt64]) {
        func pack(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
        switch self {
        case .mobile: for k in data.phoneRange(of: i) where data.phoneMobile[k] { keys.append(UInt64(data.phones[k])) }
        case .fixedLine: for k in data.phoneRange(of: i) where !data.phoneMobile[k] { keys.append(UInt64(data.phones[k])) }
        case .email: for email in data.emails(of: i) { keys.append(UInt64(email)) }
        case .idNumber: if data.idNumber[i] >= 0 { keys.append(UInt64(data.idNumber[i])) }
        case .pinyinNameCity:
            if data.pinyin[i] >= 0, data.city[i] != 0 { keys.append(pack(data.pinyin[i], data.city[i])) }
        case .pinyinNameBirthday:
            if data.pinyin[i] >= 0, data.birthday[i] != 0 { keys.append(pack(data.pinyin[i], data.birthday[i])) }
        case .companySurname:
            if data.company[i] >= 0, data.pinyinSurname[i] >= 0 { keys.append(pack(data.company[i], data.pinyinSurname[i])) }
        case .nameDistrict:
            if data.name[i] >= 0, data.district[i] != 0 { keys.append(pack(data.name[i], data.district[i])) }
        }
    }
}

/// What blocking did, per rule: pairs produced, and blocks too large to compare in full.
public struct BlockingReport: Sendable, Codable, Equatable {
    public struct Rule: Sendable, Codable, Equatable {
        public var rule: BlockingRule
        public var pairs: Int
        public var blocks: Int
        public var oversizedBlocks: Int
        /// The largest blocks skipped (their sizes), largest first, at most 10.
        public var largestSkipped: [Int]
        /// Share of true pairs this rule reaches (when a truth is given).
        public var truePairsReached: Double?
    }
    public var rules: [Rule]
    public var candidatePairs: Int
    public var maxBlockSize: Int
    /// Share of true pairs reached by all rules together (when a truth is given).
    public var truePairsReached: Double?
}

/// Candidate pairs, i < j, each with the rules that found it.
public struct CandidatePairs: Sendable {
    /// i << 34 | j << 8 | rule bits, sorted.
    var packed: [UInt64]
    public var count: Int { packed.count }
    @inline(__always) static func first(_ p: UInt64) -> Int { Int(p >> 34) }
    @inline(__always) static func second(_ p: UInt64) -> Int { Int((p >> 8) & 0x3FF_FFFF) }
    @inline(__always) static func rules(_ p: UInt64) -> UInt8 { UInt8(p & 0xFF) }
    public func pair(_ k: Int) -> (Int, Int, UInt8) { (Self.first(packed[k]), Self.second(packed[k]), Self.rules(packed[k])) }
}

/// Makes candidate pairs by sorting record keys per rule; a block larger than `maxBlockSize` (a
/// company switchboard on hundreds of records) is skipped and reported rather than compared in full.
public struct Blocker: Sendable {
    public var rules: [BlockingRule]
    public var maxBlockSize: Int

    public init(rules: [BlockingRule] = BlockingRule.allCases, maxBlockSize: Int = 300) {
        self.rules = rules
        self.maxBlockSize = maxBlockSize
    }

    /// Pairs among all records, or only pairs with at least one record at index ≥ `newFrom`
    /// (incremental runs: new records against everything).
    public func pairs(_ data: MatchDataset, newFrom: Int = 0) -> (CandidatePairs, BlockingReport) {
        precondition(data.count < 1 << 26, "at most 67 million records can be blocked at once")
        var perRule: [[UInt64]] = Array(repeating: [], count: rules.count)
        var reports: [BlockingReport.Rule] = Array(repeating: BlockingReport.Rule(rule: .mobile, pairs: 0, blocks: 0, oversizedBlocks: 0,
                                                                                   largestSkipped: []), count: rules.count)
        let results = ConcurrentSlots<([UInt64], BlockingReport.Rule)>(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { r in
            results[r] = block(rules[r], data, newFrom: newFrom)
        }
        for r in 0..<rules.count { (perRule[r], reports[r]) = results[r]! }
        var all: [UInt64] = []
        all.reserveCapacity(perRule.reduce(0) { $0 + $1.count })
        for list in perRule { all.append(contentsOf: list) }
        perRule = []
        all.sort()
        // Merge duplicates, OR-ing the rule bits.
        var merged: [UInt64] = []
        merged.reserveCapacity(all.count)
        for p in all {
            if let last = merged.last, last >> 8 == p >> 8 {
                merged[merged.count - 1] = last | (p & 0xFF)
            } else {
                merged.append(p)
            }
        }
        let report = BlockingReport(rules: reports, candidatePairs: merged.count, maxBlockSize: maxBlockSize)
        return (CandidatePairs(packed: merged), report)
    }

    private func block(_ rule: BlockingRule, _ data: MatchDataset, newFrom: Int) -> ([UInt64], BlockingReport.Rule) {
        var entries: [(key: UInt64, index: Int32)] = []
        entries.reserveCapacity(data.count)
        var keys: [UInt64] = []
        for i in 0..<data.count {
            keys.removeAll(keepingCapacity: true)
            rule.keys(data, i, into: &keys)
            for key in keys { entries.append((key, Int32(i))) }
        }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        var pairs: [UInt64] = []
        var report = BlockingReport.Rule(rule: rule, pairs: 0, blocks: 0, oversizedBlocks: 0, largestSkipped: [])
        var skipped: [Int] = []
        var start = 0
        let bit = UInt64(rule.bit)
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            let size = end - start
            if size > 1 {
                // Nothing new in this block: its pairs were compared in an earlier run.
                if newFrom > 0, Int(entries[end - 1].index) < newFrom {
                    start = end
                    continue
                }
                report.blocks += 1
                if size > maxBlockSize {
                    report.oversizedBlocks += 1
                    skipped.append(size)
                } else {
                    for x in start..<end {
                        for y in (x + 1)..<end {
                            let i = entries[x].index, j = entries[y].index
                            guard i != j, Int(j) >= newFrom || Int(i) >= newFrom else { continue }
                            pairs.append(UInt64(i) << 34 | UInt64(j) << 8 | bit)
                        }
                    }
                }
            }
            start = end
        }
        report.pairs = pairs.count
        report.largestSkipped = Array(skipped.sorted(by: >).prefix(10))
        return (pairs, report)
    }
}
