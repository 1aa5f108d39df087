import HeyiCore

/// A company name split into its comparison key and the parts that vary between sources.
public struct NormalizedCompany: Sendable, Equatable, Codable {
    /// The full name, folded (simplified, half-width, no spaces).
    public var value: String
    /// What identifies the company across sources (`华辰科技`).
    public var key: String
    /// `有限公司`, `股份有限公司`, `集团`, `co ltd` …
    public var legalForm: String?
    /// A province or city written before or inside the name (`北京`, `（深圳）`).
    public var region: String?
    /// A branch or office (`北京分公司`, `上海办事处`).
    public var branch: String?
    public var changes: [String] = []
}

/// Folds width and traditional characters, splits off legal forms, bracketed regions and branches,
/// and a leading province or city, leaving a key that 北京华辰科技有限公司, 華辰科技（北京）有限公司 and
/// 华辰科技有限公司北京分公司 share.
public struct CompanyNormalizer: Sendable {
    /// For a leading province or city.
    private let divisions = AddressNormalizer()

    public init() {}

    /// Legal forms, longest first.
    static let legalForms = ["集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "总公司", "集团",
                             "公司", "合作社", "事务所", "工作室", "商行"]
    static let branchMarkers = ["分公司", "办事处", "分店", "分部", "分厂", "营业部", "代表处"]
    static let latinForms = ["co ltd", "company limited", "co limited", "limited", "ltd", "inc", "llc", "corp", "corporation", "company", "co", "group"]

    static let legalFormScalars = legalForms.map { Array($0.unicodeScalars) }
    static let branchMarkerScalars = branchMarkers.map { Array($0.unicodeScalars) }

    /// Worked on as an array of scalars: String's character-wise suffix tests, searches and counts
    /// cost most of the time otherwise. (A combining mark, only in Latin letters inside a Han
    /// name, counts as a character of its own here.)
    public func normalize(_ raw: String) -> NormalizedCompany {
        var changes: [String] = []
        let folded = Transforms.simplified.apply(Transforms.nfkc.apply(raw))
        if folded != raw { changes.append("width and traditional characters folded") }
        // The name without white space, as scalars.
        var name: [Unicode.Scalar] = []
        name.reserveCapacity(folded.utf8.count)
        var hasSpace = false, hasHan = false
        for scalar in folded.unicodeScalars {
            if scalar.isHan {
                hasHan = true
            } else if scalar.isASCII ? (0x09...0x0D).contains(scalar.value) || scalar == " " : scalar.properties.isWhitespace {
                hasSpace = true
                continue
            }
            name.append(scalar)
        }
        let value = hasSpace ? String(scalars: name) : folded
        // Latin names split into words anyway: white space needs no collapsing first.
        if !hasHan { return latin(folded, value: value, changes: changes) }
        var region: String?
        var branch: String?
        var legalForm: String?
        func endsWith(_ suffix: [Unicode.Scalar], _ text: ArraySlice<Unicode.Scalar>) -> Bool {
            text.count >= suffix.count && text.suffix(suffix.count).elementsEqual(suffix)
        }
        // Bracketed parts: （北京）, （深圳分公司）, （有限公司）.
        while let open = name.firstIndex(where: { $0 == "(" || $0 == "[" }), let close = name[open...].firstIndex(where: { $0 == ")" || $0 == "]" }) {
            let inside = name[(open + 1)..<close]
            let text = String(scalars: inside)
            if Self.branchMarkerScalars.contains(where: { endsWith($0, inside) }) {
                branch = text
            } else if Self.legalFormScalars.contains(where: { $0.elementsEqual(inside) }) {
                legalForm = text
            } else {
                region = text
            }
            name.removeSubrange(open...close)
            changes.append("bracketed \(text) split off")
        }
        // …有限公司北京分公司: the branch follows the legal form.
        if let marker = Self.branchMarkerScalars.first(where: { endsWith($0, name[...]) }) {
            for form in Self.legalFormScalars where form.count <= name.count {
                // The last place the legal form is written, if something follows it.
                guard let start = stride(from: name.count - form.count, through: 0, by: -1)
                    .first(where: { name[$0..<($0 + form.count)].elementsEqual(form) }) else { continue }
                let end = start + form.count
                guard end < name.count else { continue }
                branch = String(scalars: name[end...])
                name.removeSubrange(end...)
                changes.append("branch \(branch!) split off")
                break
            }
            if branch == nil, name.count > marker.count + 2 {
                branch = String(scalars: marker)
                name.removeLast(marker.count)
            }
        }
        if let index = Self.legalFormScalars.firstIndex(where: { endsWith($0, name[...]) && name.count > $0.count + 1 }) {
            let form = Self.legalForms[index]
            legalForm = legalForm ?? form
            name.removeLast(Self.legalFormScalars[index].count)
            changes.append("legal form \(form) split off")
        }
        // A leading province or city (北京华辰科技, 深圳市腾达电子) is where, not who.
        if let (place, length) = divisions.match(name, from: 0, level: .province, within: nil)
            ?? divisions.match(name, from: 0, level: .city, within: nil), name.count - length >= 2 {
            let written = String(scalars: name[..<length])
            region = region ?? written
            name.removeFirst(length)
            changes.append("region \(written) (\(place.name)) split off")
        }
        // The key: letters and digits, lower-cased.
        var key = ""
        key.reserveCapacity(name.count * 3)
        for scalar in name {
            if scalar.isHan { key.unicodeScalars.append(scalar) } else { key.appendLowercasedLetterOrDigit(scalar) }
        }
        return NormalizedCompany(value: value, key: key, legalForm: legalForm, region: region, branch: branch, changes: changes)
    }

    private func latin(_ text: String, value: String, changes initial: [String]) -> NormalizedCompany {
        var changes = initial
        var words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
        var legalForm: String?
        for form in Self.latinForms where words.hasSuffix(" " + form) {
            words.removeLast(form.count + 1)
            legalForm = form
            changes.append("legal form \(form) split off")
            break
        }
        return NormalizedCompany(value: value, key: words, legalForm: legalForm, region: nil, branch: nil, changes: changes)
    }
}
