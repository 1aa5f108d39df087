import Foundation
import HeyiIngest

/// Writes a synthetic company's department exports with ground truth: salespeople's CSV sheets
/// (GB18030, title row, Chinese headers), the CRM's XML and the web member system's JSON Lines,
/// with the corruptions real exports have and the hard negatives that fool naive matching
/// (many people named 张伟, colleagues sharing a switchboard, relatives sharing an address).
/// Deterministic for a seed.
public struct CompanyGenerator: Sendable {
    public var customers: Int
    /// Share of records that are extra copies of a customer already written.
    public var duplicateRate: Double
    public var seed: UInt64
    public var salespeople: Int
    /// Put before every record key and customer id, so that a second batch can join the first.
    public var keyPrefix: String

    public init(customers: Int, duplicateRate: Double = 0.3, seed: UInt64 = 1, salespeople: Int = 4, keyPrefix: String = "") {
        self.keyPrefix = keyPrefix
        self.customers = customers
        self.duplicateRate = duplicateRate
        self.seed = seed
        self.salespeople = max(1, min(salespeople, Vocabulary.salespeople.count))
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var customers: Int
        public var records: Int
        public var duplicateRecords: Int
        public var files: [String]
        public var mappings: [String]
        public var truth: String
        public var seconds: Double
    }

    /// Writes everything under `folder` (created when missing).
    public func write(to folder: String) throws -> Summary {
        let started = Date()
        let fm = FileManager.default
        for sub in ["sales", "crm", "web", "mappings"] {
            try fm.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        let salesNames = Array(Vocabulary.salespeople.prefix(salespeople))
        var sales = try salesNames.map { name in
            let writer = try OutputFile(folder + "/sales/\(name)-客户名单.csv", charset: "GB18030")
            writer.write("\(name)的客户名单（导出自Excel）,,,,,,,,,\r\n客户编号,客户姓名,性别,手机,座机,邮箱,公司名称,地址,生日,业务员\r\n")
            return writer
        }
        let crm = try OutputFile(folder + "/crm/customers.xml")
        crm.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export system=\"CRM\">\n<customers>\n")
        let web = try OutputFile(folder + "/web/members.jsonl")
        let truth = try OutputFile(folder + "/truth.csv")
        truth.write("source,key,customer\n")

        var random = Random(seed: seed)
        let world = World(customers: customers, random: &random)
        // Extra copies per duplicated customer: 1 (70%), 2 (25%), 3 (5%), mean 1.35.
        let duplicatedShare = min(1, duplicateRate / (1.35 * max(1e-9, 1 - duplicateRate)))
        var counters = [Int](repeating: 0, count: salesNames.count + 2)
        var records = 0, duplicates = 0
        var previous: Person?
        for index in 0..<customers {
            // Some customers are relatives of the one before: same surname, address and home phone.
            let person = previous.map { random.chance(0.05) ? world.relative(of: $0, random: &random) : world.person(index, random: &random) }
                ?? world.person(index, random: &random)
            previous = person
            var copies = 1
            if random.chance(duplicatedShare) {
                let roll = random.unit()
                copies += roll < 0.70 ? 1 : roll < 0.95 ? 2 : 3
            }
            var usedSources: [Int] = []
            for copy in 0..<copies {
                // Source: a salesperson's sheet (45%), the CRM (30%) or the web shop (25%); copies prefer another system.
                var source: Int
                repeat {
                    let roll = random.unit()
                    source = roll < 0.45 ? random.int(salesNames.count) : roll < 0.75 ? salesNames.count : salesNames.count + 1
                } while usedSources.contains(source) && usedSources.count < salesNames.count + 2 && random.chance(0.8)
                usedSources.append(source)
                counters[source] += 1
                let record = Copy(person: copy > 0 ? world.drift(person, random: &random) : person, corrupted: copy > 0, random: &random)
                let customerID = "\(keyPrefix)C\(index + 1)"
                if source < salesNames.count {
                    let key = "\(keyPrefix)S\(source + 1)-\(counters[source])"
                    sales[source].write(record.csvLine(key: key, owner: salesNames[source]))
                    truth.write("gen-sales,\(key),\(customerID)\n")
                } else if source == salesNames.count {
                    let key = "\(keyPrefix)CRM\(counters[source])"
                    crm.write(record.xml(key: key, owner: salesNames[random.int(salesNames.count)]))
                    truth.write("gen-crm,\(key),\(customerID)\n")
                } else {
                    let key = "\(keyPrefix)M\(counters[source])"
                    web.write(record.json(key: key))
                    truth.write("gen-web,\(key),\(customerID)\n")
                }
                records += 1
                if copy > 0 { duplicates += 1 }
            }
        }
        crm.write("</customers>\n</export>\n")
        for writer in sales { try writer.close() }
        sales = []
        try crm.close()
        try web.close()
        try truth.close()
        let mappings = try writeMappings(folder)
        let files = salesNames.map { "sales/\($0)-客户名单.csv" } + ["crm/customers.xml", "web/members.jsonl"]
        try """
            # The generated company's project (heyi generate): heyi run --config heyi.yaml
            database: heyi.sqlite
            sources:
              - mapping: mappings/gen-sales.yaml
                files: [sales/]
              - mapping: mappings/gen-crm.yaml
                files: [crm/customers.xml]
              - mapping: mappings/gen-web.yaml
                files: [web/members.jsonl]
            thresholds: {auto_merge: 0.95, review: 0.60}
            survivorship:
              source_priority: [gen-crm, gen-sales, gen-web]

            """.write(toFile: folder + "/heyi.yaml", atomically: true, encoding: .utf8)
        return Summary(customers: customers, records: records, duplicateRecords: duplicates, files: files, mappings: mappings + ["heyi.yaml"],
                       truth: "truth.csv", seconds: Date().timeIntervalSince(started))
    }

