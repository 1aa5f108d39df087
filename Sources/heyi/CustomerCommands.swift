import ArgumentParser
import Foundation
import HeyiCore
import HeyiNormalize
import HeyiPipeline
import HeyiStore

/// `heyi show`: one customer's golden record, sources, owners and history.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a customer: the golden record, which record supplied each value, every source record by department, owners and history.",
        discussion: """
            Find the customer by id (an id merged into another still finds it), by phone or by name. Values are masked \
            unless --show-values is given. Example: heyi show --config Samples/heyi.yaml --phone 13800138000 --show-values
            """
    )

    @Argument(help: ArgumentHelp("Customer id (C0000001).", valueName: "customer-id")) var id: String?
    @Option(help: ArgumentHelp("Find customers by phone number, in any format.", valueName: "number")) var phone: String?
    @Option(help: ArgumentHelp("Find customers by name (traditional or simplified, titles allowed).", valueName: "name")) var name: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard [id != nil, phone != nil, name != nil].count(where: { $0 }) == 1 else {
            throw ValidationError("give one of: a customer id, --phone NUMBER or --name NAME")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            var ids: [String] = []
            var askedFor: String?
            if let id {
                guard let live = try store.liveCustomerId(id) else {
                    throw CLIFailure.configuration(ConfigurationError("no customer \(id)", hint: "customer ids look like C0000001; heyi export lists them"))
                }
                if live != id { askedFor = id }
                ids = [live]
            } else if let phone {
                let e164 = PhoneNormalizer().normalize(phone).compactMap(\.e164)
                guard !e164.isEmpty else {
                    throw CLIFailure.configuration(ConfigurationError("'\(Redactor(enabled: !output.showValues).text(phone))' is not a phone number heyi can read"))
                }
                ids = try Array(Set(e164.flatMap { try store.customers(phone: $0) })).sorted()
            } else if let name {
                ids = try store.customers(name: NameNormalizer().normalize(name).value)
            }
            var details: [CustomerDetail] = []
            for id in ids {
                if var detail = try store.customerDetail(id) {
                    detail.askedFor = askedFor
                    details.append(detail)
                }
            }
            let redactor = output.redactor
            if output.json {
                try output.printJSON(details.map { Self.masked($0, redactor) })
                return 0
            }
            if details.isEmpty { print("no customer found"); return 0 }
            for detail in details { print(Self.render(detail, redactor)); print() }
            return 0
        }
    }

    static func masked(_ detail: CustomerDetail, _ redactor: Redactor) -> CustomerDetail {
        var copy = detail
        func mask(_ value: CustomerDetail.Value) -> CustomerDetail.Value {
            var v = value
            if !["gender", "department", "owner"].contains(v.field) { v.value = v.field == "name" ? redactor.name(v.value) : redactor.text(v.value) }
            return v
        }
        copy.golden = detail.golden.map(mask)
        copy.values = detail.values.map(mask)
        return copy
    }

    static func render(_ detail: CustomerDetail, _ redactor: Redactor) -> String {
        let d = masked(detail, redactor)
        var lines = ["customer \(d.id)" + (d.askedFor.map { " (\($0) was merged into it)" } ?? "")]
        lines.append(Terminal.table(["field", "value", "from"], d.golden.map { [$0.field, $0.value, "\($0.source):\($0.key)"] }))
        var grouped: [String: [String]] = [:]
        var order: [String] = []
        for value in d.values {
            let label = "\(value.field) \(value.value)"
            if grouped[label] == nil { order.append(label) }
            grouped[label, default: []].append("\(value.source):\(value.key)")
        }
        lines.append("")
        lines.append("all values (and the records carrying them):")
        for label in order { lines.append("  \(label)  ← \(grouped[label]!.joined(separator: ", "))") }
        lines.append("")
        lines.append("source records by department:")
        for (department, members) in Dictionary(grouping: d.members, by: { $0.department ?? "—" }).sorted(by: { $0.key < $1.key }) {
            lines.append("  \(department)")
            for m in members {
                let place = Locator(line: m.line, path: m.locator).anchor(file: m.file) + (m.locator.map { " (\($0))" } ?? "")
                lines.append("    \(m.source):\(m.key)  \(place)\(m.owner.map { "  owner \($0)" } ?? "")")
            }
        }
        let owners = Array(Set(d.members.compactMap(\.owner))).sorted()
        if !owners.isEmpty { lines.append("salespeople: \(owners.joined(separator: ", "))") }
        lines.append("")
        lines.append("history:")
        for event in d.history {
            var text = "  \(event.at)  \(event.event)"
            if let other = event.other { text += event.event == "merged" ? " (absorbed \(other))" : event.event == "split" ? " (records left for \(other))" : " \(other)" }
            if let records = event.records { text += ", \(records) record\(records == 1 ? "" : "s")" }
            if let by = event.decidedBy { text += " by \(by)" }
            if let reason = event.reason { text += ": \(reason)" }
            lines.append(text)
        }
        return lines.joined(separator: "\n")
    }
}

