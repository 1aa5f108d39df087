import HeyiCore

/// The generator's randomness: SplitMix64, so a seed gives the same company on every machine.
struct Random {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 1) }
    mutating func next() -> UInt64 { source.next() }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func pick<T>(_ values: [T]) -> T { values[int(values.count)] }
    mutating func digits(_ count: Int) -> String {
        var text = ""
        for _ in 0..<count { text.append(Character(Unicode.Scalar(UInt8(0x30 + int(10))))) }
        return text
    }
}

/// One customer as they really are.
struct Person {
    var surname: String
    var given: String
    var male: Bool
    var birth: (year: Int, month: Int, day: Int)
    var idNumber: String?
    var mobile: String
    var secondMobile: String?
    /// Home line or the company's switchboard.
    var landline: String?
    var email: String?
    var company: Company?
    var place: Int
    var street: String
}

struct Company {
    var brand: String
    var industry: String
    var legalForm: Int
    var place: Int
    var switchboard: String
}

/// Companies and families shared between customers, so that colleagues share a switchboard and
/// relatives an address and home phone.
struct World {
    var companies: [Company] = []
    static let mobilePrefixes = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                                 "155", "156", "157", "158", "159", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189"]
    static let surnameTable: [String] = Vocabulary.surnames.flatMap { Array(repeating: $0.0, count: $0.1) }
    static let surnamePinyin: [String: String] = [
        "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang", "赵": "zhao", "吴": "wu",
        "周": "zhou", "徐": "xu", "孙": "sun", "马": "ma", "朱": "zhu", "胡": "hu", "郭": "guo", "何": "he", "林": "lin", "高": "gao",
        "罗": "luo", "郑": "zheng", "梁": "liang", "谢": "xie", "宋": "song", "唐": "tang", "许": "xu", "韩": "han", "冯": "feng",
    ]
    /// Latin spellings the web shop's English form gets (`Zhang Wei`): surname pinyin + a given-name pinyin.
    static let givenPinyin: [Character: String] = [
        "伟": "wei", "强": "qiang", "磊": "lei", "军": "jun", "勇": "yong", "杰": "jie", "涛": "tao", "明": "ming", "超": "chao",
        "芳": "fang", "娜": "na", "敏": "min", "静": "jing", "丽": "li", "艳": "yan", "娟": "juan", "霞": "xia", "婷": "ting",
        "华": "hua", "平": "ping", "刚": "gang", "辉": "hui", "飞": "fei", "宇": "yu", "浩": "hao", "雪": "xue", "琳": "lin",
    ]

    init(customers: Int, random: inout Random) {
        for _ in 0..<max(4, customers / 8) {
            let place = random.int(Vocabulary.places.count)
            companies.append(Company(brand: random.pick(Vocabulary.brands), industry: random.pick(Vocabulary.industries),
                                     legalForm: random.int(3), place: place,
                                     switchboard: "0\(Vocabulary.places[place].area)-\(random.int(8) + 2)\(random.digits(7))"))
        }
    }

    static func mobile(_ random: inout Random) -> String { random.pick(mobilePrefixes) + random.digits(8) }

