import Foundation

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
        // Bytes of the digits and X; ASCII input (nearly all) needs no folding.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        let folded = raw.utf8.allSatisfy { $0 < 0x80 } ? raw : Transforms.nfkc.apply(raw)
        for byte in folded.utf8 {
            switch byte {
            case 0x30...0x39, UInt8(ascii: "X"): bytes.append(byte)
            case UInt8(ascii: "x"): bytes.append(UInt8(ascii: "X"))
            default: continue
            }
        }
        let unchanged = raw.withUTF8Bytes { $0.count == bytes.count && ($0.isEmpty || memcmp($0.baseAddress!, bytes, bytes.count) == 0) }
        if !unchanged { changes.append("spaces, separators and width folded; x upper-cased") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var upgraded = false
        if bytes.count == 15, bytes.allSatisfy(isDigit) {
            bytes.insert(contentsOf: [0x31, 0x39], at: 6)
            bytes.append(Self.checkByte(bytes))
            upgraded = true
            changes.append("15-digit number upgraded to 18 digits")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.count == 18, bytes[0..<17].allSatisfy(isDigit) else {
            return NormalizedIDNumber(value: text, isValid: false,
                                      problem: "an ID number has 18 characters (or 15 digits), found \(text.count)", changes: changes)
        }
        let expected = Self.checkByte(bytes)
        func number(_ from: Int, _ count: Int) -> Int { bytes[from..<(from + count)].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let region = String(decoding: bytes[0..<6], as: UTF8.self)
        let year = number(6, 4), month = number(10, 2), day = number(12, 2)
        let gender: Gender = (bytes[16] - 0x30) % 2 == 1 ? .male : .female
        let birthDay = CalendarDay(year: year, month: month, day: day)
        var result = NormalizedIDNumber(value: text, isValid: true, problem: nil, birthDate: birthDay.iso, gender: gender,
                                        regionCode: region, upgradedFrom15: upgraded, changes: changes)
        if bytes[17] != expected {
            result.isValid = false
            result.problem = "check character is \(Character(Unicode.Scalar(bytes[17]))), expected \(Character(Unicode.Scalar(expected)))"
        } else if !Self.provinceNumbers[number(0, 2)] {
            result.isValid = false
            result.problem = "no province \(region.prefix(2))"
        } else if !DateNormalizer.isPossible(year: year, month: month, day: day) || year < 1900 || birthDay > today {
            result.isValid = false
            result.problem = "impossible birth date \(birthDay.iso)"
            result.birthDate = nil
        }
        return result
    }

    /// `provinces` as a table by number.
    static let provinceNumbers: [Bool] = (0..<100).map { provinces.contains(String(format: "%02d", $0)) }
    static let checkBytes = Array("10X98765432".utf8)

    /// The check character's byte for the first 17 digit bytes.
    static func checkByte(_ bytes: [UInt8]) -> UInt8 {
        var sum = 0
        for index in 0..<17 { sum += Int(bytes[index] &- 0x30) * weights[index] }
        return checkBytes[sum % 11]
    }
}
