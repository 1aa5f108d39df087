/// A field of heyi's unified customer model that a mapping file can fill from a source column.
public enum CanonicalField: String, CaseIterable, Codable, Sendable, Comparable {
    case name
    case phone
    case email
    case company
    case address
    case idNumber = "id_number"
    case birthday
    case gender
    case owner
    case amount
    case updatedAt = "updated_at"
    case createdAt = "created_at"
    case note
    case wechat
    case qq
    case jobTitle = "job_title"
    case level

    /// Fields whose values are dates, so a mapping may give them `format:` patterns.
    public var isDate: Bool { self == .birthday || self == .updatedAt || self == .createdAt }

    /// In declaration order.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }

    /// Hashed by position, not by name: a record's date formats are looked up by field for every
    /// date normalized, and hashing the raw value string cost more than reading the date.
    public func hash(into hasher: inout Hasher) { hasher.combine(index) }
}
