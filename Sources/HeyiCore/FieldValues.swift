/// The canonical fields of one record and their values, in canonical field order. Array-backed:
/// millions of records are built per run, and a dictionary per record cost more than the parsing.
public struct FieldValues: Sendable, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    @usableFromInline var slots: [[String]]

    /// `allCases` of an enum is built anew on every access; these are built once.
    private static let ordered = CanonicalField.allCases

    public init() { slots = Array(repeating: [], count: Self.ordered.count) }

    public init(dictionaryLiteral elements: (CanonicalField, [String])...) {
        self.init()
        for (field, values) in elements { self[field] = values }
    }

    /// The field's values, or nil when it has none.
    @inlinable public subscript(field: CanonicalField) -> [String]? {
        get { let values = slots[field.index]; return values.isEmpty ? nil : values }
        set { slots[field.index] = newValue ?? [] }
    }

    /// Fields that have values, in canonical order.
    public var fields: [CanonicalField] { Self.ordered.filter { !slots[$0.index].isEmpty } }

    public var isEmpty: Bool { slots.allSatisfy(\.isEmpty) }

    public var description: String {
        "[" + fields.map { "\($0.rawValue): \(slots[$0.index])" }.joined(separator: ", ") + "]"
    }

    /// As a JSON object, fields in canonical order (stable hashes and diffs).
    public var json: String {
        var writer = JSONTextWriter(capacity: 256)
        writer.beginObject()
        for (index, values) in slots.enumerated() where !values.isEmpty {
            writer.key(Self.ordered[index].rawValue)
            writer.beginArray()
            for value in values { writer.string(value) }
            writer.endArray()
        }
        writer.endObject()
        return writer.text
    }
}

extension CanonicalField {
    /// Slot of the field in `FieldValues` (declaration order).
    @usableFromInline var index: Int {
        switch self {
        case .name: 0
        case .phone: 1
        case .email: 2
        case .company: 3
        case .address: 4
        case .idNumber: 5
        case .birthday: 6
        case .gender: 7
        case .owner: 8
        case .amount: 9
        case .updatedAt: 10
        case .createdAt: 11
        case .note: 12
        case .wechat: 13
        case .qq: 14
        case .jobTitle: 15
        case .level: 16
        }
    }
}

extension FieldValues {
    /// Reads the JSON `json` wrote (`{"name":["陈丽华"],"phone":["1","2"]}`); nil for anything else.
    /// Hand-written: Foundation's JSONSerialization cost more than normalizing the record.
    /// The fields' names as bytes, for reading keys without making strings of them.
    private static let fieldNames = ordered.map { (field: $0, bytes: Array($0.rawValue.utf8)) }

    public init?(json text: String) {
        self.init()
        let parsed: Bool = text.withUTF8Bytes { bytes in
            var i = 0
            func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 } }
            func expect(_ byte: UInt8) -> Bool {
                skipSpace()
                guard i < bytes.count, bytes[i] == byte else { return false }
                i += 1
                return true
            }
            func string() -> String? {
                guard expect(0x22) else { return nil }
                // Nearly every value has no escape: the string straight from its bytes.
                var end = i
                while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C { end += 1 }
                if end < bytes.count, bytes[end] == 0x22 {
                    defer { i = end + 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
                }
                var out: [UInt8] = []
                while i < bytes.count {
                    let byte = bytes[i]
                    i += 1
                    if byte == 0x22 { return String(decoding: out, as: UTF8.self) }
                    guard byte == 0x5C else { out.append(byte); continue }
                    guard i < bytes.count else { return nil }
                    let escape = bytes[i]
                    i += 1
                    switch escape {
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x75:
                        guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { return nil }
                        i += 4
                        out.append(contentsOf: String(scalar).utf8)
                    default: out.append(escape)
                    }
                }
                return nil
            }
            /// A key: the canonical field it names (nil inside for one this version does not know),
            /// matched on its bytes.
            func fieldName() -> CanonicalField?? {
                skipSpace()
                let start = i
                guard let name = string() else { return nil }
                let raw = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(i - 1)])
                if let known = Self.fieldNames.first(where: { $0.bytes.elementsEqual(raw) }) { return .some(known.field) }
                return .some(CanonicalField(rawValue: name))
            }
            guard expect(0x7B) else { return false }
            if expect(0x7D) { return true }
            repeat {
                guard let field = fieldName(), expect(0x3A), expect(0x5B) else { return false }
                var values: [String] = []
                if !expect(0x5D) {
                    repeat {
                        guard let value = string() else { return false }
                        values.append(value)
                    } while expect(0x2C)
                    guard expect(0x5D) else { return false }
                }
                if let field { self[field] = values }
            } while expect(0x2C)
            return expect(0x7D)
        }
        guard parsed else { return nil }
    }
}
