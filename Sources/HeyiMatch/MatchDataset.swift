/// Distinct values of one field, numbered in order of first sight, with how many records carry
/// each (term frequencies) and their scalars for fuzzy comparison.
struct Interner: Sendable {
    private(set) var ids: [String: Int32] = [:]
    private(set) var values: [String] = []
    private(set) var scalars: [[UInt32]] = []
    /// Records carrying the value (a record counts once per value).
    var counts: [Int32] = []

    mutating func id(_ value: String) -> Int32 {
        if let id = ids[value] { return id }
        let id = Int32(values.count)
        ids[value] = id
        values.append(value)
        scalars.append(value.unicodeScalars.map(\.value))
        counts.append(0)
        return id
    }

    var count: Int { values.count }

    /// How many records carry a typical value, weighing each value by its records: Σc² / Σc.
    var typicalCount: Double {
        var sum = 0.0, squares = 0.0
        for count in counts { sum += Double(count); squares += Double(count) * Double(count) }
        return sum == 0 ? 1 : squares / sum
    }
}

/// The records to match, column by column, every string replaced by a number: comparing two
/// records is integer equality for exact agreement, and fuzzy comparisons read the interned scalars.
/// -1 (or 0 for codes and dates) means missing.
public struct MatchDataset: Sendable {
    public private(set) var recordIds: [Int64] = []
    var source: [Int32] = []
    var name: [Int32] = []
    var given: [Int32] = []
    var surname: [Int32] = []
    var pinyin: [Int32] = []
    var pinyinSurname: [Int32] = []
    var latin: [Bool] = []
    /// 0 missing, 1 male, 2 female.
    var gender: [UInt8] = []
    /// yyyymmdd.
    var birthday: [Int32] = []
    var idNumber: [Int32] = []
    var company: [Int32] = []
    var province: [Int32] = []
    var city: [Int32] = []
    var district: [Int32] = []
    var addressRest: [Int32] = []
    /// Phones of record i: phones[phoneStart[i]..<phoneStart[i + 1]].
    var phoneStart: [Int32] = [0]
    var phones: [Int32] = []
    /// Per phone: a mobile number (personal), not a fixed line a household or office shares.
    var phoneMobile: [Bool] = []
    var emailStart: [Int32] = [0]
    var emails: [Int32] = []
    var emailLocals: [Int32] = []

    var sources = Interner(), names = Interner(), givens = Interner(), surnames = Interner(), pinyins = Interner()
    var pinyinSurnames = Interner(), idNumbers = Interner(), companies = Interner(), rests = Interner()
    var phoneValues = Interner(), emailValues = Interner(), emailLocalValues = Interner()
    /// Records with a name, a phone, … (the denominators of term frequencies).
    var withName = 0, withPhone = 0, withEmail = 0, withCompany = 0, withID = 0

    public init() {}

    public init(_ records: some Sequence<MatchRecord>) {
        self.init()
        for record in records { append(record) }
    }

    public var count: Int { recordIds.count }

    /// Index of a record id (linear; for explain and tests).
    public func index(ofRecord id: Int64) -> Int? { recordIds.firstIndex(of: id) }

    public mutating func append(_ record: MatchRecord) {
        func blank(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        recordIds.append(record.id)
        source.append(sources.id(record.source))
        let given = record.givenName
        // A surname alone (王总) identifies nobody: the name counts as missing.
        if let value = blank(record.name), given != nil {
            name.append(Self.counted(value, in: &names, records: &withName))
            self.given.append(givens.id(given!))
            surname.append(blank(record.surname).map { surnames.id($0) } ?? -1)
            let key = blank(record.pinyinKey)
            pinyin.append(key.map { pinyins.id($0) } ?? -1)
            let first = key.map { String($0.prefix { $0 != " " }) }
            pinyinSurname.append(first.map { pinyinSurnames.id($0) } ?? -1)
            latin.append(record.isLatinName)
        } else {
            name.append(-1); self.given.append(-1); surname.append(-1); pinyin.append(-1); pinyinSurname.append(-1); latin.append(false)
        }
        gender.append(record.gender == "M" ? 1 : record.gender == "F" ? 2 : 0)
        birthday.append(record.birthday.flatMap(Self.day) ?? 0)
        idNumber.append(Self.counted(blank(record.idNumber), in: &idNumbers, records: &withID))
        company.append(Self.counted(blank(record.companyKey), in: &companies, records: &withCompany))
        province.append(record.province.flatMap { Int32($0) } ?? 0)
        city.append(record.city.flatMap { Int32($0) } ?? 0)
        district.append(record.district.flatMap { Int32($0) } ?? 0)
        addressRest.append(blank(record.addressRest).map { rests.id($0) } ?? -1)
        var seenPhones: [Int32] = []
        for (phone, kind) in zip(record.phones, record.phoneKinds) where !phone.isEmpty {
            let id = phoneValues.id(phone)
            guard !seenPhones.contains(id) else { continue }
            seenPhones.append(id)
            phoneValues.counts[Int(id)] += 1
            phones.append(id)
            phoneMobile.append(kind == "mobile" || (kind.isEmpty && phone.hasPrefix("+861")))
        }
        if !seenPhones.isEmpty { withPhone += 1 }
        phoneStart.append(Int32(phones.count))
        var seenEmails: [Int32] = []
        for email in record.emails where !email.isEmpty {
            let id = emailValues.id(email)
            guard !seenEmails.contains(id) else { continue }
            seenEmails.append(id)
            emailValues.counts[Int(id)] += 1
            emails.append(id)
            emailLocals.append(emailLocalValues.id(String(email.prefix { $0 != "@" })))
        }
        if !seenEmails.isEmpty { withEmail += 1 }
        emailStart.append(Int32(emails.count))
    }

    /// The id of a value carried by one more record (-1 when missing).
    static func counted(_ value: String?, in interner: inout Interner, records: inout Int) -> Int32 {
        guard let value else { return -1 }
        let id = interner.id(value)
        interner.counts[Int(id)] += 1
        records += 1
        return id
    }

    /// `yyyy-MM-dd` → yyyymmdd.
    static func day(_ text: String) -> Int32? {
        let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
        guard digits.count == 8 else { return nil }
        return digits.reduce(Int32(0)) { $0 * 10 + Int32($1 - 0x30) }
    }

    @inline(__always) func phones(of i: Int) -> ArraySlice<Int32> { phones[Int(phoneStart[i])..<Int(phoneStart[i + 1])] }
    @inline(__always) func phoneRange(of i: Int) -> Range<Int> { Int(phoneStart[i])..<Int(phoneStart[i + 1]) }
    @inline(__always) func emails(of i: Int) -> ArraySlice<Int32> { emails[Int(emailStart[i])..<Int(emailStart[i + 1])] }
    @inline(__always) func emailLocals(of i: Int) -> ArraySlice<Int32> { emailLocals[Int(emailStart[i])..<Int(emailStart[i + 1])] }
}
