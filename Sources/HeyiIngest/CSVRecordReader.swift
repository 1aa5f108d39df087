public import HeyiCore

/// Reads a CSV (or TSV) export: charset, delimiter, title rows and header, then one record per row.
public struct CSVRecordReader: RecordReader {
    public let mapping: Mapping

    public init(mapping: Mapping) { self.mapping = mapping }

    /// The header as the file has it, with column numbers, trailing blank columns dropped.
    struct Header {
        var names: [String]
        /// Cells in the header row, trailing blank ones included (Excel pads every row to it).
        var cellCount: Int
        var warnings: [String]
        var ambiguous: Set<String>
        var firstIndex: [String: Int]
    }

    public func schema(of file: String, fingerprint: FileFingerprint) throws(HeyiError) -> FileSchema {
        let encoding = try CharsetResolver.resolve(mapping.encoding, fingerprint: fingerprint, file: file)
        var header: Header?
        do {
            try scan(file, encoding: encoding, stopAfterHeader: true) { found, _ in header = found }
        } catch let error as HeyiError {
            throw error
        } catch {
            throw HeyiError(.io, "\(error)", file: file)
        }
        guard let header else {
            throw HeyiError(.malformedFile, "the file ends before header row \(mapping.csv.headerRow)", file: file,
                            hint: "check csv.header_row in \(mapping.file ?? "the mapping")")
        }
        return FileSchema(fields: header.names, warnings: header.warnings, ambiguous: header.ambiguous)
    }

    public func read(_ file: String, fingerprint: FileFingerprint, _ sink: (IngestEvent) throws -> Void) throws -> FileReadReport {
        let encoding = try CharsetResolver.resolve(mapping.encoding, fingerprint: fingerprint, file: file)
        var report = FileReadReport(encoding: encoding.summary)
        var mapper: RecordMapper<Int>?
        var header: Header?
        var record = 0
        var writer = JSONTextWriter(capacity: 1024)
        try scan(file, encoding: encoding, stopAfterHeader: false) { found, _ in
            header = found
            report.warnings = found.warnings
            mapper = RecordMapper(mapping: mapping) { found.firstIndex[$0] ?? -1 }
        } row: { row in
            guard let header, let mapper else { return }
            record += 1
            let locator = Locator(record: record, line: row.line)
            if row.unterminatedQuote {
                try sink(.reject(RecordReject(
                    reason: .malformedCSV, locator: locator,
                    message: "a quoted cell never closes; this line was set aside and reading went on with the next line",
                    raw: row.rawText)))
                return
            }
            let width = header.names.count
            // A row may stop anywhere in the header's trailing blank columns, but never before the
            // last named column nor after the header's last cell: either means shifted values.
            if row.cells.count < width || row.cells.count > max(width, header.cellCount) {
                let advice = row.cells.count < width
                    ? "a cell with a line break may be missing its quotes, or the row was cut"
                    : "a cell may contain an unquoted delimiter; quote it"
                try sink(.reject(RecordReject(
                    reason: .cellCount, locator: locator,
                    message: "row has \(row.cells.count) cells but the header has \(width); \(advice)",
                    raw: row.rawText)))
                return
            }
            writer.reset()
            writer.beginObject()
            for index in 0..<width {
                writer.key(header.names[index])
                writer.string(row.cells[index])
            }
            writer.endObject()
            let cells = row.cells
            try sink(mapper.map(raw: writer.bytes, locator: locator,
                                undecodableField: cells.firstIndex { RecordMapper<Int>.containsReplacementCharacter($0) }
                                    .map { $0 < width ? header.names[$0] : "column \($0 + 1)" }) { index in
                index >= 0 && index < cells.count ? [cells[index]] : []
            })
        }
        report.recordsRead = record
        return report
    }

    private struct StopScan: Error {}

    /// Streams the file's rows: title rows skipped, the header parsed, blank rows passed over.
    private func scan(_ file: String, encoding: ResolvedEncoding, stopAfterHeader: Bool,
                      header onHeader: (Header, Int) throws -> Void,
                      row onRow: (CSVRow) throws -> Void = { _ in }) throws {
        var parser: CSVRowParser?
        var physicalRow = 0
        var haveHeader = false
        do {
            try DecodedChunks(path: file, encoding: encoding).forEach { chunk, isLast in
                if parser == nil {
                    parser = CSVRowParser(delimiter: mapping.csv.delimiter ?? DelimiterSniffer.sniff(chunk))
                }
                try parser!.feed(chunk, isLast: isLast) { row in
                    physicalRow += 1
                    if physicalRow < mapping.csv.headerRow { return }
                    if !haveHeader {
                        haveHeader = true
                        try onHeader(Self.header(row.cells), row.line)
                        if stopAfterHeader { throw StopScan() }
                        return
                    }
                    if !row.unterminatedQuote && row.cells.allSatisfy({ $0.trimmed.isEmpty }) { return }
                    try onRow(row)
                }
            }
        } catch is StopScan {}
    }

    static func header(_ cells: [String]) -> Header {
        var names = cells.map { $0.trimmed }
        while let last = names.last, last.isEmpty { names.removeLast() }
        var warnings: [String] = []
        var firstIndex: [String: Int] = [:]
        var ambiguous: Set<String> = []
        for index in names.indices {
            if names[index].isEmpty {
                names[index] = "column \(index + 1)"
                warnings.append("column \(index + 1) has no name in the header; it is kept as '\(names[index])'")
            }
            if let first = firstIndex[names[index]] {
                ambiguous.insert(names[index])
                warnings.append("column name '\(names[index])' appears twice (columns \(first + 1) and \(index + 1)); the second is kept as '\(names[index]) (\(index + 1))'")
                names[index] = "\(names[index]) (\(index + 1))"
            }
            firstIndex[names[index]] = index
        }
        return Header(names: names, cellCount: cells.count, warnings: warnings, ambiguous: ambiguous, firstIndex: firstIndex)
    }
}
