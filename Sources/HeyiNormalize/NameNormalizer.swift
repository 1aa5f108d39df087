import Foundation

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

    /// A combining mark stays with the letter before it (as a grapheme cluster did).
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    public func normalize(_ raw: String) -> NormalizedName {
        var name = normalizeText(raw)
        name.input = raw
        return name
    }

    private func normalizeText(_ raw: String) -> NormalizedName {
        var changes: [String] = []
        var text = Transforms.nfkc.apply(raw)
        if text != raw { changes.append("width and compatibility forms folded (NFKC)") }
        text = text.trimmed
        if let company = companyName(text) {
            return NormalizedName(value: "", company: company, changes: changes + ["a company name in the name field; it belongs to company"])
        }
        let hasHan = text.contains(where: Pinyin.isHan)
        return hasHan ? normalizeHan(text, changes: changes) : normalizeLatin(text, changes: changes)
    }

    /// First characters of the company markers: a cheap test before the substring search.
    static let companyMarkerStarts = Set(companyMarkers.compactMap(\.first))

    private func companyName(_ text: String) -> String? {
        if text.contains(where: Self.companyMarkerStarts.contains), Self.companyMarkers.contains(where: text.contains) { return text }
        if text.count >= 4, let last = text.last, Self.companySuffixes.contains(last) || text.hasSuffix("中心") { return text }
        return nil
    }

    private func normalizeHan(_ input: String, changes initial: [String]) -> NormalizedName {
        var changes = initial
        // Bracketed remarks (陈丽华（VIP）) are not part of the name.
        var text = input.contains(where: { "（([【〔".contains($0) })
            ? input.replacingOccurrences(of: "[（(\\[【〔][^）)\\]】〕]*[）)\\]】〕]", with: "", options: .regularExpression) : input
        if text != input { changes.append("bracketed remark removed") }
        // Scalar by scalar: Han characters and ASCII letters and digits without a property look-up.
        var cleaned = String.UnicodeScalarView()
        var removedPunctuation = false
        var lastIsDot = false
        for scalar in text.unicodeScalars {
            if Self.separatorDotScalars.contains(scalar.value) {
                if !lastIsDot && !cleaned.isEmpty { cleaned.append("·"); lastIsDot = true }
            } else if scalar.isHan || (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                        || (!scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil || Self.isMark(scalar))) {
                cleaned.append(scalar)
                lastIsDot = false
            } else {
                removedPunctuation = true
            }
        }
        while cleaned.last == "·" { cleaned.removeLast() }
        if removedPunctuation { changes.append("spaces and punctuation removed") }
        text = String(cleaned)
        let simplified = Transforms.simplified.apply(text)
        if simplified != text { changes.append("traditional → simplified") }
        text = simplified

        var titles: [String] = []
        var gender: Gender?
        var stripped = true
        while stripped {
            stripped = false
            for (title, implied) in Self.suffixTitles where text.count > title.count && text.hasSuffix(title) {
                text.removeLast(title.count)
                titles.insert(title, at: 0)
                if gender == nil { gender = implied }
                stripped = true
                break
            }
        }
        var isPartial = false
        // 老王, 小李, 阿强: a familiar prefix before a surname or given name.
        if text.count == 2, let first = text.first, "老小阿".contains(first) {
            titles.insert(String(first), at: 0)
            text.removeFirst()
            isPartial = true
        }
        if !titles.isEmpty { changes.append("title \(titles.joined(separator: "、")) removed\(gender.map { ", gender hint \($0.rawValue)" } ?? "")") }

        var surname: String?
        var given: String?
        if text.contains("·") {
            // Minority and foreign names keep their order; no surname split.
            given = text
        } else if text.count >= 3, ChineseSurnames.compound.contains(String(text.prefix(2))) {
            surname = String(text.prefix(2))
            given = String(text.dropFirst(2))
        } else if text.count >= 2 || (text.count == 1 && !titles.isEmpty) {
            surname = String(text.prefix(1))
            let rest = String(text.dropFirst())
            given = rest.isEmpty ? nil : rest
        } else if !text.isEmpty {
            given = text
        }
        if text.count == 1 && !titles.isEmpty { isPartial = true }
        if let surname, ChineseSurnames.compound.contains(surname) || surname.count == 2 { changes.append("compound surname \(surname)") }
        if isPartial { changes.append("surname and title only: a partial name") }
        let pinyinSurname = surname.map(Pinyin.surname)
        let pinyinGiven = given.map { Pinyin.syllables($0).joined() }.flatMap { $0.isEmpty ? nil : $0 }
        if let surname, let reading = Pinyin.surnameReadings[surname], reading != Pinyin.syllables(surname).joined() {
            changes.append("surname \(surname) read as \(reading)")
        }
        return NormalizedName(value: text, surname: surname, givenName: given, pinyinSurname: pinyinSurname, pinyinGiven: pinyinGiven,
                              titles: titles, genderHint: gender, isPartial: isPartial, company: nil, changes: changes)
    }

    private func normalizeLatin(_ input: String, changes initial: [String]) -> NormalizedName {
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
        guard !tokens.isEmpty else { return NormalizedName(value: "", titles: titles, genderHint: gender, changes: changes) }
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
        return NormalizedName(value: value, surname: surname, givenName: given.isEmpty ? nil : given, pinyinSurname: surname,
                              pinyinGiven: given.isEmpty ? nil : given, titles: titles, genderHint: gender, isPartial: false,
                              company: nil, changes: changes)
    }
}
