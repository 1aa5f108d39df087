import Foundation
import Testing
@testable import HeyiCore
@testable import HeyiIngest

@Suite struct JSONReaderTests {
    @Test(arguments: [
        (#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, true),
        (#"{"s":"引号\"和\\反斜杠\u4e2d\ud83d\ude00"}"#, true),
        (#"[1, -2.5e10, 0.0]"#, true),
        (#"{"a":1,}"#, false),
        (#"{"a":01}"#, false),
        (#"{"a":"x"#, false),
        (#"{'a':1}"#, false),
        (#"{"a":1} x"#, false),
        (#"{"a":NaN}"#, false),
    ])
    func parsesStrictJSON(text: String, valid: Bool) {
        let bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeBufferPointer { try? JSONParser.parse($0) }
        #expect((parsed != nil) == valid)
    }

    @Test func keepsKeyOrderNumbersAndEscapes() throws {
        let text = #"{"z":1.50,"a":"say \"hi\"","中文":"\u4e2d"}"#
        let value = try Array(text.utf8).withUnsafeBufferPointer { try JSONParser.parse($0) }
        #expect(value.text == #"{"z":1.50,"a":"say \"hi\"","中文":"中"}"#)
    }

    @Test func jsonLinesWithABadLine() throws {
        let folder = TemporaryFolder()
        let file = folder.write("m.jsonl", """
            {"member_id":"M1","profile":{"name":"陈丽华","gender":"female"},"phones":["13800138000","010-62345678"]}

            {"member_id":"M2","profile":{"name":"欧阳倩"},"phones":[]}
            {"member_id":"M3","profile":{"name":"断"
            ["not","an","object"]
            {"member_id":"M4","contacts":[{"phone":"1"},{"phone":"2"}],"tags":["a","b"]}
            """)
        let m = try mapping("""
            source: web
            format: jsonl
            key: member_id
            fields: {name: profile.name, gender: profile.gender, phone: ["phones[]", "contacts[].phone"], note: "tags[1]"}
            """)
        let result = try readAll(file, mapping: m)
        #expect(result.records.map(\.key) == ["M1", "M2", "M4"])
        #expect(result.records.map(\.locator.line) == [1, 3, 6])
        #expect(result.records[0].fields[.phone] == ["13800138000", "010-62345678"])
        #expect(result.records[1].fields[.phone] == nil)
        #expect(result.records[2].fields[.phone] == ["1", "2"])
        #expect(result.records[2].fields[.note] == ["b"])
        #expect(result.rejects.map(\.reason) == [.malformedJSON, .notAnObject])
        #expect(result.rejects[0].locator.line == 4)
        #expect(result.rejects[0].locator.column != nil)
        #expect(result.rejects[0].raw == #"{"member_id":"M3","profile":{"name":"断""#)
    }

    static let document = """
        {"exported_at":"2026-10-31","note":"a ] and } in a string","data":{"count":3,"items":[
          {"ticket_id":"T1","customer":{"name":"陈丽华","phone":"138"},"content":"含有 [括号] 和 \\"引号\\""},
          "T2 not an object",
          {"ticket_id":"T3","customer":{"name":"王芳"},"content":"x"}
        ]},"other":[{"ticket_id":"NOT-A-RECORD"}]}
        """

    @Test func arrayAtAPointer() throws {
        let folder = TemporaryFolder()
        let file = folder.write("c.json", Self.document)
        let m = try mapping("source: cs\nformat: json\njson: {record: /data/items}\nkey: ticket_id\nfields: {name: customer.name, note: content}")
        let result = try readAll(file, mapping: m)
        #expect(result.records.map(\.key) == ["T1", "T3"])
        #expect(result.records[0].fields[.note] == [#"含有 [括号] 和 "引号""#])
        #expect(result.records.map(\.locator.path) == ["/data/items/0", "/data/items/2"])
        #expect(result.records.map(\.locator.line) == [2, 4])
        #expect(result.rejects.map(\.reason) == [.notAnObject])
    }

    @Test(arguments: [1, 2, 7, 100])
    func splitterIsChunkIndependent(chunk: Int) {
        let bytes = Array(Self.document.utf8)
        var splitter = JSONArraySplitter(pointer: ["data", "items"])
        var elements: [String] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            bytes[offset..<end].withUnsafeBytes { piece in splitter.feed(piece) { elements.append(String(decoding: $0.bytes, as: UTF8.self)) } }
            offset = end
        }
        #expect(elements.count == 3)
        #expect(elements[1] == "\"T2 not an object\"")
        #expect(splitter.closedTarget)
    }

    @Test func aTruncatedDocumentKeepsTheRecordsBeforeTheCut() throws {
        let folder = TemporaryFolder()
        let file = folder.write("t.json", #"[{"id":"1","n":"a"},{"id":"2","n":"b"},{"id":"3","n":"#)
        let result = try readAll(file, mapping: mapping("source: t\nformat: json\nkey: id\nfields: {name: n}"))
        #expect(result.records.map(\.key) == ["1", "2"])
        #expect(result.rejects.map(\.reason) == [.unreadTail])
        #expect(result.rejects[0].raw == #"{"id":"3","n":"#)
        #expect(result.rejects[0].message.contains("cut short"))
    }

    @Test func aMissingArrayIsAFileError() throws {
        let folder = TemporaryFolder()
        let file = folder.write("x.json", #"{"data":{"rows":[{"id":1}]}}"#)
        let m = try mapping("source: t\nformat: json\njson: {record: /data/items}\nfields: {name: id}")
        let error = #expect(throws: HeyiError.self) { try readAll(file, mapping: m) }
        #expect(error?.message == "no array of records at /data/items")
    }

    @Test func schemaListsPathsForSuggestions() throws {
        let folder = TemporaryFolder()
        let file = folder.write("m.jsonl", #"{"member_id":"M1","profile":{"name":"x","birthday":null},"phones":["1"]}"# + "\n")
        let m = try mapping("source: w\nformat: jsonl\nfields: {name: profile.nam, phone: \"phones[]\"}")
        let schema = try m.reader.schema(of: file, fingerprint: FileFingerprint.scan(path: file))
        #expect(schema.fields == ["member_id", "profile.name", "profile.birthday", "phones[]"])
        let problems = m.problems(against: schema, file: file)
        #expect(problems.count == 1)
        #expect(problems[0].hint == "did you mean 'profile.name'?")
    }
}
