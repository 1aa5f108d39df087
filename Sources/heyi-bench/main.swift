import Foundation
import HeyiCore

// heyi-bench: ingest throughput and peak memory per format, measured on the real `heyi ingest`
// (release build) over inputs generated on the fly. Not a test: numbers go in README.
//
//   heyi-bench --heyi .build/release/heyi [--rows N] [--large-gb G] [--keep DIR] [--json]

struct Options {
    var heyi = ".build/release/heyi"
    var rows = 1_000_000
    var largeGB = 0.0
    var keep: String?
    var json = false
    /// Which stages to measure: ingest (and normalize over its store), normalize (in memory),
    /// run, match, or all.
    var only = "all"
    /// Customers generated for the match benchmark (×1/(1−0.3) records) and for the accuracy check.
    var matchCustomers = 700_000
    var accuracyCustomers = 70_000
    /// Customers of the second batch a scheduled run finds (×1/(1−0.3) records).
    var incrementCustomers = 7_000

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--heyi": heyi = iterator.next() ?? heyi
            case "--rows": rows = Int(iterator.next() ?? "") ?? rows
            case "--large-gb": largeGB = Double(iterator.next() ?? "") ?? 0
            case "--keep": keep = iterator.next()
            case "--json": json = true
            case "--only": only = iterator.next() ?? only
            case "--match-customers": matchCustomers = Int(iterator.next() ?? "") ?? matchCustomers
            case "--accuracy-customers": accuracyCustomers = Int(iterator.next() ?? "") ?? accuracyCustomers
            case "--increment-customers": incrementCustomers = Int(iterator.next() ?? "") ?? incrementCustomers
            case "--help", "-h":
                print("usage: heyi-bench --heyi PATH [--only ingest|normalize|match|run|all] [--rows N] [--large-gb G] [--match-customers N] [--accuracy-customers N] [--keep DIR] [--json]")
                exit(0)
            default:
                FileHandle.standardError.write(Data("heyi-bench: unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

struct Measurement: Codable {
    var format: String
    var records: Int
    var megabytes: Double
    var seconds: Double
    var recordsPerSecond: Int
    var peakRSSMegabytes: Double
}

/// Runs a command and returns its wall time and peak resident memory (from wait4's rusage).
func measure(_ executable: String, _ arguments: [String], stdout: String = "/dev/null") -> (seconds: Double, peakKB: Int, status: Int32) {
    let started = Date()
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (0, 0, -1) }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    return (Date().timeIntervalSince(started), usage.ru_maxrss, (status >> 8) & 0xFF)
}

if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--read-only" {
    try readOnly(mapping: CommandLine.arguments[2], file: CommandLine.arguments[3])
    exit(0)
}
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--normalize-dump" {
    // Regression check for normalizer rewrites: fields JSON per line in, normalized JSON per line out.
    normalizeDump(file: CommandLine.arguments[2])
    exit(0)
}
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "--normalize-parts" {
    normalizePartsBench(records: 100_000)
    exit(0)
}
/// The normalizers in memory on a generated company's records, as heyi runs them, with a
/// per-name cache too, and without any cache: the median of five passes each (this machine's speed varies
/// by ±20% from one second to the next), printed with the range, and returned for the table.
func normalizeMemoryBench(records count: Int, uncached: Bool) -> [Measurement] {
    let records = generatedRecords(count)
    func report(_ caches: BenchCaches, _ records: [(fields: FieldValues, formats: [CanonicalField: [String]])], passes: Int) -> Measurement {
        let seconds = normalizeBench(records: records, caches: caches, passes: passes).sorted()
        let rates = seconds.map { Double(records.count) / $0 }.sorted()
        let spread = rates.count > 1 ? String(format: " (%.0f–%.0f over %d passes)", rates.first!, rates.last!, rates.count) : ""
        print(String(format: "normalize %d records, %@: %@%.0f records/s%@", records.count, caches.rawValue, rates.count > 1 ? "median " : "",
                     rates[rates.count / 2], spread))
        let median = seconds[seconds.count / 2]
        return Measurement(format: "normalize, \(caches == .standard ? "memory" : caches == .withNameCache ? "name cache" : "no caches")",
                           records: records.count, megabytes: 0, seconds: median, recordsPerSecond: Int(Double(records.count) / median),
                           peakRSSMegabytes: 0)
    }
    var results = [report(.standard, records, passes: 5)]
    if uncached {
        results.append(report(.withNameCache, records, passes: 5))
        // ICU manages some thousands of values a second: a smaller sample.
        results.append(report(.none, Array(records.prefix(20_000)), passes: 1))
    }
    return results
}

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "--normalize" {
    let count = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 300_000 : 300_000
    _ = normalizeMemoryBench(records: count, uncached: !CommandLine.arguments.contains("--cached-only"))
    exit(0)
}
let options = Options(CommandLine.arguments)
let folder = options.keep ?? (NSTemporaryDirectory() + "heyi-bench-" + UUID().uuidString)
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: folder) } }

