public import HeyiCore
import CLibXML2
import Foundation

/// Reads an XML export with libxml2's streaming reader, in constant memory. One record is each
/// element at `xml.record`; its fields are relative paths (`name`, `contact/mobile`, `@id`).
/// Network access and DTD loading are off and entities are never substituted, so an external
/// entity cannot read a file and an entity bomb cannot expand.
public struct XMLRecordReader: RecordReader {
    public let mapping: Mapping
    static let schemaSample = 2_000
    /// How much of a file's unread tail a reject keeps after a fatal fault.
    static let tailLimit = 1 << 20

    public init(mapping: Mapping) { self.mapping = mapping }

    /// One record's values by relative path, in document order.
    struct Element {
        var paths: [String] = []
        var values: [String: [String]] = [:]
        var entityReference: String?

        mutating func add(_ path: String, _ value: String) {
            if values[path] == nil { paths.append(path); values[path] = [value] } else { values[path]!.append(value) }
        }

        var rawJSON: String { String(decoding: rawBytes, as: UTF8.self) }

        var rawBytes: [UInt8] {
            var writer = JSONTextWriter()
            writer.beginObject()
            for path in paths {
                writer.key(path)
                let list = values[path]!
                if list.count == 1 { writer.string(list[0]) } else {
                    writer.beginArray()
                    for value in list { writer.string(value) }
                    writer.endArray()
                }
            }
            writer.endObject()
            return writer.bytes
        }
    }

