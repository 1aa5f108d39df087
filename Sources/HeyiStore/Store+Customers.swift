import GRDB
import GRDBSQLite
public import HeyiCore

/// A current record with its lineage and the normalized values golden records show.
public struct StoredMember: Sendable {
    public var recordId: Int64
    public var source: String
    public var department: String?
    public var key: String
    public var file: String
    public var line: Int?
    public var path: String?
    public var name: String?
    public var gender: String?
    public var birthday: String?
    public var idNumber: String?
    public var idNumberValid: Bool
    public var company: String?
    public var address: String?
    public var phones: [String]
    public var emails: [String]
    public var owner: String?
    public var updatedAt: String?
}

/// A golden record as stored: per field the value and the record that supplied it. Its phones,
/// e-mails, addresses, owners and departments are read from its records (views), not copied.
public struct StoredGolden: Sendable {
    public var customerId: String
    public var values: [String: (value: String, recordId: Int64)]
    public var records: Int
    public var sources: Int

    public init(customerId: String, values: [String: (value: String, recordId: Int64)], records: Int, sources: Int) {
        self.customerId = customerId
        self.values = values
        self.records = records
        self.sources = sources
    }
}

/// What the merge stage decided in one pass.
public struct CustomerChanges: Sendable {
    public var assignment: [(recordId: Int64, customerId: String)]
    public var newIds: [String]
    public var mergedInto: [(from: String, into: String)]
    public var events: [(customer: String, event: String, other: String?, records: Int)]
    public var golden: [StoredGolden]
    /// Customers whose golden record is rewritten (touched), including ones now empty.
    public var rewritten: Set<String>

    public init(assignment: [(recordId: Int64, customerId: String)], newIds: [String], mergedInto: [(from: String, into: String)],
                events: [(customer: String, event: String, other: String?, records: Int)], golden: [StoredGolden], rewritten: Set<String>) {
        self.assignment = assignment
        self.newIds = newIds
        self.mergedInto = mergedInto
        self.events = events
        self.golden = golden
        self.rewritten = rewritten
    }
}

