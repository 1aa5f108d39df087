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
    /// Bytes allowed before the @ (lower-case, as addresses are compared lower-cased).
    static let localAllowed: [Bool] = (0..<256).map { byte in
        "abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-".utf8.contains(UInt8(byte))
    }

    public func normalize(_ raw: String) -> NormalizedEmail {
        var changes: [String] = []
        var text = Transforms.nfkc.apply(raw).trimmed
        // Full-width ＠ and ．fold under NFKC; the ideographic full stop does not.
        if text.unicodeScalars.contains("。") {
            text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "。" ? "." : $0 }))
        }
        var lowered = text.lowercased()
        if lowered.hasPrefix("mailto:") { lowered = String(lowered.dropFirst(7)); changes.append("mailto: removed") }
        if lowered != raw { changes.append("trimmed, width folded, lower-cased") }
        text = lowered
        // Checked on bytes: an address is ASCII (internationalized addresses are rare in CRM data
        // and are reported invalid rather than guessed at).
        let bytes = Array(text.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), bytes.lastIndex(of: UInt8(ascii: "@")) == at else {
            return NormalizedEmail(value: text, isValid: false, problem: "an address has exactly one @", changes: changes)
        }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, local.allSatisfy({ Self.localAllowed[Int($0)] }), local.first != 0x2E, local.last != 0x2E,
              !zip(local, local.dropFirst()).contains(where: { $0 == 0x2E && $1 == 0x2E }) else {
            return NormalizedEmail(value: text, isValid: false, problem: "the part before @ has characters an address cannot have", changes: changes)
        }
        let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
        func isAlnum(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) }
        guard labels.count >= 2,
              labels.allSatisfy({ !$0.isEmpty && $0.first != 0x2D && $0.last != 0x2D && $0.allSatisfy { isAlnum($0) || $0 == 0x2D } }),
              labels.last!.count >= 2, labels.last!.allSatisfy({ (0x61...0x7A).contains($0) }) else {
            return NormalizedEmail(value: text, isValid: false, problem: "the domain after @ is not a domain name", changes: changes)
        }
        let localText = String(decoding: local, as: UTF8.self), domainText = String(decoding: domain, as: UTF8.self)
        var qq: String?
        if Self.qqDomains.contains(domainText), (5...11).contains(local.count), local.allSatisfy({ (0x30...0x39).contains($0) }), local.first != 0x30 {
            qq = localText
            changes.append("QQ number \(localText)")
        }
        return NormalizedEmail(value: text, isValid: true, problem: nil, qq: qq, changes: changes)
    }
}
