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
    public init() {}

    /// Legal forms, longest first.
    static let legalForms = ["集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "总公司", "集团",
                             "公司", "合作社", "事务所", "工作室", "商行"]
    static let branchMarkers = ["分公司", "办事处", "分店", "分部", "分厂", "营业部", "代表处"]
    static let latinForms = ["co ltd", "company limited", "co limited", "limited", "ltd", "inc", "llc", "corp", "corporation", "company", "co", "group"]

    public func normalize(_ raw: String) -> NormalizedCompany {
        var changes: [String] = []
        var text = Transforms.simplified.apply(Transforms.nfkc.apply(raw))
        if text != raw { changes.append("width and traditional characters folded") }
        text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let value = text.filter { !$0.isWhitespace }
        if !text.contains(where: Pinyin.isHan) { return latin(text, value: value, changes: changes) }
        text = value
        var region: String?
        var branch: String?
        var legalForm: String?
        // Bracketed parts: （北京）, （深圳分公司）, （有限公司）.
        while let open = text.firstIndex(where: { $0 == "(" || $0 == "[" }), let close = text[open...].firstIndex(where: { $0 == ")" || $0 == "]" }) {
            let inside = String(text[text.index(after: open)..<close])
            text.removeSubrange(open...close)
            if Self.branchMarkers.contains(where: inside.hasSuffix) { branch = inside } else if Self.legalForms.contains(inside) { legalForm = inside } else { region = inside }
            changes.append("bracketed \(inside) split off")
        }
        // …有限公司北京分公司: the branch follows the legal form.
        if let marker = Self.branchMarkers.first(where: text.hasSuffix) {
            for form in Self.legalForms {
                if let range = text.range(of: form, options: .backwards), range.upperBound < text.endIndex {
                    branch = String(text[range.upperBound...])
                    text = String(text[..<range.upperBound])
                    changes.append("branch \(branch!) split off")
                    break
                }
            }
            if branch == nil, text.count > marker.count + 2 {
                branch = marker
                text.removeLast(marker.count)
            }
        }
        if let form = Self.legalForms.first(where: { text.hasSuffix($0) && text.count > $0.count + 1 }) {
            legalForm = legalForm ?? form
            text.removeLast(form.count)
            changes.append("legal form \(form) split off")
        }
        // A leading province or city (北京华辰科技, 深圳市腾达电子) is where, not who.
        let scalars = Array(text.unicodeScalars)
        let divisions = AddressNormalizer()
        if let (place, length) = divisions.match(scalars, from: 0, level: .province, within: nil)
            ?? divisions.match(scalars, from: 0, level: .city, within: nil) {
            let rest = String(scalars: scalars[length...])
            if rest.count >= 2 {
                let written = String(scalars: scalars[..<length])
                region = region ?? written
                text = rest
                changes.append("region \(written) (\(place.name)) split off")
            }
        }
        let key = text.filter { $0.isLetter || $0.isNumber }.lowercased()
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
