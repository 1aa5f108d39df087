/// Reads gender from what sources write: 男/女, M/F, male/female, 先生/女士. Codes such as 1/2 are
/// source-specific and belong in the mapping's `values:`.
public struct GenderNormalizer: Sendable {
    public init() {}

    static let words: [String: Gender] = [
        "男": .male, "男性": .male, "男士": .male, "先生": .male, "m": .male, "male": .male, "man": .male, "boy": .male,
        "女": .female, "女性": .female, "女士": .female, "小姐": .female, "f": .female, "female": .female, "woman": .female, "girl": .female,
    ]

    /// The gender, or nil when the value says none (未知, 保密, blank, anything else).
    public func normalize(_ raw: String) -> Gender? {
        // What nearly every source writes, compared as bytes before any folding.
        if raw.utf8.elementsEqual(Self.male) { return .male }
        if raw.utf8.elementsEqual(Self.female) { return .female }
        return Self.words[Transforms.nfkc.apply(raw).trimmed.lowercased()]
    }

    private static let male = Array("男".utf8), female = Array("女".utf8)
}
