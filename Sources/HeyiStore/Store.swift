public import Foundation
import GRDB
public import HeyiCore

/// heyi's SQLite store: one file, WAL mode, foreign keys on, schema by named migrations.
/// Stages never see it; HeyiPipeline writes what they produce through it.
public final class Store: Sendable {
    public let path: String
    let pool: DatabasePool
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) and migrates the store at `path`.
    public init(path: String, clock: @escaping @Sendable () -> Date = Date.init) throws(HeyiError) {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.label = "heyi"
        configuration.prepareDatabase { db in
            // NORMAL is durable across a killed process (WAL frames are in the OS); only a power
            // cut may roll back the last commits, never corrupt. 8 KiB pages suit records of a few
            // hundred bytes (measured faster than 4 and 16 KiB here); page_size only acts on a new file.
            try db.execute(sql: "PRAGMA page_size = 8192; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw HeyiError(.store, "cannot open the store: \(Self.describe(error))", file: path,
                            hint: "check that the folder is writable and the file is a heyi store")
        }
    }

    /// The current time as heyi writes it: ISO 8601, UTC, milliseconds.
    func timestamp() -> String {
        clock().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Runs `body` in a write transaction, mapping database errors to a `HeyiError`.
    func write<T>(_ body: (Database) throws -> T) throws(HeyiError) -> T {
        do {
            return try pool.write(body)
        } catch let error as HeyiError {
            throw error
        } catch {
            throw HeyiError(.store, "the store refused a write: \(Self.describe(error))", file: path)
        }
    }

    /// Like `write`, but errors that `body` throws on its own (a reader's) pass through unchanged.
    func writePassingThrough<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw HeyiError(.store, "the store refused a write: \(Self.describe(error))", file: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(HeyiError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw HeyiError(.store, "the store refused a read: \(Self.describe(error))", file: path)
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when the file is sound.
    public func integrityProblems() throws(HeyiError) -> [String] {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let foreign = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            return integrity + foreign
        }
    }

    /// A database error without the statement's bound values (they may be customer data).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
        return "\(error)"
    }
}
