import Foundation
import HeyiCore

/// A person's name prepared for comparison, with what was done to it and why.
public struct NormalizedName: Sendable, Equatable, Codable {
    /// The name as the source wrote it.
    public var input: String = ""
    /// The name as compared: simplified, no titles, spaces or punctuation (`陈丽华`, `zhang wei`).
    public var value: String
    public var surname: String?
    public var givenName: String?
    /// Toneless pinyin, surname by the surname table (`chen`, `lihua`); Latin names give their tokens.
    public var pinyinSurname: String?
    public var pinyinGiven: String?
    /// Titles and honorifics that were removed (`女士`, `总`).
    public var titles: [String] = []
    public var genderHint: Gender?
    /// Only a surname is known (`王总`, `老王`): not enough to identify a person.
    public var isPartial = false
    /// The field held a company name (`华辰科技有限公司`); it belongs to company.
    public var company: String?
    /// What each step changed, for `heyi inspect`.
    public var changes: [String] = []

    /// `surname given` in pinyin, the key that makes 张伟, 張偉 and Zhang Wei comparable.
    public var pinyinKey: String? {
        guard let pinyinSurname else { return nil }
        return pinyinGiven.map { "\(pinyinSurname) \($0)" } ?? pinyinSurname
    }
}

/// Normalizes person names: Unicode and width folding, traditional → simplified, titles removed and
/// kept, companies typed into the name field detected, surname split (compound surnames too),
/// pinyin; Latin-script names become comparable pinyin tokens. Pure and idempotent.
public struct NameNormalizer: Sendable {
    public init() {}

