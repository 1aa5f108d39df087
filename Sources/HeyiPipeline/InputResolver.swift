public import HeyiCore
public import HeyiIngest
import Foundation

/// Turns the command line's files, globs and folders into a sorted list of files.
public enum InputResolver {
    /// File name endings read for each format when a folder is given.
    static func extensions(for format: Mapping.Format) -> Set<String> {
        switch format {
        case .csv: ["csv", "tsv", "txt"]
        case .xml: ["xml"]
        case .json: ["json"]
        case .jsonl: ["jsonl", "ndjson", "json"]
        }
    }

    /// Expands `inputs`; every input that names nothing is a problem, all reported together.
    public static func resolve(_ inputs: [String], format: Mapping.Format, relativeTo base: String? = nil) -> (files: [String], problems: [ConfigurationError.Problem]) {
        var files: [String] = []
        var problems: [ConfigurationError.Problem] = []
        let manager = FileManager.default
        for input in inputs {
            let path = base.map { input.hasPrefix("/") ? input : ($0 as NSString).appendingPathComponent(input) } ?? input
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                        .filter { extensions(for: format).contains(($0 as NSString).pathExtension.lowercased()) }
                        .map { (path as NSString).appendingPathComponent($0) }
                        .sorted()
                    if found.isEmpty {
                        problems.append(.init(file: input, message: "folder has no .\(extensions(for: format).sorted().joined(separator: "/.")) files",
                                              hint: "name the files, or check the mapping's format"))
                    }
                    files += found
                } else {
                    files.append(path)
                }
            } else if path.contains(where: { "*?[".contains($0) }) {
                let matches = glob(path)
                if matches.isEmpty { problems.append(.init(file: input, message: "no file matches this pattern")) }
                files += matches
            } else {
                problems.append(.init(file: input, message: "no such file or folder", hint: "check the path (it is relative to \(base ?? "the current folder"))"))
            }
        }
        var seen: Set<String> = []
        return (files.filter { seen.insert($0).inserted }, problems)
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Foundation.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
