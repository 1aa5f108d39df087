/// What the matcher knows of one normalized record: the comparison keys the normalize stage
/// produced, nothing raw. Missing values are nil (or empty) and compare as neutral.
public struct MatchRecord: Sendable, Equatable {
    /// The store's record id (any unique number in tests).
    public var id: Int64
    public var source: String
    /// Simplified Han name (`陈丽华`) or lower-case Latin tokens (`zhang wei`).
    public var name: String?
    /// `surname given` in toneless pinyin (`chen lihua`).
    public var pinyinKey: String?
    /// The surname as written in `name` (`欧阳`, or `zhang` for a Latin name).
    public var surname: String?
    /// `M` or `F`.
    public var gender: String?
    /// `yyyy-MM-dd`, valid dates only.
    public var birthday: String?
    /// A checksum-valid resident ID number.
    public var idNumber: String?
    public var companyKey: String?
    /// GB/T 2260 codes.
    public var province: String?
    public var city: String?
    public var district: String?
    /// The address after its district, folded.
    public var addressRest: String?
    /// E.164 numbers with their kind (`mobile`, `fixed_line`, `service`, …).
    public var phones: [String]
    public var phoneKinds: [String]
    /// Valid, lower-cased addresses.
    public var emails: [String]

    public init(id: Int64, source: String, name: String? = nil, pinyinKey: String? = nil, surname: String? = nil, gender: String? = nil,
                birthday: String? = nil, idNumber: String? = nil, companyKey: String? = nil, province: String? = nil, city: String? = nil,
                district: String? = nil, addressRest: String? = nil, phones: [String] = [], phoneKinds: [String] = [], emails: [String] = []) {
        self.id = id
        self.source = source
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
        self.phoneKinds = phoneKinds.count == phones.count ? phoneKinds : Array(repeating: "", count: phones.count)
        self.emails = emails
    }

    /// The name without its surname (`丽华`); nil for a surname alone (`王总` → `王`), which is a
    /// partial name and identifies nobody.
    var givenName: String? {
        guard let name, !name.isEmpty else { return nil }
        guard let surname, !surname.isEmpty else { return name }
        if isLatinName {
            guard let pinyinKey, let space = pinyinKey.firstIndex(of: " ") else { return nil }
            return String(pinyinKey[pinyinKey.index(after: space)...])
        }
        guard name.hasPrefix(surname) else { return name }
        let given = String(name.dropFirst(surname.count))
        return given.isEmpty ? nil : given
    }

    var isLatinName: Bool { name.map { !$0.unicodeScalars.contains { $0.value >= 0x2E80 } } ?? false }
}
