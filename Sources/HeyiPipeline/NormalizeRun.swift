public import HeyiCore
import Foundation
import Synchronization
import HeyiIngest
public import HeyiNormalize
public import HeyiStore

/// What a normalize pass did.
public struct NormalizeSummary: Sendable, Codable, Equatable {
    public var records: Int
    public var seconds: Double
}

/// Normalizes every current record that has no normalized form of this version yet, in batches,
/// each saved in one transaction; run again, it continues where it stopped.
public struct NormalizeRun: Sendable {
    /// Bump when normalization changes, so stored records are normalized again.
    public static let version = 3
    public let store: Store
    public let normalizer: RecordNormalizer
    static let batchSize = 5_000
    /// Records a worker takes at a time.
    static let chunk = 250

    public init(store: Store, normalizer: RecordNormalizer = RecordNormalizer()) {
        self.store = store
        self.normalizer = normalizer
    }

    public func run(progress: ((Int) -> Void)? = nil) throws(HeyiError) -> NormalizeSummary {
        let started = Date()
        var formats: [String: [CanonicalField: [String]]] = [:]
        var after = try store.normalizationStart(version: Self.version)
        var done = 0
        // Batch N is saved (one transaction) while batch N+1 is normalized: saving costs about as
        // much as normalizing. At most one save waits behind the running one.
        let saver = DispatchQueue(label: "heyi.normalize.save")
        let slots = DispatchSemaphore(value: 2)
        let failure = FailureBox()
        defer { saver.sync {} }
        let normalizers = (0..<Self.workers).map { _ in normalizer.withOwnCaches() }
        while true {
            let batch = try store.pendingNormalization(version: Self.version, after: after, limit: Self.batchSize)
            guard let last = batch.last else { break }
            for source in Set(batch.map(\.source)) where formats[source] == nil {
                formats[source] = try dateFormats(of: source)
            }
            let rows = Self.normalize(batch, with: normalizers, formats: formats)
            slots.wait()
            if let error = failure.error { slots.signal(); throw error }
            saver.async { [store] in
                defer { slots.signal() }
                do throws(HeyiError) { try store.saveNormalized(rows) } catch { failure.set(error) }
            }
            done += rows.count
            after = last.id
            progress?(done)
        }
        saver.sync {}
        if let error = failure.error { throw error }
        return NormalizeSummary(records: done, seconds: Date().timeIntervalSince(started))
    }

    static var workers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// Normalizes a batch on every core, each worker with its own normalizer (and caches).
    private static func normalize(_ batch: [PendingRecord], with normalizers: [RecordNormalizer],
                                  formats: [String: [CanonicalField: [String]]]) -> [NormalizedRow] {
        let results = ConcurrentSlots<NormalizedRow>(count: batch.count)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: normalizers.count) { worker in
            let normalizer = normalizers[worker]
            // Chunks of neighbouring records taken in turn: neighbours (and the results written
            // for them) share cache lines, which interleaved shares would bounce between cores,
            // and no core waits while another finishes a larger share.
            while true {
                let start = next.add(Self.chunk, ordering: .relaxed).oldValue
                guard start < batch.count else { break }
                for index in start..<min(start + Self.chunk, batch.count) {
                    let pending = batch[index]
                    let fields = Self.decodeFields(pending.fieldsJSON)
                    let record = normalizer.normalize(fields, dateFormats: formats[pending.source] ?? [:])
                    var row = Self.row(pending.id, record, owner: fields[.owner]?.first.flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed })
                    row.replacesOlder = pending.isRenormalization
                    results[index] = row
                }
            }
        }
        return results.values
    }

    /// The normalized form of a record with everything each normalizer did, recomputed from its
    /// stored fields (`heyi inspect`): the normalizers are pure, so this is what was stored.
    public func explain(source: String, fieldsJSON: String) throws(HeyiError) -> NormalizedRecord {
        normalizer.normalize(Self.decodeFields(fieldsJSON), dateFormats: try dateFormats(of: source))
    }

    static func row(_ id: Int64, _ record: NormalizedRecord, owner: String? = nil) -> NormalizedRow {
        let name = record.primaryName
        let address = record.addresses.first
        var row = NormalizedRow(
            recordId: id, version: version, name: name?.value, pinyinKey: name?.pinyinKey, surname: name?.surname,
            gender: record.gender?.rawValue, birthday: record.birthday?.isValid == true ? record.birthday?.value : nil,
            idNumber: record.validIDNumber, companyKey: record.companies.first?.key, province: address?.province?.code,
            city: address?.city?.code, district: address?.district?.code, addressRest: address?.remainder,
            phones: record.phones.compactMap { phone in phone.e164.map { ($0, phone.kind.rawValue) } },
            emails: record.emails.filter(\.isValid).map(\.value))
        row.companyName = record.companies.first?.value
        row.address = address.map { $0.value.isEmpty ? nil : $0.value } ?? nil
        row.idNumberAny = record.idNumbers.first(where: \.isValid)?.value ?? record.idNumbers.first.map(\.value)
        row.owner = owner
        row.updatedAt = [record.updatedAt, record.createdAt].compactMap { $0?.isValid == true ? $0?.value : nil }.first
        return row
    }

    static func decodeFields(_ json: String) -> FieldValues {
        FieldValues(json: json) ?? FieldValues()
    }

    private func dateFormats(of source: String) throws(HeyiError) -> [CanonicalField: [String]] {
        guard let json = try store.mappingJSON(source: source),
              let mapping = try? JSONDecoder().decode(Mapping.self, from: Data(json.utf8)) else { return [:] }
        var formats: [CanonicalField: [String]] = [:]
        for field in mapping.fields where !field.spec.formats.isEmpty { formats[field.field] = field.spec.formats }
        return formats
    }
}

/// The first error of a background save.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var first: HeyiError?
    var error: HeyiError? { lock.withLock { first } }
    func set(_ error: HeyiError) { lock.withLock { if first == nil { first = error } } }
}
