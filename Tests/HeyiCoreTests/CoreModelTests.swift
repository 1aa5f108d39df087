import Foundation
import Testing
@testable import HeyiCore

@Suite struct CoreModelTests {
    @Test(arguments: ["plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "\u{01}control", "陈丽华 ＡＢＣ", ""])
    func jsonWriterEscapesRoundTrip(value: String) throws {
        var writer = JSONTextWriter()
        writer.beginObject()
        writer.key("k")
        writer.string(value)
        writer.key("list")
        writer.beginArray()
        writer.string(value)
        writer.number(7)
        writer.null()
        writer.endArray()
        writer.endObject()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.text.utf8)) as? [String: Any])
        #expect(parsed["k"] as? String == value)
        #expect((parsed["list"] as? [Any])?.count == 3)
    }

    @Test func fieldsJSONIsStableAndOrdered() {
        let record = SourceRecord(key: "k", keyIsContentHash: false, contentHash: "h", locator: Locator(line: 3), raw: "{}",
                                  fields: [.phone: ["1", "2"], .name: ["陈丽华"]])
        #expect(record.fieldsJSON == #"{"name":["陈丽华"],"phone":["1","2"]}"#)
    }

    @Test(arguments: ["陈丽华", "quote \" and \\ backslash", "line\nbreak\t", "\u{01}ctl", "", "𠀀 emoji 😀", "Zhang, Wei"])
    func fieldsJSONReadsBackEqual(value: String) {
        // Property: what fieldsJSON writes, FieldValues(json:) reads back unchanged.
        let fields: FieldValues = [.name: [value, "王芳"], .phone: ["138-0013-8000"], .note: [value], .email: []]
        let json = SourceRecord(key: "k", keyIsContentHash: false, contentHash: "h", locator: Locator(), raw: "{}", fields: fields).fieldsJSON
        #expect(FieldValues(json: json) == fields)
        #expect(FieldValues(json: "{\"name\":[\"a\"]") == nil, "truncated JSON is not read")
        #expect(FieldValues(json: "{}") == FieldValues())
    }

    @Test(arguments: [
        ("手机号", ["手机", "电话", "客户姓名"], ["手机"]),
        ("客户名", ["客户姓名", "客户编号", "性别"], ["客户姓名", "客户编号"]),
        ("phon", ["phone", "email", "name"], ["phone"]),
        ("性别", ["李四", "王五"], []),
    ])
    func suggestionsAreCloseNamesOnly(name: String, candidates: [String], expected: [String]) {
        #expect(Suggestions.closest(to: name, in: candidates) == expected)
    }

    @Test func locatorsRenderAsAnchors() {
        #expect(Locator(line: 120, column: 14).anchor(file: "sales.csv") == "sales.csv:120:14")
        #expect(Locator(record: 5, line: 9, path: "/a/b[5]").description == "line 9, /a/b[5]")
        let error = HeyiError(.malformedFile, "broken", file: "x.xml", locator: Locator(line: 3, column: 2), hint: "fix it")
        #expect(error.description == "error: broken\n  --> x.xml:3:2\n  hint: fix it")
    }
}
