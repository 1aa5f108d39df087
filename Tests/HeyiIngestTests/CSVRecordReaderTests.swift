import Foundation
import Testing
@testable import HeyiCore
@testable import HeyiIngest

@Suite struct CSVRecordReaderTests {
    let sales = """
        source: sales-zhang
        format: csv
        csv: {header_row: 2}
        key: 客户编号
        fields:
          name: 客户姓名
          gender: {from: 性别, values: {"1": 男, "2": 女}}
          phone: [手机, 座机]
          owner: {value: 张三}
          address: {join: [省, 详细地址], separator: " "}
        """

    @Test func readsAGB18030SheetWithATitleRow() throws {
        let text = """
            张三客户名单（2026年10月）,,,,,,
            客户编号,客户姓名,性别,手机,座机,省,详细地址
            ZS1,陈丽华女士,2,138-0013-8000,010-62345678,北京市,海淀区中关村大街1号
            ZS2,  欧阳倩 ,1,,,上海市,

            ZS3,王芳,女,13900139000,,,
            """
        let folder = TemporaryFolder()
        let file = folder.write("张三.csv", try TextConverter.encode(text.replacingOccurrences(of: "\n", with: "\r\n"), to: "GB18030"))
        let result = try readAll(file, mapping: mapping(sales))
        #expect(result.rejects.isEmpty)
        #expect(result.report.encoding.hasPrefix("gb18030"))
        #expect(result.records.map(\.key) == ["ZS1", "ZS2", "ZS3"])
        #expect(result.records.map(\.locator.line) == [3, 4, 6], "lines are the file's own, blank line included")
        let first = result.records[0]
        #expect(first.fields[.name] == ["陈丽华女士"])
        #expect(first.fields[.gender] == ["女"])
        #expect(first.fields[.phone] == ["138-0013-8000", "010-62345678"])
        #expect(first.fields[.owner] == ["张三"])
        #expect(first.fields[.address] == ["北京市 海淀区中关村大街1号"])
        #expect(first.raw.hasPrefix(#"{"客户编号":"ZS1","客户姓名":"陈丽华女士","性别":"2""#), "raw keeps original names and values")
        #expect(result.records[1].fields[.name] == ["欧阳倩"], "values are trimmed; the raw keeps the spaces")
        #expect(result.records[1].fields[.phone] == nil, "empty cells give no value")
        #expect(result.records[1].fields[.address] == ["上海市"])
        #expect(result.records[2].fields[.gender] == ["女"], "unmapped values pass through")
    }

    @Test func rejectsBadRowsAndKeepsTheRest() throws {
        let text = "客户编号,客户姓名,手机\nA1,陈丽华,138\nA2,张三,139,多出来的\nA3,李四\n,无编号,137\nA4,\"未闭合,136\nA5,王五,135\nA1,陈丽华,138\nA6,赵六,130\n"
        let folder = TemporaryFolder()
        let file = folder.write("s.csv", text)
        let result = try readAll(file, mapping: mapping("source: s\nformat: csv\nkey: 客户编号\nfields: {name: 客户姓名, phone: 手机}"))
        #expect(result.records.map(\.key) == ["A1", "A5", "A1", "A6"], "duplicates are the store's call, not the reader's")
        #expect(result.rejects.map(\.reason) == [.cellCount, .cellCount, .missingKey, .malformedCSV])
        #expect(result.rejects.map(\.locator.line) == [3, 4, 5, 6])
        #expect(result.rejects[0].message.contains("row has 4 cells but the header has 3"))
        #expect(result.rejects[0].raw == "A2,张三,139,多出来的")
        #expect(result.rejects[2].field == "客户编号")
        #expect(result.report.recordsRead == 8)
    }

    @Test func anUndecodableRowIsRejectedNamingTheField() throws {
        let folder = TemporaryFolder()
        var bytes = try TextConverter.encode("编号,姓名,手机\nA1,陈丽华,138\nA2,", to: "GB18030")
        bytes += [0xFF, 0xFE] + Array(",139\nA3,王芳,137\n".utf8)
        let file = folder.write("bad.csv", bytes)
        let result = try readAll(file, mapping: mapping("source: s\nformat: csv\nencoding: gb18030\nkey: 编号\nfields: {name: 姓名}"))
        #expect(result.records.map(\.key) == ["A1", "A3"])
        #expect(result.rejects.count == 1)
        #expect(result.rejects[0].reason == .undecodable)
        #expect(result.rejects[0].field == "姓名")
        #expect(result.rejects[0].locator.line == 3)
    }

    @Test func duplicateAndBlankHeadersAreReportedAndKept() throws {
        let folder = TemporaryFolder()
        let file = folder.write("d.csv", "编号,手机,,手机,,\n1,138,x,139,,\n")
        let m = try mapping("source: s\nformat: csv\nfields: {phone: 编号}")
        let schema = try m.reader.schema(of: file, fingerprint: FileFingerprint.scan(path: file))
        #expect(schema.fields == ["编号", "手机", "column 3", "手机 (4)"])
        #expect(schema.ambiguous == ["手机"])
        #expect(schema.warnings.count == 2)
        let result = try readAll(file, mapping: m)
        #expect(result.rejects.isEmpty, "trailing blank columns of the header are allowed")
        #expect(result.records[0].raw == #"{"编号":"1","手机":"138","column 3":"x","手机 (4)":"139"}"#)
    }

    @Test func tabDelimitedWithBOM() throws {
        let folder = TemporaryFolder()
        let file = folder.write("w.tsv", [0xEF, 0xBB, 0xBF] + Array("手机\t姓名\n１３８００１３８０００\t陳麗華\n".utf8))
        let result = try readAll(file, mapping: mapping("source: s\nformat: csv\nfields: {name: 姓名, phone: 手机}"))
        #expect(result.records.count == 1)
        #expect(result.records[0].fields[.name] == ["陳麗華"])
        #expect(result.records[0].keyIsContentHash)
        #expect(result.records[0].key == SHA256.hex(result.records[0].raw))
    }
}
