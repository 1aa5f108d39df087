import Foundation

/// An address split into province, city and district, with the rest prepared for comparison.
public struct NormalizedAddress: Sendable, Equatable, Codable {
    public var province: Division?
    public var city: Division?
    public var district: Division?
    /// What follows the district (`中关村大街1号`), folded for comparison.
    public var remainder: String
    /// Province + city + district + remainder, in full names.
    public var value: String
    /// The telephone area code of the city (`755`), to complete local fixed numbers.
    public var areaCode: String?
    public var changes: [String] = []
}

/// Recognises province, prefecture-level city and district at the start of an address — full
/// names, names without their suffix (深圳南山), province abbreviations (沪, 京) — from the embedded
/// GB/T 2260 table, and folds the rest (width, traditional characters, spaces, punctuation).
public struct AddressNormalizer: Sendable {
    public init() {}

    private var divisions: AdministrativeDivisions { .shared }

    public func normalize(_ raw: String) -> NormalizedAddress {
        var changes: [String] = []
        var text = Transforms.simplified.apply(Transforms.nfkc.apply(raw))
        if !text.unicodeScalars.allSatisfy(Self.isKept) {
            text = String(String.UnicodeScalarView(text.unicodeScalars.filter(Self.isKept)))
            changes.append("spaces and punctuation removed")
        }
        var address = recognise(text, changes: changes)
        address.areaCode = areaCode(province: address.province, city: address.city)
        return address
    }

    /// Letters, digits, - and #; Han characters without a property look-up.
    static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x23: return true
        case 0..<0x80: return false
        default: return scalar.isHan || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
    }

    /// Province, city and district at the start of folded text, and what follows. Works on the
    /// text's scalars and an offset: no substring is made until the remainder.
    private func recognise(_ text: String, changes initial: [String]) -> NormalizedAddress {
        var changes = initial
        var province: Division?, city: Division?, district: Division?
        let scalars = Array(text.unicodeScalars)
        var position = 0

        if let (found, length) = match(scalars, from: position, level: .province, within: nil) {
            province = found
            position += length
        } else if position < scalars.count, let code = AdministrativeDivisions.abbreviations[String(scalars[position])],
                  let division = divisions.byCode[code + "0000"] {
            // 沪徐汇…, 京海淀…: an abbreviation counts only when a place of that province follows.
            if match(scalars, from: position + 1, level: .city, within: division) != nil
                || match(scalars, from: position + 1, level: .district, within: division) != nil {
                province = division
                changes.append("\(scalars[position]) read as \(division.name)")
                position += 1
            }
        }
        if let province, AdministrativeDivisions.municipalities.contains(province.provinceCode) {
            // 北京市北京市海淀区: a municipality repeated as its own city.
            if let (again, length) = match(scalars, from: position, level: .province, within: nil), again == province { position += length }
        } else if let (found, length) = match(scalars, from: position, level: .city, within: province) {
            city = found
            position += length
        }
        if let (found, length) = match(scalars, from: position, level: .district, within: city ?? province) {
            district = found
            position += length
        }
        if province == nil, let anchor = city ?? district { province = divisions.byCode[String(anchor.code.prefix(2)) + "0000"] }
        if city == nil, let district, let parent = divisions.byCode[district.cityCode + "00"] { city = parent }

        let remainder = position == 0 ? text : String(String.UnicodeScalarView(scalars[position...]))
        let parts = [province, city, district].compactMap { $0?.name }
        if !parts.isEmpty { changes.append("recognised \(parts.joined(separator: " "))") }
        let value = parts.joined() + remainder
        return NormalizedAddress(province: province, city: city, district: district, remainder: remainder, value: value,
                                 areaCode: nil, changes: changes)
    }

    /// The longest written form at the start of `text` naming a division of `level` inside `scope`
    /// (anywhere when nil); advances `text` past it. Ambiguous names without a scope match nothing.
    func match(_ text: inout Substring, level: Division.Level, within scope: Division?) -> Division? {
        let scalars = Array(text.unicodeScalars.prefix(divisions.longestName))
        guard let (found, length) = match(scalars, from: 0, level: level, within: scope) else { return nil }
        text = Substring(text.unicodeScalars.dropFirst(length))
        return found
    }

    /// The longest form at `scalars[start...]` naming exactly one division of `level` inside
    /// `scope`, and its length in scalars.
    func match(_ scalars: [Unicode.Scalar], from start: Int, level: Division.Level, within scope: Division?) -> (Division, Int)? {
        guard start < scalars.count, let candidates = divisions.byFirstScalar[scalars[start]] else { return nil }
        let available = scalars.count - start
        for (form, found) in candidates where form.count >= 2 && form.count <= available {
            var equal = true
            for k in 1..<form.count where scalars[start + k] != form[k] { equal = false; break }
            guard equal else { continue }
            var fitting: Division?
            var several = false
            for division in found where division.level == level {
                if let scope {
                    switch scope.level {
                    case .province: guard division.provinceCode == scope.provinceCode else { continue }
                    case .city: guard division.cityCode == scope.cityCode else { continue }
                    case .district: continue
                    }
                }
                if fitting != nil { several = true; break }
                fitting = division
            }
            if let fitting, !several { return (fitting, form.count) }
        }
        return nil
    }

    private func areaCode(province: Division?, city: Division?) -> String? {
        guard let province else { return nil }
        let place = AdministrativeDivisions.municipalities.contains(province.provinceCode) ? province : city
        return place.flatMap { Self.areaCodes[$0.code] }
    }

    /// City (or municipality) division code → telephone area code, by reading libphonenumber's
    /// place names for each code ("广东省深圳市", "辽宁省沈阳市、铁岭市…", "新疆伊犁哈萨克自治州") with
    /// the same matcher as addresses.
    static let areaCodes: [String: String] = {
        let normalizer = AddressNormalizer()
        // Per division, the codes whose place name is the division itself, else those of a district
        // in it. A city with two codes of its own (伊犁: 0992 and 0999) gets none: a guessed area code
        // would complete a local number wrongly.
        var exact: [String: Set<String>] = [:]
        var inside: [String: Set<String>] = [:]
        func offer(_ division: Division, _ code: String, exact isExact: Bool) {
            if isExact { exact[division.code, default: []].insert(code) } else { inside[division.code, default: []].insert(code) }
        }
        for (code, area) in MainlandAreaCodes.areas.sorted(by: { $0.key < $1.key }) {
            var province: Division?
            for name in area.city.split(separator: "、") {
                var text = Substring(name)
                if province == nil {
                    let first = normalizer.recognise(String(name), changes: [])
                    province = first.province
                    if let province, AdministrativeDivisions.municipalities.contains(province.provinceCode) {
                        offer(province, code, exact: true)
                    } else if let city = first.city {
                        offer(city, code, exact: first.district == nil)
                    }
                    continue
                }
                if let city = normalizer.match(&text, level: .city, within: province) { offer(city, code, exact: true) }
            }
        }
        var map: [String: String] = [:]
        for (division, codes) in inside where codes.count == 1 { map[division] = codes.first }
        for (division, codes) in exact {
            if codes.count == 1 { map[division] = codes.first } else { map[division] = nil }
        }
        return map
    }()
}
