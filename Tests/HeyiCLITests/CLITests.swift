import ArgumentParser
import Foundation
import Testing
@testable import heyi

/// Help text wrapped to the terminal width, unwrapped again.
func folded(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Suite struct CLITests {
    static let commands: [any ParsableCommand.Type] = Heyi.configuration.subcommands

    @Test(arguments: commands.map { $0.configuration.commandName! })
    func everyCommandHasHelp(name: String) throws {
        let command = try #require(Self.commands.first { $0.configuration.commandName == name })
        #expect(!command.configuration.abstract.isEmpty)
        #expect(command.configuration.discussion.contains("Example"), "a command's help shows an example")
        let result = try CLI.run([name, "--help"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("USAGE: heyi \(name)"))
        #expect(folded(result.stdout).contains(command.configuration.abstract))
    }

    @Test func rootHelpListsCommandsAndExitCodes() throws {
        let result = try CLI.run(["--help"])
        #expect(result.code == 0)
        for command in Self.commands { #expect(result.stdout.contains(command.configuration.commandName!)) }
        #expect(folded(result.stdout).contains("3 finished, but some rows were rejected"))
    }

    @Test(arguments: [
        (["ingest", "Samples/web/members.jsonl"], "Missing expected argument '--mapping <file>'"),
        (["ingest", "--mapping", "Mappings/crm.yaml"], "name at least one file, folder or glob to ingest"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["runs", "--limit", "0"], "--limit must be at least 1"),
        (["match", "--review", "0.9", "--auto-merge", "0.8"], "0 < --review ≤ --auto-merge ≤ 1"),
        (["generate", "--customers", "10"], "Missing expected argument '--out <dir>'"),
        (["generate", "--customers", "10", "--duplicate-rate", "1", "--out", "x"], "--duplicate-rate must be at least 0 and below 1"),
        (["explain", "crm", "web:M1"], "name each record as source:key"),
    ])
    func usageErrorsExitWithTwo(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.code == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func configurationErrorsExitWithTwoAndWriteNothing() throws {
        let folder = TemporaryFolder()
        let mapping = folder.write("bad.yaml", "source: sales-zhang\nformat: csv\ncsv: {header_row: 2}\nfields:\n  phon: 手机\n  name: 客户名\n")
        let db = folder.path + "/h.sqlite"
        let result = try CLI.run(["ingest", "--db", db, "--mapping", mapping, "Samples/sales/张三-客户名单.csv", "Samples/nope.csv"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("bad.yaml:5:3: error: unknown canonical field 'phon'"))
        #expect(result.stderr.contains("Samples/nope.csv: error: no such file or folder"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func ingestReportsRejectsWithExitThreeAndMasksThemByDefault() throws {
        let folder = TemporaryFolder()
        let db = folder.path + "/h.sqlite"
        let ingest = try CLI.run(["ingest", "--json", "--db", db, "--mapping", "Mappings/sales-zhang.yaml", "Samples/sales/张三-客户名单.csv"])
        #expect(ingest.code == 3)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
        let totals = try #require((report["ingest"] as? [String: Any])?["totals"] as? [String: Int])
        #expect(totals["recordsNew"] == 58 && totals["rowsRejected"] == 2)
        #expect((report["normalize"] as? [String: Any])?["records"] as? Int == 58, "ingest normalizes what it stored")

        let masked = try CLI.run(["rejects", "--db", db])
        #expect(masked.code == 0)
        #expect(masked.stdout.contains("--> Samples/sales/张三-客户名单.csv:9"))
        #expect(masked.stdout.contains("137****3333"))
        #expect(!masked.stdout.contains("13722223333"), "phones are masked by default")
        let shown = try CLI.run(["rejects", "--db", db, "--show-values", "--json"])
        let rejects = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: Any]])
        #expect(rejects.count == 2)
        #expect(rejects.contains { ($0["raw"] as? String)?.contains("13722223333") == true })

        let again = try CLI.run(["ingest", "--db", db, "--mapping", "Mappings/sales-zhang.yaml", "Samples/sales/张三-客户名单.csv"])
        #expect(again.code == 0, "an unchanged file is skipped: nothing rejected this time")
        #expect(again.stdout.contains("unchanged (run 1)"))

        let sources = try CLI.run(["sources", "--db", db, "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(sources.stdout.utf8)) as? [[String: Any]])
        #expect(list.first?["records"] as? Int == 58)
        let runs = try CLI.run(["runs", "--db", db])
        #expect(runs.stdout.contains("completed"))
        #expect(try CLI.run(["rejects", "--db", db, "--run", "99"]).code == 2)
        #expect(try CLI.run(["sources", "--db", folder.path + "/none.sqlite"]).code == 2)
    }
}

@Suite struct InspectCommandTests {
    @Test func showsRawAndNormalizedValuesMaskedByDefault() throws {
        let folder = TemporaryFolder()
        let db = folder.path + "/h.sqlite"
        _ = try CLI.run(["ingest", "--db", db, "--mapping", "Mappings/sales-wang.yaml", "Samples/sales/王五-客户.tsv"])
        let masked = try CLI.run(["inspect", "sales-wang:W001", "--db", db])
        #expect(masked.code == 0)
        #expect(masked.stdout.contains("sales-wang:W001  (Samples/sales/王五-客户.tsv:2)"))
        #expect(masked.stdout.contains("name: 何**"))
        #expect(masked.stdout.contains("pinyin h*******"), "pinyin would give the name away")
        #expect(!masked.stdout.contains("何玉兰"))
        let shown = try CLI.run(["inspect", "sales-wang:W001", "--db", db, "--show-values"])
        #expect(shown.stdout.contains("name: 何玉蘭 → 何玉兰 (traditional → simplified; pinyin he yulan)"))
        #expect(shown.stdout.contains("full-width characters folded"))
        #expect(try CLI.run(["inspect", "sales-wang:NOPE", "--db", db]).code == 2)
        #expect(try CLI.run(["inspect", "W001", "--db", db]).code == 2)
    }
}

@Suite struct NormalizeCommandTests {
    @Test func bulkLoadThenNormalizeOnce() throws {
        let folder = TemporaryFolder()
        let db = folder.path + "/h.sqlite"
        let ingest = try CLI.run(["ingest", "--no-normalize", "--db", db, "--mapping", "Mappings/sales-wang.yaml", "Samples/sales/王五-客户.tsv"])
        #expect(ingest.code == 0)
        #expect(!ingest.stdout.contains("normalized"))
        #expect(try CLI.run(["inspect", "sales-wang:W002", "--db", db]).stdout.contains("not normalized yet: run heyi normalize"))
        let normalize = try CLI.run(["normalize", "--db", db, "--json"])
        #expect(normalize.code == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(normalize.stdout.utf8)) as? [String: Any])
        #expect(summary["records"] as? Int == 44)
        #expect(try CLI.run(["normalize", "--db", db]).stdout.contains("every record is up to date"))
    }
}
