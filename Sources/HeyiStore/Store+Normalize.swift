import GRDB
public import HeyiCore

/// A current record waiting to be normalized.
public struct PendingRecord: Sendable {
    public var id: Int64
    public var source: String
    public var fieldsJSON: String
    /// It has a normalized form of an older version, to be replaced.
    public var isRenormalization: Bool
}

/// What the normalizer found for one record, as the store keeps it.
public struct NormalizedRow: Sendable {
    public var recordId: Int64
    public var version: Int
    public var name: String?
    public var pinyinKey: String?
    public var surname: String?
    public var gender: String?
    public var birthday: String?
    public var idNumber: String?
    public var companyKey: String?
    public var province: String?
    public var city: String?
    public var district: String?
    /// The address after its district, folded.
    public var addressRest: String?
    public var phones: [(e164: String, kind: String)]
    public var emails: [String]
    /// What golden records show: the company's full folded name, the full normalized address, the
    /// first ID number whether valid or not, the owner (salesperson), the source's update date.
    public var companyName: String?
    public var address: String?
    public var idNumberAny: String?
    public var owner: String?
    public var updatedAt: String?
    /// Replaces an older normalized form (its phones and e-mails are removed first).
    public var replacesOlder = false

    public init(recordId: Int64, version: Int, name: String?, pinyinKey: String?, surname: String?, gender: String?, birthday: String?,
                idNumber: String?, companyKey: String?, province: String?, city: String?, district: String?, addressRest: String?,
                phones: [(e164: String, kind: String)], emails: [String]) {
        self.recordId = recordId
        self.version = version
        self.name = name
        self.pinyinKey = pinyinKey
        self.surname = surname
        self.gender = gender
        self.birthday = birthday
        self.idNumber = idNumber
        self.companyKey = companyKey
        self.province = province
        self.city = city
        self.district = district
        self.addressRest = addressRest
        self.phones = phones
        self.emails = emails
    }
}

/// A record with its lineage (for `heyi inspect`).
public struct InspectedRecord: Sendable, Codable {
    public var id: Int64
    public var source: String
    public var key: String
    public var file: String
    public var line: Int?
    public var path: String?
    public var raw: String
    public var fields: String
    /// A normalized form is stored (its explanation is recomputed, the normalizers being pure).
    public var isNormalized: Bool
}

extension Store {
    /// Where the search for records to normalize can start: after the highest normalized record,
    /// when no row of an older version is left (records are normalized in id order, and new
    /// records and versions get higher ids), else from the start. Saves reading a million
    /// normalized records to find the ten thousand new ones.
    public func normalizationStart(version: Int) throws(HeyiError) -> Int64 {
        try read { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM normalized_records WHERE version < ? LIMIT 1", arguments: [version]) == nil else { return 0 }
            return try Int64.fetchOne(db, sql: "SELECT MAX(record_id) FROM normalized_records") ?? 0
        }
    }

    /// Current records with no normalized row of `version`, after `afterId`, in id order.
    public func pendingNormalization(version: Int, after afterId: Int64, limit: Int) throws(HeyiError) -> [PendingRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.source, r.fields, n.record_id IS NOT NULL AS old FROM records r LEFT JOIN normalized_records n ON n.record_id = r.id
                WHERE r.superseded_by IS NULL AND r.id > ? AND (n.record_id IS NULL OR n.version < ?)
                ORDER BY r.id LIMIT ?
                """, arguments: [afterId, version, limit]).map { PendingRecord(id: $0["id"], source: $0["source"], fieldsJSON: $0["fields"], isRenormalization: $0["old"]) }
        }
    }

    /// Stores the normalized rows of these records, in one transaction, through prepared statements.
    public func saveNormalized(_ rows: [NormalizedRow]) throws(HeyiError) {
        try write { db in
            let statements = try [
                "DELETE FROM record_phones WHERE record_id = ?",
                "DELETE FROM record_emails WHERE record_id = ?",
                """
                INSERT OR REPLACE INTO normalized_records (record_id, version, name, pinyin_key, surname, gender, birthday, id_number,
                    company_key, province, city, district, address_rest, company_name, address, id_number_any, owner, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                "INSERT OR IGNORE INTO record_phones (record_id, e164, kind) VALUES (?, ?, ?)",
                "INSERT OR IGNORE INTO record_emails (record_id, email) VALUES (?, ?)",
            ].map { try db.makeStatement(sql: $0) }
            let (deletePhones, deleteEmails, upsert, phone, email) = (statements[0].sqliteStatement, statements[1].sqliteStatement,
                                                                      statements[2].sqliteStatement, statements[3].sqliteStatement,
                                                                      statements[4].sqliteStatement)
            typealias B = SQLiteBinding
            // The raw pointers are valid only while GRDB's statements live; release builds would
            // otherwise end their lifetime at the last use above.
            try withExtendedLifetime(statements) {
                for row in rows {
                    if row.replacesOlder {
                        B.bind(deletePhones, 1, row.recordId)
                        try B.step(deletePhones, in: db)
                        B.bind(deleteEmails, 1, row.recordId)
                        try B.step(deleteEmails, in: db)
                    }
                    B.bind(upsert, 1, row.recordId)
                    B.bind(upsert, 2, row.version)
                    for (index, value) in [row.name, row.pinyinKey, row.surname, row.gender, row.birthday, row.idNumber, row.companyKey,
                                           row.province, row.city, row.district, row.addressRest, row.companyName, row.address,
                                           row.idNumberAny, row.owner, row.updatedAt].enumerated() {
                        B.bind(upsert, Int32(index + 3), value)
                    }
                    try B.step(upsert, in: db)
                    for (e164, kind) in row.phones {
                        B.bind(phone, 1, row.recordId)
                        B.bind(phone, 2, e164)
                        B.bind(phone, 3, kind)
                        try B.step(phone, in: db)
                    }
                    for address in row.emails {
                        B.bind(email, 1, row.recordId)
                        B.bind(email, 2, address)
                        try B.step(email, in: db)
                    }
                }
            }
        }
    }

    /// The mapping a source was last ingested with, as JSON.
    public func mappingJSON(source: String) throws(HeyiError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT mapping_json FROM sources WHERE name = ?", arguments: [source]) }
    }

    /// The current record `key` of `source` with its lineage and normalized form.
    public func inspect(source: String, key: String) throws(HeyiError) -> InspectedRecord? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT r.id, r.source, r.record_key, f.path, r.line, r.path AS locator_path, r.raw, r.fields, n.record_id IS NOT NULL AS normalized
                FROM records r JOIN files f ON f.id = r.file_id LEFT JOIN normalized_records n ON n.record_id = r.id
                WHERE r.source = ? AND r.record_key = ? AND r.superseded_by IS NULL
                """, arguments: [source, key]).map {
                InspectedRecord(id: $0["id"], source: $0["source"], key: $0["record_key"], file: $0["path"], line: $0["line"],
                                path: $0["locator_path"], raw: $0["raw"], fields: $0["fields"], isNormalized: $0["normalized"])
            }
        }
    }
}
