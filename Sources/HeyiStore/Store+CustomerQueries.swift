import GRDB
public import HeyiCore

/// A customer as `heyi show` prints it.
public struct CustomerDetail: Sendable, Codable {
    public struct Value: Sendable, Codable {
        public var field: String
        public var value: String
        /// The record that supplied it, as source:key.
        public var source: String
        public var key: String
    }
    public struct Member: Sendable, Codable {
        public var source: String
        public var department: String?
        public var key: String
        public var file: String
        public var line: Int?
        public var locator: String?
        public var owner: String?
        public var recordId: Int64
    }
    public struct Event: Sendable, Codable {
        public var at: String
        public var event: String
        public var other: String?
        public var records: Int?
        public var decidedBy: String?
        public var reason: String?
    }
    public var id: String
    /// The id asked for, when it was merged into this customer.
    public var askedFor: String?
    public var golden: [Value]
    /// Every phone, e-mail, address, company, owner and department, with the records carrying it.
    public var values: [Value]
    public var members: [Member]
    public var history: [Event]
}

/// A golden customer for export.
public struct ExportedCustomer: Sendable, Codable {
    public var id: String
    public var name: String?
    public var gender: String?
    public var birthday: String?
    public var idNumber: String?
    public var company: String?
    public var address: String?
    public var phones: [String]
    public var emails: [String]
    public var owners: [String]
    public var departments: [String]
    public var records: Int
    public var sources: Int
    public var createdAt: String
    public var updatedAt: String
}

/// One source record of a customer, for `heyi export --members`.
public struct ExportedMember: Sendable, Codable {
    public var customerId: String
    public var source: String
    public var key: String
    public var file: String
    public var locator: String
}

extension Store {
    /// Every value of every customer's records, one row per (customer, field, value, record):
    /// customer_id, field, value, source, key.
    static let customerValuesSQL = """
        SELECT m.customer_id, 'phone' AS field, p.e164 AS value, r.source, r.record_key FROM customer_members m
            JOIN records r ON r.id = m.record_id JOIN record_phones p ON p.record_id = m.record_id
        UNION ALL SELECT m.customer_id, 'email', e.email, r.source, r.record_key FROM customer_members m
            JOIN records r ON r.id = m.record_id JOIN record_emails e ON e.record_id = m.record_id
        UNION ALL SELECT m.customer_id, 'address', n.address, r.source, r.record_key FROM customer_members m
            JOIN records r ON r.id = m.record_id JOIN normalized_records n ON n.record_id = m.record_id WHERE n.address IS NOT NULL
        UNION ALL SELECT m.customer_id, 'company', n.company_name, r.source, r.record_key FROM customer_members m
            JOIN records r ON r.id = m.record_id JOIN normalized_records n ON n.record_id = m.record_id WHERE n.company_name IS NOT NULL
        UNION ALL SELECT m.customer_id, 'owner', n.owner, r.source, r.record_key FROM customer_members m
            JOIN records r ON r.id = m.record_id JOIN normalized_records n ON n.record_id = m.record_id WHERE n.owner IS NOT NULL
        UNION ALL SELECT m.customer_id, 'department', s.department, r.source, r.record_key FROM customer_members m
            JOIN records r ON r.id = m.record_id JOIN sources s ON s.name = r.source WHERE s.department IS NOT NULL
        """

    /// The live customer an id names, following merges (`C0000005` merged into `C0000003` → `C0000003`).
    public func liveCustomerId(_ id: String) throws(HeyiError) -> String? {
        try read { db in
            var current = id
            for _ in 0..<64 {
                guard let row = try Row.fetchOne(db, sql: "SELECT merged_into FROM customer_ids WHERE id = ?", arguments: [current]) else { return nil }
                guard let next: String = row[0] else { return current }
                current = next
            }
            return current
        }
    }

    public func liveCustomerCount() throws(HeyiError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer_ids WHERE merged_into IS NULL") ?? 0 }
    }

