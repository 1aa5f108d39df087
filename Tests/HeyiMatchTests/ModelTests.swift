import Foundation
@testable import HeyiMatch
import HeyiCore
import Testing

/// People with mobiles and e-mails; every third appears twice with a slip in the name.
func syntheticPeople(_ count: Int, seed: UInt64) -> (MatchDataset, truth: [Int32]) {
    var random = SplitMix64(seed: seed)
    let surnames = ["张", "王", "李", "刘", "陈", "欧阳"], surnamePinyin = ["zhang", "wang", "li", "liu", "chen", "ouyang"]
    let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊"], givenPinyin = ["wei", "fang", "na", "min", "jing", "li", "qiang", "lei"]
    var records: [MatchRecord] = []
    var truth: [Int32] = []
    for p in 0..<count {
        let s = Int.random(in: 0..<surnames.count, using: &random)
        let g1 = Int.random(in: 0..<given.count, using: &random), g2 = Int.random(in: 0..<given.count, using: &random)
        let name = surnames[s] + given[g1] + given[g2], pinyin = "\(surnamePinyin[s]) \(givenPinyin[g1])\(givenPinyin[g2])"
        let mobile = "+86138\(String(format: "%08d", p))", email = "u\(p)@163.com"
        let birthday = "19\(Int.random(in: 50...99, using: &random))-0\(Int.random(in: 1...9, using: &random))-1\(Int.random(in: 0...9, using: &random))"
        records.append(person(Int64(records.count), name, pinyin: pinyin, surname: surnames[s], birthday: birthday, mobiles: [mobile],
                              emails: [email]))
        truth.append(Int32(p))
        if p % 3 == 0 {
            let dropped = surnames[s] + given[g1], droppedPinyin = "\(surnamePinyin[s]) \(givenPinyin[g1])"
            let (n, py) = p % 2 == 0 ? (name, pinyin) : (dropped, droppedPinyin)
            records.append(person(Int64(records.count), n, pinyin: py, surname: surnames[s], birthday: p % 4 == 0 ? birthday : nil,
                                  mobiles: p % 5 == 0 ? [] : [mobile], emails: p % 5 == 0 ? [email] : []))
            truth.append(Int32(p))
        }
    }
    return (MatchDataset(records), truth)
}

@Suite struct ModelTests {
    @Test func trainsSensibleParametersWithoutLabels() {
        let (data, truth) = syntheticPeople(3000, seed: 5)
        let (candidates, _) = Blocker().pairs(data)
        let model = Trainer(randomPairs: 200_000).train(data, candidates: candidates)
        let name = model.comparison(.name), phone = model.comparison(.phone)
        #expect(name.levels[0].weight > 5, "agreeing on the name is evidence")
        #expect(name.levels[5].weight < -3, "a different name is evidence against")
        #expect(phone.levels[0].weight > 10)
        #expect(model.prior > 0 && model.prior < 0.001, "two random records rarely match: \(model.prior)")
        #expect(model.training?.converged == true)
        // Levels never weigh less than disagreement.
        for comparison in model.comparisons {
            #expect(comparison.levels.allSatisfy { $0.weight >= comparison.levels.last!.weight - 1e-9 }, "\(comparison.field)")
        }
        let result = Matcher(trainer: Trainer(randomPairs: 200_000)).run(data, model: model)
        let accuracy = Accuracy(predicted: result.clustering.clusterOf, truth: truth)
        #expect(accuracy.f1 > 0.97, "F1 \(accuracy.f1), precision \(accuracy.precision), recall \(accuracy.recall)")
        #expect(accuracy.precision > 0.99, "precision \(accuracy.precision)")
    }

    @Test func commonNamesWeighLessThanRareOnes() {
        // 40 different 张伟 and one pair of 欧阳倩, every pair agreeing on the name alone.
        var records = (0..<40).map { person(Int64($0), "张伟", pinyin: "zhang wei", mobiles: ["+86139000000\(String(format: "%02d", $0))"]) }
        records.append(person(40, "欧阳倩", pinyin: "ouyang qian", surname: "欧阳"))
        records.append(person(41, "欧阳倩", pinyin: "ouyang qian", surname: "欧阳"))
        let data = MatchDataset(records)
        let scorer = Scorer(model: .initial, data: data)
        let common = scorer.explain(0, 1).contributions.first { $0.field == .name }!
        let rare = scorer.explain(40, 41).contributions.first { $0.field == .name }!
        #expect(common.weight < rare.weight)
        #expect(common.note?.contains("common") == true)
        // The explanation adds up.
        let explanation = scorer.explain(0, 1)
        #expect(abs(explanation.priorWeight + explanation.contributions.reduce(0) { $0 + $1.weight } - explanation.weight) < 1e-9)
        #expect(explanation.contributions.first { $0.field == .email }?.level == "missing")
    }

    @Test func modelFilesRoundTripAndBadOnesAreNamed() throws {
        let json = try MatchModel.initial.json()
        #expect(try MatchModel.load(json) == MatchModel.initial)
        var text = String(decoding: json, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"shared_mobile\"", with: "\"shared\"")
        #expect(throws: ModelError.self) { try MatchModel.load(Data(text.utf8)) }
        var broken = MatchModel.initial
        broken.prior = 1.5
        #expect { try MatchModel.load(try broken.json()) } throws: { "\($0)".contains("prior") }
    }
}
