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
        func isKnown(_ path: String) -> Bool {
            if format == .csv { return available.contains(path) }
            let bare = Self.indexless(path)
            return normalized.contains(bare) || schema.fields.contains { $0.hasPrefix(bare + ".") || $0.hasPrefix(bare + "/") }
        }
        let noun = format == .csv ? "column" : "path"
        let place = format == .csv ? "header row \(csv.headerRow)" : "the first \(XMLRecordReader.schemaSample) records"
        let unknown = referencedPaths.filter { !schema.ambiguous.contains($0.path) && !isKnown($0.path) }
        // Most of the mapping missing means the wrong file, mapping or header row: say that once.
        let wrongFile = unknown.count * 2 > referencedPaths.count
        var problems: [ConfigurationError.Problem] = []
        for (path, usedBy) in referencedPaths {
            if schema.ambiguous.contains(path) {
                problems.append(.init(file: file, field: path,
                                      message: "\(usedBy): column '\(path)' appears more than once in the header",
                                      hint: "rename one of the columns in the file so the mapping can tell them apart"))
            } else if !wrongFile && !isKnown(path) {
                problems.append(.init(file: file, field: path,
                                      message: "\(usedBy): unknown \(noun) '\(path)' (not in \(place))",
                                      hint: Suggestions.hint(for: path, in: schema.fields, noun: noun)))
            }
        }
        if wrongFile {
            let listing = schema.fields.prefix(20).map(Suggestions.displayable).joined(separator: ", ")
            problems.append(.init(file: file,
                                  message: "\(unknown.count) of the \(referencedPaths.count) \(noun)s the mapping reads are not in \(place): \(unknown.map(\.path).joined(separator: ", "))",
                                  hint: "is this a \(source) file? \(place.prefix(1).uppercased() + place.dropFirst()) has: \(listing)\(format == .csv ? "; check csv.header_row" : "")"))
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
