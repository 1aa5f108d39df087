import HeyiCore
import Testing
@testable import HeyiNormalize

/// The caches are invisible: what a cached look-up gives is what computing gives.
@Suite struct CacheTests {
    @Test func aMemoGivesWhatComputingGives() {
        let memo = Memo<String>(slots: 4)
        var computed = 0
        func make(_ key: String) -> String { computed += 1; return "<\(key)>" }
        #expect(memo.value("陈丽华", make) == "<陈丽华>")
        #expect(memo.value("陈丽华", make) == "<陈丽华>")
        #expect(computed == 1, "the second look-up is a hit")
    }

    @Test func keysSharingASlotNeverGetEachOthersValue() {
        // One slot: every key collides; the newest stays, the others are computed again.
        let memo = Memo<String>(slots: 1)
        let keys = ["张伟", "張偉", "王芳", "", "a", "陈丽华女士", "e\u{301}", "é"]
        for _ in 0..<3 {
            for key in keys { #expect(memo.value(key) { "<\($0)>" } == "<\(key)>") }
        }
    }

    @Test(arguments: [false, true])
    func aNormalizerGivesTheSameRecordsWithWarmCachesAndWithItsOwn(nameCache: Bool) {
        // Other tests may run meanwhile: the caches change no result, which is the point.
        NormalizerCaches.nameCache = nameCache
        defer { NormalizerCaches.nameCache = false }
        let normalizer = RecordNormalizer(today: CalendarDay(year: 2026, month: 11, day: 23))
        let records: [FieldValues] = [
            [.name: ["陳麗華女士"], .phone: ["138-0013-8000 / 010-62345678"], .company: ["華辰科技（北京）有限公司"], .address: ["北京市海淀区中关村大街1号"]],
            [.name: ["陈丽华"], .phone: ["+86 13800138000"], .company: ["北京华辰科技有限公司"], .address: ["深圳南山科技园南路8号"]],
            [.name: ["王总"], .company: ["华辰科技有限公司北京分公司"], .email: ["Chen.LiHua@QQ.com"], .birthday: ["1985/3/7"]],
            [.name: ["华辰科技有限公司"], .idNumber: ["11010519491231002X"], .gender: ["女"]],
        ]
        let cold = records.map { normalizer.normalize($0) }
        let warm = records.map { normalizer.normalize($0) }
        let own = records.map { normalizer.withOwnCaches().normalize($0) }
        #expect(cold == warm)
        #expect(cold == own)
    }

    @Test func theNFKCSkipTestOnBytesMatchesItsDefinition() {
        // Untouched: printable ASCII and the CJK unified ideographs (and extension A), nothing else.
        for value in stride(from: UInt32(0), through: 0x10FFFF, by: 7) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = (0x20..<0x80).contains(value) || (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            #expect(CompatibilityFolding.isUntouched("a" + String(scalar) + "陈") == expected, "U+\(String(value, radix: 16))")
        }
    }
}
