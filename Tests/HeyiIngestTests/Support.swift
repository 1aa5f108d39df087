import Foundation
@_exported import HeyiTestSupport
@testable import HeyiCore
@testable import HeyiIngest

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
