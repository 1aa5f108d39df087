import GRDB
import GRDBSQLite
public import HeyiCore

/// A pair the matcher linked or queued for review, as the store keeps it.
public struct StoredPair: Sendable, Equatable {
    public var recordA: Int64
    public var recordB: Int64
    public var weight: Double
    public var probability: Double
    /// `link` or `review`.
    public var decision: String
    /// Why a pair waits for review (`uncertain`, `conflicting_id_numbers`, `split_from_cluster`).
    public var reason: String?
    /// Agreement levels, packed 4 bits per field (HeyiMatch.LevelVector).
    public var levels: Int
    /// Blocking rules that found the pair, comma-separated.
    public var rules: String

    public init(recordA: Int64, recordB: Int64, weight: Double, probability: Double, decision: String, reason: String?, levels: Int, rules: String) {
        self.recordA = recordA
        self.recordB = recordB
        self.weight = weight
        self.probability = probability
        self.decision = decision
        self.reason = reason
        self.levels = levels
        self.rules = rules
    }
}

/// One match pass as the store records it.
public struct StoredMatchRun: Sendable, Codable, Equatable {
    public var id: Int64
    public var startedAt: String
    public var records: Int
    public var candidatePairs: Int
    public var links: Int
    public var reviews: Int
    public var clusters: Int
    public var autoMerge: Double
    public var review: Double
    public var modelJSON: String
    public var blockingJSON: String
    public var timingsJSON: String
}

/// A steward's rule about two source records (kept by source and key, which survive new versions).
public struct StoredLinkRule: Sendable, Equatable, Codable {
    public var sourceA: String
    public var keyA: String
    public var sourceB: String
    public var keyB: String
    /// `never` or `always`.
    public var kind: String
    public var decidedBy: String
    public var decidedAt: String
    public var reason: String?

    public init(sourceA: String, keyA: String, sourceB: String, keyB: String, kind: String, decidedBy: String, decidedAt: String, reason: String?) {
        self.sourceA = sourceA
        self.keyA = keyA
        self.sourceB = sourceB
        self.keyB = keyB
        self.kind = kind
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
    }
}

extension Store {
    /// The columns `normalizedRow(_:version:sources:)` reads, in its order (`n`: normalized_records,
    /// `r`: records).
    static let normalizedColumns = """
        n.record_id, r.source, n.name, n.pinyin_key, n.surname, n.gender, n.birthday, n.id_number, n.company_key,
        n.province, n.city, n.district, n.address_rest
        """

    /// The row a statement selecting `normalizedColumns` stands on, without phones and e-mails;
    /// source names are kept once each in `sources` (a handful of them over a million rows).
    static func normalizedRow(_ statement: OpaquePointer, version: Int, sources: inout [String: String]) -> (source: String, row: NormalizedRow) {
        let text = SQLiteBinding.text
        let sourceText = text(statement, 1) ?? ""
        let source = sources[sourceText] ?? { sources[sourceText] = sourceText; return sourceText }()
        let row = NormalizedRow(recordId: sqlite3_column_int64(statement, 0), version: version, name: text(statement, 2),
                                pinyinKey: text(statement, 3), surname: text(statement, 4), gender: text(statement, 5),
                                birthday: text(statement, 6), idNumber: text(statement, 7), companyKey: text(statement, 8),
                                province: text(statement, 9), city: text(statement, 10), district: text(statement, 11),
                                addressRest: text(statement, 12), phones: [], emails: [])
        return (source, row)
    }

