/// A source record as the merge stage sees it: its lineage and its normalized values.
public struct MemberRecord: Sendable, Equatable {
    public var recordId: Int64
    public var source: String
    public var department: String?
    public var key: String
    public var file: String
    public var line: Int?
    /// XML element path or JSON pointer.
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
    /// When the record was last updated by its source (or ingested): ISO 8601, compared as text.
    public var updatedAt: String

    public init(recordId: Int64, source: String, department: String? = nil, key: String, file: String, line: Int? = nil, path: String? = nil,
                name: String? = nil, gender: String? = nil, birthday: String? = nil, idNumber: String? = nil, idNumberValid: Bool = false,
                company: String? = nil, address: String? = nil, phones: [String] = [], emails: [String] = [], owner: String? = nil,
                updatedAt: String = "") {
        self.recordId = recordId
        self.source = source
        self.department = department
        self.key = key
        self.file = file
        self.line = line
        self.path = path
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.idNumber = idNumber
        self.idNumberValid = idNumberValid
        self.company = company
        self.address = address
        self.phones = phones
        self.emails = emails
        self.owner = owner
        self.updatedAt = updatedAt
    }

    func value(_ field: GoldenField) -> String? {
        let value: String? = switch field {
        case .name: name
        case .gender: gender
        case .birthday: birthday
        case .idNumber: idNumber
        case .company: company
        case .address: address
        }
        return value.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A value of a customer and the records that carry it.
public struct SourcedValue: Sendable, Equatable, Codable {
    public var value: String
    /// Records carrying the value, ascending.
    public var recordIds: [Int64]
}

/// One customer as the company should see it: a value per field with the record it came from,
/// and every phone, e-mail, address, owner and department with the records behind each.
public struct GoldenRecord: Sendable, Equatable {
    /// Chosen value and the record that supplied it.
    public var values: [GoldenField: (value: String, recordId: Int64)]
    public var phones: [SourcedValue]
    public var emails: [SourcedValue]
    public var addresses: [SourcedValue]
    public var companies: [SourcedValue]
    public var owners: [SourcedValue]
    public var departments: [SourcedValue]
    public var sources: [SourcedValue]
    public var recordIds: [Int64]

    public static func == (a: GoldenRecord, b: GoldenRecord) -> Bool {
        a.values.mapValues(\.value) == b.values.mapValues(\.value) && a.values.mapValues(\.recordId) == b.values.mapValues(\.recordId)
            && a.phones == b.phones && a.emails == b.emails && a.addresses == b.addresses && a.companies == b.companies
            && a.owners == b.owners && a.departments == b.departments && a.sources == b.sources && a.recordIds == b.recordIds
    }
}

/// Builds golden records from a customer's records by the survivorship rules. Pure.
public struct Merger: Sendable {
    public var survivorship: Survivorship

    public init(survivorship: Survivorship = Survivorship()) { self.survivorship = survivorship }

    public func golden(_ members: [MemberRecord]) -> GoldenRecord {
        let members = members.sorted { $0.recordId < $1.recordId }
        var values: [GoldenField: (String, Int64)] = [:]
        for field in GoldenField.allCases {
            if let chosen = choose(field, members) { values[field] = chosen }
        }
        func collect(_ pick: (MemberRecord) -> [String]) -> [SourcedValue] {
            var order: [String] = []
            var carriers: [String: [Int64]] = [:]
            for member in members {
                for value in Set(pick(member)) where !value.isEmpty {
                    if carriers[value] == nil { order.append(value) }
                    carriers[value, default: []].append(member.recordId)
                }
            }
            // Most carried first, then first seen.
            return order.enumerated().sorted { a, b in
                let (ca, cb) = (carriers[a.element]!.count, carriers[b.element]!.count)
                return ca != cb ? ca > cb : a.offset < b.offset
            }.map { SourcedValue(value: $0.element, recordIds: carriers[$0.element]!) }
        }
        return GoldenRecord(values: values, phones: collect(\.phones), emails: collect(\.emails),
                            addresses: collect { $0.address.map { [$0] } ?? [] }, companies: collect { $0.company.map { [$0] } ?? [] },
                            owners: collect { $0.owner.map { [$0] } ?? [] }, departments: collect { $0.department.map { [$0] } ?? [] },
                            sources: collect { [$0.source] }, recordIds: members.map(\.recordId))
    }

    /// The surviving value of a field and the record that supplies it.
    func choose(_ field: GoldenField, _ members: [MemberRecord]) -> (String, Int64)? {
        let carrying = members.filter { $0.value(field) != nil }
        guard !carrying.isEmpty else { return nil }
        var frequency: [String: Int] = [:]
        for member in carrying { frequency[member.value(field)!, default: 0] += 1 }
        let rules = survivorship.rules[field] ?? []
        // Each candidate record is scored per rule; higher is better.
        func score(_ member: MemberRecord, _ rule: SurvivorshipRule) -> Double {
            switch rule {
            case .valid: field == .idNumber ? (member.idNumberValid ? 1 : 0) : 1
            case .sourcePriority: -Double(survivorship.rank(member.source))
            case .mostRecent: 0 // compared as text below
            case .mostFrequent: Double(frequency[member.value(field)!]!)
            case .mostComplete: Double(member.value(field)!.unicodeScalars.count)
            }
        }
        let best = carrying.min { a, b in
            for rule in rules {
                if rule == .mostRecent {
                    if a.updatedAt != b.updatedAt { return a.updatedAt > b.updatedAt }
                    continue
                }
                let (sa, sb) = (score(a, rule), score(b, rule))
                if sa != sb { return sa > sb }
            }
            return a.recordId < b.recordId
        }!
        return (best.value(field)!, best.recordId)
    }
}
