public import HeyiCore

/// Reads JSON Lines (one object per line) or a JSON document whose records are the elements of
/// the array at `json.record` (a JSON pointer), streamed either way.
public struct JSONRecordReader: RecordReader {
    public let mapping: Mapping
    /// Records sampled to learn the file's paths for mapping checks.
    static let schemaSample = 2_000

    public init(mapping: Mapping) { self.mapping = mapping }

    public func schema(of file: String, fingerprint: FileFingerprint) throws(HeyiError) -> FileSchema {
        let encoding = try CharsetResolver.resolve(mapping.encoding, fingerprint: fingerprint, file: file)
        var seen: Set<String> = []
        var paths: [String] = []
        var sampled = 0
        do {
            try elements(file, encoding: encoding) { bytes, _ in
                if let value = try? bytes.withUnsafeBufferPointer({ try JSONParser.parse($0) }), case .object = value {
                    var found: [String] = []
                    value.collectPaths(prefix: "", into: &found)
                    for path in found where seen.insert(path).inserted { paths.append(path) }
                }
                sampled += 1
                if sampled >= Self.schemaSample { throw StopScan() }
            }
        } catch is StopScan {
        } catch let error as HeyiError {
            throw error
        } catch {
            throw HeyiError(.io, "\(error)", file: file)
        }
        return FileSchema(fields: paths)
    }

    public func read(_ file: String, fingerprint: FileFingerprint, _ sink: (IngestEvent) throws -> Void) throws -> FileReadReport {
        let encoding = try CharsetResolver.resolve(mapping.encoding, fingerprint: fingerprint, file: file)
        let mapper = RecordMapper<[FieldPath.JSONStep]>(mapping: mapping) { FieldPath.jsonSteps($0) ?? [] }
        var report = FileReadReport(encoding: encoding.summary)
        var record = 0
        let pointer = mapping.format == .json ? (mapping.recordPath ?? "") : nil
        try elements(file, encoding: encoding) { bytes, position in
            record += 1
            let locator = Locator(record: record, line: position.line,
                                  path: pointer.map { "\($0)/\(position.index)" })
            if let unread = position.unreadTail {
                try sink(.reject(RecordReject(reason: .unreadTail, locator: Locator(record: record, line: unread.line, column: unread.column, path: locator.path),
                                              message: unread.message, raw: String(decoding: bytes, as: UTF8.self))))
                return
            }
            let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer) } }
            let parsed: JSONValue
            switch result {
            case .success(let value): parsed = value
            case .failure(let error):
                let (line, column) = Self.position(of: error.offset, in: bytes, firstLine: position.line)
                try sink(.reject(RecordReject(reason: .malformedJSON, locator: Locator(record: record, line: line, column: column, path: locator.path),
                                              message: "not valid JSON: \(error.message)", raw: String(decoding: bytes, as: UTF8.self))))
                return
            }
            guard case .object = parsed else {
                try sink(.reject(RecordReject(reason: .notAnObject, locator: locator,
                                              message: "a record must be a JSON object ({…})", raw: parsed.text)))
                return
            }
            try sink(mapper.map(raw: parsed.bytes, locator: locator, undecodableField: Self.undecodablePath(parsed)) { steps in
                var out: [String] = []
                parsed.values(at: steps[...], into: &out)
                return out
            })
        }
        report.recordsRead = record
        return report
    }

    private struct StopScan: Error {}

    /// Where an element came from; `unreadTail` is set for the bytes after a fault that ended the file.
    struct Position {
        var line: Int
        var index: Int
        var unreadTail: (line: Int, column: Int, message: String)?
    }

    /// Streams the raw bytes of each record (one per non-blank line, or per array element).
    private func elements(_ file: String, encoding: ResolvedEncoding, _ body: ([UInt8], Position) throws -> Void) throws {
        let chunks = DecodedChunks(path: file, encoding: encoding)
        if mapping.format == .jsonl {
            var pending: [UInt8] = []
            var line = 0
            var index = 0
            func emitLine(_ bytes: ArraySlice<UInt8>) throws {
                line += 1
                var slice = bytes
                if slice.last == 0x0D { slice = slice.dropLast() }
                guard slice.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
                try body(Array(slice), Position(line: line, index: index))
                index += 1
            }
            try chunks.forEach { chunk, isLast in
                pending.append(contentsOf: chunk)
                var start = 0
                while let newline = pending[start...].firstIndex(of: 0x0A) {
                    try emitLine(pending[start..<newline])
                    start = newline + 1
                }
                pending.removeSubrange(0..<start)
                if isLast, !pending.isEmpty { try emitLine(pending[...]); pending.removeAll() }
            }
            return
        }
        let tokens = FieldPath.pointerTokens(mapping.recordPath ?? "") ?? []
        var splitter = JSONArraySplitter(pointer: tokens)
        try chunks.forEach { chunk, _ in
            try splitter.feed(chunk) { element in
                try body(element.bytes, Position(line: element.line, index: element.index))
            }
        }
        let pointer = mapping.recordPath.flatMap { $0.isEmpty ? nil : $0 } ?? "the top level"
        if let partial = splitter.unfinishedElement {
            try body(partial.bytes, Position(line: partial.line, index: partial.index, unreadTail: (
                splitter.line, splitter.column,
                "the file ends inside this record (line \(splitter.line), column \(splitter.column)): it was cut short; records before it were read")))
        } else if !splitter.foundTarget {
            throw HeyiError(.malformedFile, "no array of records at \(pointer)", file: file,
                            hint: "set json.record in \(mapping.file ?? "the mapping") to the JSON pointer of the array, e.g. /data/items")
        } else if !splitter.closedTarget {
            try body([], Position(line: splitter.line, index: 0, unreadTail: (
                splitter.line, splitter.column, "the file ends before the array at \(pointer) is closed: it may have been cut short")))
        }
    }

    static func position(of offset: Int, in bytes: [UInt8], firstLine: Int) -> (line: Int, column: Int) {
        var line = firstLine
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    static func undecodablePath(_ value: JSONValue) -> String? {
        var paths: [String] = []
        value.collectPaths(prefix: "", into: &paths)
        return paths.first { path in
            var out: [String] = []
            value.values(at: (FieldPath.jsonSteps(path) ?? [])[...], into: &out)
            return out.contains { RecordMapper<Int>.containsReplacementCharacter($0) }
        }
    }
}
