public import HeyiCore
import Foundation
import Yams

/// Reads a mapping YAML file into a `Mapping`, collecting every problem (with its line and
/// column in the YAML) instead of stopping at the first.
public enum MappingLoader {
    static let topLevelKeys = ["source", "department", "format", "encoding", "csv", "xml", "json", "key", "fields"]
    static let fieldSpecKeys = ["from", "join", "separator", "value", "format", "values"]

    public static func load(path: String) throws(ConfigurationError) -> Mapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read mapping file", file: path,
                                     hint: "check the path; mappings usually live in Mappings/")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("mapping file is not UTF-8", file: path, hint: "save it as UTF-8")
        }
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String? = nil) throws(ConfigurationError) -> Mapping {
        var problems = Problems(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml), node.mapping != nil else {
                throw ConfigurationError("a mapping file must be a YAML mapping (source:, format:, fields: …)", file: file)
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("not valid YAML: \(error)", file: file)
        }
        let top = root.mapping!
        for (key, _) in top {
            let name = key.string ?? ""
            if !topLevelKeys.contains(name) {
                problems.add(key, "unknown key '\(name)'", hint: Suggestions.hint(for: name, in: topLevelKeys, noun: "key"))
            }
        }

        let source = problems.requiredString(top, "source") ?? ""
        if !source.isEmpty, source.contains(where: { $0.isWhitespace || $0 == ":" || $0 == "/" }) {
            problems.add(top["source"]!, "source '\(source)' may not contain spaces, ':' or '/'",
                         hint: "use a short name such as sales-zhang")
        }
        let department = problems.optionalString(top, "department")
        var format = Mapping.Format.csv
        if let text = problems.requiredString(top, "format") {
            if let parsed = Mapping.Format(rawValue: text.lowercased()) { format = parsed } else {
                problems.add(top["format"]!, "unknown format '\(text)'",
                             hint: "use one of \(Mapping.Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var encoding = Mapping.Encoding.auto
        if let text = problems.optionalString(top, "encoding") {
            let folded = text.lowercased().replacingOccurrences(of: "_", with: "-")
            let aliases: [String: Mapping.Encoding] = ["utf8": .utf8, "gbk": .gb18030, "gb2312": .gb18030, "utf16": .utf16]
            if let parsed = Mapping.Encoding(rawValue: folded) ?? aliases[folded] { encoding = parsed } else {
                problems.add(top["encoding"]!, "unknown encoding '\(text)'",
                             hint: "use one of \(Mapping.Encoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        var csv = Mapping.CSVOptions()
        if let node = top["csv"] {
            csv = parseCSVOptions(node, &problems)
            if format != .csv { problems.add(node, "csv: options given for a \(format.rawValue) source", hint: "remove them") }
        }
        var recordPath: String?
        for (name, owner) in [("xml", Mapping.Format.xml), ("json", Mapping.Format.json)] {
            guard let node = top[name] else { continue }
            guard let options = node.mapping else { problems.add(node, "\(name): must be a mapping like {record: …}"); continue }
            for (key, _) in options where key.string != "record" {
                problems.add(key, "unknown key '\(key.string ?? "")' in \(name):", hint: "the only key is record")
            }
            if format != owner { problems.add(node, "\(name): options given for a \(format.rawValue) source", hint: "remove them"); continue }
            recordPath = problems.requiredString(options, "record", context: "\(name):")
        }
        switch format {
        case .xml:
            if let path = recordPath {
                if FieldPath.xmlRecordSteps(path) == nil {
                    problems.add(top["xml"]!, "xml.record '\(path)' is not an element path", hint: "write it like /export/customers/customer")
                }
            } else if top["xml"] == nil {
                problems.add(root, "an xml source needs xml: {record: /path/to/record}", hint: "name the element that holds one customer")
            }
        case .json:
            let path = recordPath ?? ""
            if FieldPath.pointerTokens(path) == nil {
                problems.add(top["json"]!, "json.record '\(path)' is not a JSON pointer", hint: "write it like /data/items, or leave it out for a top-level array")
            }
            recordPath = path
        case .csv, .jsonl:
            break
        }

        var key: [String] = []
        if let node = top["key"] {
            key = problems.stringList(node, context: "key")
        }
        var fields: [Mapping.FieldMapping] = []
        if let node = top["fields"] {
            if let pairs = node.mapping {
                var seen: Set<CanonicalField> = []
                for (keyNode, valueNode) in pairs {
                    let name = keyNode.string ?? ""
                    guard let field = CanonicalField(rawValue: name) else {
                        problems.add(keyNode, "unknown canonical field '\(name)'",
                                     hint: Suggestions.hint(for: name, in: CanonicalField.allCases.map(\.rawValue), noun: "field"))
                        continue
                    }
                    if !seen.insert(field).inserted { problems.add(keyNode, "field '\(name)' is mapped twice", hint: "list its columns once: \(name): [a, b]") }
                    if let spec = parseFieldSpec(valueNode, field: field, &problems) {
                        fields.append(Mapping.FieldMapping(field: field, spec: spec))
                    }
                }
            } else {
                problems.add(node, "fields: must map canonical fields to source columns")
            }
        } else {
            problems.add(root, "the mapping has no fields:", hint: "map at least name: or phone: to a source column")
        }
        for (path, usedBy) in fields.flatMap({ f in f.spec.sourcePaths.map { ($0, "fields.\(f.field.rawValue)") } }) + key.map({ ($0, "key") }) {
            let ok: Bool = switch format {
            case .csv: !path.isEmpty
            case .xml: FieldPath.isValidXMLPath(path)
            case .json, .jsonl: FieldPath.jsonSteps(path) != nil
            }
            if !ok {
                let example = format == .xml ? "contact/mobile or @id" : format == .csv ? "a column name" : "profile.name or phones[]"
                problems.add(top["fields"] ?? root, "\(usedBy): '\(path)' is not a valid \(format.rawValue) path", field: usedBy,
                             hint: "write it like \(example)")
            }
        }
        if !problems.list.isEmpty { throw ConfigurationError(problems.list) }
        return Mapping(source: source, department: department, format: format, encoding: encoding, csv: csv,
                       recordPath: recordPath, key: key, fields: fields, file: file)
    }

    private static func parseCSVOptions(_ node: Node, _ problems: inout Problems) -> Mapping.CSVOptions {
        var options = Mapping.CSVOptions()
        guard let map = node.mapping else { problems.add(node, "csv: must be a mapping like {delimiter: auto, header_row: 1}"); return options }
        for (key, value) in map {
            switch key.string ?? "" {
            case "delimiter":
                let text = value.string ?? ""
                let named: [String: UInt8?] = ["auto": nil, "comma": 0x2C, ",": 0x2C, "tab": 0x09, "\t": 0x09, "\\t": 0x09,
                                               "semicolon": 0x3B, ";": 0x3B, "pipe": 0x7C, "|": 0x7C]
                if let delimiter = named[text.lowercased()] { options.delimiter = delimiter } else {
                    problems.add(value, "unknown delimiter '\(text)'", hint: "use auto, comma, tab, semicolon or pipe")
                }
            case "header_row":
                if let row = value.int, row >= 1 { options.headerRow = row } else {
                    problems.add(value, "header_row must be a row number from 1", hint: "1 when the column names are on the first row")
                }
            default:
                problems.add(key, "unknown key '\(key.string ?? "")' in csv:",
                             hint: Suggestions.hint(for: key.string ?? "", in: ["delimiter", "header_row"], noun: "key"))
            }
        }
        return options
    }

    private static func parseFieldSpec(_ node: Node, field: CanonicalField, _ problems: inout Problems) -> Mapping.FieldSpec? {
        let context = "fields.\(field.rawValue)"
        switch node {
        case .scalar, .sequence:
            let from = problems.stringList(node, context: context)
            return from.isEmpty ? nil : Mapping.FieldSpec(from: from)
        case .mapping(let map):
            var spec = Mapping.FieldSpec()
            for (key, value) in map {
                let name = key.string ?? ""
                switch name {
                case "from": spec.from = problems.stringList(value, context: "\(context).from")
                case "join": spec.join = problems.stringList(value, context: "\(context).join")
                case "separator": spec.separator = value.string ?? ""
                case "value": spec.constant = value.string
                case "format":
                    spec.formats = problems.stringList(value, context: "\(context).format")
                    if !field.isDate {
                        problems.add(key, "\(context): format: applies to date fields only", hint: "date fields are birthday, updated_at, created_at")
                    }
                    for pattern in spec.formats {
                        if let problem = DatePattern.problem(in: pattern) { problems.add(value, "\(context).format: \(problem)") }
                    }
                case "values":
                    guard let pairs = value.mapping else { problems.add(value, "\(context).values must map source values to canonical ones"); continue }
                    for (from, to) in pairs {
                        guard let f = from.string, let t = to.string else { problems.add(from, "\(context).values: keys and values must be text"); continue }
                        spec.values[f] = t
                    }
                default:
                    problems.add(key, "unknown key '\(name)' in \(context)",
                                 hint: Suggestions.hint(for: name, in: fieldSpecKeys, noun: "key"))
                }
            }
            let kinds = [!spec.from.isEmpty, !spec.join.isEmpty, spec.constant != nil].filter { $0 }.count
            if kinds != 1 {
                problems.add(node, "\(context) needs exactly one of from:, join: or value:", hint: "e.g. {from: 生日, format: [yyyy/M/d]}")
                return nil
            }
            return spec
        default:
            problems.add(node, "\(context) must be a column, a list of columns, or {from: …}")
            return nil
        }
    }
}

/// Problems collected while reading one YAML file, each at the mark of its node.
private struct Problems {
    let file: String?
    var list: [ConfigurationError.Problem] = []

    mutating func add(_ node: Node, _ message: String, field: String? = nil, hint: String? = nil) {
        list.append(.init(file: file, line: node.mark?.line, column: node.mark?.column, field: field, message: message, hint: hint))
    }

    mutating func requiredString(_ map: Node.Mapping, _ key: String, context: String = "") -> String? {
        guard let node = map[key] else {
            list.append(.init(file: file, line: map.mark?.line, column: map.mark?.column, message: "\(context)\(context.isEmpty ? "" : " ")missing required key '\(key)'"))
            return nil
        }
        guard let text = node.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            add(node, "'\(key)' must be non-empty text")
            return nil
        }
        return text
    }

    mutating func optionalString(_ map: Node.Mapping, _ key: String) -> String? {
        guard let node = map[key] else { return nil }
        guard let text = node.string else { add(node, "'\(key)' must be text"); return nil }
        return text
    }

    mutating func stringList(_ node: Node, context: String) -> [String] {
        if let text = node.string, node.scalar != nil { return text.isEmpty ? [] : [text] }
        guard let items = node.sequence else { add(node, "\(context) must be a column name or a list of them"); return [] }
        return items.compactMap { item in
            guard let text = item.string, !text.isEmpty else { add(item, "\(context): every entry must be a column name"); return nil }
            return text
        }
    }
}

extension Node.Mapping {
    fileprivate subscript(key: String) -> Node? {
        first { $0.key.string == key }?.value
    }
}
