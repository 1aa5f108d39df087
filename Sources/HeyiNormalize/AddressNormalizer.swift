import Foundation
import HeyiCore

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
    /// Held, not looked up: a static's first-use check on every access showed in profiles.
    private let divisions = AdministrativeDivisions.shared
    private let simplified = Transforms.simplified
    private let areaCodes: [String?]

    public init() { areaCodes = Self.areaCodeByDivision }

    /// While the area codes themselves are being worked out.
    private init(withoutAreaCodes: Void) { areaCodes = [] }

    public func normalize(_ raw: String) -> NormalizedAddress {
        // One pass over the scalars: traditional → simplified and everything but letters, digits,
        // - and # dropped (spaces, punctuation). NFKC first only for the rare text that needs it.
        let folded = NormalizerCaches.enabled ? Transforms.nfkc.apply(raw) : simplified.apply(Transforms.nfkc.apply(raw))
        // The scalars go to a buffer on the stack (at most one per UTF-8 byte).
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: max(1, folded.utf8.count)) { buffer in
            var count = 0
            var removed = false
            for scalar in folded.unicodeScalars {
                if Self.isKept(scalar) {
                    buffer[count] = simplified.map(scalar)
                    count += 1
                } else {
                    removed = true
                }
            }
            return recognise(UnsafeBufferPointer(rebasing: buffer[..<count]), changes: removed ? ["spaces and punctuation removed"] : [],
                             areaCodes: areaCodes)
        }
    }

    /// Letters, digits, - and #; Han characters without a property look-up.
    @inline(__always) static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x23: return true
        case 0..<0x80: return false
        default: return scalar.isHan || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
    }

    /// Province, city and district at the start of folded text, and what follows. Works on the
    /// text's scalars and an offset: no string is made until the remainder.
    /// `areaCodes`: per division, the area code of an address whose most specific place it is
    /// (empty while those codes are being worked out).
    private func recognise(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, changes initial: [String], areaCodes: [String?]) -> NormalizedAddress {
        var changes = initial
        let divisions = self.divisions
        // Divisions by index until the result is made (a `Division` copy retains its strings).
        var province: Int?, city: Int?, district: Int?
        var position = 0

        if let (found, length) = divisions.match(scalars, from: position, level: .province, within: nil) {
            province = found
            position += length
        } else if position < scalars.count, let number = AdministrativeDivisions.abbreviations[scalars[position]],
                  let abbreviated = divisions.index(of: number * 10000) {
            // 沪徐汇…, 京海淀…: an abbreviation counts only when a place of that province follows.
            if divisions.match(scalars, from: position + 1, level: .city, within: abbreviated) != nil
                || divisions.match(scalars, from: position + 1, level: .district, within: abbreviated) != nil {
                province = abbreviated
                changes.append("\(scalars[position]) read as \(divisions.divisions[abbreviated].name)")
                position += 1
            }
        }
        if let province, divisions.isMunicipality(province) {
            // 北京市北京市海淀区: a municipality repeated as its own city.
            if let (again, length) = divisions.match(scalars, from: position, level: .province, within: nil), again == province {
                position += length
            }
        } else if let (found, length) = divisions.match(scalars, from: position, level: .city, within: province) {
            city = found
            position += length
        }
        if let (found, length) = divisions.match(scalars, from: position, level: .district, within: city ?? province) {
            district = found
            position += length
        }
        let rest = String(scalars: UnsafeBufferPointer(rebasing: scalars[position...]))
        // The most specific place found gives the others (a district its city and province).
        guard let deepest = district ?? city ?? province else {
            return NormalizedAddress(province: nil, city: nil, district: nil, remainder: rest, value: rest, areaCode: nil, changes: changes)
        }
        changes.append(divisions.chains[deepest].change)
        return NormalizedAddress(province: divisions.chains[deepest].province, city: divisions.chains[deepest].city,
                                 district: divisions.chains[deepest].district, remainder: rest,
                                 value: divisions.chains[deepest].names + rest, areaCode: areaCodes.isEmpty ? nil : areaCodes[deepest],
                                 changes: changes)
    }

    /// The longest form at `scalars[start...]` naming exactly one division of `level` inside
    /// `scope` (anywhere when nil), and its length in scalars. Ambiguous names without a scope
    /// match nothing.
    func match(_ scalars: [Unicode.Scalar], from start: Int, level: Division.Level, within scope: Division?) -> (Division, Int)? {
        scalars.withUnsafeBufferPointer { scalars in
            divisions.match(scalars, from: start, level: level, within: scope.flatMap { divisions.index(of: $0.number) })
                .map { (divisions.divisions[$0.0], $0.1) }
        }
    }

    /// Per division, the area code of an address whose most specific place it is: the
    /// municipality's, else the city's.
    static let areaCodeByDivision: [String?] = AdministrativeDivisions.shared.chains.map { chain in
        guard let province = chain.province else { return nil }
        let place = province.isMunicipality ? province : chain.city
        return place.flatMap { areaCodes[$0.number] }
    }

    /// City (or municipality) division code → telephone area code, by reading libphonenumber's
    /// place names for each code ("广东省深圳市", "辽宁省沈阳市、铁岭市…", "新疆伊犁哈萨克自治州") with
    /// the same matcher as addresses.
    static let areaCodes: [Int: String] = {
        let normalizer = AddressNormalizer(withoutAreaCodes: ())
        // Per division, the codes whose place name is the division itself, else those of a district
        // in it. A city with two codes of its own (伊犁: 0992 and 0999) gets none: a guessed area code
        // would complete a local number wrongly.
        var exact: [Int: Set<String>] = [:]
        var inside: [Int: Set<String>] = [:]
        func offer(_ division: Division, _ code: String, exact isExact: Bool) {
            if isExact { exact[division.number, default: []].insert(code) } else { inside[division.number, default: []].insert(code) }
        }
        for (code, area) in MainlandAreaCodes.areas.sorted(by: { $0.key < $1.key }) {
            var province: Division?
            for name in area.city.split(separator: "、") {
                let scalars = Array(name.unicodeScalars)
                if province == nil {
                    let first = scalars.withUnsafeBufferPointer { normalizer.recognise($0, changes: [], areaCodes: []) }
                    province = first.province
                    if let province, province.isMunicipality {
                        offer(province, code, exact: true)
                    } else if let city = first.city {
                        offer(city, code, exact: first.district == nil)
                    }
                    continue
                }
                if let (city, _) = normalizer.match(scalars, from: 0, level: .city, within: province) { offer(city, code, exact: true) }
            }
        }
        var map: [Int: String] = [:]
        for (division, codes) in inside where codes.count == 1 { map[division] = codes.first }
        for (division, codes) in exact {
            if codes.count == 1 { map[division] = codes.first } else { map[division] = nil }
        }
        return map
    }()
}
