import Foundation
import HeyiIngest

/// `heyi-bench --read-only MAPPING FILE`: times the reader alone (no store), to tell parsing
/// cost from storing cost.
func readOnly(mapping path: String, file: String) throws {
    let mapping = try MappingLoader.load(path: path)
    let started = Date()
    let fingerprint = try FileFingerprint.scan(path: file)
    let scanned = Date()
    var records = 0
    _ = try mapping.reader.read(file, fingerprint: fingerprint) { event in
        if case .record = event { records += 1 }
    }
    let done = Date()
    print(String(format: "fingerprint %.2fs, read+map %.2fs: %d records, %.0f records/s",
                 scanned.timeIntervalSince(started), done.timeIntervalSince(scanned), records,
                 Double(records) / done.timeIntervalSince(scanned)))
}
