import Foundation
@_exported import HeyiTestSupport

/// Runs the built `heyi` executable as a user would.
enum CLI {
    /// The `heyi` binary built beside the test bundle.
    static let binary: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heyi").path
        let candidates = [besideTests, repositoryRoot + "/.build/debug/heyi"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? besideTests
    }()

    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `heyi` with output going to files (no pipe can fill up and block it).
    static func start(_ arguments: [String], in directory: String = repositoryRoot, output: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "dumb"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: output + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ arguments: [String], in directory: String = repositoryRoot) throws -> Result {
        let output = NSTemporaryDirectory() + "heyi-cli-" + UUID().uuidString
        defer {
            try? FileManager.default.removeItem(atPath: output + ".out")
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        let process = try start(arguments, in: directory, output: output)
        process.waitUntilExit()
        return Result(code: process.terminationStatus,
                      stdout: try String(contentsOfFile: output + ".out", encoding: .utf8),
                      stderr: try String(contentsOfFile: output + ".err", encoding: .utf8))
    }
}
