import GRDB
import GRDBSQLite
public import HeyiCore

/// What an incremental match pass needs from the store without reading all of it: the new
/// records, the stored records that share a blocking key with them (through indexes), and the
/// clusters and pairs around those.
extension Store {
    /// Runs `body` over `ids` in chunks small enough for one statement, with `?,?,…` for each chunk.
    static func inChunks(_ ids: some Collection<Int64>, size: Int = 500, _ body: (_ chunk: [Int64], _ marks: String) throws -> Void) rethrows {
        let list = Array(ids)
        for start in stride(from: 0, to: list.count, by: size) {
            let chunk = Array(list[start..<min(start + size, list.count)])
            try body(chunk, chunk.map { _ in "?" }.joined(separator: ","))
        }
    }

    /// Indexes the incremental match looks records up by; built once, after the first full match.
    public func ensureMatchIndexes() throws(HeyiError) {
        try write { db in
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS normalized_id_number ON normalized_records(id_number) WHERE id_number IS NOT NULL;
                CREATE INDEX IF NOT EXISTS normalized_pinyin_city ON normalized_records(pinyin_key, city) WHERE pinyin_key IS NOT NULL;
                CREATE INDEX IF NOT EXISTS normalized_pinyin_birthday ON normalized_records(pinyin_key, birthday) WHERE birthday IS NOT NULL;
                CREATE INDEX IF NOT EXISTS normalized_company_surname ON normalized_records(company_key, pinyin_key) WHERE company_key IS NOT NULL;
                CREATE INDEX IF NOT EXISTS normalized_name_district ON normalized_records(name, district) WHERE district IS NOT NULL;
                """)
        }
    }

    /// Current normalized records that have no cluster yet (new records and new versions).
    public func unclusteredRecordIds(version: Int) throws(HeyiError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT n.record_id FROM normalized_records n JOIN records r ON r.id = n.record_id
                LEFT JOIN record_clusters c ON c.record_id = n.record_id
                WHERE r.superseded_by IS NULL AND +n.version = ? AND c.record_id IS NULL ORDER BY n.record_id
                """, arguments: [version])
        }
    }

    /// The normalized rows of these records (current and of `version` only), in id order, read
    /// through SQLite's C API (tens of thousands of neighbours per incremental run).
    public func normalizedRows(_ ids: [Int64], version: Int) throws(HeyiError) -> [(source: String, row: NormalizedRow)] {
        try read { db in
            var rows: [Int64: (String, NormalizedRow)] = [:]
            rows.reserveCapacity(ids.count)
            let width = 500
            let marks = Array(repeating: "?", count: width).joined(separator: ",")
            let statements = try [
                """
                SELECT \(Self.normalizedColumns)
                FROM normalized_records n JOIN records r ON r.id = n.record_id
                WHERE n.record_id IN (\(marks)) AND r.superseded_by IS NULL AND +n.version = \(version)
                """,
                "SELECT record_id, e164, kind FROM record_phones WHERE record_id IN (\(marks))",
                "SELECT record_id, email FROM record_emails WHERE record_id IN (\(marks))",
            ].map { try db.makeStatement(sql: $0) }
            try withExtendedLifetime(statements) {
                let (main, phones, emails) = (statements[0].sqliteStatement, statements[1].sqliteStatement, statements[2].sqliteStatement)
                let text = SQLiteBinding.text
                func bind(_ statement: OpaquePointer, _ chunk: ArraySlice<Int64>) {
                    sqlite3_reset(statement)
                    for k in 0..<width { sqlite3_bind_int64(statement, Int32(k + 1), k < chunk.count ? chunk[chunk.startIndex + k] : -1) }
                }
                var sources: [String: String] = [:]
                for start in stride(from: 0, to: ids.count, by: width) {
                    let chunk = ids[start..<min(start + width, ids.count)]
                    bind(main, chunk)
                    while true {
                        let code = sqlite3_step(main)
                        if code == SQLITE_DONE { break }
                        try SQLiteBinding.check(code, in: db)
                        let (source, row) = Self.normalizedRow(main, version: version, sources: &sources)
                        rows[row.recordId] = (source, row)
                    }
                    bind(phones, chunk)
                    while sqlite3_step(phones) == SQLITE_ROW {
                        rows[sqlite3_column_int64(phones, 0)]?.1.phones.append((text(phones, 1) ?? "", text(phones, 2) ?? ""))
                    }
                    bind(emails, chunk)
                    while sqlite3_step(emails) == SQLITE_ROW { rows[sqlite3_column_int64(emails, 0)]?.1.emails.append(text(emails, 1) ?? "") }
                }
                for statement in [main, phones, emails] { sqlite3_reset(statement) }
            }
            // Phones and e-mails in the order the normalize stage stored them.
            return rows.keys.sorted().map { (rows[$0]!.0, rows[$0]!.1) }
        }
    }

    /// Current records sharing a blocking key with one of `rows`: the same phone, e-mail or ID
    /// number, pinyin name and city or birth date, company, or name and district.
    public func recordsSharingKeys(with rows: [NormalizedRow], version: Int) throws(HeyiError) -> Set<Int64> {
        try read { db in
            // Index-only look-ups: whether a record is current and of this version is checked when
            // the rows are loaded (normalizedRows), not here, so no table row is read.
            let queries = try [
                "SELECT record_id FROM record_phones WHERE e164 = ?",
                "SELECT record_id FROM record_emails WHERE email = ?",
                "SELECT record_id FROM normalized_records WHERE id_number = ?",
                "SELECT record_id FROM normalized_records WHERE pinyin_key = ? AND city = ?",
                "SELECT record_id FROM normalized_records WHERE pinyin_key = ? AND birthday = ?",
                "SELECT record_id FROM normalized_records WHERE company_key = ? AND (pinyin_key = ? OR pinyin_key LIKE ?)",
                "SELECT record_id FROM normalized_records WHERE name = ? AND district = ?",
            ].map { try db.cachedStatement(sql: $0) }
            var found = Set<Int64>()
            func run(_ statement: Statement, _ arguments: [String]) throws {
                let cursor = try Int64.fetchCursor(statement, arguments: StatementArguments(arguments))
                while let id = try cursor.next() { found.insert(id) }
            }
            var seen = Set<String>()
            func once(_ key: String) -> Bool { seen.insert(key).inserted }
            for row in rows {
                for (phone, _) in row.phones where once("p" + phone) { try run(queries[0], [phone]) }
                for email in row.emails where once("e" + email) { try run(queries[1], [email]) }
                if let id = row.idNumber, once("i" + id) { try run(queries[2], [id]) }
                if let pinyin = row.pinyinKey, let city = row.city, once("c\(pinyin)|\(city)") { try run(queries[3], [pinyin, city]) }
                if let pinyin = row.pinyinKey, let birthday = row.birthday, once("b\(pinyin)|\(birthday)") { try run(queries[4], [pinyin, birthday]) }
                if let company = row.companyKey, let surname = row.pinyinKey.map({ String($0.prefix { $0 != " " }) }), !surname.isEmpty,
                   once("k\(company)|\(surname)") {
                    try run(queries[5], [company, surname, surname + " %"])
                }
                if let name = row.name, let district = row.district, once("d\(name)|\(district)") { try run(queries[6], [name, district]) }
            }
            return found
        }
    }

    /// The cluster of each of these records that has one.
    public func clusterOf(_ ids: some Collection<Int64>) throws(HeyiError) -> [Int64: Int64] {
        try read { db in
            var clusters: [Int64: Int64] = [:]
            try Self.inChunks(ids) { chunk, marks in
                for row in try Row.fetchAll(db, sql: "SELECT record_id, cluster FROM record_clusters WHERE record_id IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    clusters[row[0]] = row[1]
                }
            }
            return clusters
        }
    }

    /// Current members of these clusters.
    public func members(ofClusters clusters: some Collection<Int64>) throws(HeyiError) -> [Int64] {
        try read { db in
            var ids: [Int64] = []
            try Self.inChunks(clusters) { chunk, marks in
                ids += try Int64.fetchAll(db, sql: """
                    SELECT c.record_id FROM record_clusters c JOIN records r ON r.id = c.record_id
                    WHERE r.superseded_by IS NULL AND c.cluster IN (\(marks))
                    """, arguments: StatementArguments(chunk))
            }
            return ids
        }
    }

    /// Stored pairs with a current record of `ids` on either side (and both sides current).
    public func pairs(touching ids: some Collection<Int64>) throws(HeyiError) -> [StoredPair] {
        try read { db in
            var pairs: [StoredPair] = []
            var seen = Set<[Int64]>()
            try Self.inChunks(ids, size: 400) { chunk, marks in
                for row in try Row.fetchAll(db, sql: """
                    SELECT p.* FROM match_pairs p JOIN records a ON a.id = p.record_a JOIN records b ON b.id = p.record_b
                    WHERE (p.record_a IN (\(marks)) OR p.record_b IN (\(marks))) AND a.superseded_by IS NULL AND b.superseded_by IS NULL
                    """, arguments: StatementArguments(chunk + chunk)) {
                    let pair = Self.pair(row)
                    if seen.insert([pair.recordA, pair.recordB]).inserted { pairs.append(pair) }
                }
            }
            return pairs
        }
    }

    /// Replaces the clusters of `affected` records and the pairs between two of them, in one
    /// transaction; everything else stays as it is.
    public func saveIncrementalMatch(affected: Set<Int64>, clusters: [(recordId: Int64, cluster: Int64)], pairs: [StoredPair], records: Int,
                                     candidatePairs: Int, autoMerge: Double, review: Double, modelJSON: String, blockingJSON: String,
                                     timingsJSON: String) throws(HeyiError) -> Int64 {
        let now = timestamp()
        return try write { db in
            let runId = try Self.insertMatchRun(db, now: now, clusters: clusters, pairs: pairs, records: records, candidatePairs: candidatePairs,
                                                autoMerge: autoMerge, review: review, modelJSON: modelJSON, blockingJSON: blockingJSON,
                                                timingsJSON: timingsJSON)
            // Versions replaced since the last pass leave their clusters and pairs.
            try db.execute(sql: "DELETE FROM record_clusters WHERE record_id IN (SELECT id FROM records WHERE superseded_by IS NOT NULL)")
            try db.execute(sql: """
                DELETE FROM match_pairs WHERE record_a IN (SELECT id FROM records WHERE superseded_by IS NOT NULL)
                    OR record_b IN (SELECT id FROM records WHERE superseded_by IS NOT NULL)
                """)
            let statements = try [
                "DELETE FROM match_pairs WHERE record_a = ? AND record_b = ?",
                "INSERT OR REPLACE INTO record_clusters (record_id, cluster, match_run_id) VALUES (?, ?, ?)",
                """
                INSERT OR REPLACE INTO match_pairs (record_a, record_b, match_run_id, weight, probability, decision, reason, levels, rules)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                "SELECT record_a, record_b FROM match_pairs WHERE record_a = ? OR record_b = ?",
            ].map { try db.makeStatement(sql: $0) }
            try withExtendedLifetime(statements) {
                typealias B = SQLiteBinding
                let delete = statements[0].sqliteStatement, cluster = statements[1].sqliteStatement, insert = statements[2].sqliteStatement
                // Pairs between two affected records are decided again: remove the stored ones first.
                var stale = Set<[Int64]>()
                for id in affected {
                    for row in try Row.fetchAll(statements[3], arguments: [id, id]) {
                        let a: Int64 = row[0], b: Int64 = row[1]
                        if affected.contains(a), affected.contains(b) { stale.insert([a, b]) }
                    }
                }
                for pair in stale {
                    B.bind(delete, 1, pair[0])
                    B.bind(delete, 2, pair[1])
                    try B.step(delete, in: db)
                }
                try Self.insertClusters(clusters, with: cluster, runId: runId, in: db)
                try Self.insertPairs(pairs, with: insert, runId: runId, in: db)
            }
            return runId
        }
    }

    /// Records named by steward rules the last match pass did not see yet (their clusters must be
    /// decided again). A rule replaced by a later decision gets a new id, so it counts as new.
    public func recordsOfNewRules() throws(HeyiError) -> Set<Int64> {
        try read { db in
            let seen = try Int64.fetchOne(db, sql: "SELECT rules_seen FROM match_runs ORDER BY id DESC LIMIT 1") ?? 0
            return Set(try Int64.fetchAll(db, sql: """
                SELECT r.id FROM link_rules l JOIN records r ON r.superseded_by IS NULL
                    AND ((r.source = l.source_a AND r.record_key = l.key_a) OR (r.source = l.source_b AND r.record_key = l.key_b))
                WHERE l.id > ?
                """, arguments: [seen]))
        }
    }
}

extension Store {
    /// Clusters that still hold a replaced (superseded) version of a record.
    public func clustersOfReplacedRecords() throws(HeyiError) -> Set<Int64> {
        try read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT DISTINCT c.cluster FROM record_clusters c JOIN records r ON r.id = c.record_id WHERE r.superseded_by IS NOT NULL
                """))
        }
    }

    /// Customers of these records, and of replaced versions still counted in a customer.
    public func customerMembership(of ids: Set<Int64>) throws(HeyiError) -> [Int64: String] {
        try read { db in
            var members: [Int64: String] = [:]
            try Self.inChunks(ids) { chunk, marks in
                for row in try Row.fetchAll(db, sql: "SELECT record_id, customer_id FROM customer_members WHERE record_id IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    members[row[0]] = row[1]
                }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT m.record_id, m.customer_id FROM customer_members m JOIN records r ON r.id = m.record_id WHERE r.superseded_by IS NOT NULL
                """) {
                members[row[0]] = row[1]
            }
            return members
        }
    }
}
