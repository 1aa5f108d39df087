/// Masks personal data before it reaches a log, an error or a terminal: `138****8000`, `张*`.
/// Everything heyi prints about customer values goes through one of these.
public struct Redactor: Sendable {
    /// When false, values pass through unchanged (`--show-values`, for debugging one's own data).
    public var enabled: Bool

    public init(enabled: Bool = true) { self.enabled = enabled }

    public static let standard = Redactor(enabled: true)

    /// Masks free text: long digit runs (phones, IDs, accounts), e-mail local parts and every
    /// run of Han characters after its first character. Latin words are left readable.
    public func text(_ value: String) -> String {
        guard enabled else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count)
        var digits = ""
        var hanRun = 0
        func flushDigits() {
            guard !digits.isEmpty else { return }
            out += Self.maskDigits(digits)
            digits = ""
        }
        let scalars = Array(value.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.numericType == .decimal, scalar.value < 0x80 || (0xFF10...0xFF19).contains(scalar.value) {
                digits.unicodeScalars.append(scalar)
                hanRun = 0
                index += 1
                continue
            }
            flushDigits()
            if scalar.isHan {
                out.unicodeScalars.append(hanRun == 0 ? scalar : "*")
                hanRun += 1
            } else if scalar == "@" {
                // Mask the local part already written: back up over [A-Za-z0-9._%+-].
                var kept = out.unicodeScalars
                var removed = 0
                while let last = kept.last, Self.isLocalPart(last) { kept.removeLast(); removed += 1 }
                out = String(kept) + (removed > 0 ? String(repeating: "*", count: min(removed, 3)) : "") + "@"
                hanRun = 0
            } else {
                out.unicodeScalars.append(scalar)
                hanRun = 0
            }
            index += 1
        }
        flushDigits()
        return out
    }

    /// Masks the string values of JSON text (a stored raw record) but keeps its keys, which are
    /// column names, readable. Text that is not JSON is masked whole.
    public func json(_ text: String) -> String {
        guard enabled else { return text }
        guard let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" else { return self.text(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            guard scalar == "\"" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            var literal = ""
            var escaped = false
            while let next = scalars.first {
                scalars = scalars.dropFirst()
                if escaped { escaped = false } else if next == "\\" { escaped = true } else if next == "\"" { break }
                literal.unicodeScalars.append(next)
            }
            let isKey = scalars.first(where: { !$0.properties.isWhitespace }) == ":"
            out += "\"" + (isKey ? literal : self.text(literal)) + "\""
        }
        return out
    }

    /// Masks one field value the way its kind reads best: a name keeps its first character.
    public func name(_ value: String) -> String {
        guard enabled, let first = value.first else { return value }
        return String(first) + String(repeating: "*", count: max(1, value.count - 1))
    }

    private static func maskDigits(_ digits: String) -> String {
        let count = digits.count
        switch count {
        case ..<5: return digits
        case 5..<11: return String(digits.prefix(2)) + String(repeating: "*", count: count - 4) + String(digits.suffix(2))
        default: return String(digits.prefix(3)) + String(repeating: "*", count: count - 7) + String(digits.suffix(4))
        }
    }

    private static func isLocalPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._%+-*".unicodeScalars.contains(scalar))
    }
}