    /// Customer `index`; some are hard negatives for earlier ones (namesakes, relatives, colleagues).
    func person(_ index: Int, random: inout Random) -> Person {
        let male = random.chance(0.5)
        var surname = random.pick(Self.surnameTable)
        var given = Self.givenName(male: male, random: &random)
        if random.chance(0.03) {
            // One of the names thousands of people share.
            let common = random.pick(Vocabulary.commonNames)
            surname = String(common.prefix(1))
            given = String(common.dropFirst())
        }
        let year = 1950 + random.int(55), month = 1 + random.int(12), day = 1 + random.int(28)
        let place = random.int(Vocabulary.places.count)
        let p = Vocabulary.places[place]
        var person = Person(surname: surname, given: given, male: male, birth: (year, month, day), idNumber: nil,
                            mobile: Self.mobile(&random), secondMobile: random.chance(0.1) ? Self.mobile(&random) : nil,
                            landline: nil, email: nil, company: nil, place: place,
                            street: "\(random.pick(Vocabulary.roads))\(1 + random.int(300))号" + (random.chance(0.6) ? "\(random.pick(Vocabulary.estates))\(1 + random.int(30))栋\(1 + random.int(30))0\(1 + random.int(4))室" : ""))
        if random.chance(0.45) {
            let company = companies[random.int(companies.count)]
            person.company = company
            // Colleagues list the switchboard as their line.
            if random.chance(0.35) { person.landline = company.switchboard }
        }
        if person.landline == nil, random.chance(0.25) { person.landline = "0\(p.area)-\(random.int(8) + 2)\(random.digits(7))" }
        if random.chance(0.6) {
            let local = random.chance(0.35) ? String(10000 + random.int(2_000_000_000)) : (Self.surnamePinyin[surname] ?? "kh") + random.digits(3 + random.int(3))
            let domain = local.first!.isNumber ? "qq.com" : random.pick(Vocabulary.emailDomains)
            person.email = "\(local)@\(domain)"
        }
        if random.chance(0.5) { person.idNumber = Self.idNumber(region: p.code, birth: person.birth, male: male, random: &random) }
        return person
    }

    /// The same person as another department knows them later or differently: a new job, a move,
    /// another e-mail address, a mistyped birth date or gender.
    func drift(_ person: Person, random: inout Random) -> Person {
        var changed = person
        if random.chance(0.06), !companies.isEmpty {
            changed.company = companies[random.int(companies.count)]
            if changed.landline == person.company?.switchboard { changed.landline = changed.company?.switchboard }
        }
        if random.chance(0.06) {
            changed.place = random.int(Vocabulary.places.count)
            changed.street = "\(random.pick(Vocabulary.roads))\(1 + random.int(300))号"
            if changed.landline != nil, changed.landline != changed.company?.switchboard {
                changed.landline = "0\(Vocabulary.places[changed.place].area)-\(random.int(8) + 2)\(random.digits(7))"
            }
        }
        if random.chance(0.08) { changed.email = "\(World.surnamePinyin[person.surname] ?? "work")\(random.digits(4))@\(random.pick(Vocabulary.emailDomains))" }
        if random.chance(0.02) { changed.birth.day = 1 + (person.birth.day + random.int(27)) % 28 }
        if random.chance(0.01) { changed.male.toggle() }
        return changed
    }

    /// A relative of `person`: same surname, address and home phone; a different person.
    func relative(of person: Person, random: inout Random) -> Person {
        var relative = self.person(Int.max, random: &random)
        relative.surname = person.surname
        relative.place = person.place
        relative.street = person.street
        relative.landline = person.landline ?? relative.landline
        return relative
    }

    static func givenName(male: Bool, random: inout Random) -> String {
        let pool = male ? Vocabulary.maleGiven : Vocabulary.femaleGiven
        let first = random.pick(pool)
        guard random.chance(0.7) else { return String(first) }
        var second = random.pick(random.chance(0.7) ? pool : Vocabulary.maleGiven + Vocabulary.femaleGiven)
        if second == first { second = random.pick(pool) }
        return String([first, second])
    }

    static func idNumber(region: String, birth: (year: Int, month: Int, day: Int), male: Bool, random: inout Random) -> String {
        var sequence = 1 + random.int(998)
        if (sequence % 2 == 1) != male { sequence = sequence == 998 ? 997 : sequence + 1 }
        let first17 = region + String(format4: birth.year) + String(format2: birth.month) + String(format2: birth.day) + String(format3: sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17.utf8, weights).reduce(0) { $0 + Int($1.0 - 0x30) * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }
}

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
    init(format3 value: Int) { self = value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
    init(format4 value: Int) { self = "\(value)" }
}
