import Foundation
import HeyiCore
import HeyiGenerate
import HeyiIngest
import HeyiNormalize
import Synchronization

/// Normalizer throughput on a realistic mix: the records a generated company's exports give
/// (`heyi generate`: GB18030 sales sheets, CRM XML, member JSON Lines, read through their
/// mappings), with their names (about half of them distinct, traditional forms, titles, Latin
/// spellings), phones in every written form and several per cell, landlines, companies,
/// addresses with typos, ID numbers and dates. All cores, in memory. Each pass starts with empty
/// name and company caches; returns every pass's seconds.
func normalizeBench(records: [(fields: FieldValues, formats: [CanonicalField: [String]])], caches: BenchCaches, passes: Int) -> [Double] {
    NormalizerCaches.enabled = caches != .none
    NormalizerCaches.nameCache = caches == .withNameCache
    defer { NormalizerCaches.enabled = true; NormalizerCaches.nameCache = false }
    let normalizer = RecordNormalizer()
    _ = normalizer.normalize(records[0].fields, dateFormats: records[0].formats) // open ICU outside the timing
    let workers = ProcessInfo.processInfo.environment["HEYI_BENCH_WORKERS"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount
    return (0..<passes).map { _ in
        let normalizers = (0..<workers).map { _ in normalizer.withOwnCaches() }
        let started = Date()
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let normalizer = normalizers[worker]
            var checksum = 0
            // Chunks of neighbouring records taken in turn: records next to each other in memory
            // stay on one core, and no core waits while another finishes a larger share.
            while true {
                let start = next.add(512, ordering: .relaxed).oldValue
                guard start < records.count else { break }
                for index in start..<min(start + 512, records.count) {
                    checksum &+= normalizer.normalize(records[index].fields, dateFormats: records[index].formats).phones.count
                }
            }
            if checksum == -1 { print("") }
        }
        return Date().timeIntervalSince(started)
    }
}

/// Which caches a normalize benchmark uses.
enum BenchCaches: String {
    /// As heyi runs: the per-character tables (traditional → simplified, pinyin) and the
    /// per-company cache.
    case standard = "as heyi runs (character tables, company cache)"
    /// The same and a per-name cache.
    case withNameCache = "with a per-name cache too"
    /// ICU for every value.
    case none = "no caches (ICU for every value)"
}

/// `count` records of a generated company (as many customers as give them, 30% duplicates),
/// each with its source's date formats. Prints how many names and companies are distinct.
func generatedRecords(_ count: Int) -> [(fields: FieldValues, formats: [CanonicalField: [String]])] {
    let folder = NSTemporaryDirectory() + "heyi-bench-normalize-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    do {
        _ = try CompanyGenerator(customers: count * 3 / 4 + 10, seed: 7).write(to: folder)
        var records: [(fields: FieldValues, formats: [CanonicalField: [String]])] = []
        records.reserveCapacity(count)
        let sources = [("gen-sales", "sales"), ("gen-crm", "crm/customers.xml"), ("gen-web", "web/members.jsonl")]
        for (source, input) in sources {
            let mapping = try MappingLoader.load(path: "\(folder)/mappings/\(source).yaml")
            var formats: [CanonicalField: [String]] = [:]
            for field in mapping.fields where !field.spec.formats.isEmpty { formats[field.field] = field.spec.formats }
            let path = "\(folder)/\(input)"
            let files = input.hasSuffix("sales")
                ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { "\(path)/\($0)" } : [path]
            for file in files {
                _ = try mapping.reader.read(file, fingerprint: try FileFingerprint.scan(path: file)) { event in
                    if case .record(let record) = event { records.append((record.fields, formats)) }
                }
            }
        }
        // Interleave the sources, as a store's batches mix them, then take `count`.
        var random = SplitMix64(seed: 7)
        records.shuffle(using: &random)
        // Rebuilt in that order, as `heyi normalize` decodes each batch from the store: records
        // processed one after another lie one after another in memory.
        let taken = records.prefix(count).map { (fields: FieldValues(json: $0.fields.json) ?? $0.fields, formats: $0.formats) }
        let names = Set(taken.flatMap { $0.fields[.name] ?? [] }), companies = Set(taken.flatMap { $0.fields[.company] ?? [] })
        print("records: \(taken.count); distinct names \(names.count), companies \(companies.count)")
        return taken
    } catch {
        fatalError("cannot generate the benchmark's records: \(error)")
    }
}

