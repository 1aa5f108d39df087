/// One record as a source exported it: its original fields verbatim, and the canonical
/// fields the mapping file took from them. Nothing here is normalized yet.
public struct SourceRecord: Sendable, Equatable {
    /// Identifies the record within its source: the mapping's `key` value, or the content hash.
    public var key: String
    /// True when the source has no key column and `key` is the content hash.
    public var keyIsContentHash: Bool
    /// SHA-256 (hex) of `raw`, so an unchanged record is recognised on re-ingest.
    public var contentHash: String
    public var locator: Locator
    /// The record's original field names and values as a JSON object, in source order.
    public var raw: String
    /// Canonical field → the non-empty values the mapping found for it, in mapping order.
    public var fields: FieldValues

    public init(key: String, keyIsContentHash: Bool, contentHash: String, locator: Locator,
                raw: String, fields: FieldValues) {
        self.key = key
        self.keyIsContentHash = keyIsContentHash
        self.contentHash = contentHash
        self.locator = locator
        self.raw = raw
        self.fields = fields
    }

    /// The canonical fields as a JSON object with fields in a fixed order (stable hashes, diffs).
    public var fieldsJSON: String { fields.json }
}