    private func writeMappings(_ folder: String) throws -> [String] {
        let mappings = [
            ("gen-sales", """
            # Generated salespeople's sheets (heyi generate): GB18030 CSV with a title row.
            source: gen-sales
            department: 销售部
            format: csv
            encoding: auto
            csv: {header_row: 2}
            key: 客户编号
            fields:
              name: 客户姓名
              gender: 性别
              phone: [手机, 座机]
              email: 邮箱
              company: 公司名称
              address: 地址
              birthday: {from: 生日, format: [yyyy/M/d]}
              owner: 业务员

            """),
            ("gen-crm", """
            # Generated CRM export (heyi generate).
            source: gen-crm
            department: 客户关系部
            format: xml
            xml: {record: /export/customers/customer}
            key: "@id"
            fields:
              name: name
              gender: {from: gender, values: {M: 男, F: 女}}
              phone: contacts/contact
              email: email
              company: company
              address: {join: [address/province, address/city, address/district, address/detail]}
              id_number: idNumber
              birthday: {from: birthday, format: [yyyy-MM-dd]}
              owner: owner

            """),
            ("gen-web", """
            # Generated web member system export (heyi generate).
            source: gen-web
            department: 电商部
            format: jsonl
            key: member_id
            fields:
              name: profile.name
              gender: {from: profile.gender, values: {male: 男, female: 女}}
              birthday: {from: profile.birthday, format: [yyyy-MM-dd]}
              phone: phones[]
              email: email
              address: address.detail

            """),
        ]
        var paths: [String] = []
        for (name, text) in mappings {
            let path = "mappings/\(name).yaml"
            try text.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        return paths
    }
}

/// A buffered output file, optionally converted from UTF-8 to another charset.
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let converter: TextConverter?

    init(_ path: String, charset: String? = nil) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        converter = try charset.map { try TextConverter(from: "UTF-8", to: $0) }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try? flush(final: false) }
    }

    private func flush(final: Bool) throws {
        if let converter {
            try buffer.withUnsafeBytes { bytes in
                try converter.convert(bytes, flush: final) { handle.write(Data($0)) }
            }
        } else {
            handle.write(Data(buffer))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush(final: true)
        try handle.close()
    }
}
