/// Everything wrong with a command line, mapping or configuration, reported at once before
/// any work starts (exit code 2, nothing written).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem, located in the file that has it.
    public struct Problem: Sendable, Equatable, Codable {
        public var file: String?
        public var line: Int?
        public var column: Int?
        /// The mapping key or source field concerned (`fields.phone`, `手机号`).
        public var field: String?
        public var message: String
        public var hint: String?

        public init(file: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil,
                    message: String, hint: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.field = field
            self.message = message
            self.hint = hint
        }

        public var description: String {
            var where_ = file ?? ""
            if let line { where_ += ":\(line)" + (column.map { ":\($0)" } ?? "") }
            var text = where_.isEmpty ? "error: \(message)" : "\(where_): error: \(message)"
            if let hint { text += "\n  hint: \(hint)" }
            return text
        }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }

    public init(_ message: String, file: String? = nil, hint: String? = nil) {
        problems = [Problem(file: file, message: message, hint: hint)]
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
