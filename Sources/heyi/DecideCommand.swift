import ArgumentParser
import Foundation
import HeyiCore
import HeyiStore

/// `heyi decide`: record a steward's decision that every later run honours.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a data steward's decision (never-link, always-link, split, merge) with who and why; every later run honours it.",
        discussion: """
            never-link A B: two records are different customers. always-link A B: they are the same. split SOURCE:KEY \
            CUSTOMER: the record does not belong to that customer. merge CUSTOMER OTHER: two customers are one. Records are \
            named source:key. The change shows after the next heyi run (or heyi match and a merge). \
            Example: heyi decide never-link sales-zhang:ZS0001 crm:CRM-00007 --by 王经理 --reason "father and son"
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable { case neverLink = "never-link", alwaysLink = "always-link", split, merge }

    @Argument(help: ArgumentHelp("never-link, always-link, split or merge.", valueName: "decision")) var kind: Kind
    @Argument(help: ArgumentHelp("Records (source:key) or customer ids, as the decision needs.", valueName: "subject")) var subjects: [String]
    @Option(help: ArgumentHelp("Who decides (recorded).", valueName: "name")) var by: String
    @Option(help: ArgumentHelp("Why (recorded).", valueName: "text")) var reason: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard subjects.count == 2 else { throw ValidationError("\(kind.rawValue) takes two subjects") }
        func isRecord(_ s: String) -> Bool { s.contains(":") && !s.hasPrefix(":") && !s.hasSuffix(":") }
        switch kind {
        case .neverLink, .alwaysLink: guard subjects.allSatisfy(isRecord) else { throw ValidationError("name both records as source:key") }
        case .split: guard isRecord(subjects[0]), !isRecord(subjects[1]) else { throw ValidationError("split takes SOURCE:KEY CUSTOMER-ID") }
        case .merge: guard !subjects.contains(where: isRecord) else { throw ValidationError("merge takes two customer ids") }
        }
        if by.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--by must name who decides") }
    }

    func run() throws {
        try reportingFailures {
            let store = try self.store.openExisting()
            func record(_ s: String) -> (String, String) { RecordName.parse(s)! }
            let decision: StewardDecision
            switch kind {
            case .neverLink, .alwaysLink:
                let (a, b) = (record(subjects[0]), record(subjects[1]))
                for (source, key) in [a, b] where try store.currentRecordId(source: source, key: key) == nil {
                    throw CLIFailure.configuration(ConfigurationError("no current record \(key) in source \(source)"))
                }
                decision = kind == .neverLink ? .neverLink(sourceA: a.0, keyA: a.1, sourceB: b.0, keyB: b.1)
                    : .alwaysLink(sourceA: a.0, keyA: a.1, sourceB: b.0, keyB: b.1)
            case .split:
                let (source, key) = record(subjects[0])
                decision = .split(source: source, key: key, customer: subjects[1])
            case .merge:
                decision = .merge(customer: subjects[0], other: subjects[1])
            }
            let id = try store.recordDecision(decision, by: by, reason: reason)
            print("decision \(id) recorded; it takes effect on the next heyi run")
            return 0
        }
    }
}
