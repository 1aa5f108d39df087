public import HeyiCore
public import HeyiIngest

/// What an ingest will do, checked in full before anything is written: the mapping, the files,
/// and the mapping against each file's columns or paths.
public struct IngestPlan: Sendable {
    /// One input file with its fingerprint and what its header or paths said.
    public struct Input: Sendable {
        /// Where the file is read from.
        public var path: String
        /// The path as the user wrote it: relative to the project folder for `heyi run`, as given
        /// for `heyi ingest`. This is what the store keeps and reports.
        public var displayPath: String
        public var fingerprint: FileFingerprint
        public var warnings: [String]
    }

    public var mapping: Mapping
    public var inputs: [Input]

    /// Loads the mapping, expands the inputs and checks everything; every problem is reported at once.
    public static func make(mappingPath: String, inputs: [String], relativeTo base: String? = nil) throws(ConfigurationError) -> IngestPlan {
        let mapping: Mapping
        do {
            mapping = try MappingLoader.load(path: mappingPath)
        } catch {
            // Still say which inputs are missing, so one pass shows every problem.
            let missing = InputResolver.resolve(inputs, format: .csv, relativeTo: base).problems.filter { !$0.message.hasPrefix("folder has no") }
            throw ConfigurationError(error.problems + missing)
        }
        let (files, resolveProblems) = InputResolver.resolve(inputs, format: mapping.format, relativeTo: base)
        var problems = resolveProblems
        if inputs.isEmpty {
            problems.append(.init(message: "no input files given", hint: "name the files to ingest after the options, e.g. Samples/sales/*.csv"))
        }
        var planned: [Input] = []
        let reader = mapping.reader
        for file in files {
            do {
                let fingerprint = try FileFingerprint.scan(path: file)
                let schema = try reader.schema(of: file, fingerprint: fingerprint)
                problems += mapping.problems(against: schema, file: file)
                let shown = base.flatMap { base in file.hasPrefix(base + "/") ? String(file.dropFirst(base.count + 1)) : nil } ?? file
                planned.append(Input(path: file, displayPath: shown, fingerprint: fingerprint, warnings: schema.warnings))
            } catch {
                problems.append(.init(file: file, line: error.locator?.line, column: error.locator?.column,
                                      field: error.field, message: error.message, hint: error.hint))
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems) }
        return IngestPlan(mapping: mapping, inputs: planned)
    }
}
