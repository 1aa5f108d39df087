import Foundation
import Testing
@testable import HeyiCore
@testable import HeyiIngest

@Suite struct XMLReaderTests {
    let crm = """
        source: crm
        format: xml
        xml: {record: /export/customers/customer}
        key: "@id"
        fields:
          name: name
          phone: contacts/contact
          level: "@level"
          note: contacts/contact/@type
          address: {join: [address/province, address/city, address/detail]}
        """

    @Test func readsAttributesNestedAndRepeatedElements() throws {
        let folder = TemporaryFolder()
        let file = folder.write("crm.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <export system="CRM">
              <customers>
                <customer id="C1" level="VIP">
                  <name>陈丽华</name>
                  <contacts><contact type="mobile">13800138000</contact><contact type="office">010-62345678</contact></contacts>
                  <address><province>北京市</province><city>北京市</city><detail><![CDATA[中关村大街1号 & 2号]]></detail></address>
                </customer>
                <customer id="C2"><name>A &amp; B 公司</name></customer>
                <customer id="C3"/>
              </customers>
              <other><customer id="NOT-A-RECORD"/></other>
            </export>
            """)
        let result = try readAll(file, mapping: mapping(crm))
        #expect(result.rejects.isEmpty)
        #expect(result.records.map(\.key) == ["C1", "C2", "C3"])
        #expect(result.records.map(\.locator.line) == [4, 9, 10])
        #expect(result.records[0].locator.path == "/export/customers/customer[1]")
        let first = result.records[0].fields
        #expect(first[.phone] == ["13800138000", "010-62345678"])
        #expect(first[.note] == ["mobile", "office"])
        #expect(first[.level] == ["VIP"])
        #expect(first[.address] == ["北京市北京市中关村大街1号 & 2号"])
        #expect(result.records[1].fields[.name] == ["A & B 公司"])
        #expect(result.records[0].raw.contains(#""contacts/contact":["13800138000","010-62345678"]"#))
    }

    @Test func aTruncatedFileKeepsRecordsBeforeTheFaultAndTheRestAsAReject() throws {
        let folder = TemporaryFolder()
        let file = folder.write("t.xml", "<?xml version=\"1.0\"?>\n<r>\n<c id=\"1\"><name>a</name></c>\n<c id=\"2\"><name>b</name></c>\n<c id=\"3\"><name>trun")
        let result = try readAll(file, mapping: mapping("source: t\nformat: xml\nxml: {record: /r/c}\nkey: \"@id\"\nfields: {name: name}"))
        #expect(result.records.map(\.key) == ["1", "2"])
        #expect(result.rejects.count == 1)
        let tail = result.rejects[0]
        #expect(tail.reason == .unreadTail)
        #expect(tail.locator.line == 5)
        #expect(tail.locator.column != nil)
        #expect(tail.raw == "<c id=\"3\"><name>trun", "the unread part of the file is kept")
    }

    @Test func anEntityBombFailsFastWithAClearError() throws {
        let folder = TemporaryFolder()
        var entities = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: level == 1 ? "&lol;" : "&lol\(level - 1);", count: 10) + "\">\n"
        }
        let file = folder.write("bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n\(entities)]>\n<r><c id=\"1\"><name>&lol9;</name></c></r>\n")
        let m = try mapping("source: t\nformat: xml\nxml: {record: /r/c}\nfields: {name: name}")
        let started = Date()
        let error = #expect(throws: HeyiError.self) { try m.reader.schema(of: file, fingerprint: FileFingerprint.scan(path: file)) }
        #expect(error?.code == .entityExpansion)
        #expect(error?.locator?.line == 14)
        #expect(Date().timeIntervalSince(started) < 5, "libxml2's amplification guard stops it at once")
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let folder = TemporaryFolder()
        let secret = folder.write("secret.txt", "TOP-SECRET-13800138000")
        let file = folder.write("xxe.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file://\(secret)">]>
            <r><c id="1"><name>&xxe;</name></c><c id="2"><name>ok</name></c></r>
            """)
        let result = try readAll(file, mapping: mapping("source: t\nformat: xml\nxml: {record: /r/c}\nkey: \"@id\"\nfields: {name: name}"))
        #expect(result.records.map(\.key) == ["2"])
        #expect(result.rejects.map(\.reason) == [.malformedXML])
        #expect(result.rejects[0].message.contains("&xxe;"))
        let everything = (result.records.map(\.raw) + result.rejects.map(\.raw)).joined()
        #expect(!everything.contains("TOP-SECRET"))
    }

    @Test func aWrongRecordPathIsAFileError() throws {
        let folder = TemporaryFolder()
        let file = folder.write("w.xml", "<export><customers><customer id=\"1\"/></customers></export>")
        let m = try mapping("source: t\nformat: xml\nxml: {record: /export/customer}\nfields: {name: name}")
        let error = #expect(throws: HeyiError.self) { try readAll(file, mapping: m) }
        #expect(error?.message == "no element at /export/customer")
    }

    @Test func gb18030DeclaredInTheProlog() throws {
        let folder = TemporaryFolder()
        let text = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n<r><c id=\"1\"><name>陈丽华</name></c></r>\n"
        let file = folder.write("gb.xml", try TextConverter.encode(text, to: "GB18030"))
        let result = try readAll(file, mapping: mapping("source: t\nformat: xml\nxml: {record: /r/c}\nkey: \"@id\"\nfields: {name: name}"))
        #expect(result.records.first?.fields[.name] == ["陈丽华"])
        #expect(result.report.encoding.hasPrefix("gb18030"))
    }
}
