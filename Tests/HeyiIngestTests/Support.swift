import Foundation
@testable import HeyiCore
@testable import HeyiIngest

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "heyi-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = (path as NSString).appendingPathComponent(name)
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

/// The repository root, for tests over the real Samples/ and Mappings/.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Reads a file through a mapping, collecting every event.
func readAll(_ file: String, mapping: Mapping) throws -> (records: [SourceRecord], rejects: [RecordReject], report: FileReadReport) {
    let fingerprint = try FileFingerprint.scan(path: file)
    var records: [SourceRecord] = []
    var rejects: [RecordReject] = []
    let report = try mapping.reader.read(file, fingerprint: fingerprint) { event in
        switch event {
        case .record(let record): records.append(record)
        case .reject(let reject): rejects.append(reject)
        }
    }
    return (records, rejects, report)
}

func mapping(_ yaml: String) throws -> Mapping { try MappingLoader.parse(yaml: yaml, file: "test.yaml") }
