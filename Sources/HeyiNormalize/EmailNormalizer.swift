/// An e-mail address prepared for comparison.
public struct NormalizedEmail: Sendable, Equatable, Codable {
    public var value: String
    public var isValid: Bool
    public var problem: String?
    /// The QQ number of a numeric QQ mail address (`12345678@qq.com`).
    public var qq: String?
    public var changes: [String] = []
}

/// Trims, folds width, lower-cases and checks e-mail addresses; numeric QQ addresses give the QQ number.
public struct EmailNormalizer: Sendable {
    public init() {}

    static let qqDomains: Set<String> = ["qq.com", "vip.qq.com", "foxmail.com"]
    static let localAllowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-")

    public func normalize(_ raw: String) -> NormalizedEmail {
        var changes: [String] = []
        var text = Transforms.nfkc.apply(raw).trimmed
        // Full-width ＠ and ．fold under NFKC; the ideographic full stop does not.
        text = text.replacingOccurrences(of: "。", with: ".")
        if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)); changes.append("mailto: removed") }
        let lowered = text.lowercased()
        if lowered != raw { changes.append("trimmed, width folded, lower-cased") }
        text = lowered
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return NormalizedEmail(value: text, isValid: false, problem: "an address has exactly one @", changes: changes) }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.count <= 64, local.allSatisfy(Self.localAllowed.contains), local.first != ".", local.last != ".", !local.contains("..") else {
            return NormalizedEmail(value: text, isValid: false, problem: "the part before @ has characters an address cannot have", changes: changes)
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              labels.last!.count >= 2, labels.last!.allSatisfy(\.isLetter) else {
            return NormalizedEmail(value: text, isValid: false, problem: "the domain after @ is not a domain name", changes: changes)
        }
        var qq: String?
        if Self.qqDomains.contains(String(domain)), (5...11).contains(local.count), local.allSatisfy(\.isNumber), local.first != "0" {
            qq = String(local)
            changes.append("QQ number \(local)")
        }
        return NormalizedEmail(value: text, isValid: true, problem: nil, qq: qq, changes: changes)
    }
}
