/// An error a user can act on: a code to match, where it happened, and what to do next.
public struct HeyiError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The families of failure heyi reports; each maps to a process exit code.
    public enum Code: String, Sendable, Codable {
        /// The command line or a mapping/configuration file is wrong; nothing was written.
        case configuration
        /// A file cannot be opened or read.
        case io
        /// The bytes of a file cannot be decoded in the declared or detected charset.
        case encoding
        /// The file's structure is broken beyond the record level (not a CSV, JSON, XML file).
        case malformedFile = "malformed_file"
        /// The store refused a write or read.
        case store
        /// An XML file tried to expand entities beyond heyi's limits.
        case entityExpansion = "entity_expansion"
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var locator: Locator?
    public var field: String?
    /// The next step for the user ("try --encoding gb18030").
    public var hint: String?

    public init(_ code: Code, _ message: String, file: String? = nil, locator: Locator? = nil,
                field: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.locator = locator
        self.field = field
        self.hint = hint
    }

    /// `error: message` followed by `--> file:line:col` and a hint, as the CLI prints it.
    public var description: String {
        var text = "error: \(message)"
        if let file {
            text += "\n  --> \(locator?.anchor(file: file) ?? file)"
            if let path = locator?.path { text += " (\(path))" }
        }
        if let field { text += "\n  field: \(field)" }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
