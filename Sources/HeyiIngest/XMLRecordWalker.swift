import CLibXML2
import Foundation
import HeyiCore

/// Streams the elements at a record path out of an XML file with libxml2's reader, in constant
/// memory. Network access and DTD loading are off and entities are never substituted, so an
/// external entity cannot read a file and an entity bomb cannot expand.
struct XMLRecordWalker {
    /// One record's values by relative path (`name`, `contact/mobile`, `@id`), in document order.
    /// A list, not a dictionary: records have a dozen paths, and hashing cost more than scanning.
    struct Element {
        var entries: [(path: String, values: [String])] = []
        var entityReference: String?

        mutating func add(_ path: String, _ value: String) {
            if let index = entries.firstIndex(where: { $0.path == path }) { entries[index].values.append(value) } else { entries.append((path, [value])) }
        }

        func values(_ path: String) -> [String] { entries.first { $0.path == path }?.values ?? [] }

        var paths: [String] { entries.map(\.path) }

        var rawJSON: String { String(decoding: rawBytes, as: UTF8.self) }

        /// `{"path": "value", "repeated": ["a", "b"]}` in document order.
        var rawBytes: [UInt8] {
            var writer = JSONTextWriter(capacity: 512)
            writer.beginObject()
            for (path, list) in entries {
                writer.key(path)
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

    /// A fatal fault: where, why, and the file's text from the last record that was not read.
    struct Fault {
        var message: String
        var line: Int
        var column: Int
        var isEntityBomb: Bool
        var tailLine: Int
        var tail: String
    }

    /// Collects libxml2's errors through its structured handler.
    final class ErrorLog {
        var first: (message: String, line: Int, column: Int, code: Int32)?
        var last: (message: String, line: Int, column: Int, code: Int32)?
    }

    let file: String
    let recordSteps: [String]
    let encoding: String?
    /// How much of a file's unread tail a fault keeps.
    static let tailLimit = 1 << 20

    /// Walks the document; `record` returns false to stop early. Returns the document's encoding.
    func walk(record: (Element, _ line: Int, _ index: Int) throws -> Bool, fault: (Fault) throws -> Void) throws -> String {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let reader = xmlReaderForFile(file, encoding, options) else {
            throw HeyiError(.io, "libxml2 cannot open the file", file: file)
        }
        defer { xmlFreeTextReader(reader) }
        let log = ErrorLog()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let log = Unmanaged<ErrorLog>.fromOpaque(context).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
            log.last = (message, Int(error.pointee.line), Int(error.pointee.int2), error.pointee.code)
            if log.first == nil { log.first = log.last }
        }, Unmanaged.passUnretained(log).toOpaque())

        var names = NameCache()
        var depth = 0 // elements open above and including the record path's prefix
        var matched = 0 // how many leading steps of the record path the open elements match
        var inRecord = false
        var paths: [String] = [] // relative paths of the open elements inside a record
        var texts: [String] = []
        var element = Element()
        var recordLine = 0
        var recordIndex = 0
        var lastRecordLine = 1

        func closeInner() {
            let text = texts.removeLast()
            let path = paths.removeLast()
            if !Self.isBlank(text) { element.add(path, text) }
        }

        /// Closes an element outside any inner one: hands on the record it ends, if it ends one.
        /// False when the caller asked to stop.
        func closeOuter() throws -> Bool {
            defer {
                if matched == depth { matched -= 1 }
                depth -= 1
            }
            guard inRecord else { return true }
            inRecord = false
            lastRecordLine = recordLine
            return try record(element, recordLine, recordIndex)
        }

        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 {
                let isBomb = log.last.map { $0.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || $0.message.contains("amplification") } ?? false
                let at = isBomb ? log.last : log.first
                let message = isBomb ? "entities in this XML expand without bound (an 'entity bomb'); heyi stopped reading"
                    : at.map { "not well-formed XML: \($0.message)" } ?? "the XML reader stopped"
                // From the broken record's line, or from the last whole record's: nothing unread is lost.
                let tailLine = inRecord ? recordLine : lastRecordLine
                try fault(Fault(message: message, line: at?.line ?? Int(xmlTextReaderGetParserLineNumber(reader)), column: at?.column ?? 0,
                                isEntityBomb: isBomb, tailLine: tailLine, tail: Self.tail(of: file, fromLine: tailLine)))
                break
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if inRecord {
                    let name = names.string(xmlTextReaderConstLocalName(reader))
                    let path = paths.last.map { $0.isEmpty ? name : $0 + "/" + name } ?? name
                    paths.append(path)
                    texts.append("")
                    addAttributes(reader, prefix: path + "/", names: &names, to: &element)
                    if isEmpty { closeInner() }
                    continue
                }
                let name = names.string(xmlTextReaderConstLocalName(reader))
                if depth == matched && matched < recordSteps.count && recordSteps[matched] == name { matched += 1 }
                depth += 1
                if matched == recordSteps.count && depth == matched {
                    inRecord = true
                    recordIndex += 1
                    recordLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? 0
                    element = Element()
                    paths = [""]
                    texts = [""]
                    addAttributes(reader, prefix: "", names: &names, to: &element)
                }
                if isEmpty, try !closeOuter() { return encodingName(reader) }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                if inRecord, let value = xmlTextReaderConstValue(reader) {
                    texts[texts.count - 1] += String(cString: value)
                }
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                if inRecord, element.entityReference == nil {
                    element.entityReference = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if inRecord && paths.count > 1 {
                    closeInner()
                    continue
                }
                if try !closeOuter() { return encodingName(reader) }
            default:
                break
            }
        }
        if recordIndex == 0 && log.first == nil {
            throw HeyiError(.malformedFile, "no element at /\(recordSteps.joined(separator: "/"))", file: file,
                            hint: "check xml.record in the mapping; it names the element of one record, e.g. /export/customers/customer")
        }
        return encodingName(reader)
    }

    private func encodingName(_ reader: xmlTextReaderPtr) -> String {
        let name = xmlTextReaderConstEncoding(reader).map { String(cString: $0) } ?? "UTF-8"
        return "\(name.lowercased()) (declared)"
    }

    private func addAttributes(_ reader: xmlTextReaderPtr, prefix: String, names: inout NameCache, to element: inout Element) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let name = names.string(xmlTextReaderConstLocalName(reader))
            if name == "xmlns" || xmlTextReaderConstPrefix(reader).map({ String(cString: $0) }) == "xmlns" { continue }
            let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            if !value.isEmpty { element.add(prefix + "@" + name, value) }
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// Only ASCII white space counts here; anything else is a value for the mapper to trim.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
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

/// Element and attribute names as Swift strings, decoded once: libxml2's reader interns names
/// in its dictionary, so the same name always comes at the same address.
private struct NameCache {
    private var entries: [(pointer: UnsafePointer<xmlChar>, name: String)] = []

    mutating func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        for entry in entries where entry.pointer == pointer { return entry.name }
        let name = String(cString: pointer)
        if entries.count < 256 { entries.append((pointer, name)) }
        return name
    }
}
