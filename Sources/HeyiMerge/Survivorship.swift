/// How a golden value is chosen among the values a customer's records carry: criteria applied in
/// order, each breaking the ties the previous left; the smallest record id breaks the last tie.
public enum SurvivorshipRule: String, Sendable, Codable, CaseIterable {
    /// A value that passed its checks (a checksum-valid ID number) beats one that did not.
    case valid
    /// The value from the source listed first in `source_priority`.
    case sourcePriority = "source_priority"
    /// The value of the most recently updated record.
    case mostRecent = "most_recent"
    /// The value the most records carry.
    case mostFrequent = "most_frequent"
    /// The fullest value (the longest address, the full company name).
    case mostComplete = "most_complete"
}

/// The single-valued fields of a golden record.
public enum GoldenField: String, Sendable, Codable, CaseIterable {
    case name, gender, birthday, idNumber = "id_number", company, address
}

/// Survivorship for every golden field, with defaults a steward would pick.
public struct Survivorship: Sendable, Equatable {
    /// Source names, best first; `*` matches any run of characters (`sales-*`).
    public var sourcePriority: [String]
    public var rules: [GoldenField: [SurvivorshipRule]]

    public static let defaultRules: [GoldenField: [SurvivorshipRule]] = [
        .name: [.mostFrequent, .sourcePriority, .mostRecent],
        .gender: [.mostFrequent, .sourcePriority, .mostRecent],
        .birthday: [.valid, .mostFrequent, .sourcePriority, .mostRecent],
        .idNumber: [.valid, .mostFrequent, .sourcePriority, .mostRecent],
        .company: [.mostRecent, .sourcePriority, .mostFrequent, .mostComplete],
        .address: [.mostRecent, .mostComplete, .sourcePriority, .mostFrequent],
    ]

    public init(sourcePriority: [String] = [], rules: [GoldenField: [SurvivorshipRule]] = [:]) {
        self.sourcePriority = sourcePriority
        self.rules = Self.defaultRules.merging(rules) { _, configured in configured }
    }

    /// Rank of a source in the priority list (lower is better; unlisted sources come last).
    func rank(_ source: String) -> Int {
        sourcePriority.firstIndex { Self.glob($0, source) } ?? sourcePriority.count
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        guard text.hasPrefix(parts[0]), text.hasSuffix(parts[parts.count - 1]),
              text.count >= parts[0].count + parts[parts.count - 1].count else { return false }
        var rest = Substring(text.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.firstRange(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
