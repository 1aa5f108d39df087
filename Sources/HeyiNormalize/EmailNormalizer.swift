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
        if text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 }) { text = text.lowercased() }
        if text.utf8.starts(with: Self.mailto) { text = String(text.dropFirst(7)); changes.append("mailto: removed") }
        if text != raw { changes.append("trimmed, width folded, lower-cased") }
        // Checked on bytes: an address is ASCII (internationalized addresses are rare in CRM data
        // and are reported invalid rather than guessed at).
        let (problem, qq) = text.withUTF8Bytes(Self.check)
        guard problem == nil else { return NormalizedEmail(value: text, isValid: false, problem: problem, changes: changes) }
        if let qq { changes.append("QQ number \(qq)") }
        return NormalizedEmail(value: text, isValid: true, problem: nil, qq: qq, changes: changes)
    }

    private static let mailto = Array("mailto:".utf8)
    private static let qqDomainBytes = qqDomains.map { Array($0.utf8) }

    /// What is wrong with a lower-cased address, if anything, and the QQ number it gives.
    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (problem: String?, qq: String?) {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), bytes.lastIndex(of: UInt8(ascii: "@")) == at else {
            return ("an address has exactly one @", nil)
        }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        var previous: UInt8 = 0
        var localFine = !local.isEmpty && local.count <= 64 && local.first != 0x2E && local.last != 0x2E
        for byte in local where localFine {
            localFine = localAllowed[Int(byte)] && !(byte == 0x2E && previous == 0x2E)
            previous = byte
        }
        guard localFine else { return ("the part before @ has characters an address cannot have", nil) }
        // Labels of letters, digits and inner hyphens; at least two; the last of two or more letters.
        var labels = 0, labelLength = 0, lastByte: UInt8 = 0, lastLabelLetters = true, domainFine = true
        for byte in domain where domainFine {
            if byte == 0x2E {
                domainFine = labelLength > 0 && lastByte != 0x2D
                labels += 1
                labelLength = 0
                lastLabelLetters = true
            } else {
                let letter = byte >= 0x61 && byte <= 0x7A
                domainFine = letter || byte >= 0x30 && byte <= 0x39 || byte == 0x2D && labelLength > 0
                lastLabelLetters = lastLabelLetters && letter
                labelLength += 1
            }
            lastByte = byte
        }
        guard domainFine, labels >= 1, labelLength >= 2, lastLabelLetters else { return ("the domain after @ is not a domain name", nil) }
        guard (5...11).contains(local.count), local.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), local.first != 0x30,
              qqDomainBytes.contains(where: { $0.elementsEqual(domain) }) else { return (nil, nil) }
        return (nil, String(decoding: local, as: UTF8.self))
    }
}