    /// Live customers carrying a phone number (E.164).
    public func customers(phone: String) throws(HeyiError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT m.customer_id FROM record_phones p JOIN customer_members m ON m.record_id = p.record_id
                WHERE p.e164 = ? ORDER BY m.customer_id
                """, arguments: [phone])
        }
    }

    /// Live customers with a record of this normalized name.
    public func customers(name: String) throws(HeyiError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT m.customer_id FROM normalized_records n JOIN customer_members m ON m.record_id = n.record_id
                WHERE n.name = ? ORDER BY m.customer_id
                """, arguments: [name])
        }
    }

    public func customerDetail(_ id: String) throws(HeyiError) -> CustomerDetail? {
        try read { db in
            guard let golden = try Row.fetchOne(db, sql: "SELECT * FROM golden_records WHERE customer_id = ?", arguments: [id]) else { return nil }
            func lineage(_ recordId: Int64?) throws -> (String, String) {
                guard let recordId, let row = try Row.fetchOne(db, sql: "SELECT source, record_key FROM records WHERE id = ?", arguments: [recordId])
                else { return ("", "") }
                return (row[0], row[1])
            }
            var chosen: [CustomerDetail.Value] = []
            for field in ["name", "gender", "birthday", "id_number", "company", "address"] {
                guard let value: String = golden[field] else { continue }
                let (source, key) = try lineage(golden[field + "_record"])
                chosen.append(.init(field: field, value: value, source: source, key: key))
            }
            let values = try Row.fetchAll(db, sql: "SELECT * FROM (\(Self.customerValuesSQL)) WHERE customer_id = ? ORDER BY 2, 3, 4, 5",
                                          arguments: [id]).map { CustomerDetail.Value(field: $0[1], value: $0[2], source: $0[3], key: $0[4]) }
            let members = try Row.fetchAll(db, sql: """
                SELECT source, department, key, file, line, locator, owner, record_id FROM customer_sources WHERE customer_id = ?
                ORDER BY department, source, key
                """, arguments: [id]).map {
                CustomerDetail.Member(source: $0[0], department: $0[1], key: $0[2], file: $0[3], line: $0[4], locator: $0[5], owner: $0[6], recordId: $0[7])
            }
            let history = try Row.fetchAll(db, sql: """
                SELECT at, event, other_customer_id, records, decided_by, reason FROM customer_history
                WHERE customer_id = ? OR other_customer_id = ? ORDER BY at, event
                """, arguments: [id, id]).map {
                CustomerDetail.Event(at: $0[0], event: $0[1], other: $0[2], records: $0[3], decidedBy: $0[4], reason: $0[5])
            }
            return CustomerDetail(id: id, askedFor: nil, golden: chosen, values: values, members: members, history: history)
        }
    }

    /// Every live customer, in id order, with its phones, e-mails, owners and departments.
    public func forEachCustomer(_ body: (ExportedCustomer) throws -> Void) throws {
        try pool.read { db in
            var multi: [String: [String: [String]]] = [:]
            let values = try Row.fetchCursor(db, sql: """
                SELECT customer_id, field, value, COUNT(*) AS n FROM (\(Self.customerValuesSQL)) WHERE field IN ('phone', 'email', 'owner', 'department')
                GROUP BY customer_id, field, value ORDER BY customer_id, field, n DESC, value
                """)
            while let row = try values.next() { multi[row[0], default: [:]][row[1], default: []].append(row[2]) }
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM customers ORDER BY id")
            while let row = try rows.next() {
                let id: String = row["id"]
                let m = multi[id] ?? [:]
                try body(ExportedCustomer(id: id, name: row["name"], gender: row["gender"], birthday: row["birthday"], idNumber: row["id_number"],
                                          company: row["company"], address: row["address"], phones: m["phone"] ?? [], emails: m["email"] ?? [],
                                          owners: m["owner"] ?? [], departments: m["department"] ?? [], records: row["records"],
                                          sources: row["sources"], createdAt: row["created_at"], updatedAt: row["updated_at"]))
            }
        }
    }

    /// Every current record with its customer, in customer order.
    public func forEachMember(_ body: (ExportedMember) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT customer_id, source, key, file, line, locator FROM customer_sources ORDER BY customer_id, source, key")
            while let row = try rows.next() {
                let line: Int? = row["line"], path: String? = row["locator"]
                let locator = [line.map { "line \($0)" }, path].compactMap { $0 }.joined(separator: " ")
                try body(ExportedMember(customerId: row["customer_id"], source: row["source"], key: row["key"], file: row["file"], locator: locator))
            }
        }
    }
}