/// The per-value benchmark's records: every field the normalizers read.
func benchRecords(_ count: Int) -> [FieldValues] {
    let generator = InputGenerator(rows: count, folder: "")
    return (0..<count).map { i in
        let p = generator.person(i)
        var fields: FieldValues = [.name: [i % 7 == 0 ? p.name + "女士" : p.name], .phone: [p.phone], .address: [p.address],
                                   .birthday: [p.birthday], .gender: [p.gender]]
        if !p.email.isEmpty { fields[.email] = [p.email] }
        if !p.company.isEmpty { fields[.company] = [p.company] }
        if i % 3 == 0 { fields[.idNumber] = ["11010819900307451\(i % 10)"] }
        return fields
    }
}

/// Microseconds per value for each field normalizer, one thread (`heyi-bench --normalize-parts`).
func normalizePartsBench(records count: Int) {
    let generator = InputGenerator(rows: count, folder: "")
    let people = (0..<count).map(generator.person)
    func time(_ label: String, _ body: (InputGenerator.Person) -> Void) {
        let started = Date()
        for person in people { body(person) }
        print(String(format: "%-10@ %6.2f µs", label, Date().timeIntervalSince(started) * 1e6 / Double(count)))
    }
    let names = NameNormalizer(), phones = PhoneNormalizer(), emails = EmailNormalizer(), companies = CompanyNormalizer()
    let addresses = AddressNormalizer(), dates = DateNormalizer(), ids = IDNumberNormalizer(), genders = GenderNormalizer()
    time("warm-up") { _ = names.normalize($0.name); _ = addresses.normalize($0.address); _ = companies.normalize($0.company) }
    time("name") { _ = names.normalize($0.name) }
    time("phone") { _ = phones.normalize($0.phone) }
    time("email") { _ = emails.normalize($0.email) }
    time("company") { _ = companies.normalize($0.company) }
    time("address") { _ = addresses.normalize($0.address) }
    time("date") { _ = dates.normalize($0.birthday, patterns: ["yyyy/M/d"]) }
    time("id") { _ = ids.normalize("11010819900307451" + String($0.key.last!)) }
    time("gender") { _ = genders.normalize($0.gender) }
    // Whole records, caches warm: what one core does per record in `--normalize`.
    let records = benchRecords(count)
    let normalizer = RecordNormalizer()
    let formats: [CanonicalField: [String]] = [.birthday: ["yyyy/M/d"]]
    for record in records { _ = normalizer.normalize(record, dateFormats: formats) }
    let started = Date()
    for record in records { _ = normalizer.normalize(record, dateFormats: formats) }
    print(String(format: "%-10@ %6.2f µs", "record", Date().timeIntervalSince(started) * 1e6 / Double(count)))
}

/// Normalizes the fields JSON on each line of `file` (as the store keeps it) and prints each
/// normalized record as JSON: diff two builds' output to check that a faster normalizer changed
/// nothing (`heyi-bench --normalize-dump FILE`).
func normalizeDump(file: String) {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fatalError("cannot read \(file)") }
    let normalizer = RecordNormalizer(today: CalendarDay(year: 2026, month: 11, day: 23))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for line in text.split(separator: "\n") {
        let record = normalizer.normalize(FieldValues(json: String(line)) ?? FieldValues())
        print(String(decoding: try! encoder.encode(record), as: UTF8.self))
    }
}
