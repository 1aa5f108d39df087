public import HeyiCore

/// Everything the matcher compares about one source record, with the original values untouched
/// beside it in the store. Every normalized value says what was done to it.
public struct NormalizedRecord: Sendable, Equatable, Codable {
    public var names: [NormalizedName] = []
    public var phones: [NormalizedPhone] = []
    public var emails: [NormalizedEmail] = []
    public var idNumbers: [NormalizedIDNumber] = []
    public var companies: [NormalizedCompany] = []
    public var addresses: [NormalizedAddress] = []
    public var birthday: NormalizedDate?
    public var gender: Gender?
    public var updatedAt: NormalizedDate?
    public var createdAt: NormalizedDate?
    /// Conflicts and inferences across fields (`gender 男 conflicts with the ID number (F)`).
    public var notes: [String] = []

    /// The first complete name (not a partial 王总), for blocking and display.
    public var primaryName: NormalizedName? { names.first { !$0.isPartial && !$0.value.isEmpty } ?? names.first }
    /// The first valid ID number.
    public var validIDNumber: String? { idNumbers.first(where: \.isValid)?.value }
}

/// Normalizes a record's canonical fields with every field normalizer and reconciles them:
/// company names typed as names move to companies, local numbers get the address's area code,
/// birthday and gender are checked against the ID number.
public struct RecordNormalizer: Sendable {
    var names = NameNormalizer()
    let phones = PhoneNormalizer()
    let emails = EmailNormalizer()
    let ids: IDNumberNormalizer
    let companies = CompanyNormalizer()
    let addresses = AddressNormalizer()
    let dates: DateNormalizer
    let genders = GenderNormalizer()
    /// Companies repeat across records (and names, where `NormalizerCaches.nameCache` is on): their
    /// normalized forms are kept per distinct value.
    private var nameMemo = Memo<NormalizedName>()
    private var companyMemo = Memo<NormalizedCompany>()

    public init(today: CalendarDay = .today()) {
        ids = IDNumberNormalizer(today: today)
        dates = DateNormalizer(today: today)
    }

    /// This normalizer with caches of its own. Sharing one normalizer between threads is safe, but
    /// its caches' lock and the reference counts of cached values then bounce between cores: give
    /// each worker thread its own.
    public func withOwnCaches() -> RecordNormalizer {
        var copy = self
        copy.nameMemo = Memo()
        copy.companyMemo = Memo()
        copy.names.syllables = SyllableCache()
        return copy
    }

    /// `dateFormats`: the mapping's `format:` patterns per date field.
    public func normalize(_ fields: FieldValues, dateFormats: [CanonicalField: [String]] = [:]) -> NormalizedRecord {
        var record = NormalizedRecord()
        for raw in fields[.company] ?? [] { record.companies.append(companyMemo.value(raw, companies.normalize)) }
        for raw in fields[.name] ?? [] {
            let name = NormalizerCaches.nameCache ? nameMemo.value(raw, names.normalize) : names.normalize(raw)
            if let company = name.company {
                record.companies.append(companyMemo.value(company, companies.normalize))
                record.notes.append("a company name in the name field was moved to company")
            } else if !name.value.isEmpty {
                record.names.append(name)
            }
        }
        record.addresses = (fields[.address] ?? []).map(addresses.normalize)
        let areaCode = record.addresses.lazy.compactMap(\.areaCode).first
        for cell in fields[.phone] ?? [] {
            let found = phones.normalize(cell)
            // Nearly always: nothing to complete, the numbers go in as they are.
            guard areaCode != nil, found.contains(where: { $0.kind == .local }) else {
                if record.phones.isEmpty { record.phones = found } else { record.phones += found }
                continue
            }
            for var phone in found {
                if phone.kind == .local, let areaCode {
                    let completed = phones.normalizeOne("0\(areaCode)\(phone.input.filter { $0.isASCII && $0.isNumber })")
                    if completed.kind == .fixedLine {
                        phone.e164 = completed.e164
                        phone.kind = .fixedLine
                        phone.areaCode = areaCode
                        phone.problem = nil
                        phone.changes.append("area code 0\(areaCode) taken from the address")
                    }
                }
                record.phones.append(phone)
            }
        }
        record.emails = (fields[.email] ?? []).map(emails.normalize)
        record.idNumbers = (fields[.idNumber] ?? []).map(ids.normalize)
        // The valid ID number's birth date and gender (not the whole value: a copy showed in profiles).
        let validID = record.idNumbers.firstIndex(where: \.isValid)
        let id = validID.map { (birthDate: record.idNumbers[$0].birthDate, gender: record.idNumbers[$0].gender) }

        if let raw = fields[.birthday]?.first {
            record.birthday = dates.normalize(raw, patterns: dateFormats[.birthday] ?? [])
            if let id, let fromID = id.birthDate, let stated = record.birthday?.value, stated != fromID {
                record.notes.append("birthday \(stated) differs from the ID number's \(fromID)")
            }
        } else if let fromID = id?.birthDate {
            record.birthday = NormalizedDate(value: fromID, isValid: true, problem: nil, pattern: "ID number")
            record.notes.append("birthday taken from the ID number")
        }
        if let raw = fields[.updatedAt]?.first { record.updatedAt = dates.normalize(raw, patterns: dateFormats[.updatedAt] ?? []) }
        if let raw = fields[.createdAt]?.first { record.createdAt = dates.normalize(raw, patterns: dateFormats[.createdAt] ?? []) }

        let stated = fields[.gender]?.first.flatMap(genders.normalize)
        let hinted = record.names.lazy.compactMap(\.genderHint).first
        record.gender = stated ?? id?.gender ?? hinted
        if let stated, let fromID = id?.gender, stated != fromID {
            record.notes.append("gender \(stated.rawValue) conflicts with the ID number (\(fromID.rawValue))")
        }
        if let hinted, let resolved = record.gender, hinted != resolved {
            record.notes.append("the name's title suggests \(hinted.rawValue), the record says \(resolved.rawValue)")
        }
        return record
    }
}
