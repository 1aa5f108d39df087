import Foundation
import HeyiIngest

/// Writes large, realistic export files for the benchmark: names repeat as they do in real
/// data, phones and addresses vary, a GB18030 CSV is converted through ICU like Excel's output.
struct InputGenerator {
    let rows: Int
    let folder: String

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤")
    static let given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞",
                        "平", "刚", "桂英", "丽华", "建国", "晓东", "海燕", "志强", "倩", "文博", "子涵", "雨桐", "浩然", "红梅", "国庆"]
    static let cities = ["北京市海淀区", "上海市徐汇区", "广东省深圳市南山区", "浙江省杭州市西湖区", "四川省成都市武侯区", "江苏省南京市鼓楼区"]
    static let streets = ["中关村大街", "漕溪北路", "科技园南路", "文三路", "人民南路", "中山北路"]
    static let companies = ["北京华辰科技有限公司", "上海东方明珠贸易有限公司", "深圳市腾达电子有限公司", "杭州西子茶业有限责任公司", ""]

    struct Person {
        var key: String, name: String, gender: String, phone: String, email: String, company: String, address: String, birthday: String
    }

    func person(_ i: Int) -> Person {
        var state = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state >> 33; state &*= 0xff51afd7ed558ccd; state ^= state >> 33
            return Int(state % UInt64(n))
        }
        let name = String(Self.surnames[next(Self.surnames.count)]) + Self.given[next(Self.given.count)]
        let phone = "1\(["38", "39", "50", "86", "77"][next(5)])\(String(format: "%08d", next(100_000_000)))"
        let formatted = [phone, "+86 \(phone)", "\(phone.prefix(3))-\(phone.dropFirst(3).prefix(4))-\(phone.suffix(4))"][next(3)]
        return Person(key: "K\(i)", name: name, gender: next(2) == 0 ? "男" : "女", phone: formatted,
                      email: next(3) == 0 ? "" : "user\(next(1_000_000))@\(["163.com", "qq.com", "sina.com"][next(3)])",
                      company: Self.companies[next(Self.companies.count)],
                      address: "\(Self.cities[next(Self.cities.count)])\(Self.streets[next(Self.streets.count)])\(next(500) + 1)号",
                      birthday: "\(1950 + next(50))/\(next(12) + 1)/\(next(28) + 1)")
    }

    /// Appends `text` to `file`, converted to `charset` when it is not UTF-8.
    final class Writer {
        let handle: FileHandle
        let converter: TextConverter?
        var buffer = ""
        init(_ path: String, charset: String) throws {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            converter = charset == "UTF-8" ? nil : try TextConverter(from: "UTF-8", to: charset)
        }
        func write(_ text: String) throws {
            buffer += text
            if buffer.utf8.count > 1 << 20 { try flush() }
        }
        func flush() throws {
            var bytes = Array(buffer.utf8)
            buffer = ""
            if let converter {
                try bytes.withUnsafeMutableBytes { raw in
                    try converter.convert(UnsafeRawBufferPointer(raw), flush: false) { handle.write(Data($0)) }
                }
            } else {
                handle.write(Data(bytes))
            }
        }
        func close() throws { try flush(); try handle.close() }
    }

    func csv(_ name: String, rows count: Int? = nil) throws -> String {
        let path = folder + "/" + name
        let writer = try Writer(path, charset: "GB18030")
        try writer.write("华辰科技 销售部 客户名单（基准测试）,,,,,,,\r\n客户编号,客户姓名,性别,手机,邮箱,公司名称,地址,生日\r\n")
        for i in 0..<(count ?? rows) {
            let p = person(i)
            try writer.write("\(p.key),\(p.name),\(p.gender),\(p.phone),\(p.email),\(p.company),\(p.address),\(p.birthday)\r\n")
        }
        try writer.close()
        return path
    }

    func jsonl(_ name: String) throws -> String {
        let path = folder + "/" + name
        let writer = try Writer(path, charset: "UTF-8")
        for i in 0..<rows {
            let p = person(i)
            try writer.write(#"{"member_id":"\#(p.key)","profile":{"name":"\#(p.name)","gender":"\#(p.gender)","birthday":"\#(p.birthday)"},"phones":["\#(p.phone)"],"email":"\#(p.email)","address":{"detail":"\#(p.address)"},"points":\#(i % 5000)}"# + "\n")
        }
        try writer.close()
        return path
    }

    func xml(_ name: String) throws -> String {
        let path = folder + "/" + name
        let writer = try Writer(path, charset: "UTF-8")
        try writer.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export system=\"CRM\">\n<customers>\n")
        for i in 0..<rows {
            let p = person(i)
            try writer.write("<customer id=\"\(p.key)\" level=\"VIP\"><name>\(p.name)</name><gender>\(p.gender)</gender><contacts><contact type=\"mobile\">\(p.phone)</contact></contacts><email>\(p.email)</email><company>\(p.company)</company><address><detail>\(p.address)</detail></address></customer>\n")
        }
        try writer.write("</customers>\n</export>\n")
        try writer.close()
        return path
    }

    static let mappings: [String: String] = [
        "csv": "source: bench-csv\nformat: csv\nencoding: auto\ncsv: {header_row: 2}\nkey: 客户编号\nfields:\n  name: 客户姓名\n  gender: 性别\n  phone: 手机\n  email: 邮箱\n  company: 公司名称\n  address: 地址\n  birthday: {from: 生日, format: [yyyy/M/d]}\n",
        "jsonl": "source: bench-jsonl\nformat: jsonl\nkey: member_id\nfields:\n  name: profile.name\n  gender: profile.gender\n  birthday: {from: profile.birthday, format: [yyyy/M/d]}\n  phone: phones[]\n  email: email\n  address: address.detail\n",
        "xml": "source: bench-xml\nformat: xml\nxml: {record: /export/customers/customer}\nkey: \"@id\"\nfields:\n  name: name\n  gender: gender\n  phone: contacts/contact\n  email: email\n  company: company\n  address: address/detail\n",
    ]
}
