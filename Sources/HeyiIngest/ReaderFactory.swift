public import HeyiCore

extension Mapping {
    /// The reader for this mapping's format.
    public var reader: any RecordReader {
        switch format {
        case .csv: CSVRecordReader(mapping: self)
        case .xml: XMLRecordReader(mapping: self)
        case .json, .jsonl: JSONRecordReader(mapping: self)
        }
    }

    /// Checks the mapping against what a file offers; every problem at once, with suggestions.
    public func problems(against schema: FileSchema, file: String) -> [ConfigurationError.Problem] {
        let available = Set(schema.fields)
        let normalized = Set(schema.fields.map(Self.indexless))
        var problems: [ConfigurationError.Problem] = []
        var unknown: [(path: String, usedBy: String)] = []
        let noun = format == .csv ? "column" : "path"
        for (path, usedBy) in referencedPaths {
            if schema.ambiguous.contains(path) {
                problems.append(.init(file: file, field: path,
                                      message: "\(usedBy): column '\(path)' appears more than once in the header",
                                      hint: "rename one of the columns in the file so the mapping can tell them apart"))
                continue
            }
            let known = format == .csv ? available.contains(path) : normalized.contains(Self.indexless(path))
                || schema.fields.contains { $0.hasPrefix(Self.indexless(path) + ".") || $0.hasPrefix(Self.indexless(path) + "/") }
            if !known { unknown.append((path, usedBy)) }
        }
        let where_ = format == .csv ? "header row \(csv.headerRow)" : "the first \(XMLRecordReader.schemaSample) records"
        let listing = schema.fields.prefix(20).map(Suggestions.displayable).joined(separator: ", ")
        if !unknown.isEmpty && unknown.count * 2 > referencedPaths.count {
            // Most of the mapping is missing: the wrong file, the wrong mapping or the wrong header row.
            problems.append(.init(file: file,
                                  message: "\(unknown.count) of the \(referencedPaths.count) \(noun)s the mapping reads are not in \(where_): \(unknown.map(\.path).joined(separator: ", "))",
                                  hint: "is this a \(source) file? \(where_.prefix(1).uppercased() + where_.dropFirst()) has: \(listing)\(format == .csv ? "; check csv.header_row" : "")"))
            return problems
        }
        for (path, usedBy) in unknown {
            problems.append(.init(file: file, field: path,
                                  message: "\(usedBy): unknown \(noun) '\(path)' (not in \(where_))",
                                  hint: Suggestions.hint(for: path, in: schema.fields, noun: noun)))
        }
        return problems
    }

    private static func indexless(_ path: String) -> String {
        var out = ""
        var inBracket = false
        for character in path {
            if character == "[" { inBracket = true; out.append("[]"); continue }
            if character == "]" { inBracket = false; continue }
            if !inBracket { out.append(character) }
        }
        return out
    }
}
