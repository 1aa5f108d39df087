import Testing
@testable import HeyiNormalize

@Suite struct DateNormalizerTests {
    let normalizer = DateNormalizer(today: CalendarDay(year: 2026, month: 11, day: 23))

    @Test(arguments: [
        ("1985/3/12", ["yyyy/M/d"], "1985-03-12"),
        ("1985/03/12", ["yyyy/M/d"], "1985-03-12"),
        ("1985年3月12日", ["yyyy年M月d日"], "1985-03-12"),
        ("1985年03月12日", ["yyyy年M月d日"], "1985-03-12"),
        ("19850312", ["yyyyMMdd"], "1985-03-12"),
        ("1985-03-12", [], "1985-03-12"),
        ("1985.3.12", [], "1985-03-12"),
        ("31118", ["excel"], "1985-03-12"),
        ("45000", ["excel"], "2023-03-15"),
        ("85-3-12", ["yy-M-d"], "1985-03-12"),
        ("05-3-12", ["yy-M-d"], "2005-03-12"),
        ("25-3-12", ["yy-M-d"], "2025-03-12"),
        ("30-3-12", ["yy-M-d"], "1930-03-12"),
        ("2026-09-12T09:30:00", ["yyyy-MM-ddTHH:mm:ss"], "2026-09-12T09:30:00"),
        ("2026-09-12 20:15:00", [], "2026-09-12T20:15:00"),
        ("2026/9/12 8:05", [], "2026-09-12T08:05:00"),
        ("２０２６－０９－１２", [], "2026-09-12"),
        ("2024-02-29", [], "2024-02-29"),
        (" 1990/1/1 ", ["yyyy/M/d"], "1990-01-01"),
    ])
    func readsDates(raw: String, patterns: [String], expected: String) {
        let date = normalizer.normalize(raw, patterns: patterns)
        #expect(date.value == expected, "\(date)")
        #expect(date.isValid)
    }

    @Test(arguments: [
        ("2023-02-29", "no such date"),
        ("2023-02-30", "no such date"),
        ("1990/13/1", "no such date"),
        ("2027-01-01", "after today"),
        ("生日不详", "matches none"),
        ("1990/1", "matches none"),
        ("", "matches none"),
    ])
    func flagsBadDates(raw: String, problem: String) {
        let date = normalizer.normalize(raw, patterns: ["yyyy/M/d"])
        #expect(!date.isValid)
        #expect(date.problem?.contains(problem) == true, "\(date.problem ?? "nil")")
    }

    @Test func theMappingsPatternComesFirst() {
        // 03/04/2020 is ambiguous; the source's own pattern decides.
        #expect(normalizer.normalize("03/04/2020", patterns: ["d/M/yyyy"]).value == "2020-04-03")
        #expect(normalizer.normalize("03/04/2020", patterns: ["M/d/yyyy"]).value == "2020-03-04")
    }

    @Test(arguments: ["1985/3/12", "31118", "2026-09-12T09:30:00", "19850312"])
    func normalizingTwiceChangesNothing(raw: String) {
        let once = normalizer.normalize(raw, patterns: ["excel"])
        #expect(normalizer.normalize(once.value ?? "").value == once.value)
    }
}
