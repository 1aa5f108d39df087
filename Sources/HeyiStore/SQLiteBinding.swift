import GRDB
import GRDBSQLite

/// Binding and stepping prepared statements through SQLite's C API, for the bulk paths where
/// GRDB's argument boxing costs more than the SQL (PLATFORM-NOTES.md).
enum SQLiteBinding {
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: String?) {
        guard let value else { sqlite3_bind_null(statement, index); return }
        let length = Int32(value.utf8.count)
        value.withCString { _ = sqlite3_bind_text(statement, index, $0, length, transient) }
    }

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { sqlite3_bind_null(statement, index) }
    }

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
    }

    /// A text column of the current row, nil for NULL.
    static func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }

    /// Rows of a statement ordered by record id (column 0), read alongside a main scan in the same
    /// order: `rows(upTo:)` hands over the rows of one record id and skips those of ids passed by.
    struct SortedSideTable {
        let statement: OpaquePointer
        private var code: Int32

        init(_ statement: OpaquePointer) {
            self.statement = statement
            code = sqlite3_step(statement)
        }

        /// Calls `body` for each row of `id` (the statement stands on it during the call).
        mutating func rows(of id: Int64, _ body: (OpaquePointer) -> Void) {
            while code == SQLITE_ROW, sqlite3_column_int64(statement, 0) <= id {
                if sqlite3_column_int64(statement, 0) == id { body(statement) }
                code = sqlite3_step(statement)
            }
        }
    }

    /// Runs a statement that returns no rows, then resets it for the next use.
    static func step(_ statement: OpaquePointer, in db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        try check(code, in: db)
    }

    static func check(_ code: Int32, in db: Database) throws {
        guard code == SQLITE_DONE || code == SQLITE_ROW || code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
