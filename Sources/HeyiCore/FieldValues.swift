/// The canonical fields of one record and their values, in canonical field order. Array-backed:
/// millions of records are built per run, and a dictionary per record cost more than the parsing.
public struct FieldValues: Sendable, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    private var slots: [[String]]

    /// `allCases` of an enum is built anew on every access; these are built once.
    private static let ordered = CanonicalField.allCases

    public init() { slots = Array(repeating: [], count: Self.ordered.count) }

    public init(dictionaryLiteral elements: (CanonicalField, [String])...) {
        self.init()
        for (field, values) in elements { self[field] = values }
    }

    /// The field's values, or nil when it has none.
    public subscript(field: CanonicalField) -> [String]? {
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
    fileprivate var index: Int {
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
