public import HeyiCore
import Foundation

/// Reads an XML export: one record is each element at `xml.record`; its fields are relative
/// paths (`name`, `contact/mobile`, `@id`). The streaming itself is `XMLRecordWalker`.
public struct XMLRecordReader: RecordReader {
    public let mapping: Mapping
    static let schemaSample = 2_000

    public init(mapping: Mapping) { self.mapping = mapping }

    private func walker(_ file: String) throws(HeyiError) -> XMLRecordWalker {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw HeyiError(.io, "cannot open file", file: file, hint: "check that the file exists and is readable")
        }
        return XMLRecordWalker(file: file, recordSteps: FieldPath.xmlRecordSteps(mapping.recordPath ?? "") ?? [],
                               encoding: mapping.encoding.icuName)
    }

    public func schema(of file: String, fingerprint: FileFingerprint) throws(HeyiError) -> FileSchema {
        var seen: Set<String> = []
        var paths: [String] = []
        var sampled = 0
        var firstFault: HeyiError?
        do {
            _ = try walker(file).walk { element, _, _ in
                for path in element.paths where seen.insert(path).inserted { paths.append(path) }
                sampled += 1
                return sampled < Self.schemaSample
            } fault: { fault in
                firstFault = HeyiError(fault.isEntityBomb ? .entityExpansion : .malformedFile, fault.message, file: file,
                                       locator: Locator(line: fault.line, column: fault.column),
                                       hint: fault.isEntityBomb ? "the file declares entities that expand without bound; export it without a DTD"
                                                                : "fix the XML at that place; no record could be read before it")
            }
        } catch let error as HeyiError {
            throw error
        } catch {
            throw HeyiError(.io, "\(error)", file: file)
        }
        // A fault after some records is handled while reading (they are kept, the rest rejected);
        // a fault before the first record means the file cannot be read at all.
        if sampled == 0, let firstFault { throw firstFault }
        return FileSchema(fields: paths)
    }

    public func read(_ file: String, fingerprint: FileFingerprint, _ sink: (IngestEvent) throws -> Void) throws -> FileReadReport {
        let mapper = RecordMapper<String>(mapping: mapping) { $0 }
        var record = 0
        let encoding = try walker(file).walk { element, line, index in
            record += 1
            let locator = Locator(record: record, line: line, path: "\(mapping.recordPath ?? "")[\(index)]")
            if let entity = element.entityReference {
                try sink(.reject(RecordReject(
                    reason: .malformedXML, locator: locator,
                    message: "uses the entity &\(entity); which heyi does not expand (DTD entities are off for safety); replace it with its text",
                    raw: element.rawJSON)))
                return true
            }
            try sink(mapper.map(raw: element.rawBytes, locator: locator, undecodableField: element.entries.first { entry in
                entry.values.contains { RecordMapper<Int>.containsReplacementCharacter($0) }
            }?.path) { element.values($0) })
            return true
        } fault: { fault in
            record += 1
            try sink(.reject(RecordReject(
                reason: .unreadTail, locator: Locator(record: record, line: fault.line, column: fault.column),
                message: "\(fault.message); the file could not be read past this point, records before it were kept; the rest of the file from line \(fault.tailLine) is kept here. Fix the file and ingest it again",
                raw: fault.tail)))
        }
        return FileReadReport(encoding: encoding, recordsRead: record)
    }
}
