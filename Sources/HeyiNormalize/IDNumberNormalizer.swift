/// A resident identity number (GB 11643) with what it tells.
public struct NormalizedIDNumber: Sendable, Equatable, Codable {
    /// 18 characters, upper-case X; a 15-digit number is upgraded.
    public var value: String
    /// The check character is right and the date and region are possible: a strong identifier.
    public var isValid: Bool
    public var problem: String?
    /// `yyyy-MM-dd`.
    public var birthDate: String?
    public var gender: Gender?
    /// GB/T 2260 code of the issuing county (first six digits).
    public var regionCode: String?
    public var upgradedFrom15: Bool = false
    public var changes: [String] = []
}

/// Checks and completes resident identity numbers: the ISO 7064 MOD 11-2 check character, 15 → 18
/// digits, birth date, gender and region. An invalid number is kept, flagged, never used as strong.
public struct IDNumberNormalizer: Sendable {
    /// Birth dates after this day are impossible.
    public let today: CalendarDay

    public init(today: CalendarDay = .today()) { self.today = today }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")
    /// Province-level codes in use, with 81/82/83 for residence permits of Hong Kong, Macau, Taiwan.
    static let provinces: Set<String> = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                                         "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
                                         "65", "71", "81", "82", "83"]

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: some StringProtocol) -> Character {
        var sum = 0
        for (byte, weight) in zip(first17.utf8, weights) { sum += Int(byte &- 0x30) * weight }
        return checkCharacters[sum % 11]
    }

    public func normalize(_ raw: String) -> NormalizedIDNumber {
        var changes: [String] = []
        let folded = Transforms.nfkc.apply(raw)
        var text = String(String.UnicodeScalarView(folded.unicodeScalars.lazy.filter { ("0"..."9").contains($0) || $0 == "x" || $0 == "X" }
            .map { $0 == "x" ? "X" : $0 }))
        if text != raw { changes.append("spaces, separators and width folded; x upper-cased") }
        func invalid(_ problem: String) -> NormalizedIDNumber {
            NormalizedIDNumber(value: text, isValid: false, problem: problem, changes: changes)
        }
        var upgraded = false
        if text.utf8.count == 15, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let first17 = String(text.prefix(6)) + "19" + String(text.dropFirst(6))
            text = first17 + String(Self.checkCharacter(first17))
            upgraded = true
            changes.append("15-digit number upgraded to 18 digits")
        }
        guard text.utf8.count == 18, text.utf8.prefix(17).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let lastByte = text.utf8.last, (lastByte >= 0x30 && lastByte <= 0x39) || lastByte == UInt8(ascii: "X") else {
            return invalid("an ID number has 18 characters (or 15 digits), found \(text.count)")
        }
        let expected = Self.checkCharacter(text.prefix(17))
        let region = String(text.prefix(6))
        let digits = text.utf8.map { Int($0) - 0x30 }
        func number(_ from: Int, _ count: Int) -> Int { digits[from..<(from + count)].reduce(0) { $0 * 10 + $1 } }
        let year = number(6, 4), month = number(10, 2), day = number(12, 2)
        let gender: Gender = digits[16] % 2 == 1 ? .male : .female
        let birth = CalendarDay(year: year, month: month, day: day).iso
        var result = NormalizedIDNumber(value: text, isValid: true, problem: nil, birthDate: birth, gender: gender, regionCode: region,
                                        upgradedFrom15: upgraded, changes: changes)
        if text.last != expected {
            result.isValid = false
            result.problem = "check character is \(text.last!), expected \(expected)"
        } else if !Self.provinces.contains(String(region.prefix(2))) {
            result.isValid = false
            result.problem = "no province \(region.prefix(2))"
        } else if !DateNormalizer.isPossible(year: year, month: month, day: day) || year < 1900
                    || CalendarDay(year: year, month: month, day: day) > today {
            result.isValid = false
            result.problem = "impossible birth date \(birth)"
            result.birthDate = nil
        }
        return result
    }
}
