/// Where a record or a fault sits inside its file, as precisely as the format allows.
public struct Locator: Sendable, Hashable, Codable {
    /// 1-based position of the record among the file's records (data rows, elements, items).
    public var record: Int?
    /// 1-based physical line where the record (or fault) starts.
    public var line: Int?
    /// 1-based column of a fault, when the parser knows it.
    public var column: Int?
    /// XML element path (`/export/customers/customer[17]`) or JSON pointer (`/data/items/16`).
    public var path: String?

    public init(record: Int? = nil, line: Int? = nil, column: Int? = nil, path: String? = nil) {
        self.record = record
        self.line = line
        self.column = column
        self.path = path
    }

    /// `line 12`, `line 34:7, /export/customers/customer[17]`, `record 5` …
    public var description: String {
        var parts: [String] = []
        if let line {
            parts.append(column.map { "line \(line):\($0)" } ?? "line \(line)")
        } else if let record {
            parts.append("record \(record)")
        }
        if let path { parts.append(path) }
        return parts.isEmpty ? "file" : parts.joined(separator: ", ")
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public func anchor(file: String) -> String {
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}
