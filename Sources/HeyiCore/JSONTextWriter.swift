/// Writes JSON text directly into a string: faster than building a dictionary for
/// JSONSerialization, and it keeps the key order of the source (raw records are verbatim).
public struct JSONTextWriter: Sendable {
    public private(set) var text: String
    private var needsComma = false

    public init(capacity: Int = 256) {
        text = ""
        text.reserveCapacity(capacity)
    }

    public mutating func beginObject() { separate(); text.append("{"); needsComma = false }
    public mutating func endObject() { text.append("}"); needsComma = true }
    public mutating func beginArray() { separate(); text.append("["); needsComma = false }
    public mutating func endArray() { text.append("]"); needsComma = true }

    public mutating func key(_ key: String) {
        separate()
        Self.appendQuoted(key, to: &text)
        text.append(":")
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &text)
        needsComma = true
    }

    public mutating func number(_ value: Int) {
        separate()
        text.append(String(value))
        needsComma = true
    }

    public mutating func null() { separate(); text.append("null"); needsComma = true }

    /// Inserts already-valid JSON text as the next value.
    public mutating func rawValue(_ json: String) { separate(); text.append(json); needsComma = true }

    private mutating func separate() {
        if needsComma { text.append(",") }
    }

    /// Appends `value` as a JSON string literal; only `"`, `\` and control characters are escaped.
    public static func appendQuoted(_ value: String, to text: inout String) {
        text.append("\"")
        var needsEscape = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        guard needsEscape else {
            text.append(value)
            text.append("\"")
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text.append("\"")
    }
}
