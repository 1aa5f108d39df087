import HeyiCore
import Testing
@testable import HeyiNormalize

@Suite struct RecordNormalizerTests {
    let normalizer = RecordNormalizer(today: CalendarDay(year: 2026, month: 11, day: 23))

    @Test func normalizesAndReconcilesARecord() {
        let record = normalizer.normalize([
            .name: ["陳麗華女士"], .phone: ["138-0013-8000/62345678"], .email: [" LiHua@163.COM "],
            .address: ["北京市海淀区中关村大街1号"], .idNumber: ["110108196810105920"], .gender: ["男"],
            .birthday: ["1968/10/10"], .company: ["华辰科技（北京）有限公司"],
        ], dateFormats: [.birthday: ["yyyy/M/d"]])
        #expect(record.primaryName?.value == "陈丽华")
        #expect(record.phones.map(\.e164) == ["+8613800138000", "+861062345678"])
        #expect(record.phones[1].changes.contains("area code 010 taken from the address"))
        #expect(record.emails.first?.value == "lihua@163.com")
        #expect(record.validIDNumber == "110108196810105920")
        #expect(record.birthday?.value == "1968-10-10")
        #expect(record.companies.first?.key == "华辰科技")
        #expect(record.gender == .male, "the stated gender wins")
        #expect(record.notes.contains("gender M conflicts with the ID number (F)"))
        #expect(record.notes.contains("the name's title suggests F, the record says M"))
    }

    @Test func fillsBirthdayAndGenderFromTheIDNumber() {
        let record = normalizer.normalize([.name: ["王芳"], .idNumber: ["110101199003074514"]])
        #expect(record.birthday?.value == "1990-03-07")
        #expect(record.gender == .male)
        #expect(record.notes.contains("birthday taken from the ID number"))
    }

    @Test func aCompanyInTheNameFieldMovesToCompanies() {
        let record = normalizer.normalize([.name: ["北京华辰科技有限公司"]])
        #expect(record.names.isEmpty)
        #expect(record.companies.map(\.key) == ["华辰科技"])
    }

    @Test func partialNamesAreKeptButNotPrimary() {
        let record = normalizer.normalize([.name: ["王总", "王建国"]])
        #expect(record.names.count == 2)
        #expect(record.primaryName?.value == "王建国")
    }
}
