import Foundation
import Testing

/// The match workflow as a user runs it: generate, ingest, train, match, explain, evaluate.
@Suite struct MatchCLITests {
    @Test func generateIngestTrainMatchExplainEvaluate() throws {
        let folder = TemporaryFolder()
        let out = folder.path + "/gen", db = folder.path + "/h.sqlite"
        let generated = try CLI.run(["generate", "--customers", "400", "--seed", "2", "--out", out])
        #expect(generated.code == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("truth.csv"))
        for (mapping, input) in [("gen-sales", "sales"), ("gen-crm", "crm/customers.xml"), ("gen-web", "web/members.jsonl")] {
            let ingest = try CLI.run(["ingest", "--db", db, "--mapping", "mappings/\(mapping).yaml", input], in: out)
            #expect(ingest.code == 0, "\(ingest.stderr)")
        }
        // Matching before training explains what to do; a broken model file is a usage error.
        let noModel = try CLI.run(["explain", "gen-crm:CRM1", "gen-web:M1", "--db", db])
        #expect(noModel.code == 2 && noModel.stderr.contains("heyi match"))
        folder.write("bad.json", "{\"format\": 1}")
        let bad = try CLI.run(["match", "--db", db, "--model", folder.path + "/bad.json"])
        #expect(bad.code == 2 && bad.stderr.contains("bad.json"), "\(bad.stderr)")

        let train = try CLI.run(["train", "--db", db, "--out", folder.path + "/model.json"])
        #expect(train.code == 0, "\(train.stderr)")
        #expect(train.stdout.contains("shared_mobile"))
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/model.json"))) as? [String: Any]
        #expect(model?["prior"] is Double && (model?["comparisons"] as? [Any])?.count == 8)

        let match = try CLI.run(["match", "--db", db, "--model", folder.path + "/model.json", "--json"])
        #expect(match.code == 0, "\(match.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(match.stdout.utf8)) as? [String: Any]
        #expect((summary?["links"] as? Int ?? 0) > 0)
        #expect((summary?["trained"] as? Bool) == false)
        // The customers follow the clusters.
        let shown = try CLI.run(["show", "C0000001", "--db", db])
        #expect(shown.code == 0 && shown.stdout.contains("customer C0000001"), "\(shown.stderr)")

        // Explain a pair the truth says is one customer: a waterfall that adds up, nothing personal shown.
        let truth = try String(contentsOfFile: out + "/truth.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let byCustomer = Dictionary(grouping: truth, by: { $0[2] }).values.first { $0.count >= 2 }!
        let a = "\(byCustomer[0][0]):\(byCustomer[0][1])", b = "\(byCustomer[1][0]):\(byCustomer[1][1])"
        let explain = try CLI.run(["explain", a, b, "--db", db])
        #expect(explain.code == 0, "\(explain.stderr)")
        for field in ["prior", "name", "phone", "email", "id_number", "birthday", "gender", "company", "address", "total", "probability"] {
            #expect(explain.stdout.contains(field), "\(field) missing from\n\(explain.stdout)")
        }
        let explainJSON = try CLI.run(["explain", a, b, "--db", db, "--json"])
        let explanation = (try JSONSerialization.jsonObject(with: Data(explainJSON.stdout.utf8)) as? [String: Any])?["explanation"] as? [String: Any]
        let contributions = explanation?["contributions"] as? [[String: Any]] ?? []
        let sum = (explanation?["priorWeight"] as? Double ?? 0) + contributions.reduce(0) { $0 + ($1["weight"] as? Double ?? 0) }
        #expect(abs(sum - (explanation?["weight"] as? Double ?? .nan)) < 1e-6)

        let evaluate = try CLI.run(["evaluate", "--db", db, "--truth", out + "/truth.csv"])
        #expect(evaluate.code == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("pairwise precision") && evaluate.stdout.contains("B-cubed") && evaluate.stdout.contains("auto_merge"))
        let report = try CLI.run(["match", "--db", db, "--model", folder.path + "/model.json", "--blocking-report", "--truth", out + "/truth.csv"])
        #expect(report.stdout.contains("true pairs reached") && report.stdout.contains("mobile"))
        let missingTruth = try CLI.run(["evaluate", "--db", db, "--truth", folder.path + "/nope.csv"])
        #expect(missingTruth.code == 1 && missingTruth.stderr.contains("nope.csv"))
    }
}
