@testable import HeyiMatch
import HeyiCore
import Testing

@Suite struct BlockingTests {
    /// Pairs sharing any key, by brute force.
    func bruteForce(_ data: MatchDataset, rules: [BlockingRule]) -> Set<[Int]> {
        var pairs = Set<[Int]>()
        for i in 0..<data.count {
            for j in (i + 1)..<data.count {
                for rule in rules {
                    var a: [UInt64] = [], b: [UInt64] = []
                    rule.keys(data, i, into: &a)
                    rule.keys(data, j, into: &b)
                    if !Set(a).isDisjoint(with: b) { pairs.insert([i, j]) }
                }
            }
        }
        return pairs
    }

    func randomData(_ n: Int, seed: UInt64) -> MatchDataset {
        var random = SplitMix64(seed: seed)
        let names = ["张伟", "王芳", "李娜", "陈丽华"], pinyin = ["zhang wei", "wang fang", "li na", "chen lihua"]
        return MatchDataset((0..<n).map { i in
            let k = Int.random(in: 0..<4, using: &random)
            return person(Int64(i), names[k], pinyin: pinyin[k], birthday: ["1990-01-01", "1985-05-05", nil][Int.random(in: 0..<3, using: &random)],
                          company: Bool.random(using: &random) ? "华辰" : nil, city: ["110100", "440300"][Int.random(in: 0..<2, using: &random)],
                          district: Bool.random(using: &random) ? "110108" : nil,
                          mobiles: ["+861380013800\(Int.random(in: 0..<6, using: &random))"], emails: Bool.random(using: &random) ? ["a\(i % 5)@x.cn"] : [])
        })
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func pairsAreExactlyThoseSharingAKey(seed: UInt64) {
        let data = randomData(60, seed: seed)
        let (candidates, report) = Blocker(maxBlockSize: 1000).pairs(data)
        let found = Set((0..<candidates.count).map { k -> [Int] in let (i, j, _) = candidates.pair(k); return [i, j] })
        #expect(found == bruteForce(data, rules: BlockingRule.allCases))
        #expect(found.count == candidates.count, "a pair found by several rules is kept once")
        #expect(report.candidatePairs == candidates.count)
        // Each pair remembers every rule that found it.
        for k in 0..<candidates.count {
            let (i, j, mask) = candidates.pair(k)
            for rule in BlockingRule.allCases {
                var a: [UInt64] = [], b: [UInt64] = []
                rule.keys(data, i, into: &a)
                rule.keys(data, j, into: &b)
                #expect((mask & rule.bit != 0) == !Set(a).isDisjoint(with: b))
            }
        }
    }

    @Test func oversizedBlocksAreSkippedAndReported() {
        // A switchboard on 50 records, two people sharing a mobile.
        var records = (0..<50).map { person(Int64($0), "员工\($0)", pinyin: "yuan gong\($0)", fixed: ["+861062345678"]) }
        records.append(person(50, "张伟", pinyin: "zhang wei", mobiles: ["+8613800138000"]))
        records.append(person(51, "张伟", pinyin: "zhang wei", mobiles: ["+8613800138000"]))
        let (candidates, report) = Blocker(rules: [.mobile, .fixedLine], maxBlockSize: 20).pairs(MatchDataset(records))
        #expect(candidates.count == 1)
        let fixed = report.rules.first { $0.rule == .fixedLine }!
        #expect(fixed.oversizedBlocks == 1 && fixed.largestSkipped == [50] && fixed.pairs == 0)
        #expect(report.rules.first { $0.rule == .mobile }!.pairs == 1)
    }

    @Test func incrementalBlockingOnlyPairsNewRecords() {
        let data = randomData(80, seed: 9)
        let (all, _) = Blocker(maxBlockSize: 1000).pairs(data)
        let (new, _) = Blocker(maxBlockSize: 1000).pairs(data, newFrom: 60)
        let expected = (0..<all.count).map { all.pair($0) }.filter { $0.1 >= 60 }.map { [$0.0, $0.1] }
        #expect((0..<new.count).map { k -> [Int] in let (i, j, _) = new.pair(k); return [i, j] } == expected)
    }
}
