@testable import HeyiMatch
import Testing

/// A normalized record as the normalize stage would hand it over.
func person(_ id: Int64, _ name: String?, pinyin: String? = nil, surname: String? = nil, source: String = "s", gender: String? = nil,
            birthday: String? = nil, id idNumber: String? = nil, company: String? = nil, city: String? = nil, district: String? = nil,
            rest: String? = nil, mobiles: [String] = [], fixed: [String] = [], emails: [String] = []) -> MatchRecord {
    MatchRecord(id: id, source: source, name: name, pinyinKey: pinyin, surname: surname ?? name.map { String($0.prefix(1)) },
                gender: gender, birthday: birthday, idNumber: idNumber, companyKey: company, province: city.map { String($0.prefix(2)) + "0000" },
                city: city, district: district, addressRest: rest, phones: mobiles + fixed,
                phoneKinds: mobiles.map { _ in "mobile" } + fixed.map { _ in "fixed_line" }, emails: emails)
}

@Suite struct SimilarityTests {
    @Test(arguments: [("MARTHA", "MARHTA", 0.961), ("DWAYNE", "DUANE", 0.840), ("DIXON", "DICKSONX", 0.813), ("abc", "abc", 1.0), ("abc", "xyz", 0.0)])
    func jaroWinklerKnownValues(a: String, b: String, expected: Double) {
        let value = Similarity.jaroWinkler(a.unicodeScalars.map(\.value), b.unicodeScalars.map(\.value))
        #expect(abs(value - expected) < 0.001, "\(a) \(b): \(value)")
    }

    @Test(arguments: [("丽华", "华丽", true, true), ("丽华", "丽", true, true), ("丽", "丽华", true, true), ("丽华", "丽娟", true, false),
                      ("丽华", "丽华", false, false), ("丽华", "美丽华", true, true), ("丽华", "娟美", false, false), ("abcd", "acbd", true, true)])
    func oneEditApart(a: String, b: String, withSubstitution: Bool, without: Bool) {
        let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
        #expect(Similarity.oneEditApart(x, y) == withSubstitution)
        #expect(Similarity.oneEditApart(x, y, substitution: false) == without)
    }

    @Test func containment() {
        func s(_ t: String) -> [UInt32] { t.unicodeScalars.map(\.value) }
        #expect(Similarity.contains(s("华辰科技"), s("北京华辰科技")))
        #expect(!Similarity.contains(s("华"), s("华辰"))) // one character says nothing
        #expect(!Similarity.contains(s("鼎盛"), s("华辰科技")))
    }
}

@Suite struct ComparatorTests {
    func levels(_ a: MatchRecord, _ b: MatchRecord) -> LevelVector {
        Comparator(data: MatchDataset([a, b])).levels(0, 1)
    }

    @Test func nameLevels() {
        let base = person(1, "陈丽华", pinyin: "chen lihua")
        #expect(levels(base, person(2, "陈丽华", pinyin: "chen lihua"))[.name] == 1)
        #expect(levels(base, person(2, "chen lihua", pinyin: "chen lihua", surname: "chen"))[.name] == 2) // Latin vs Han
        #expect(levels(base, person(2, "陈莉华", pinyin: "chen lihua"))[.name] == 3) // homophone
        #expect(levels(base, person(2, "陈华丽", pinyin: "chen huali"))[.name] == 4) // swapped
        #expect(levels(base, person(2, "陈华", pinyin: "chen hua"))[.name] == 4) // dropped
        #expect(levels(base, person(2, "陈丽娟", pinyin: "chen lijuan"))[.name] != 4) // a sister, not a typo
        #expect(levels(base, person(2, "陈丽桦", pinyin: "chen lihua"))[.name] == 3)
        #expect(levels(base, person(2, "王建国", pinyin: "wang jianguo"))[.name] == 6)
        #expect(levels(base, person(2, "陈", pinyin: "chen"))[.name] == 0) // 陈总: a surname alone is no name
        #expect(levels(base, person(2, nil))[.name] == 0)
    }

    @Test func phoneLevels() {
        let a = person(1, "张伟", mobiles: ["+8613800138000"], fixed: ["+861062345678"])
        #expect(levels(a, person(2, "张伟", mobiles: ["+8613800138000"]))[.phone] == 1)
        #expect(levels(a, person(2, "张伟", fixed: ["+861062345678"]))[.phone] == 2)
        #expect(levels(a, person(2, "张伟", mobiles: ["+8613900139000"]))[.phone] == 3)
        #expect(levels(a, person(2, "张伟"))[.phone] == 0)
    }

    @Test func emailBirthdayGenderAddressCompanyLevels() {
        let a = person(1, "张伟", gender: "M", birthday: "1990-03-07", company: "华辰科技", city: "110100", district: "110108",
                       rest: "中关村大街1号", emails: ["zhangwei@163.com"])
        let same = levels(a, a)
        #expect(same[.email] == 1 && same[.birthday] == 1 && same[.gender] == 1 && same[.company] == 1 && same[.address] == 1)
        let b = person(2, "张伟", gender: "F", birthday: "1990-07-03", company: "华辰科技北京", city: "110100", district: "110108",
                       rest: "知春路8号", emails: ["zhangwei@qq.com"])
        let other = levels(a, b)
        #expect(other[.email] == 2) // same local part
        #expect(other[.birthday] == 2) // day and month swapped
        #expect(other[.gender] == 2)
        #expect(other[.company] == 2) // one contains the other
        #expect(other[.address] == 2) // same district, different street
        let far = person(3, "张伟", birthday: "1990-01-01", city: "440300", district: "440305", rest: "中关村大街1号")
        #expect(levels(a, far)[.address] == 4) // the same street in another city is another place
        #expect(levels(a, far)[.birthday] == 3) // same year
        #expect(levels(a, far)[.email] == 0)
    }

    @Test func levelVectorPacksEveryField() {
        var vector = LevelVector(packed: 0)
        for (n, field) in ComparisonField.allCases.enumerated() { vector[field] = UInt8(n % 7 + 1) }
        for (n, field) in ComparisonField.allCases.enumerated() { #expect(vector[field] == UInt8(n % 7 + 1)) }
        #expect(ComparisonField.allCases.allSatisfy { $0.levels.count < 15 })
    }
}
