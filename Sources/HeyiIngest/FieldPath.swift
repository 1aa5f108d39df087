/// The syntax of a source path in a mapping: a CSV column name, an XML relative path
/// (`contact/mobile`, `@id`, `contact/@type`) or a JSON path (`profile.name`, `phones[]`, `tags[0]`).
public enum FieldPath {
    /// One step of a JSON path.
    public enum JSONStep: Sendable, Equatable {
        case key(String)
        /// `[]`: every element of an array.
        case each
        case index(Int)
    }

    /// Parses `profile.name`, `phones[]`, `contacts[].phone`, `tags[0]`; nil when malformed.
    public static func jsonSteps(_ path: String) -> [JSONStep]? {
        var steps: [JSONStep] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            rest = rest.dropFirst(name.count)
            guard !name.isEmpty else { return nil }
            steps.append(.key(String(name)))
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if inside.isEmpty {
                    steps.append(.each)
                } else if let index = Int(inside), index >= 0 {
                    steps.append(.index(index))
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        return steps.isEmpty ? nil : steps
    }

    /// True for `name`, `contact/mobile`, `@id`, `contact/@type`.
    public static func isValidXMLPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return false }
        for (index, part) in parts.enumerated() {
            var name = Substring(part)
            if name.first == "@" {
                guard index == parts.count - 1 else { return false }
                name = name.dropFirst()
            }
            guard let first = name.first, first.isLetter || first == "_",
                  name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.:".contains($0) }) else { return false }
        }
        return true
    }

    /// Splits a JSON pointer (`/data/items`, RFC 6901) into its unescaped tokens; nil when malformed.
    public static func pointerTokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty || pointer == "/" { return [] }
        guard pointer.first == "/" else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Splits an XML record path (`/export/customers/customer`) into element names; nil when malformed.
    public static func xmlRecordSteps(_ path: String) -> [String]? {
        guard path.first == "/" else { return nil }
        let steps = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !steps.isEmpty, steps.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("@") && isValidXMLPath($0) }) else { return nil }
        return steps
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