let generator = InputGenerator(rows: options.rows, folder: folder)
var results: [Measurement] = []
nonisolated(unsafe) var extra: [Measurement] = []
func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

func bench(_ format: String, file: String, records: Int) throws -> Measurement {
    let mapping = folder + "/\(format).yaml"
    try InputGenerator.mappings[format == "csv-large" ? "csv" : format]!.write(toFile: mapping, atomically: true, encoding: .utf8)
    let db = folder + "/\(format).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    note("ingesting \(format): \(records) records, \(bytes / 1_000_000) MB …")
    let (seconds, peakKB, status) = measure(options.heyi, ["ingest", "--no-normalize", "--db", db, "--mapping", mapping, file])
    guard status == 0 else { note("heyi ingest exited \(status)"); exit(1) }
    if format == "csv" {
        // The normalize stage over the store the CSV ingest left, end to end (read, normalize, write).
        let (normalizeSeconds, normalizePeakKB, normalizeStatus) = measure(options.heyi, ["normalize", "--db", db])
        guard normalizeStatus == 0 else { note("heyi normalize exited \(normalizeStatus)"); exit(1) }
        extra.append(Measurement(format: "normalize", records: records, megabytes: 0, seconds: normalizeSeconds,
                                 recordsPerSecond: Int(Double(records) / normalizeSeconds), peakRSSMegabytes: Double(normalizePeakKB) / 1024))
    }
    try? FileManager.default.removeItem(atPath: db)
    return Measurement(format: format, records: records, megabytes: Double(bytes) / 1_000_000, seconds: seconds,
                       recordsPerSecond: Int(Double(records) / seconds), peakRSSMegabytes: Double(peakKB) / 1024)
}

if options.only == "all" || options.only == "ingest" {
note("SHA-256 \(SHA256.isAccelerated ? "with" : "without") the CPU's SHA extensions")
note("generating \(options.rows) records per format in \(folder) …")
results.append(try bench("csv", file: generator.csv("sales.csv"), records: options.rows))
results.append(try bench("jsonl", file: generator.jsonl("members.jsonl"), records: options.rows))
results.append(try bench("xml", file: generator.xml("crm.xml"), records: options.rows))
}
if options.only == "all" || options.only == "normalize" {
    note("normalizing 300,000 generated records in memory …")
    results += normalizeMemoryBench(records: 300_000, uncached: true)
}
if options.only == "all" || options.only == "run" {
    results += try runBench(heyi: options.heyi, folder: folder, customers: options.matchCustomers, increment: options.incrementCustomers)
}
if options.only == "all" || options.only == "match" {
    results += try matchBench(heyi: options.heyi, folder: folder, customers: options.matchCustomers, accuracyCustomers: options.accuracyCustomers)
}
if options.largeGB > 0 {
    let rows = Int(options.largeGB * 1_000_000_000 / 112)
    note("generating a \(options.largeGB) GB CSV (\(rows) rows) …")
    results.append(try bench("csv-large", file: generator.csv("large.csv", rows: rows), records: rows))
}

results += extra
if options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(results), as: UTF8.self))
} else {
    print("step                   records      MB   seconds   records/s   peak RSS MB")
    for r in results {
        print(r.format.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %9d %7.0f %9.2f %11d %13.0f", r.records, r.megabytes, r.seconds, r.recordsPerSecond, r.peakRSSMegabytes))
    }
}
