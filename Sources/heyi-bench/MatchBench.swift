import Foundation

/// What `heyi match --json` and `heyi evaluate --json` print (the parts the benchmark reports).
private struct MatchOutput: Decodable {
    struct Seconds: Decodable { var load, blocking, training, scoring, clustering, save, total: Double }
    var records: Int
    var candidatePairs: Int
    var links: Int
    var seconds: Seconds
}

private struct EvaluateOutput: Decodable {
    struct Accuracy: Decodable { var precision, recall, f1, bcubedF1: Double }
    var stored: Accuracy
    var storedLinkPrecision: Double
}

/// The match stage on generated data through the real binary: generate, ingest (with normalize),
/// train, match, evaluate; each step's wall time and peak memory, the match's own per-step times,
/// and the accuracy against the generator's truth.
func matchBench(heyi: String, folder: String, customers: Int, accuracyCustomers: Int) throws -> [Measurement] {
    var results: [Measurement] = []
    func run(_ label: String, _ arguments: [String], records: Int, stdout: String = "/dev/null") throws -> Measurement {
        let (seconds, peakKB, status) = measure(heyi, arguments, stdout: stdout)
        guard status == 0 else { throw BenchFailure("heyi \(arguments.first ?? "") exited \(status)") }
        return Measurement(format: label, records: records, megabytes: 0, seconds: seconds,
                           recordsPerSecond: Int(Double(records) / max(seconds, 1e-9)), peakRSSMegabytes: Double(peakKB) / 1024)
    }
    for (size, label) in [(accuracyCustomers, "accuracy"), (customers, "match")] where size > 0 {
        let out = folder + "/gen-\(label)", db = out + "/heyi.sqlite"
        note("generating \(size) customers for the \(label) benchmark …")
        let generated = try run("generate", ["generate", "--customers", "\(size)", "--duplicate-rate", "0.3", "--seed", "11", "--out", out, "--json"],
                                records: 0, stdout: out + ".json")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".json"))) as? [String: Any]
        let records = summary?["records"] as? Int ?? 0
        var ingest = Measurement(format: "ingest+normalize", records: records, megabytes: 0, seconds: 0, recordsPerSecond: 0, peakRSSMegabytes: 0)
        for (mapping, input) in [("gen-sales", "sales"), ("gen-crm", "crm/customers.xml"), ("gen-web", "web/members.jsonl")] {
            let step = try run("ingest", ["ingest", "--db", db, "--mapping", out + "/mappings/\(mapping).yaml", out + "/" + input], records: records)
            ingest.seconds += step.seconds
            ingest.peakRSSMegabytes = max(ingest.peakRSSMegabytes, step.peakRSSMegabytes)
        }
        ingest.recordsPerSecond = Int(Double(records) / ingest.seconds)
        if label == "match" {
            var g = generated
            g.records = records
            g.recordsPerSecond = Int(Double(records) / g.seconds)
            results.append(g)
            results.append(ingest)
            results.append(try run("train", ["train", "--db", db, "--out", out + "/model.json"], records: records))
            let match = try run("match", ["match", "--db", db, "--model", out + "/model.json", "--json"], records: records, stdout: out + "/match.json")
            results.append(match)
            let output = try JSONDecoder().decode(MatchOutput.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/match.json")))
            let s = output.seconds
            note(String(format: "match of %d records: %d candidate pairs, %d links; load %.2fs, blocking %.2fs, scoring %.2fs, clustering %.2fs "
                        + "(blocking + scoring + clustering %.2fs), save %.2fs", output.records, output.candidatePairs, output.links, s.load,
                        s.blocking, s.scoring, s.clustering, s.blocking + s.scoring + s.clustering, s.save))
            results.append(Measurement(format: "block+score+cluster", records: records, megabytes: 0, seconds: s.blocking + s.scoring + s.clustering,
                                       recordsPerSecond: Int(Double(records) / (s.blocking + s.scoring + s.clustering)), peakRSSMegabytes: match.peakRSSMegabytes))
        } else {
            _ = try run("match", ["match", "--db", db], records: records)
        }
        _ = try run("evaluate", ["evaluate", "--db", db, "--truth", out + "/truth.csv", "--json"], records: records, stdout: out + "/evaluate.json")
        let accuracy = try JSONDecoder().decode(EvaluateOutput.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/evaluate.json")))
        note(String(format: "accuracy on %d records (%@): pairwise precision %.4f, recall %.4f, F1 %.4f; B-cubed F1 %.4f; automatic links %.4f precise",
                    records, label, accuracy.stored.precision, accuracy.stored.recall, accuracy.stored.f1, accuracy.stored.bcubedF1,
                    accuracy.storedLinkPrecision))
        try? FileManager.default.removeItem(atPath: out)
    }
    return results
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A project's whole `heyi run` on generated data (three formats), then a scheduled run that
/// finds one more batch of files: wall time and peak memory of each, with the run's own report.
func runBench(heyi: String, folder: String, customers: Int, increment: Int) throws -> [Measurement] {
    let out = folder + "/gen-run"
    func run(_ label: String, _ arguments: [String], records: Int, stdout: String = "/dev/null") throws -> Measurement {
        let (seconds, peakKB, status) = measure(heyi, arguments, stdout: stdout)
        guard status == 0 || status == 3 else { throw BenchFailure("heyi \(arguments.first ?? "") exited \(status)") }
        return Measurement(format: label, records: records, megabytes: 0, seconds: seconds,
                           recordsPerSecond: Int(Double(records) / max(seconds, 1e-9)), peakRSSMegabytes: Double(peakKB) / 1024)
    }
    func records(_ summary: String) throws -> Int {
        (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])?["records"] as? Int ?? 0
    }
    note("generating \(customers) customers for the run benchmark …")
    _ = try run("generate", ["generate", "--customers", "\(customers)", "--seed", "11", "--out", out, "--json"], records: 0, stdout: out + ".json")
    let total = try records(out + ".json")
    var results = [try run("run (full)", ["run", "--config", out + "/heyi.yaml", "--json"], records: total, stdout: out + "/run1.json")]
    func describe(_ path: String) throws -> String {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        let ingest = (report["ingest"] as? [[String: Any]] ?? []).reduce(0.0) { $0 + ($1["seconds"] as? Double ?? 0) }
        let normalize = (report["normalize"] as? [String: Any])?["seconds"] as? Double ?? 0
        let match = (report["match"] as? [String: Any])?["seconds"] as? [String: Any] ?? [:]
        let merge = (report["merge"] as? [String: Any])?["seconds"] as? Double ?? 0
        return String(format: "ingest %.1fs, normalize %.1fs, match %.1fs (load %.1f, blocking %.1f, training %.1f, scoring %.1f, clustering %.1f, save %.1f), merge %.1fs",
                      ingest, normalize, match["total"] as? Double ?? 0, match["load"] as? Double ?? 0, match["blocking"] as? Double ?? 0,
                      match["training"] as? Double ?? 0, match["scoring"] as? Double ?? 0, match["clustering"] as? Double ?? 0,
                      match["save"] as? Double ?? 0, merge)
    }
    note("full run: " + (try describe(out + "/run1.json")))
    _ = try run("generate", ["generate", "--customers", "\(increment)", "--seed", "12", "--key-prefix", "B", "--out", out + "/batch2", "--json"],
                records: 0, stdout: out + "/batch2.json")
    let added = try records(out + "/batch2.json")
    // The project now lists the second batch's files too, as a scheduled run would find them.
    let config = try String(contentsOfFile: out + "/heyi.yaml", encoding: .utf8)
        .replacingOccurrences(of: "files: [sales/]", with: "files: [sales/, batch2/sales/]")
        .replacingOccurrences(of: "files: [crm/customers.xml]", with: "files: [crm/customers.xml, batch2/crm/customers.xml]")
        .replacingOccurrences(of: "files: [web/members.jsonl]", with: "files: [web/members.jsonl, batch2/web/members.jsonl]")
    try config.write(toFile: out + "/heyi-more.yaml", atomically: true, encoding: .utf8)
    results.append(try run("run (+\(added) records)", ["run", "--config", out + "/heyi-more.yaml", "--json"], records: added, stdout: out + "/run2.json"))
    note("incremental run: " + (try describe(out + "/run2.json")))
    try? FileManager.default.removeItem(atPath: out)
    return results
}