extension Store {
    /// Current records per cluster (from the last match).
    public func currentClusters() throws(HeyiError) -> [[Int64]] {
        try read { db in
            var groups: [Int64: [Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.record_id, c.cluster FROM record_clusters c JOIN records r ON r.id = c.record_id WHERE r.superseded_by IS NULL
                """)
            while let row = try rows.next() { groups[row[1], default: []].append(row[0]) }
            return groups.keys.sorted().map { groups[$0]!.sorted() }
        }
    }

    /// Each record's customer id from the last merge (current and superseded records alike).
    public func customerMembership() throws(HeyiError) -> [Int64: String] {
        try read { db in
            var members: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT record_id, customer_id FROM customer_members")
            while let row = try rows.next() { members[row[0]] = row[1] }
            return members
        }
    }

    /// The number after the highest customer id given so far.
    public func nextCustomerNumber() throws(HeyiError) -> Int {
        try read { db in
            let highest = try String.fetchOne(db, sql: "SELECT id FROM customer_ids ORDER BY id DESC LIMIT 1")
            return (highest.flatMap { Int($0.dropFirst()) } ?? 0) + 1
        }
    }

    /// Current records with lineage and golden-record values, for the given record ids (all when nil).
    public func members(_ wanted: Set<Int64>?) throws(HeyiError) -> [StoredMember] {
        if let wanted, wanted.count < 100_000 { return try members(ids: wanted.sorted()) }
        return try read { db in
            let main = try db.makeStatement(sql: """
                SELECT r.id, r.source, s.department, r.record_key, f.path, r.line, r.path, n.name, n.gender, n.birthday, n.id_number_any,
                       n.id_number, n.company_name, n.address, n.owner, n.updated_at
                FROM records r JOIN files f ON f.id = r.file_id JOIN sources s ON s.name = r.source
                JOIN normalized_records n ON n.record_id = r.id
                WHERE r.superseded_by IS NULL ORDER BY r.id
                """)
            let phones = try db.makeStatement(sql: "SELECT record_id, e164 FROM record_phones ORDER BY record_id")
            let emails = try db.makeStatement(sql: "SELECT record_id, email FROM record_emails ORDER BY record_id")
            var members: [StoredMember] = []
            try withExtendedLifetime([main, phones, emails]) {
                let m = main.sqliteStatement, p = phones.sqliteStatement, e = emails.sqliteStatement
                let text = SQLiteBinding.text
                var phoneRows = SQLiteBinding.SortedSideTable(p), emailRows = SQLiteBinding.SortedSideTable(e)
                while true {
                    let code = sqlite3_step(m)
                    if code == SQLITE_DONE { break }
                    try SQLiteBinding.check(code, in: db)
                    let id = sqlite3_column_int64(m, 0)
                    var recordPhones: [String] = [], recordEmails: [String] = []
                    phoneRows.rows(of: id) { recordPhones.append(text($0, 1) ?? "") }
                    emailRows.rows(of: id) { recordEmails.append(text($0, 1) ?? "") }
                    guard wanted?.contains(id) ?? true else { continue }
                    let anyID = text(m, 10), validID = text(m, 11)
                    members.append(StoredMember(
                        recordId: id, source: text(m, 1) ?? "", department: text(m, 2), key: text(m, 3) ?? "", file: text(m, 4) ?? "",
                        line: sqlite3_column_type(m, 5) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(m, 5)), path: text(m, 6),
                        name: text(m, 7), gender: text(m, 8), birthday: text(m, 9), idNumber: anyID, idNumberValid: anyID != nil && anyID == validID,
                        company: text(m, 12), address: text(m, 13), phones: recordPhones, emails: recordEmails, owner: text(m, 14),
                        updatedAt: text(m, 15)))
                }
                sqlite3_reset(m)
                sqlite3_reset(p)
                sqlite3_reset(e)
            }
            return members
        }
    }

    /// A few records, looked up by id.
    func members(ids: [Int64]) throws(HeyiError) -> [StoredMember] {
        try read { db in
            var members: [Int64: StoredMember] = [:]
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = chunk.map { _ in "?" }.joined(separator: ",")
                let arguments = StatementArguments(chunk)
                for r in try Row.fetchAll(db, sql: """
                    SELECT r.id, r.source, s.department, r.record_key, f.path, r.line, r.path AS locator, n.name, n.gender, n.birthday,
                           n.id_number_any, n.id_number, n.company_name, n.address, n.owner, n.updated_at
                    FROM records r JOIN files f ON f.id = r.file_id JOIN sources s ON s.name = r.source
                    JOIN normalized_records n ON n.record_id = r.id
                    WHERE r.superseded_by IS NULL AND r.id IN (\(marks))
                    """, arguments: arguments) {
                    let id: Int64 = r[0], anyID: String? = r[10], validID: String? = r[11]
                    members[id] = StoredMember(recordId: id, source: r[1], department: r[2], key: r[3], file: r[4], line: r[5], path: r[6],
                                               name: r[7], gender: r[8], birthday: r[9], idNumber: anyID, idNumberValid: anyID != nil && anyID == validID,
                                               company: r[12], address: r[13], phones: [], emails: [], owner: r[14], updatedAt: r[15])
                }
                for r in try Row.fetchAll(db, sql: "SELECT record_id, e164 FROM record_phones WHERE record_id IN (\(marks)) ORDER BY record_id",
                                          arguments: arguments) { members[r[0]]?.phones.append(r[1]) }
                for r in try Row.fetchAll(db, sql: "SELECT record_id, email FROM record_emails WHERE record_id IN (\(marks)) ORDER BY record_id",
                                          arguments: arguments) { members[r[0]]?.emails.append(r[1]) }
            }
            return members.keys.sorted().map { members[$0]! }
        }
    }

    /// Writes a merge pass in one transaction: new ids, memberships, merged ids, events and the
    /// golden records of the customers it touched.
    public func saveCustomers(_ changes: CustomerChanges, matchRunId: Int64?) throws(HeyiError) {
        let now = timestamp()
        try write { db in
            typealias B = SQLiteBinding
            // Prepared once: a first run over a million records writes a million of each.
            let statements = try [
                "INSERT INTO customer_ids (id, created_at) VALUES (?, ?)",
                "INSERT OR REPLACE INTO customer_members (record_id, customer_id) VALUES (?, ?)",
                "INSERT INTO customer_events (customer_id, event, other_customer_id, records, match_run_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                "DELETE FROM golden_records WHERE customer_id = ?",
            ].map { try db.makeStatement(sql: $0) }
            try withExtendedLifetime(statements) {
                let (newId, member, event, deleteGolden) = (statements[0].sqliteStatement, statements[1].sqliteStatement,
                                                            statements[2].sqliteStatement, statements[3].sqliteStatement)
                for id in changes.newIds {
                    B.bind(newId, 1, id)
                    B.bind(newId, 2, now)
                    try B.step(newId, in: db)
                }
                for (from, into) in changes.mergedInto {
                    try db.execute(sql: "UPDATE customer_ids SET merged_into = ?, merged_at = ? WHERE id = ?", arguments: [into, now, from])
                    // Ids merged into `from` earlier now lead to `into` directly.
                    try db.execute(sql: "UPDATE customer_ids SET merged_into = ? WHERE merged_into = ?", arguments: [into, from])
                }
                for (recordId, customerId) in changes.assignment {
                    B.bind(member, 1, recordId)
                    B.bind(member, 2, customerId)
                    try B.step(member, in: db)
                }
                // Superseded versions leave their customer (their successors are members now).
                try db.execute(sql: "DELETE FROM customer_members WHERE record_id IN (SELECT id FROM records WHERE superseded_by IS NOT NULL)")
                for e in changes.events {
                    B.bind(event, 1, e.customer)
                    B.bind(event, 2, e.event)
                    B.bind(event, 3, e.other)
                    B.bind(event, 4, e.records)
                    if let matchRunId { B.bind(event, 5, matchRunId) } else { sqlite3_bind_null(event, 5) }
                    B.bind(event, 6, now)
                    try B.step(event, in: db)
                }
                if !changes.newIds.isEmpty || !changes.rewritten.isEmpty {
                    let fresh = Set(changes.newIds)
                    for id in changes.rewritten where !fresh.contains(id) {
                        B.bind(deleteGolden, 1, id)
                        try B.step(deleteGolden, in: db)
                    }
                }
            }
            let golden = try db.makeStatement(sql: """
                INSERT INTO golden_records (customer_id, name, name_record, gender, gender_record, birthday, birthday_record, id_number,
                    id_number_record, company, company_record, address, address_record, records, sources, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try withExtendedLifetime(golden) {
                let g = golden.sqliteStatement
                for record in changes.golden {
                    B.bind(g, 1, record.customerId)
                    for (n, field) in ["name", "gender", "birthday", "id_number", "company", "address"].enumerated() {
                        let chosen = record.values[field]
                        B.bind(g, Int32(2 + 2 * n), chosen?.value)
                        if let chosen { B.bind(g, Int32(3 + 2 * n), chosen.recordId) } else { sqlite3_bind_null(g, Int32(3 + 2 * n)) }
                    }
                    B.bind(g, 14, record.records)
                    B.bind(g, 15, record.sources)
                    B.bind(g, 16, now)
                    try B.step(g, in: db)
                }
            }
        }
    }
}
