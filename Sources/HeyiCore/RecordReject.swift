/// A row heyi could not take as a record. It is kept, with the reason, never dropped.
public struct RecordReject: Sendable, Equatable {
    /// What went wrong, as a code a script can match.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case cellCount = "cell_count"
        case undecodable
        case malformedCSV = "malformed_csv"
        case malformedXML = "malformed_xml"
        case malformedJSON = "malformed_json"
        case notAnObject = "not_an_object"
        case missingKey = "missing_key"
        case duplicateKey = "duplicate_key"
        case unreadTail = "unread_tail"
    }

    public var reason: Reason
    public var locator: Locator
    /// The source field (column, XML or JSON path) at fault, when one is.
    public var field: String?
    /// What happened and what to do, with no customer values in it.
    public var message: String
    /// The text of the rejected row or element as read (after charset conversion).
    public var raw: String

    public init(reason: Reason, locator: Locator, field: String? = nil, message: String, raw: String) {
        self.reason = reason
        self.locator = locator
        self.field = field
        self.message = message
        self.raw = raw
    }
}
