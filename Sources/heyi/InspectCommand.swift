import ArgumentParser
import Foundation
import HeyiCore
import HeyiNormalize
import HeyiPipeline
import HeyiStore

/// `heyi inspect --json`: the record and its normalized form (JSON text, masked unless --show-values).
struct InspectReport: Encodable {
    var record: InspectedRecord
    var normalized: String?
}

/// `heyi inspect SOURCE:KEY`: a record's raw and normalized values side by side.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a record's raw and normalized values side by side, with what each normalizer changed and why.",
        discussion: "Values are masked unless --show-values is given. Example: heyi inspect sales-zhang:ZS0001 --show-values"
    )

    @Argument(help: ArgumentHelp("The record, as source:key (see heyi sources).", valueName: "source:key"))
    var record: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard RecordName.parse(record) != nil else {
            throw ValidationError("name the record as source:key, e.g. sales-zhang:ZS0001")
        }
    }

    func run() throws {
        try reportingFailures {
            let (source, key) = RecordName.parse(record)!
            let store = try self.store.openExisting()
            guard let found = try store.inspect(source: source, key: key) else {
                throw CLIFailure.configuration(ConfigurationError("no current record \(key) in source \(source)",
                                                                  hint: "check the key; heyi sources lists the sources"))
            }
            let redactor = output.redactor
            let normalized = found.isNormalized ? try NormalizeRun(store: store).explain(source: found.source, fieldsJSON: found.fields) : nil
            if output.json {
                var shown = found
                shown.raw = redactor.json(shown.raw)
                shown.fields = redactor.json(shown.fields)
                let encoded = try normalized.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
                try output.printJSON(InspectReport(record: shown, normalized: encoded.map(redactor.json)))
                return 0
            }
            print("\(found.source):\(found.key)  (\(Locator(line: found.line, path: found.path).anchor(file: found.file)))")
            print("raw: \(redactor.json(found.raw))")
            guard let normalized else {
                print("not normalized yet: run heyi normalize")
                return 0
            }
            for line in Self.describe(normalized, redactor: redactor) { print(line) }
            return 0
        }
    }

    static func describe(_ record: NormalizedRecord, redactor: Redactor) -> [String] {
        func why(_ changes: [String]) -> String { changes.isEmpty ? "" : " (\(changes.joined(separator: "; ")))" }
        var lines: [String] = []
        for name in record.names {
            var detail = name.changes
            if let key = name.pinyinKey { detail.append("pinyin \(redactor.name(key))") }
            let shown = name.input == name.value ? redactor.text(name.value) : "\(redactor.text(name.input)) → \(redactor.text(name.value))"
            lines.append("name: \(shown)\(why(detail))")
        }
        for phone in record.phones {
            let value = phone.e164.map { redactor.text($0) } ?? "—"
            let ext = phone.extensionNumber.map { " ext \($0)" } ?? ""
            lines.append("phone: \(redactor.text(phone.input)) → \(value)\(ext) \(phone.kind.rawValue)\(phone.problem.map { ": \($0)" } ?? "")\(why(phone.changes))")
        }
        for email in record.emails {
            lines.append("email: \(redactor.text(email.value))\(email.isValid ? "" : " invalid: \(email.problem ?? "")")\(email.qq.map { " QQ \(redactor.text($0))" } ?? "")")
        }
        for id in record.idNumbers {
            lines.append("id_number: \(redactor.text(id.value)) \(id.isValid ? "valid" : "invalid: \(id.problem ?? "")")\(why(id.changes))")
        }
        for company in record.companies {
            let parts = [company.legalForm.map { "legal form \($0)" }, company.region.map { "region \($0)" }, company.branch.map { "branch \($0)" }].compactMap { $0 }
            lines.append("company: key \(redactor.text(company.key))\(parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))")")
        }
        for address in record.addresses {
            let places = [address.province, address.city, address.district].compactMap { $0?.name }.joined(separator: " ")
            lines.append("address: \(places.isEmpty ? "no province/city/district recognised" : places) + \(redactor.text(address.remainder))\(address.areaCode.map { ", area code 0\($0)" } ?? "")")
        }
        if let birthday = record.birthday { lines.append("birthday: \(birthday.value ?? "—")\(birthday.isValid ? "" : " invalid: \(birthday.problem ?? "")")") }
        if let gender = record.gender { lines.append("gender: \(gender.rawValue)") }
        for note in record.notes { lines.append("note: \(note)") }
        return lines
    }
}
