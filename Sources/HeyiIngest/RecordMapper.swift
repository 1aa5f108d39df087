public import HeyiCore

/// What a reader hands on: a record, or a row kept aside with the reason.
public enum IngestEvent: Sendable {
    case record(SourceRecord)
    case reject(RecordReject)
}

/// Applies a mapping's `key:` and `fields:` to one record of any format. `Accessor` is how the
/// format addresses a value (a CSV column index, an XML path, JSON steps), resolved once per file.
struct RecordMapper<Accessor> {
    private struct CompiledField {
        var field: CanonicalField
        var from: [Accessor]
        var join: [Accessor]
        var separator: String
        var constant: String?
        var values: [String: String]
    }

    private let keyAccessors: [Accessor]
    private let keyNames: [String]
    private let fields: [CompiledField]

    init(mapping: Mapping, resolve: (String) -> Accessor) {
        keyAccessors = mapping.key.map(resolve)
        keyNames = mapping.key
        fields = mapping.fields.map { m in
            CompiledField(field: m.field, from: m.spec.from.map(resolve), join: m.spec.join.map(resolve),
                          separator: m.spec.separator, constant: m.spec.constant, values: m.spec.values)
        }
    }

    /// Maps one record. `rawBytes` is its verbatim JSON (UTF-8); `undecodableField` names a source
    /// field whose bytes did not decode (U+FFFD), which makes the record a reject.
    func map(raw rawBytes: [UInt8], locator: Locator, undecodableField: @autoclosure () -> String?,
             values: (Accessor) -> [String]) -> IngestEvent {
        let raw = String(decoding: rawBytes, as: UTF8.self)
        if rawBytes.withUnsafeBufferPointer(Self.containsReplacementCharacter) {
            let field = undecodableField()
            return .reject(RecordReject(
                reason: .undecodable, locator: locator, field: field,
                message: "bytes that are not valid in the file's charset\(field.map { " in field \($0)" } ?? "")",
                raw: raw))
        }
        var mapped = FieldValues()
        for compiled in fields {
            var out: [String] = []
            if let constant = compiled.constant {
                out.append(constant)
            } else if !compiled.join.isEmpty {
                let parts = compiled.join.compactMap { values($0).lazy.map(\.trimmed).first { !$0.isEmpty } }
                if !parts.isEmpty { out.append(parts.joined(separator: compiled.separator)) }
            } else {
                for accessor in compiled.from {
                    for value in values(accessor) {
                        let trimmed = value.trimmed
                        if !trimmed.isEmpty { out.append(compiled.values.isEmpty ? trimmed : compiled.values[trimmed] ?? trimmed) }
                    }
                }
            }
            if !out.isEmpty { mapped[compiled.field] = out }
        }
        let contentHash = rawBytes.withUnsafeBytes { SHA256.hex($0) }
        var key = contentHash
        if !keyAccessors.isEmpty {
            let parts = keyAccessors.map { values($0).lazy.map(\.trimmed).first { !$0.isEmpty } }
            if let missing = parts.firstIndex(where: { $0 == nil }) {
                return .reject(RecordReject(
                    reason: .missingKey, locator: locator, field: keyNames[missing],
                    message: "no value in key field \(keyNames[missing]); fill it in the source, or drop key: from the mapping to key records by content",
                    raw: raw))
            }
            key = parts.map { $0! }.joined(separator: "|")
        }
        return .record(SourceRecord(key: key, keyIsContentHash: keyAccessors.isEmpty, contentHash: contentHash,
                                    locator: locator, raw: raw, fields: mapped))
    }

    static func containsReplacementCharacter(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8(containsReplacementCharacter)
    }

    /// Looks for U+FFFD (EF BF BD), which the decoders put where bytes did not decode.
    static func containsReplacementCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3 else { return false }
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xEF, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBD { return true }
            i += 1
        }
        return false
    }
}

/// The column names or paths a file offers, for checking a mapping against it.
public struct FileSchema: Sendable, Equatable {
    public var fields: [String]
    /// Problems in the file's own header (duplicate or blank column names), as warnings.
    public var warnings: [String]
    /// Names that occur more than once, so a mapping may not use them.
    public var ambiguous: Set<String>

    public init(fields: [String], warnings: [String] = [], ambiguous: Set<String> = []) {
        self.fields = fields
        self.warnings = warnings
        self.ambiguous = ambiguous
    }
}

/// What reading one file found, besides its records.
public struct FileReadReport: Sendable, Equatable {
    public var encoding: String
    public var warnings: [String]
    public var recordsRead: Int

    public init(encoding: String, warnings: [String] = [], recordsRead: Int = 0) {
        self.encoding = encoding
        self.warnings = warnings
        self.recordsRead = recordsRead
    }
}

/// A format's reader: what a file offers (for validation) and its records, streamed.
public protocol RecordReader: Sendable {
    func schema(of file: String, fingerprint: FileFingerprint) throws(HeyiError) -> FileSchema
    func read(_ file: String, fingerprint: FileFingerprint, _ sink: (IngestEvent) throws -> Void) throws -> FileReadReport
}