    /// Honorifics and titles at the end of a name, longest first; the gender they imply.
    static let suffixTitles: [(title: String, gender: Gender?)] = [
        ("总经理", nil), ("董事长", nil), ("副总", nil), ("先生", .male), ("女士", .female), ("小姐", .female), ("太太", .female),
        ("夫人", .female), ("老师", nil), ("经理", nil), ("主任", nil), ("教授", nil), ("博士", nil), ("医生", nil), ("大夫", nil),
        ("师傅", nil), ("老板", nil), ("阿姨", .female), ("大哥", .male), ("大姐", .female), ("总", nil), ("董", nil), ("工", nil),
        ("哥", .male), ("姐", .female),
    ]
    static let latinTitles: [String: Gender?] = ["mr": .male, "mrs": .female, "ms": .female, "miss": .female, "dr": nil, "prof": nil]
    /// Words that make a "name" a company or shop.
    static let companyMarkers = ["公司", "有限", "集团", "商行", "工作室", "事务所", "合作社", "研究所", "银行", "医院", "学校", "酒店", "超市"]
    static let companySuffixes: [Character] = ["店", "厂", "部", "行", "社", "馆", "院", "所", "中心"].compactMap { $0.count == 1 ? $0.first : nil }
    /// Separator dots of minority and foreign names, made one canonical `·`.
    static let separatorDots: Set<Character> = ["·", "•", "・", "．", ".", "‧", "∙", "⋅"]
    static let separatorDotScalars: Set<UInt32> = Set(separatorDots.flatMap { $0.unicodeScalars.map(\.value) })
    /// One of `separatorDotScalars`, without hashing (checked for every character of every name;
    /// a test checks it against the set).
    static func isSeparatorDot(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E, 0xB7, 0x2022, 0x2027, 0x2219, 0x22C5, 0x30FB, 0xFF0E: true
        default: false
        }
    }

    /// A combining mark stays with the letter before it (as a grapheme cluster did).
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// `raw` goes into each result as it is made: setting it afterwards made the compiler copy the
    /// whole name (and retain each of its strings) once more.
    public func normalize(_ raw: String) -> NormalizedName {
        var changes: [String] = []
        var text = raw
        if let folded = Transforms.nfkc.changed(raw) {
            text = folded
            changes.append("width and compatibility forms folded (NFKC)")
        }
        text = text.trimmed
        if let company = companyName(text) {
            return NormalizedName(input: raw, value: "", company: company, changes: changes + ["a company name in the name field; it belongs to company"])
        }
        // A Han scalar always begins a character: checking scalars is checking characters.
        let hasHan = text.unicodeScalars.contains { $0.isHan }
        return hasHan ? normalizeHan(text, raw: raw, changes: changes) : normalizeLatin(text, raw: raw, changes: changes)
    }

    /// First scalars of the company markers, and the company suffix characters (all one scalar):
    /// cheap tests before any substring search or character count.
    static let companyMarkerStarts = companyMarkers.compactMap { $0.unicodeScalars.first?.value }

    /// Whether a scalar is the first of a company marker (公 有 集 商 工 事 合 研 银 医 学 酒 超), without
    /// a look-up; a test checks it against `companyMarkers`.
    static func isCompanyMarkerStart(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E8B, 0x516C, 0x533B, 0x5408, 0x5546, 0x5B66, 0x5DE5, 0x6709, 0x7814, 0x8D85, 0x9152, 0x94F6, 0x96C6: true
        default: false
        }
    }
    static let companySuffixScalars = SortedLookup(keys: companySuffixes.compactMap { $0.unicodeScalars.first?.value } + ["心".unicodeScalars.first!.value])

    static let companyMarkerScalars = companyMarkers.map { Array($0.unicodeScalars) }

    private func companyName(_ text: String) -> String? {
        // One pass: does a marker's first character occur, and which scalar is last.
        var markerStart = false
        var last: UInt32 = 0
        for scalar in text.unicodeScalars {
            last = scalar.value
            if !markerStart && Self.isCompanyMarkerStart(last) { markerStart = true }
        }
        if markerStart {
            // Markers are Han words: a search over scalars is a search over characters.
            let all = Array(text.unicodeScalars)
            for marker in Self.companyMarkerScalars where marker.count <= all.count {
                for start in 0...(all.count - marker.count) where all[start..<(start + marker.count)].elementsEqual(marker) { return text }
            }
        }
        if Self.companySuffixScalars.contains(last), text.count >= 4,
           let character = text.last, Self.companySuffixes.contains(character) || text.hasSuffix("中心") {
            return text
        }
        return nil
    }

    /// Titles as scalars, in `suffixTitles` order.
    static let suffixTitleScalars = suffixTitles.map { Array($0.title.unicodeScalars) }
    /// The last characters of the titles (a short list: scanned, not hashed).
    static let titleEnds = Array(Set(suffixTitleScalars.compactMap { $0.last?.value })).sorted()
    /// Compound surnames as their two scalars packed into one number.
    static let compoundSurnames = SortedLookup(keys: ChineseSurnames.compound.map { pair(Array($0.unicodeScalars)[...]) })
    static func pair(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        UInt64(scalars[scalars.startIndex].value) << 32 | UInt64(scalars[scalars.startIndex + 1].value)
    }

    /// Han names, worked on as an array of scalars: Han characters are one scalar each, and
    /// String's character counting, suffix tests and prefixes (by grapheme cluster, compared by
    /// canonical equivalence) cost ten times the rest of the normalizer. A combining mark (only in
    /// Latin letters written inside a Han name) counts as a character of its own here.
    private func normalizeHan(_ input: String, raw: String, changes initial: [String]) -> NormalizedName {
        var changes = initial
        // Bracketed remarks (陈丽华（VIP）) are not part of the name.
        let hasBracket = input.unicodeScalars.contains {
            switch $0.value { case 0xFF08, 0x28, 0x5B, 0x3010, 0x3014: true; default: false }
        }
        var text = input
        if hasBracket {
            text = input.replacingOccurrences(of: "[（(\\[【〔][^）)\\]】〕]*[）)\\]】〕]", with: "", options: .regularExpression)
            if text != input { changes.append("bracketed remark removed") }
        }
        // Scalar by scalar: Han characters and ASCII letters and digits without a property look-up;
        // traditional → simplified from the table on the way.
        let simplified = Transforms.simplified
        let mapping = NormalizerCaches.enabled
        var name: [Unicode.Scalar] = []
        name.reserveCapacity(text.utf8.count)
        var removedPunctuation = false
        var lastIsDot = false
        var simplifiedAny = false
        for scalar in text.unicodeScalars {
            if Self.isSeparatorDot(scalar.value) {
                if !lastIsDot && !name.isEmpty { name.append("·"); lastIsDot = true }
            } else if scalar.isHan {
                let mapped = mapping ? simplified.map(scalar) : scalar
                if mapped != scalar { simplifiedAny = true }
                name.append(mapped)
                lastIsDot = false
            } else if (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                        || (!scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil || Self.isMark(scalar))) {
                name.append(mapping ? simplified.map(scalar) : scalar)
                lastIsDot = false
            } else {
                removedPunctuation = true
            }
        }
        while name.last == "·" { name.removeLast() }
        if removedPunctuation { changes.append("spaces and punctuation removed") }
        if !mapping {
            // Without the table: ICU on the whole name, as the table was made.
            let cleaned = String(scalars: name)
            let folded = simplified.apply(cleaned)
            if folded != cleaned { simplifiedAny = true; name = Array(folded.unicodeScalars) }
        }
        if simplifiedAny { changes.append("traditional → simplified") }

        var titles: [String] = []
        var gender: Gender?
        var stripped = true
        // Most names end in no title's last character: no title to compare.
        while stripped, let last = name.last, Self.titleEnds.contains(last.value) {
            stripped = false
            for (index, title) in Self.suffixTitleScalars.enumerated()
            where name.count > title.count && name[(name.count - title.count)...].elementsEqual(title) {
                name.removeLast(title.count)
                titles.insert(Self.suffixTitles[index].title, at: 0)
                if gender == nil { gender = Self.suffixTitles[index].gender }
                stripped = true
                break
            }
        }
        var isPartial = false
        // 老王, 小李, 阿强: a familiar prefix before a surname or given name.
        if name.count == 2, name[0] == "老" || name[0] == "小" || name[0] == "阿" {
            titles.insert(String(name[0]), at: 0)
            name.removeFirst()
            isPartial = true
        }
        if !titles.isEmpty { changes.append("title \(titles.joined(separator: "、")) removed\(gender.map { ", gender hint \($0.rawValue)" } ?? "")") }

        // Surname length in scalars: 0 (no split), 1, or 2 (compound).
        var surnameLength = 0
        if name.contains("·") {
            // Minority and foreign names keep their order; no surname split.
        } else if name.count >= 3, Self.compoundSurnames.contains(Self.pair(name[0..<2])) {
            surnameLength = 2
        } else if name.count >= 2 || (name.count == 1 && !titles.isEmpty) {
            surnameLength = 1
        }
        let value = String(scalars: name)
        let surname = surnameLength > 0 ? String(scalars: name[0..<surnameLength]) : nil
        let given: String? = surnameLength > 0 ? (name.count > surnameLength ? String(scalars: name[surnameLength...]) : nil)
            : (name.isEmpty ? nil : value)
        if name.count == 1 && !titles.isEmpty { isPartial = true }
        if surnameLength == 2 { changes.append("compound surname \(surname!)") }
        if isPartial { changes.append("surname and title only: a partial name") }
        var pinyinSurname: String?
        if let surname {
            let common = Pinyin.joined(name[0..<surnameLength])
            let reading = Pinyin.surnameReading(name[0..<surnameLength])
            pinyinSurname = reading ?? common
            if let reading, reading != common { changes.append("surname \(surname) read as \(reading)") }
        }
        let givenScalars = surnameLength > 0 ? name[min(surnameLength, name.count)...] : name[...]
        let pinyinGiven = given == nil ? nil : Pinyin.joined(givenScalars)
        return NormalizedName(input: raw, value: value, surname: surname, givenName: given, pinyinSurname: pinyinSurname,
                              pinyinGiven: pinyinGiven.flatMap { $0.isEmpty ? nil : $0 }, titles: titles, genderHint: gender,
                              isPartial: isPartial, company: nil, changes: changes)
    }

    private func normalizeLatin(_ input: String, raw: String, changes initial: [String]) -> NormalizedName {
        var changes = initial
        let commaOrder = input.contains(",")
        var tokens = input.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        var titles: [String] = []
        var gender: Gender?
        tokens.removeAll { token in
            guard let implied = Self.latinTitles[token] else { return false }
            titles.append(token)
            if gender == nil { gender = implied }
            return true
        }
        guard !tokens.isEmpty else { return NormalizedName(input: raw, value: "", titles: titles, genderHint: gender, changes: changes) }
        if !titles.isEmpty { changes.append("title \(titles.joined(separator: ", ")) removed") }
        // "Zhang, Wei" and "Zhang Wei" put the surname first; "Wei Zhang" last, told by the surname list.
        // When both ends could be surnames, the more frequent surname wins.
        let firstRank = ChineseSurnames.pinyinRank[tokens[0]] ?? Int.max
        let lastRank = tokens.count > 1 ? ChineseSurnames.pinyinRank[tokens[tokens.count - 1]] ?? Int.max : Int.max
        let surnameIndex = !commaOrder && lastRank < firstRank ? tokens.count - 1 : 0
        if surnameIndex > 0 { changes.append("given name first: surname \(tokens[surnameIndex]) moved to the front") }
        let surname = tokens[surnameIndex]
        let given = tokens.enumerated().filter { $0.offset != surnameIndex }.map(\.element).joined()
        let value = given.isEmpty ? surname : "\(surname) \(given)"
        if value != input { changes.append("latin name as lower-case pinyin tokens") }
        return NormalizedName(input: raw, value: value, surname: surname, givenName: given.isEmpty ? nil : given, pinyinSurname: surname,
                              pinyinGiven: given.isEmpty ? nil : given, titles: titles, genderHint: gender, isPartial: false,
                              company: nil, changes: changes)
    }
}
