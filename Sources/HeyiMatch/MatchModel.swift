public import Foundation
import HeyiCore

/// A Fellegi–Sunter model: per field and agreement level, the probability of that level among
/// true matches (m) and among random pairs (u), and the share of matches among candidate pairs
/// (the prior). Written as readable JSON (`heyi train --out model.json`) and reused.
public struct MatchModel: Sendable, Codable, Equatable {
    public struct Level: Sendable, Codable, Equatable {
        public var label: String
        public var m: Double
        public var u: Double
        /// log2(m / u): what agreeing at this level adds to a pair's match weight.
        public var weight: Double { log2(m / u) }
    }

    public struct Comparison: Sendable, Codable, Equatable {
        public var field: ComparisonField
        public var levels: [Level]
        /// For the exact level, u is replaced by the agreeing value's frequency.
        public var termFrequency: Bool
    }

    public struct Training: Sendable, Codable, Equatable {
        public var records: Int
        public var candidatePairs: Int
        public var randomPairs: Int
        public var iterations: Int
        public var converged: Bool
        public var trainedAt: String
    }

    /// How common the data's values were when the model was trained, per field: the count of a
    /// typical value and the counts of values at least twice as common (top 5,000), keyed by the
    /// first 16 hex digits of the value's SHA-256 so the file holds no customer data. With it,
    /// a pair's score depends only on the model and the pair, so runs in increments score as one
    /// full run does.
    public struct TermFrequencies: Sendable, Codable, Equatable {
        public var typical: Double
        public var common: [String: Int]
    }

    public var format = 1
    /// The probability that two random records are the same customer.
    public var prior: Double
    public var comparisons: [Comparison]
    public var termFrequencies: [String: TermFrequencies]?
    public var training: Training?

    /// The key of a value in `termFrequencies`.
    public static func valueKey(_ value: String) -> String { String(SHA256.hex(value).prefix(16)) }

    public func comparison(_ field: ComparisonField) -> Comparison { comparisons[field.index] }

    /// log2 of the prior odds.
    public var priorWeight: Double { log2(prior / (1 - prior)) }

    /// Starting values before training: what agreement usually means in customer data.
    public static let initial = MatchModel(prior: 0.3, comparisons: ComparisonField.allCases.map { field in
        let m: [Double], u: [Double]
        switch field {
        case .name: m = [0.80, 0.03, 0.05, 0.05, 0.04, 0.03]; u = [0.0005, 0.0002, 0.0003, 0.001, 0.01, 0.9875]
        case .phone: m = [0.75, 0.10, 0.15]; u = [0.0001, 0.0001, 0.9998]
        case .email: m = [0.85, 0.05, 0.10]; u = [0.0001, 0.0005, 0.9994]
        case .idNumber: m = [0.97, 0.03]; u = [0.00001, 0.99999]
        case .birthday: m = [0.90, 0.02, 0.03, 0.05]; u = [0.0001, 0.00005, 0.02, 0.97985]
        case .gender: m = [0.97, 0.03]; u = [0.5, 0.5]
        case .company: m = [0.75, 0.15, 0.10]; u = [0.001, 0.005, 0.994]
        case .address: m = [0.60, 0.15, 0.10, 0.15]; u = [0.0001, 0.005, 0.05, 0.9449]
        }
        return Comparison(field: field, levels: zip(field.levels, zip(m, u)).map { Level(label: $0, m: $1.0, u: $1.1) },
                          termFrequency: field.usesTermFrequency)
    })

    /// The model as pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a model file; names what is wrong with it.
    public static func load(_ data: Data) throws -> MatchModel {
        let model = try JSONDecoder().decode(MatchModel.self, from: data)
        guard model.format == 1 else { throw ModelError("model format \(model.format) is not supported (expected 1)") }
        guard model.prior > 0, model.prior < 1 else { throw ModelError("prior must be between 0 and 1, found \(model.prior)") }
        for field in ComparisonField.allCases {
            guard let comparison = model.comparisons.first(where: { $0.field == field }) else {
                throw ModelError("the model has no comparison for \(field.rawValue)")
            }
            guard comparison.levels.map(\.label) == field.levels else {
                throw ModelError("\(field.rawValue) levels must be \(field.levels.joined(separator: ", "))")
            }
            for level in comparison.levels where !(level.m > 0 && level.m <= 1 && level.u > 0 && level.u <= 1) {
                throw ModelError("\(field.rawValue).\(level.label): m and u must be in (0, 1]")
            }
        }
        var ordered = model
        ordered.comparisons = ComparisonField.allCases.map { field in model.comparisons.first { $0.field == field }! }
        return ordered
    }
}

public struct ModelError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
