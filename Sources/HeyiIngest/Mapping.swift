public import HeyiCore

/// How one source's export files map onto heyi's canonical fields (a `Mappings/*.yaml` file).
public struct Mapping: Sendable, Equatable, Codable {
    /// The file formats heyi reads.
    public enum Format: String, Sendable, Codable, CaseIterable {
        case csv, xml, json, jsonl
    }

    /// The charset a file is declared in; `auto` detects it.
    public enum Encoding: String, Sendable, Codable, CaseIterable {
        case auto
        case utf8 = "utf-8"
        case gb18030
        case big5
        case utf16 = "utf-16"

        /// The ICU converter name.
        public var icuName: String? {
            switch self {
            case .auto: nil
            case .utf8: "UTF-8"
            case .gb18030: "GB18030"
            case .big5: "Big5"
            case .utf16: "UTF-16"
            }
        }
    }

    /// CSV dialect settings.
    public struct CSVOptions: Sendable, Equatable, Codable {
        /// `nil` sniffs comma, tab, semicolon or pipe from the header and first rows.
        public var delimiter: UInt8?
        /// 1-based row holding the column names; rows above it (titles) are skipped.
        public var headerRow: Int

        public init(delimiter: UInt8? = nil, headerRow: Int = 1) {
            self.delimiter = delimiter
            self.headerRow = headerRow
        }
    }

    /// How one canonical field is filled from the source.
    public struct FieldSpec: Sendable, Equatable, Codable {
        /// Source columns / paths; each non-empty value becomes one value of the field.
        public var from: [String]
        /// Source columns / paths whose first values are joined into one value.
        public var join: [String]
        public var separator: String
        /// A constant value for every record of the source.
        public var constant: String?
        /// Date patterns (`yyyy/M/d`, `yyyy年M月d日`, `excel`), tried in order by the normalizer.
        public var formats: [String]
        /// Source value → canonical value (`"1": 男`); unlisted values pass through.
        public var values: [String: String]

        public init(from: [String] = [], join: [String] = [], separator: String = "", constant: String? = nil,
                    formats: [String] = [], values: [String: String] = [:]) {
            self.from = from
            self.join = join
            self.separator = separator
            self.constant = constant
            self.formats = formats
            self.values = values
        }

        /// Every source column or path this spec reads.
        public var sourcePaths: [String] { from + join }
    }

    /// One canonical field and its spec, in the order the mapping file lists them.
    public struct FieldMapping: Sendable, Equatable, Codable {
        public var field: CanonicalField
        public var spec: FieldSpec
    }

    /// Name of the source in lineage (`sales-zhang`).
    public var source: String
    /// Constant department of every record of this source.
    public var department: String?
    public var format: Format
    public var encoding: Encoding
    public var csv: CSVOptions
    /// XML element path or JSON pointer of one record.
    public var recordPath: String?
    /// Columns / paths whose values identify a record within the source; empty: content hash.
    public var key: [String]
    public var fields: [FieldMapping]
    /// Where the mapping was read from (not part of its identity).
    public var file: String?

    public init(source: String, department: String? = nil, format: Format, encoding: Encoding = .auto,
                csv: CSVOptions = CSVOptions(), recordPath: String? = nil, key: [String] = [],
                fields: [FieldMapping], file: String? = nil) {
        self.source = source
        self.department = department
        self.format = format
        self.encoding = encoding
        self.csv = csv
        self.recordPath = recordPath
        self.key = key
        self.fields = fields
        self.file = file
    }

    /// Every source column or path the mapping reads, with the mapping key that names it.
    public var referencedPaths: [(path: String, usedBy: String)] {
        key.map { ($0, "key") } + fields.flatMap { mapping in
            mapping.spec.sourcePaths.map { ($0, "fields.\(mapping.field.rawValue)") }
        }
    }
}
