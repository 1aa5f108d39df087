public import HeyiCore
import GRDB

extension Store {
    /// Every source with file, record and reject counts.
    public func sources() throws(HeyiError) -> [SourceSummary] {
        try read { db in
            try SourceSummary.fetchAll(db, sql: """
                SELECT s.name, s.department, s.format,
                    (SELECT COUNT(*) FROM files f WHERE f.source = s.name) AS files,
                    (SELECT COUNT(*) FROM records r WHERE r.source = s.name AND r.superseded_by IS NULL) AS records,
                    (SELECT COUNT(*) FROM rejects j WHERE j.source = s.name) AS rejects,
                    (SELECT MAX(f.ingested_at) FROM files f WHERE f.source = s.name) AS last_ingested_at
                FROM sources s ORDER BY s.name
                """)
        }
    }

    /// The latest runs, newest first.
    public func runs(limit: Int = 20) throws(HeyiError) -> [StoredRun] {
        try read { db in try StoredRun.order(StoredRun.Columns.id.desc).limit(limit).fetchAll(db) }
    }

    public func run(id: Int64) throws(HeyiError) -> StoredRun? {
        try read { db in try StoredRun.fetchOne(db, key: id) }
    }

    /// Rejected rows, optionally of one run or one source, oldest first.
    public func rejects(run: Int64? = nil, source: String? = nil, limit: Int? = nil) throws(HeyiError) -> [StoredReject] {
        try read { db in
            var sql = """
                SELECT j.id, j.run_id, j.file_id, j.source, f.path, j.record_no, j.line, j."column", j.path AS locator_path,
                       j.field, j.reason, j.message, j.raw
                FROM rejects j JOIN files f ON f.id = j.file_id WHERE 1 = 1
                """
            var arguments: StatementArguments = []
            if let run { sql += " AND j.run_id = ?"; arguments += [run] }
            if let source { sql += " AND j.source = ?"; arguments += [source] }
            sql += " ORDER BY j.id"
            if let limit { sql += " LIMIT \(limit)" }
            return try StoredReject.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// Files of a run, in ingest order.
    public func files(run: Int64) throws(HeyiError) -> [StoredFile] {
        try read { db in try StoredFile.filter(Column("run_id") == run).order(Column("id")).fetchAll(db) }
    }

    /// Counts of rows per table (tests; the table and condition are ours, never user input).
    func count(_ table: String, where condition: String = "1 = 1") throws(HeyiError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0 }
    }
}