    public func schema(of file: String, fingerprint: FileFingerprint) throws(HeyiError) -> FileSchema {
        var seen: Set<String> = []
        var paths: [String] = []
        var sampled = 0
        var firstFault: HeyiError?
        do {
            _ = try walk(file) { element, _, _ in
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
        let encoding = try walk(file) { element, line, index in
            record += 1
            let locator = Locator(record: record, line: line, path: "\(mapping.recordPath ?? "")[\(index)]")
            if let entity = element.entityReference {
                try sink(.reject(RecordReject(
                    reason: .malformedXML, locator: locator,
                    message: "uses the entity &\(entity); which heyi does not expand (DTD entities are off for safety); replace it with its text",
                    raw: element.rawJSON)))
                return true
            }
            try sink(mapper.map(raw: element.rawBytes, locator: locator, undecodableField: element.paths.first { path in
                element.values[path]!.contains { RecordMapper<Int>.containsReplacementCharacter($0) }
            }) { element.values[$0] ?? [] })
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

    /// Collects libxml2's errors through its structured handler.
    final class ErrorLog {
        var first: (message: String, line: Int, column: Int, code: Int32)?
        var last: (message: String, line: Int, column: Int, code: Int32)?
    }

    /// A fatal fault: where, why, and the file's text from the last record that was not read.
    struct Fault {
        var message: String
        var line: Int
        var column: Int
        var isEntityBomb: Bool
        var tailLine: Int
        var tail: String
    }

    /// Walks the document; `record` returns false to stop early. Returns the document encoding.
    private func walk(_ file: String,
                      record: (Element, _ line: Int, _ index: Int) throws -> Bool,
                      fault: (Fault) throws -> Void) throws -> String {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw HeyiError(.io, "cannot open file", file: file, hint: "check that the file exists and is readable")
        }
        let steps = FieldPath.xmlRecordSteps(mapping.recordPath ?? "") ?? []
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let reader = xmlReaderForFile(file, mapping.encoding.icuName, options) else {
            throw HeyiError(.io, "libxml2 cannot open the file", file: file)
        }
        defer { xmlFreeTextReader(reader) }
        let log = ErrorLog()
        let context = Unmanaged.passUnretained(log).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let log = Unmanaged<ErrorLog>.fromOpaque(context).takeUnretainedValue()
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
            log.last = (message, Int(error.pointee.line), Int(error.pointee.int2), error.pointee.code)
            if log.first == nil { log.first = log.last }
        }, context)

        var stack: [String] = []
        var inRecord = false
        var relative: [String] = []
        var texts: [String] = []
        var element = Element()
        var recordLine = 0
        var recordIndex = 0
        // Line of the last node read whole: after a fault outside a record, nothing before it is lost.
        var lastNodeLine = 1

        func relativePath() -> String { relative.joined(separator: "/") }
        func closeElement() {
            let text = texts.removeLast()
            guard !relative.isEmpty else { return }
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { element.add(relativePath(), text) }
            relative.removeLast()
        }

        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 {
                let isBomb = log.last.map { $0.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || $0.message.contains("amplification") } ?? false
                let at = isBomb ? log.last : log.first
                let message = isBomb ? "entities in this XML expand without bound (an 'entity bomb'); heyi stopped reading"
                    : at.map { "not well-formed XML: \($0.message)" } ?? "the XML reader stopped"
                let tailLine = inRecord ? recordLine : lastNodeLine
                try fault(Fault(message: message, line: at?.line ?? Int(xmlTextReaderGetParserLineNumber(reader)), column: at?.column ?? 0,
                                isEntityBomb: isBomb, tailLine: tailLine, tail: Self.tail(of: file, fromLine: tailLine)))
                break
            }
            let type = xmlTextReaderNodeType(reader)
            if !inRecord, let node = xmlTextReaderCurrentNode(reader) {
                let line = Int(xmlGetLineNo(node))
                if line > 0 { lastNodeLine = line }
            }
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if !inRecord {
                    stack.append(name)
                    if stack == steps {
                        inRecord = true
                        recordIndex += 1
                        recordLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? 0
                        element = Element()
                        relative = []
                        texts = [""]
                        addAttributes(reader, prefix: "", to: &element)
                        if isEmpty {
                            inRecord = false
                            stack.removeLast()
                            if try !record(element, recordLine, recordIndex) { return encodingName(reader) }
                        }
                    } else if isEmpty {
                        stack.removeLast()
                    }
                } else {
                    relative.append(name)
                    texts.append("")
                    addAttributes(reader, prefix: relativePath() + "/", to: &element)
                    if isEmpty { closeElement() }
                }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                if inRecord, let value = xmlTextReaderConstValue(reader) {
                    texts[texts.count - 1] += String(cString: value)
                }
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                if inRecord, element.entityReference == nil {
                    element.entityReference = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if inRecord {
                    if relative.isEmpty {
                        closeElement()
                        inRecord = false
                        stack.removeLast()
                        if try !record(element, recordLine, recordIndex) { return encodingName(reader) }
                    } else {
                        closeElement()
                    }
                } else if !stack.isEmpty {
                    stack.removeLast()
                }
            default:
                break
            }
        }
        if recordIndex == 0 && log.first == nil {
            throw HeyiError(.malformedFile, "no element at \(mapping.recordPath ?? "")", file: file,
                            hint: "check xml.record in \(mapping.file ?? "the mapping"); it names the element of one record, e.g. /export/customers/customer")
        }
        return encodingName(reader)
    }

    private func encodingName(_ reader: xmlTextReaderPtr) -> String {
        let name = xmlTextReaderConstEncoding(reader).map { String(cString: $0) } ?? "UTF-8"
        return "\(name.lowercased()) (declared)"
    }

    private func addAttributes(_ reader: xmlTextReaderPtr, prefix: String, to element: inout Element) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            if name == "xmlns" || xmlTextReaderConstPrefix(reader).map({ String(cString: $0) }) == "xmlns" { continue }
            let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            if !value.isEmpty { element.add("\(prefix)@\(name)", value) }
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// The file's text from the start of `line` on (at most `tailLimit` bytes), for a reject.
    static func tail(of file: String, fromLine line: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: file) else { return "" }
        defer { try? handle.close() }
        var offset: UInt64 = 0
        var newlines = 0
        while newlines < line - 1, let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for (index, byte) in chunk.enumerated() where byte == 0x0A {
                newlines += 1
                if newlines == line - 1 { offset += UInt64(index + 1); break }
            }
            if newlines < line - 1 { offset += UInt64(chunk.count) }
        }
        try? handle.seek(toOffset: offset)
        let data = (try? handle.read(upToCount: tailLimit)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
