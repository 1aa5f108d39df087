/// The fields the model compares, each with its agreement levels, best first. Level 0 is
/// "missing on one side" and weighs nothing.
public enum ComparisonField: String, CaseIterable, Codable, Sendable {
    case name, phone, email, idNumber = "id_number", birthday, gender, company, address

    /// Level labels, 1-based in use (index 0 here is level 1).
    public var levels: [String] {
        switch self {
        case .name: ["exact", "latin_pinyin_equal", "same_pinyin", "one_edit", "pinyin_similar", "different"]
        case .phone: ["shared_mobile", "shared_fixed_line", "different"]
        case .email: ["shared", "same_local_part", "different"]
        case .idNumber: ["exact", "different"]
        case .birthday: ["exact", "day_month_swapped", "same_year", "different"]
        case .gender: ["same", "different"]
        case .company: ["exact", "similar", "different"]
        case .address: ["same_district_similar_rest", "same_district", "same_city", "different"]
        }
    }

    /// The exact levels are weighed by how common the agreeing value is (term frequency): agreeing
    /// on 张伟 or a company switchboard says less than agreeing on 欧阳倩 or a personal mobile.
    var usesTermFrequency: Bool {
        switch self {
        case .name, .phone, .email, .idNumber, .company: true
        case .birthday, .gender, .address: false
        }
    }

    /// The levels at which the agreeing value's frequency replaces u.
    func isExact(level: Int) -> Bool { level == 1 || (self == .phone && level == 2) }

    var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// Agreement levels of record pairs, packed 4 bits per field in `ComparisonField` order.
public struct LevelVector: Sendable, Hashable, Codable {
    public var packed: UInt32

    public init(packed: UInt32) { self.packed = packed }

    public subscript(field: ComparisonField) -> UInt8 {
        get { UInt8((packed >> (UInt32(field.index) * 4)) & 0xF) }
        set {
            let shift = UInt32(field.index) * 4
            packed = packed & ~(0xF << shift) | (UInt32(newValue) << shift)
        }
    }
}

/// Computes agreement levels between two records of a dataset.
struct Comparator: Sendable {
    let data: MatchDataset
    static let pinyinSimilar = 0.92
    static let companySimilar = 0.90
    static let restSimilar = 0.85

    func levels(_ i: Int, _ j: Int) -> LevelVector {
        var vector = LevelVector(packed: 0)
        vector[.name] = name(i, j)
        vector[.phone] = phone(i, j)
        vector[.email] = email(i, j)
        vector[.idNumber] = exact(data.idNumber[i], data.idNumber[j])
        vector[.birthday] = birthday(data.birthday[i], data.birthday[j])
        vector[.gender] = data.gender[i] == 0 || data.gender[j] == 0 ? 0 : data.gender[i] == data.gender[j] ? 1 : 2
        vector[.company] = company(i, j)
        vector[.address] = address(i, j)
        return vector
    }

    private func exact(_ a: Int32, _ b: Int32) -> UInt8 { a < 0 || b < 0 ? 0 : a == b ? 1 : 2 }

    /// A shared mobile is personal; a shared fixed line may be a household's or an office's.
    private func phone(_ i: Int, _ j: Int) -> UInt8 {
        let a = data.phoneRange(of: i), b = data.phones(of: j)
        if a.isEmpty || b.isEmpty { return 0 }
        var level: UInt8 = 3
        for k in a where b.contains(data.phones[k]) {
            if data.phoneMobile[k] { return 1 }
            level = 2
        }
        return level
    }

    func name(_ i: Int, _ j: Int) -> UInt8 {
        let a = data.name[i], b = data.name[j]
        if a < 0 || b < 0 { return 0 }
        if a == b { return 1 }
        let pa = data.pinyin[i], pb = data.pinyin[j]
        let samePinyin = pa >= 0 && pa == pb
        if data.latin[i] != data.latin[j] {
            if samePinyin { return 2 }
        } else if samePinyin {
            return data.latin[i] ? 1 : 3
        }
        // A character dropped, added or two swapped; not one replaced by another of a different
        // reading: 丽华 and 丽娟 are sisters more often than a typo (homophones were caught above).
        if !data.latin[i], !data.latin[j], data.surname[i] >= 0, data.surname[i] == data.surname[j],
           Similarity.oneEditApart(data.givens.scalars[Int(data.given[i])], data.givens.scalars[Int(data.given[j])], substitution: false) {
            return 4
        }
        if pa >= 0, pb >= 0, Similarity.jaroWinkler(data.pinyins.scalars[Int(pa)], data.pinyins.scalars[Int(pb)]) >= Self.pinyinSimilar {
            return 5
        }
        return 6
    }

    private func email(_ i: Int, _ j: Int) -> UInt8 {
        let a = data.emails(of: i), b = data.emails(of: j)
        if a.isEmpty || b.isEmpty { return 0 }
        for x in a where b.contains(x) { return 1 }
        let la = data.emailLocals(of: i), lb = data.emailLocals(of: j)
        for x in la where lb.contains(x) { return 2 }
        return 3
    }

    private func birthday(_ a: Int32, _ b: Int32) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        if a == b { return 1 }
        let (ya, ma, da) = (a / 10000, a / 100 % 100, a % 100), (yb, mb, db) = (b / 10000, b / 100 % 100, b % 100)
        guard ya == yb else { return 4 }
        return ma == db && da == mb ? 2 : 3
    }

    private func company(_ i: Int, _ j: Int) -> UInt8 {
        let a = data.company[i], b = data.company[j]
        if a < 0 || b < 0 { return 0 }
        if a == b { return 1 }
        let sa = data.companies.scalars[Int(a)], sb = data.companies.scalars[Int(b)]
        return Similarity.contains(sa, sb) || Similarity.jaroWinkler(sa, sb) >= Self.companySimilar ? 2 : 3
    }

    private func address(_ i: Int, _ j: Int) -> UInt8 {
        let ra = data.addressRest[i], rb = data.addressRest[j]
        let ca = data.city[i], cb = data.city[j], da = data.district[i], db = data.district[j]
        let pa = data.province[i], pb = data.province[j]
        if (ra < 0 && ca == 0 && da == 0 && pa == 0) || (rb < 0 && cb == 0 && db == 0 && pb == 0) { return 0 }
        // Places that contradict each other make the rest irrelevant.
        if (pa != 0 && pb != 0 && pa != pb) || (ca != 0 && cb != 0 && ca != cb) || (da != 0 && db != 0 && da != db) { return 4 }
        if ra >= 0, rb >= 0 {
            let sa = data.rests.scalars[Int(ra)], sb = data.rests.scalars[Int(rb)]
            if ra == rb || Similarity.contains(sa, sb, minimum: 4) || Similarity.jaroWinkler(sa, sb) >= Self.restSimilar { return 1 }
        }
        if da != 0 && da == db { return 2 }
        if ca != 0 && ca == cb { return 3 }
        return 4
    }
}
