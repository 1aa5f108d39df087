import Foundation
import Testing

/// `heyi run --config`, then what users read: show, export, decide.
@Suite struct RunCLITests {
    /// The samples' project, with its database in a temporary folder.
    func project(_ folder: TemporaryFolder) throws -> String {
        let text = try String(contentsOfFile: repositoryRoot + "/Samples/heyi.yaml", encoding: .utf8)
            .replacingOccurrences(of: "database: ../heyi.sqlite", with: "database: \(folder.path)/h.sqlite")
        let path = repositoryRoot + "/Samples/.test-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func runShowExportDecide() throws {
        let folder = TemporaryFolder()
        let config = try project(folder)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let first = try CLI.run(["run", "--config", config])
        #expect(first.code == 3, "the samples have rejected rows: \(first.stderr)")
        #expect(first.stdout.contains("customers: 123 (123 new"), "\(first.stdout)")
        let again = try CLI.run(["run", "--config", config, "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect((report?["match"] as? [String: Any])?["newRecords"] as? Int == 0, "a second run matches nothing anew")
        #expect((report?["merge"] as? [String: Any])?["created"] as? Int == 0)

        // show by id, phone and name; masked unless --show-values.
        let shown = try CLI.run(["show", "C0000001", "--config", config])
        #expect(shown.code == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("source records by department") && shown.stdout.contains("history:") && shown.stdout.contains("created"))
        #expect(!shown.stdout.contains("王秀英"), "names are masked by default")
        let byPhone = try CLI.run(["show", "--phone", "135 1531 0307", "--config", config, "--show-values"])
        #expect(byPhone.stdout.contains("customer C0000001") && byPhone.stdout.contains("王秀英"), "\(byPhone.stdout)")
        let byName = try CLI.run(["show", "--name", "王秀英女士", "--config", config, "--json"])
        #expect(byName.stdout.contains("\"id\" : \"C0000001\""), "\(byName.stdout)")
        let missing = try CLI.run(["show", "C9999999", "--config", config])
        #expect(missing.code == 2)

        // Exports open in Excel: BOM, CRLF, formula-looking cells neutralised; members name file and locator.
        let csv = folder.path + "/customers.csv", members = folder.path + "/members.csv", jsonl = folder.path + "/customers.jsonl"
        #expect(try CLI.run(["export", "--config", config, "--format", "csv", "--out", csv]).code == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("customer_id,name,gender,birthday,id_number,company,address,phones,emails"))
        #expect(text.contains("\r\n") && text.contains(",'+86"), "phones start with + and are neutralised")
        #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 124)
        #expect(try CLI.run(["export", "--config", config, "--members", "--out", members]).code == 0)
        let memberText = String(decoding: try Data(contentsOf: URL(fileURLWithPath: members)).dropFirst(3), as: UTF8.self)
        #expect(memberText.hasPrefix("customer_id,source,key,file,locator\r\n"))
        #expect(memberText.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 310)
        #expect(memberText.contains("C0000001,sales-zhang,ZS0001,sales/张三-客户名单.csv,line 3\r\n"), "files as the project names them")
        #expect(try CLI.run(["export", "--config", config, "--format", "jsonl", "--out", jsonl]).code == 0)
        let firstLine = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        #expect((try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any])?["id"] as? String == "C0000001")

        // A steward splits a record off; the next run honours it and the history says who and why.
        let split = try CLI.run(["decide", "split", "web-members:M100001", "C0000001", "--by", "王经理", "--reason", "a namesake", "--config", config])
        #expect(split.code == 0, "\(split.stderr)")
        _ = try CLI.run(["run", "--config", config])
        let after = try CLI.run(["show", "C0000001", "--config", config, "--json"])
        #expect(!after.stdout.contains("M100001") && after.stdout.contains("steward_split") && after.stdout.contains("王经理"), "\(after.stdout)")
    }

    @Test func configurationProblemsAreNamedWithTheirPlace() throws {
        let folder = TemporaryFolder()
        let path = folder.write("heyi.yaml", """
            database: h.sqlite
            sources:
              - mapping: nope.yaml
                files: [x.csv]
            thresholds: {auto_merge: 0.5, review: 0.9}
            survivorship:
              rules: {name: [most_recnt]}
            colour: blue
            """)
        let result = try CLI.run(["run", "--config", path])
        #expect(result.code == 2)
        for message in ["0 < review ≤ auto_merge ≤ 1", "unknown survivorship rule 'most_recnt'", "did you mean 'most_recent'", "unknown key 'colour'",
                        "heyi.yaml:"] {
            #expect(result.stderr.contains(message), "\(message) missing from \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/h.sqlite"), "nothing was written")
    }
}