/// `heyi export`: golden customers or their source records, for Excel or other systems.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the unified customers (or, with --members, one row per source record) as CSV or JSON Lines.",
        discussion: """
            CSV is UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it correctly; cells that Excel would read \
            as a formula (starting with = + - @) are prefixed with an apostrophe. --members writes \
            customer_id,source,key,file,locator. Values are exported in full: this is the data itself. \
            Example: heyi export --config Samples/heyi.yaml --format csv --out customers.csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Option(help: ArgumentHelp("csv or jsonl.", valueName: "format")) var format: Format = .csv
    @Option(help: ArgumentHelp("File to write.", valueName: "file")) var out: String
    @Flag(help: "One row per source record: customer_id,source,key,file,locator.") var members = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
                throw CLIFailure.failure(HeyiError(.io, "cannot write the export file", file: out, hint: "check that the folder exists and is writable"))
            }
            defer { try? handle.close() }
            var buffer = Data()
            func emit(_ text: String) {
                buffer.append(contentsOf: text.utf8)
                if buffer.count > 1 << 20 { handle.write(buffer); buffer.removeAll(keepingCapacity: true) }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var count = 0
            if format == .csv { emit("\u{FEFF}") }
            if members {
                if format == .csv { emit(CSVExport.row(["customer_id", "source", "key", "file", "locator"])) }
                try store.forEachMember { m in
                    count += 1
                    if format == .csv { emit(CSVExport.row([m.customerId, m.source, m.key, m.file, m.locator])) } else {
                        emit(String(decoding: try encoder.encode(m), as: UTF8.self) + "\n")
                    }
                }
            } else {
                if format == .csv {
                    emit(CSVExport.row(["customer_id", "name", "gender", "birthday", "id_number", "company", "address", "phones", "emails",
                                        "owners", "departments", "records", "sources", "created_at", "updated_at"]))
                }
                try store.forEachCustomer { c in
                    count += 1
                    if format == .csv {
                        emit(CSVExport.row([c.id, c.name ?? "", c.gender ?? "", c.birthday ?? "", c.idNumber ?? "", c.company ?? "", c.address ?? "",
                                            c.phones.joined(separator: "; "), c.emails.joined(separator: "; "), c.owners.joined(separator: "; "),
                                            c.departments.joined(separator: "; "), "\(c.records)", "\(c.sources)", c.createdAt, c.updatedAt]))
                    } else {
                        emit(String(decoding: try encoder.encode(c), as: UTF8.self) + "\n")
                    }
                }
            }
            handle.write(buffer)
            Terminal.note("wrote \(count) \(members ? "source records" : "customers") to \(out)")
            return 0
        }
    }
}

/// CSV cells as Excel reads them safely.
enum CSVExport {
    /// Quoted when needed; a cell Excel would evaluate as a formula gets a leading apostrophe.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func row(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") + "\r\n" }
}