    /// Every current, normalized record with its source, in record id order, read through SQLite's
    /// C API (a million rows in a few seconds).
    public func forEachNormalized(version: Int, _ body: (_ source: String, _ row: NormalizedRow) -> Void) throws(HeyiError) {
        try read { db in
            let main = try db.makeStatement(sql: """
                SELECT \(Self.normalizedColumns)
                FROM normalized_records n JOIN records r ON r.id = n.record_id
                WHERE r.superseded_by IS NULL AND +n.version = ? ORDER BY n.record_id
                """)
            let phones = try db.makeStatement(sql: "SELECT record_id, e164, kind FROM record_phones ORDER BY record_id")
            let emails = try db.makeStatement(sql: "SELECT record_id, email FROM record_emails ORDER BY record_id")
            try withExtendedLifetime([main, phones, emails]) {
                let m = main.sqliteStatement, p = phones.sqliteStatement, e = emails.sqliteStatement
                sqlite3_bind_int64(m, 1, Int64(version))
                let text = SQLiteBinding.text
                var phoneRows = SQLiteBinding.SortedSideTable(p), emailRows = SQLiteBinding.SortedSideTable(e)
                var sources: [String: String] = [:]
                while true {
                    let code = sqlite3_step(m)
                    if code == SQLITE_DONE { break }
                    try SQLiteBinding.check(code, in: db)
                    var (source, row) = Self.normalizedRow(m, version: version, sources: &sources)
                    // Phones and e-mails are read alongside, both ordered by record id.
                    phoneRows.rows(of: row.recordId) { row.phones.append((text($0, 1) ?? "", text($0, 2) ?? "")) }
                    emailRows.rows(of: row.recordId) { row.emails.append(text($0, 1) ?? "") }
                    body(source, row)
                }
                sqlite3_reset(m)
                sqlite3_reset(p)
                sqlite3_reset(e)
            }
        }
    }

    /// Replaces the clusters and pairs with those of a new match pass, in one transaction.
    public func saveMatch(clusters: [(recordId: Int64, cluster: Int64)], pairs: [StoredPair], records: Int, candidatePairs: Int,
                          autoMerge: Double, review: Double, modelJSON: String, blockingJSON: String, timingsJSON: String) throws(HeyiError) -> Int64 {
        let now = timestamp()
        return try write { db in
            let runId = try Self.insertMatchRun(db, now: now, clusters: clusters, pairs: pairs, records: records, candidatePairs: candidatePairs,
                                                autoMerge: autoMerge, review: review, modelJSON: modelJSON, blockingJSON: blockingJSON,
                                                timingsJSON: timingsJSON)
            try db.execute(sql: "DELETE FROM record_clusters; DELETE FROM match_pairs")
            let statements = try [
                "INSERT INTO record_clusters (record_id, cluster, match_run_id) VALUES (?, ?, ?)",
                """
                INSERT INTO match_pairs (record_a, record_b, match_run_id, weight, probability, decision, reason, levels, rules)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            ].map { try db.makeStatement(sql: $0) }
            try withExtendedLifetime(statements) {
                let cluster = statements[0].sqliteStatement, pair = statements[1].sqliteStatement
                try Self.insertClusters(clusters, with: cluster, runId: runId, in: db)
                try Self.insertPairs(pairs, with: pair, runId: runId, in: db)
            }
            return runId
        }
    }

    /// A match pass's row, noting the highest steward rule it honoured.
    static func insertMatchRun(_ db: Database, now: String, clusters: [(recordId: Int64, cluster: Int64)], pairs: [StoredPair], records: Int,
                               candidatePairs: Int, autoMerge: Double, review: Double, modelJSON: String, blockingJSON: String,
                               timingsJSON: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO match_runs (started_at, records, candidate_pairs, links, reviews, clusters, auto_merge, review, model_json,
                blocking_json, timings_json, rules_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM link_rules))
            """, arguments: [now, records, candidatePairs, pairs.count { $0.decision == "link" }, pairs.count { $0.decision == "review" },
                             Set(clusters.map(\.cluster)).count, autoMerge, review, modelJSON, blockingJSON, timingsJSON])
        return db.lastInsertedRowID
    }

    /// Inserts record clusters through a prepared `INSERT … INTO record_clusters (record_id, cluster, match_run_id)` statement.
    static func insertClusters(_ clusters: [(recordId: Int64, cluster: Int64)], with statement: OpaquePointer, runId: Int64,
                               in db: Database) throws {
        for (recordId, cluster) in clusters {
            SQLiteBinding.bind(statement, 1, recordId)
            SQLiteBinding.bind(statement, 2, cluster)
            SQLiteBinding.bind(statement, 3, runId)
            try SQLiteBinding.step(statement, in: db)
        }
    }

    /// Inserts pairs through a prepared `INSERT … INTO match_pairs (record_a, record_b, match_run_id, weight, probability,
    /// decision, reason, levels, rules)` statement.
    static func insertPairs(_ pairs: [StoredPair], with statement: OpaquePointer, runId: Int64, in db: Database) throws {
        typealias B = SQLiteBinding
        for p in pairs {
            B.bind(statement, 1, p.recordA)
            B.bind(statement, 2, p.recordB)
            B.bind(statement, 3, runId)
            sqlite3_bind_double(statement, 4, p.weight)
            sqlite3_bind_double(statement, 5, p.probability)
            B.bind(statement, 6, p.decision)
            B.bind(statement, 7, p.reason)
            B.bind(statement, 8, p.levels)
            B.bind(statement, 9, p.rules)
            try B.step(statement, in: db)
        }
    }

    /// Current records that have a cluster (were matched before).
    public func clusteredRecordIds() throws(HeyiError) -> Set<Int64> {
        try read { db in
            var ids = Set<Int64>()
            let cursor = try Int64.fetchCursor(db, sql: """
                SELECT c.record_id FROM record_clusters c JOIN records r ON r.id = c.record_id WHERE r.superseded_by IS NULL
                """)
            while let id = try cursor.next() { ids.insert(id) }
            return ids
        }
    }

    /// Stored pairs whose records are both still current.
    public func currentPairs() throws(HeyiError) -> [StoredPair] {
        try read { db in
            var pairs: [StoredPair] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.* FROM match_pairs p JOIN records a ON a.id = p.record_a JOIN records b ON b.id = p.record_b
                WHERE a.superseded_by IS NULL AND b.superseded_by IS NULL
                """)
            while let row = try rows.next() { pairs.append(Self.pair(row)) }
            return pairs
        }
    }

    /// The latest match pass, if any.
    public func latestMatchRun() throws(HeyiError) -> StoredMatchRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM match_runs ORDER BY id DESC LIMIT 1").map {
                StoredMatchRun(id: $0["id"], startedAt: $0["started_at"], records: $0["records"], candidatePairs: $0["candidate_pairs"],
                               links: $0["links"], reviews: $0["reviews"], clusters: $0["clusters"], autoMerge: $0["auto_merge"],
                               review: $0["review"], modelJSON: $0["model_json"], blockingJSON: $0["blocking_json"],
                               timingsJSON: $0["timings_json"])
            }
        }
    }

    /// Cluster of every clustered current record, with its source and key.
    public func clusterMembers() throws(HeyiError) -> [(source: String, key: String, cluster: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.source, r.record_key, c.cluster FROM record_clusters c JOIN records r ON r.id = c.record_id
                """).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// The current record id of `source`/`key`.
    public func currentRecordId(source: String, key: String) throws(HeyiError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM records WHERE source = ? AND record_key = ? AND superseded_by IS NULL",
                               arguments: [source, key])
        }
    }

