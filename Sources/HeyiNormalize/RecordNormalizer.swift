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
    let names = NameNormalizer()
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
        return copy
    }

    /// `dateFormats`: the mapping's `format:` patterns per date field.
    ///
    /// Written so that no normalized value is copied: each part is built in a local and the record
    /// made once at the end (mutating a record's fields in branches made the compiler copy the
    /// whole record), values are read through array indices rather than iterated (iterating copies
    /// each element), and nothing captures a local in a closure. Each copy retained every string
    /// in it, an atomic operation per string.
    public func normalize(_ fields: FieldValues, dateFormats: [CanonicalField: [String]] = [:]) -> NormalizedRecord {
        var companyList: [NormalizedCompany] = [], nameList: [NormalizedName] = [], notes: [String] = []
        if let values = fields[.company] {
            for raw in values { companyList.append(companyMemo.value(raw, companies.normalize)) }
        }
        if let values = fields[.name] {
            for raw in values {
                let name = NormalizerCaches.nameCache ? nameMemo.value(raw, names.normalize) : names.normalize(raw)
                if let company = name.company {
                    companyList.append(companyMemo.value(company, companies.normalize))
                    notes.append("a company name in the name field was moved to company")
                } else if !name.value.isEmpty {
                    nameList.append(consume name)
                }
            }
        }
        let addressList = fields[.address].map { $0.map(addresses.normalize) } ?? []
        var areaCode: String?
        for index in addressList.indices where addressList[index].areaCode != nil {
            areaCode = addressList[index].areaCode
            break
        }
        var phoneList: [NormalizedPhone] = []
        if let values = fields[.phone] {
            for cell in values {
                var found = phones.normalize(cell)
                if let areaCode {
                    // Rare: a local number the address's area code completes.
                    for index in found.indices where found[index].kind == .local {
                        complete(&found[index], areaCode: areaCode)
                    }
                }
                if phoneList.isEmpty { phoneList = found } else { phoneList += found }
            }
        }
        let emailList = fields[.email].map { $0.map(emails.normalize) } ?? []
        let idList = fields[.idNumber].map { $0.map(ids.normalize) } ?? []
        // The valid ID number's birth date and gender (not the whole value: a copy showed in profiles).
        var idBirthDate: String?, idGender: Gender?
        if let index = idList.firstIndex(where: \.isValid) {
            idBirthDate = idList[index].birthDate
            idGender = idList[index].gender
        }

        var birthday: NormalizedDate?
        if let raw = fields[.birthday]?.first {
            let stated = dates.normalize(raw, patterns: dateFormats[.birthday] ?? [])
            if let fromID = idBirthDate, let value = stated.value, value != fromID {
                notes.append("birthday \(value) differs from the ID number's \(fromID)")
            }
            birthday = stated
        } else if let fromID = idBirthDate {
            birthday = NormalizedDate(value: fromID, isValid: true, problem: nil, pattern: "ID number")
            notes.append("birthday taken from the ID number")
        }
        let updatedAt = fields[.updatedAt]?.first.map { dates.normalize($0, patterns: dateFormats[.updatedAt] ?? []) }
        let createdAt = fields[.createdAt]?.first.map { dates.normalize($0, patterns: dateFormats[.createdAt] ?? []) }

        let stated = fields[.gender]?.first.flatMap(genders.normalize)
        var hinted: Gender?
        for index in nameList.indices where nameList[index].genderHint != nil {
            hinted = nameList[index].genderHint
            break
        }
        let gender = stated ?? idGender ?? hinted
        if let stated, let fromID = idGender, stated != fromID {
            notes.append("gender \(stated.rawValue) conflicts with the ID number (\(fromID.rawValue))")
        }
        if let hinted, let gender, hinted != gender {
            notes.append("the name's title suggests \(hinted.rawValue), the record says \(gender.rawValue)")
        }
        return NormalizedRecord(names: nameList, phones: phoneList, emails: emailList, idNumbers: idList, companies: companyList,
                                addresses: addressList, birthday: birthday, gender: gender, updatedAt: updatedAt,
                                createdAt: createdAt, notes: notes)
    }

    /// A local number (no area code) completed with the address's area code, when that makes a
    /// valid fixed line.
    private func complete(_ phone: inout NormalizedPhone, areaCode: String) {
        let completed = phones.normalizeOne("0\(areaCode)\(phone.input.filter { $0.isASCII && $0.isNumber })")
        guard completed.kind == .fixedLine else { return }
        phone.e164 = completed.e164
        phone.kind = .fixedLine
        phone.areaCode = areaCode
        phone.problem = nil
        phone.changes.append("area code 0\(areaCode) taken from the address")
    }
}
