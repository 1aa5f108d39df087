public import HeyiCore
import Foundation
public import HeyiMatch
public import HeyiMerge
import Yams

/// A project configuration file (`heyi.yaml`): the store, the sources with their files, and how
/// to match and merge. Paths are relative to the file's own folder.
///
///     database: heyi.sqlite
///     model: model.json                      # optional: a fixed model from `heyi train`
///     sources:
///       - mapping: Mappings/sales-zhang.yaml
///         files: [Samples/sales/张三*.csv]    # globs or folders
///     thresholds: {auto_merge: 0.95, review: 0.60}
///     max_block_size: 300
///     survivorship:
///       source_priority: [crm, sales-*, web-members]
///       rules: {name: [most_frequent, source_priority]}
public struct ProjectConfig: Sendable {
    public struct Source: Sendable, Equatable {
        public var mapping: String
        public var files: [String]
    }

    /// The file's folder: the base of every relative path.
    public var folder: String
    public var path: String
    public var database: String
    public var model: String?
    public var sources: [Source]
    public var thresholds: Thresholds
    public var maxBlockSize: Int
    public var survivorship: Survivorship

    static let keys = ["database", "model", "sources", "thresholds", "max_block_size", "survivorship"]

    /// A path from the file, made absolute against its folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
    }

    public static func load(path: String) throws(ConfigurationError) -> ProjectConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("cannot read the configuration file", file: path, hint: "check the path, e.g. --config Samples/heyi.yaml")
        }
        let folder = (((path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString)
            .deletingLastPathComponent
        return try parse(yaml: text, file: path, folder: folder)
    }

    public static func parse(yaml: String, file: String, folder: String) throws(ConfigurationError) -> ProjectConfig {
        var problems: [ConfigurationError.Problem] = []
        func problem(_ node: Node?, _ message: String, hint: String? = nil) {
            problems.append(.init(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message, hint: hint))
        }
        let root: Node.Mapping
        do {
            guard let node = try Yams.compose(yaml: yaml), let mapping = node.mapping else {
                throw ConfigurationError("a configuration file must be a YAML mapping (database:, sources: …)", file: file)
            }
            root = mapping
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("not valid YAML: \(error)", file: file)
        }
        func value(_ map: Node.Mapping, _ key: String) -> Node? { map.first { $0.key.string == key }?.value }
        for (key, _) in root where !keys.contains(key.string ?? "") {
            problem(key, "unknown key '\(key.string ?? "")'", hint: Suggestions.hint(for: key.string ?? "", in: keys, noun: "key"))
        }
        var config = ProjectConfig(folder: folder, path: file, database: "heyi.sqlite", model: nil, sources: [], thresholds: Thresholds(),
                                   maxBlockSize: 300, survivorship: Survivorship())
        if let node = value(root, "database") {
            if let text = node.string, !text.isEmpty { config.database = text } else { problem(node, "'database' must be a file name") }
        }
        if let node = value(root, "model") {
            if let text = node.string, !text.isEmpty { config.model = text } else { problem(node, "'model' must be a file name") }
        }
        if let node = value(root, "sources") {
            if let list = node.sequence, !list.isEmpty {
                for item in list {
                    guard let map = item.mapping else { problem(item, "each source is a mapping with 'mapping:' and 'files:'"); continue }
                    for (key, _) in map where !["mapping", "files"].contains(key.string ?? "") {
                        problem(key, "unknown key '\(key.string ?? "")' in a source", hint: "a source has 'mapping:' and 'files:'")
                    }
                    guard let mapping = value(map, "mapping")?.string, !mapping.isEmpty else { problem(item, "a source needs 'mapping: FILE'"); continue }
                    var files: [String] = []
                    if let filesNode = value(map, "files") {
                        if let one = filesNode.scalar?.string { files = [one] } else if let many = filesNode.sequence {
                            files = many.compactMap { $0.string }
                        }
                        if files.isEmpty { problem(filesNode, "'files' must be a path, glob or folder, or a list of them") }
                    } else {
                        problem(item, "a source needs 'files:' (paths, globs or folders)")
                    }
                    config.sources.append(Source(mapping: mapping, files: files))
                }
            } else {
                problem(node, "'sources' must be a non-empty list")
            }
        } else {
            problem(nil, "missing required key 'sources'", hint: "list each source's mapping and files")
        }
        if let node = value(root, "thresholds") {
            if let map = node.mapping {
                for (key, _) in map where !["auto_merge", "review"].contains(key.string ?? "") {
                    problem(key, "unknown key '\(key.string ?? "")' in thresholds", hint: "thresholds are auto_merge and review")
                }
                if let n = value(map, "auto_merge") { if let p = n.float { config.thresholds.autoMerge = p } else { problem(n, "auto_merge must be a number") } }
                if let n = value(map, "review") { if let p = n.float { config.thresholds.review = p } else { problem(n, "review must be a number") } }
                let t = config.thresholds
                if !(t.review > 0 && t.review <= t.autoMerge && t.autoMerge <= 1) {
                    problem(node, "thresholds must satisfy 0 < review ≤ auto_merge ≤ 1 (got review \(t.review), auto_merge \(t.autoMerge))")
                }
            } else {
                problem(node, "'thresholds' must be a mapping: {auto_merge: 0.95, review: 0.60}")
            }
        }
        if let node = value(root, "max_block_size") {
            if let n = node.int, n >= 2 { config.maxBlockSize = n } else { problem(node, "max_block_size must be a whole number of at least 2") }
        }
        if let node = value(root, "survivorship") {
            if let map = node.mapping {
                for (key, _) in map where !["source_priority", "rules"].contains(key.string ?? "") {
                    problem(key, "unknown key '\(key.string ?? "")' in survivorship", hint: "survivorship has source_priority and rules")
                }
                var priority: [String] = []
                if let n = value(map, "source_priority") {
                    if let list = n.sequence { priority = list.compactMap(\.string) } else { problem(n, "source_priority must be a list of source names") }
                }
                var rules: [GoldenField: [SurvivorshipRule]] = [:]
                if let n = value(map, "rules") {
                    if let fields = n.mapping {
                        for (key, list) in fields {
                            guard let field = GoldenField(rawValue: key.string ?? "") else {
                                problem(key, "no golden field '\(key.string ?? "")'",
                                        hint: Suggestions.hint(for: key.string ?? "", in: GoldenField.allCases.map(\.rawValue), noun: "field"))
                                continue
                            }
                            var parsed: [SurvivorshipRule] = []
                            for item in list.sequence ?? [list] {
                                if let rule = SurvivorshipRule(rawValue: item.string ?? "") { parsed.append(rule) } else {
                                    problem(item, "unknown survivorship rule '\(item.string ?? "")'",
                                            hint: Suggestions.hint(for: item.string ?? "", in: SurvivorshipRule.allCases.map(\.rawValue), noun: "rule"))
                                }
                            }
                            rules[field] = parsed
                        }
                    } else {
                        problem(n, "rules must map golden fields to lists of rules")
                    }
                }
                config.survivorship = Survivorship(sourcePriority: priority, rules: rules)
            } else {
                problem(node, "'survivorship' must be a mapping")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems) }
        return config
    }
}