    static func pair(_ row: Row) -> StoredPair {
        StoredPair(recordA: row["record_a"], recordB: row["record_b"], weight: row["weight"], probability: row["probability"],
                   decision: row["decision"], reason: row["reason"], levels: row["levels"], rules: row["rules"])
    }

    /// Records a steward's rule (the latest decision on a pair replaces an earlier one).
    public func addLinkRule(_ rule: StoredLinkRule) throws(HeyiError) {
        try write { db in
            let (a, b) = (rule.sourceA, rule.keyA) <= (rule.sourceB, rule.keyB)
                ? ((rule.sourceA, rule.keyA), (rule.sourceB, rule.keyB)) : ((rule.sourceB, rule.keyB), (rule.sourceA, rule.keyA))
            try db.execute(sql: """
                INSERT OR REPLACE INTO link_rules (source_a, key_a, source_b, key_b, kind, decided_by, decided_at, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.0, a.1, b.0, b.1, rule.kind, rule.decidedBy, rule.decidedAt, rule.reason])
        }
    }

    /// Every steward rule.
    public func linkRules() throws(HeyiError) -> [StoredLinkRule] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM link_rules ORDER BY id").map {
                StoredLinkRule(sourceA: $0["source_a"], keyA: $0["key_a"], sourceB: $0["source_b"], keyB: $0["key_b"], kind: $0["kind"],
                               decidedBy: $0["decided_by"], decidedAt: $0["decided_at"], reason: $0["reason"])
            }
        }
    }

    /// The store's current record ids by source and key (to apply steward rules).
    public func currentRecordIds() throws(HeyiError) -> [String: [String: Int64]] {
        try read { db in
            var ids: [String: [String: Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT source, record_key, id FROM records WHERE superseded_by IS NULL")
            while let row = try rows.next() { ids[row[0], default: [:]][row[1]] = row[2] }
            return ids
        }
    }
}

/// A steward's decision, as the review screens will record it.
public enum StewardDecision: Sendable, Equatable {
    /// These two records are different customers.
    case neverLink(sourceA: String, keyA: String, sourceB: String, keyB: String)
    /// These two records are the same customer.
    case alwaysLink(sourceA: String, keyA: String, sourceB: String, keyB: String)
    /// This record does not belong to the customer: it is kept apart from its other records.
    case split(source: String, key: String, customer: String)
    /// These two customers are one.
    case merge(customer: String, other: String)
}

extension Store {
    /// Records a decision with who and why, and the link rules every later run honours.
    @discardableResult
    public func recordDecision(_ decision: StewardDecision, by: String, reason: String?) throws(HeyiError) -> Int64 {
        let now = timestamp()
        return try write { db in
            func insertDecision(_ kind: String, _ a: (String, String)?, _ b: (String, String)?, customer: String?, other: String?) throws -> Int64 {
                try db.execute(sql: """
                    INSERT INTO steward_decisions (kind, source_a, key_a, source_b, key_b, customer_id, other_customer_id, decided_by, decided_at, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [kind, a?.0, a?.1, b?.0, b?.1, customer, other, by, now, reason])
                return db.lastInsertedRowID
            }
            func rule(_ a: (String, String), _ b: (String, String), _ kind: String, _ id: Int64) throws {
                let (x, y) = a <= b ? (a, b) : (b, a)
                try db.execute(sql: """
                    INSERT OR REPLACE INTO link_rules (source_a, key_a, source_b, key_b, kind, decided_by, decided_at, reason, decision_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [x.0, x.1, y.0, y.1, kind, by, now, reason, id])
            }
            func customerOf(_ source: String, _ key: String) throws -> String? {
                try String.fetchOne(db, sql: """
                    SELECT m.customer_id FROM customer_members m JOIN records r ON r.id = m.record_id
                    WHERE r.source = ? AND r.record_key = ? AND r.superseded_by IS NULL
                    """, arguments: [source, key])
            }
            func members(_ customer: String) throws -> [(String, String)] {
                try Row.fetchAll(db, sql: "SELECT source, key FROM customer_sources WHERE customer_id = ? ORDER BY source, key",
                                 arguments: [customer]).map { ($0[0], $0[1]) }
            }
            switch decision {
            case let .neverLink(sa, ka, sb, kb), let .alwaysLink(sa, ka, sb, kb):
                let kind = if case .neverLink = decision { "never" } else { "always" }
                let id = try insertDecision(kind == "never" ? "never_link" : "always_link", (sa, ka), (sb, kb), customer: try customerOf(sa, ka),
                                            other: try customerOf(sb, kb))
                try rule((sa, ka), (sb, kb), kind, id)
                return id
            case let .split(source, key, customer):
                let others = try members(customer).filter { $0 != (source, key) }
                guard !others.isEmpty else {
                    throw HeyiError(.configuration, "\(source):\(key) is not a record of \(customer) beside others", hint: "heyi show \(customer) lists its records")
                }
                let id = try insertDecision("split", (source, key), nil, customer: customer, other: nil)
                for other in others { try rule((source, key), other, "never", id) }
                return id
            case let .merge(customer, other):
                guard let a = try members(customer).first, let b = try members(other).first else {
                    throw HeyiError(.configuration, "both customers must exist and have records", hint: "check the ids with heyi show")
                }
                let id = try insertDecision("merge", a, b, customer: customer, other: other)
                try rule(a, b, "always", id)
                return id
            }
        }
    }
}
