import Foundation
import Testing
@testable import HeyiCore
@testable import HeyiIngest

@Suite struct MappingLoaderTests {
    @Test(arguments: ["sales-zhang", "sales-li", "sales-wang", "crm", "web-members", "service-complaints"])
    func shippedMappingsLoad(name: String) throws {
        let loaded = try MappingLoader.load(path: "\(repositoryRoot)/Mappings/\(name).yaml")
        #expect(loaded.source == name)
        #expect(!loaded.fields.isEmpty)
        #expect(!loaded.key.isEmpty, "every shipped source has a key so truth.csv can name its records")
    }

    @Test func readsEveryFormOfFieldSpec() throws {
        let m = try mapping("""
            source: sales-zhang
            department: 销售部
            format: csv
            encoding: gbk
            csv: {delimiter: tab, header_row: 2}
            key: [客户编号, 分店]
            fields:
              name: 客户姓名
              phone: [手机, 座机]
              birthday: {from: 生日, format: [yyyy/M/d, yyyy年M月d日, excel]}
              gender: {from: 性别, values: {"1": 男, "2": 女}}
              address: {join: [省, 市, 详细地址], separator: " "}
              owner: {value: 张三}
            """)
        #expect(m.encoding == .gb18030)
        #expect(m.csv == Mapping.CSVOptions(delimiter: 0x09, headerRow: 2))
        #expect(m.key == ["客户编号", "分店"])
        #expect(m.fields.map(\.field) == [.name, .phone, .birthday, .gender, .address, .owner])
        #expect(m.fields[1].spec.from == ["手机", "座机"])
        #expect(m.fields[2].spec.formats == ["yyyy/M/d", "yyyy年M月d日", "excel"])
        #expect(m.fields[3].spec.values == ["1": "男", "2": "女"])
        #expect(m.fields[4].spec.join == ["省", "市", "详细地址"])
        #expect(m.fields[4].spec.separator == " ")
        #expect(m.fields[5].spec.constant == "张三")
    }

    @Test func reportsEveryProblemAtOnceWithLinesAndSuggestions() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try mapping("""
                source: sales zhang
                format: csv
                encodng: utf-8
                fields:
                  phon: 手机
                  name: 姓名
                  birthday: {from: 生日, format: [yyyy/MM/qq]}
                  gender: {from: 性别, format: [yyyy]}
                """)
        }
        let problems = try #require(error?.problems)
        let text = problems.map(\.description).joined(separator: "\n")
        #expect(problems.count == 6, "\(text)")
        #expect(text.contains("test.yaml:1:9: error: source 'sales zhang' may not contain spaces"))
        #expect(text.contains("test.yaml:3:1: error: unknown key 'encodng'"))
        #expect(text.contains("did you mean 'encoding'?"))
        #expect(text.contains("test.yaml:5:3: error: unknown canonical field 'phon'"))
        #expect(text.contains("did you mean 'phone'?"))
        #expect(text.contains("'q' is not a date pattern letter"))
        #expect(text.contains("format: applies to date fields only"))
    }

    @Test(arguments: [
        ("source: a\nformat: xml\nfields: {name: n}", "an xml source needs xml: {record: /path/to/record}"),
        ("source: a\nformat: xml\nxml: {record: customers}\nfields: {name: n}", "is not an element path"),
        ("source: a\nformat: csv\ncsv: {delimiter: '#'}\nfields: {name: n}", "unknown delimiter '#'"),
        ("source: a\nformat: csv\ncsv: {header_row: 0}\nfields: {name: n}", "header_row must be a row number from 1"),
        ("source: a\nformat: parquet\nfields: {name: n}", "unknown format 'parquet'"),
        ("source: a\nformat: csv", "the mapping has no fields:"),
        ("format: csv\nfields: {name: n}", "missing required key 'source'"),
        ("source: a\nformat: json\nfields: {name: 'profile..name'}", "is not a valid json path"),
        ("source: a\nformat: csv\nfields: {name: {from: a, value: b}}", "needs exactly one of from:, join: or value:"),
        ("source: a\nformat: csv\nfields: {name: a, wechat: b, name: c}", "duplicated key(s): 'name'"),
        ("- just\n- a list", "must be a YAML mapping"),
    ])
    func rejectsBadMappings(yaml: String, message: String) {
        let error = #expect(throws: ConfigurationError.self) { try mapping(yaml) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func checksMappingAgainstTheFilesColumns() throws {
        let m = try mapping("source: s\nformat: csv\nkey: 编号\nfields: {name: 客户名, phone: [手机号, 座机], email: 邮箱}")
        let schema = FileSchema(fields: ["编号", "客户姓名", "手机", "座机", "邮箱", "邮箱 (6)"], ambiguous: ["邮箱"])
        let problems = m.problems(against: schema, file: "sales.csv")
        #expect(problems.count == 3)
        #expect(problems[0].description.contains("fields.name: unknown column '客户名'"))
        #expect(problems[0].hint == "did you mean '客户姓名'?")
        #expect(problems[1].hint == "did you mean '手机'?")
        #expect(problems[2].message.contains("'邮箱' appears more than once"), "problems follow the mapping's order")
    }

    @Test func aFileOfAnotherSourceIsOneProblem() throws {
        let m = try mapping("source: s\nformat: csv\nfields: {name: 客户姓名, phone: 手机, email: 邮箱}")
        let problems = m.problems(against: FileSchema(fields: ["订单号", "金额"]), file: "orders.csv")
        #expect(problems.count == 1)
        #expect(problems[0].message.contains("3 of the 3 columns the mapping reads are not in header row 1"))
        #expect(problems[0].hint?.contains("订单号, 金额") == true)
    }

    @Test(arguments: ["yyyy/M/d", "yyyy年M月d日", "yyyyMMdd", "yy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "excel"])
    func acceptsDatePatterns(pattern: String) { #expect(DatePattern.problem(in: pattern) == nil) }

    @Test(arguments: ["yyyy/M", "dd/MM", "yyyy-MM-dd-dd", "yyyy/M/d 上午"])
    func rejectsDatePatterns(pattern: String) { #expect(DatePattern.problem(in: pattern) != nil) }
}
