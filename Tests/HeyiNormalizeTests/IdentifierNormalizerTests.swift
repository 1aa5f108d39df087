import Testing
@testable import HeyiNormalize

@Suite struct IDNumberNormalizerTests {
    let normalizer = IDNumberNormalizer(today: CalendarDay(year: 2026, month: 11, day: 23))

    /// raw → (value, valid, birth date, gender, region)
    @Test(arguments: [
        ("110101199003074514", "110101199003074514", true, "1990-03-07", Gender.male, "110101"),
        ("11010119900307451x", "11010119900307451X", false, "1990-03-07", .male, "110101"),
        ("110108196810105920", "110108196810105920", true, "1968-10-10", .female, "110108"),
        ("440305199901011234", "440305199901011234", false, "1999-01-01", .male, "440305"),
        ("110101 19900307 4514", "110101199003074514", true, "1990-03-07", .male, "110101"),
        ("１１０１０１１９９００３０７４５１４", "110101199003074514", true, "1990-03-07", .male, "110101"),
        ("110101900307451", "110101199003074514", true, "1990-03-07", .male, "110101"),
        ("310104850101002", "310104198501010021", true, "1985-01-01", .female, "310104"),
    ] as [(String, String, Bool, String, Gender, String)])
    func checksAndDerives(raw: String, value: String, valid: Bool, birth: String, gender: Gender, region: String) {
        let id = normalizer.normalize(raw)
        #expect(id.value == value)
        #expect(id.isValid == valid, "\(id.problem ?? "")")
        #expect(id.birthDate == birth)
        #expect(id.gender == gender)
        #expect(id.regionCode == region)
    }

    @Test func upgradesFifteenDigits() {
        let id = normalizer.normalize("110101900307451")
        #expect(id.upgradedFrom15)
        #expect(id.changes.contains("15-digit number upgraded to 18 digits"))
    }

    @Test(arguments: [
        ("11010119900307451", "18 characters"),
        ("110101199013074518", "impossible birth date"),
        ("110101203001014517", "impossible birth date"),
        ("990101199003074518", "no province 99"),
        ("11010119900307451Y", "18 characters"),
        ("", "18 characters"),
    ])
    func flagsInvalidNumbers(raw: String, problem: String) {
        let id = normalizer.normalize(raw)
        #expect(!id.isValid)
        #expect(id.problem?.contains(problem) == true, "\(id.problem ?? "nil")")
    }

    @Test func checkCharactersAreRightForRandomNumbers() {
        // Property: a number completed with its check character is valid; any other last character is not.
        var state: UInt64 = 12345
        for _ in 0..<200 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let body = "110108" + String(1950 + Int(state >> 40) % 60) + "0612" + String(format: "%03d", Int(state >> 20) % 1000)
            let check = IDNumberNormalizer.checkCharacter(body)
            #expect(normalizer.normalize(body + String(check)).isValid)
            let wrong: Character = check == "1" ? "2" : "1"
            #expect(!normalizer.normalize(body + String(wrong)).isValid)
        }
    }

    @Test(arguments: ["110101199003074514", "11010119900307451x", "110101900307451"])
    func normalizingTwiceChangesNothing(raw: String) {
        let once = normalizer.normalize(raw)
        #expect(normalizer.normalize(once.value) .value == once.value)
    }
}

@Suite struct EmailNormalizerTests {
    let normalizer = EmailNormalizer()

    @Test(arguments: [
        ("  Zhang.Wei@163.COM ", "zhang.wei@163.com", true, nil as String?),
        ("12345678@qq.com", "12345678@qq.com", true, "12345678"),
        ("12345678@QQ.COM", "12345678@qq.com", true, "12345678"),
        ("888888@vip.qq.com", "888888@vip.qq.com", true, "888888"),
        ("alice@qq.com", "alice@qq.com", true, nil),
        ("012345@qq.com", "012345@qq.com", true, nil),
        ("ｌｉｈｕａ＠ｓｉｎａ．ｃｏｍ", "lihua@sina.com", true, nil),
        ("lihua@sina。com", "lihua@sina.com", true, nil),
        ("mailto:amy@huachen.cn", "amy@huachen.cn", true, nil),
        ("first+tag@example.com.cn", "first+tag@example.com.cn", true, nil),
        ("no-at-sign.com", "no-at-sign.com", false, nil),
        ("two@@signs.com", "two@@signs.com", false, nil),
        ("spaces in@mail.com", "spaces in@mail.com", false, nil),
        ("user@localhost", "user@localhost", false, nil),
        ("user@mail.c", "user@mail.c", false, nil),
        ("a..b@mail.com", "a..b@mail.com", false, nil),
        ("陈丽华@163.com", "陈丽华@163.com", false, nil),
    ])
    func normalizesAndChecks(raw: String, value: String, valid: Bool, qq: String?) {
        let email = normalizer.normalize(raw)
        #expect(email.value == value)
        #expect(email.isValid == valid)
        #expect(email.qq == qq)
        #expect(normalizer.normalize(email.value).value == email.value, "idempotent")
    }
}

@Suite struct GenderNormalizerTests {
    @Test(arguments: [
        ("男", Gender.male as Gender?), ("女", .female), ("M", .male), ("f", .female), ("Male", .male), ("FEMALE", .female),
        ("先生", .male), ("女士", .female), ("小姐", .female), ("男性", .male), ("女性", .female), (" 男 ", .male), ("Ｍ", .male),
        ("未知", nil), ("保密", nil), ("", nil), ("1", nil), ("x", nil),
    ])
    func readsGender(raw: String, expected: Gender?) {
        #expect(GenderNormalizer().normalize(raw) == expected)
    }
}
