/// One record of a customer as some department typed it: a clean first record, or a copy with the
/// slips real data has (traditional characters, homophones, dropped or swapped characters, titles,
/// phone formats, missing fields, address typos, company suffix variants, Latin names).
struct Copy {
    var name: String
    var gender: String?
    var mobile: String?
    var landline: String?
    var email: String?
    var company: String?
    var province: String
    var city: String
    var district: String
    var street: String
    var omitProvince: Bool
    var birthday: (year: Int, month: Int, day: Int)?
    var idNumber: String?
    var latinName: String?

    init(person: Person, corrupted: Bool, random: inout Random) {
        let place = Vocabulary.places[person.place]
        var given = person.given
        var surname = person.surname
        province = place.province
        city = place.city
        district = place.district
        street = person.street
        omitProvince = false
        mobile = person.mobile
        landline = person.landline
        email = person.email
        gender = person.male ? "男" : "女"
        birthday = person.birth
        idNumber = person.idNumber
        company = person.company.map { Self.companyName($0, variant: false, random: &random) }
        if corrupted {
            if random.chance(0.08), let slip = Self.homophone(given, random: &random) { given = slip }
            if random.chance(0.02), given.count == 2 { given = String(given.reversed()) }
            if random.chance(0.02), given.count == 2 { given = String(given.prefix(1)) }
            if random.chance(0.01), surname == "张" { surname = "章" }
            if random.chance(0.12) { given = Self.traditional(given); surname = Self.traditional(surname) }
            if random.chance(0.10), let second = person.secondMobile { mobile = second }
            else if random.chance(0.08) { mobile = World.mobile(&random) } // changed number since
            if random.chance(0.25) { mobile = mobile.map { Self.mobileVariant($0, random: &random) } }
            if random.chance(0.35) { email = nil }
            if random.chance(0.25) { company = nil }
            else if let base = person.company, random.chance(0.4) { company = Self.companyName(base, variant: true, random: &random) }
            if random.chance(0.3) { birthday = nil }
            else if random.chance(0.02), let b = birthday, b.day <= 12, b.day != b.month { birthday = (b.year, b.day, b.month) }
            if random.chance(0.2) { gender = nil }
            if random.chance(0.4) { idNumber = nil }
            if random.chance(0.15) { landline = nil }
            if random.chance(0.2) { omitProvince = true }
            if random.chance(0.15) { street = Self.addressTypo(street, random: &random) }
            if random.chance(0.1) { street = Self.traditional(street) }
            if random.chance(0.15) { street = "" }
        } else {
            if random.chance(0.15) { email = nil }
            if random.chance(0.2) { birthday = nil }
        }
        // Mobile missing only when something else identifies the record.
        if random.chance(corrupted ? 0.1 : 0.05), email != nil || idNumber != nil { mobile = nil }
        name = surname + given
        if random.chance(corrupted ? 0.15 : 0.05) { name += random.pick(Vocabulary.titles) }
        if random.chance(0.08), let s = World.surnamePinyin[person.surname], given.count >= 1,
           let g = World.givenPinyin[given.first!] {
            let tail = given.dropFirst().compactMap { World.givenPinyin[$0] }.joined()
            guard tail.count == given.count - 1 || given.count == 1 else { return }
            let givenLatin = (g + tail).prefix(1).uppercased() + (g + tail).dropFirst()
            latinName = random.chance(0.5) ? "\(s.prefix(1).uppercased())\(s.dropFirst()) \(givenLatin)" : "\(givenLatin.uppercased()) \(s.uppercased())"
        }
    }

    static func traditional(_ text: String) -> String {
        String(text.map { Vocabulary.traditional[$0] ?? $0 })
    }

    static func homophone(_ given: String, random: inout Random) -> String? {
        let characters = Array(given)
        let candidates = characters.indices.filter { Vocabulary.homophones[characters[$0]] != nil }
        guard !candidates.isEmpty else { return nil }
        let at = random.pick(candidates)
        var changed = characters
        changed[at] = random.pick(Vocabulary.homophones[characters[at]]!)
        return String(changed)
    }

    static func mobileVariant(_ number: String, random: inout Random) -> String {
        let a = number.prefix(3), b = number.dropFirst(3).prefix(4), c = number.suffix(4)
        switch random.int(7) {
        case 0: return "\(a)-\(b)-\(c)"
        case 1: return "+86 \(number)"
        case 2: return "0086 \(a) \(b) \(c)"
        case 3: return "\(a) \(b) \(c)"
        case 4: return "(+86)\(number)"
        case 5: return String(number.unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
        default: return "手机:\(number)"
        }
    }

    static func companyName(_ company: Company, variant: Bool, random: inout Random) -> String {
        let place = Vocabulary.places[company.place]
        let cityShort = String((place.city.isEmpty ? place.province : place.city).dropLast())
        var form = Vocabulary.legalForms[company.legalForm]
        var prefix = "\(cityShort)\(company.brand)\(company.industry)"
        if variant {
            switch random.int(4) {
            case 0: form = random.pick(Vocabulary.legalForms)
            case 1: form = ""
            case 2: prefix = "\(company.brand)\(company.industry)（\(cityShort)）"
            default: form += "\(cityShort)分公司"
            }
        }
        return prefix + form
    }

    static func addressTypo(_ street: String, random: inout Random) -> String {
        var characters = Array(street)
        guard characters.count > 3 else { return street }
        switch random.int(3) {
        case 0: characters.remove(at: 1 + random.int(characters.count - 2))
        case 1: if let at = characters.firstIndex(of: "号") { characters[at] = "#" } else { characters.remove(at: characters.count - 1) }
        default: characters.insert(" ", at: 1 + random.int(characters.count - 2))
        }
        return String(characters)
    }

    var fullAddress: String { (omitProvince ? "" : province) + city + district + street }
    var birthdaySlash: String { birthday.map { "\($0.year)/\($0.month)/\($0.day)" } ?? "" }
    var birthdayISO: String { birthday.map { "\($0.year)-\(String(format2: $0.month))-\(String(format2: $0.day))" } ?? "" }

    func csvLine(key: String, owner: String) -> String {
        let fields = [key, name, gender ?? "", mobile ?? "", landline ?? "", email ?? "", company ?? "", fullAddress, birthdaySlash, owner]
        return fields.map(Self.csvCell).joined(separator: ",") + "\r\n"
    }

    static func csvCell(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func xml(key: String, owner: String) -> String {
        var text = "<customer id=\"\(key)\" level=\"VIP\"><name>\(Self.escape(name))</name>"
        if let gender { text += "<gender>\(gender == "男" ? "M" : "F")</gender>" }
        if let idNumber { text += "<idNumber>\(idNumber)</idNumber>" }
        if !birthdayISO.isEmpty { text += "<birthday>\(birthdayISO)</birthday>" }
        text += "<contacts>"
        if let mobile { text += "<contact type=\"mobile\">\(Self.escape(mobile))</contact>" }
        if let landline { text += "<contact type=\"office\">\(landline)</contact>" }
        text += "</contacts>"
        if let email { text += "<email>\(email)</email>" }
        if let company { text += "<company>\(Self.escape(company))</company>" }
        text += "<address>"
        if !omitProvince { text += "<province>\(province)</province>" }
        if !city.isEmpty { text += "<city>\(city)</city>" }
        text += "<district>\(district)</district><detail>\(Self.escape(street))</detail></address><owner>\(owner)</owner></customer>\n"
        return text
    }

    func json(key: String) -> String {
        let shown = latinName ?? name
        var profile = "\"name\":\"\(Self.jsonEscape(shown))\""
        if let gender { profile += ",\"gender\":\"\(gender == "男" ? "male" : "female")\"" }
        if !birthdayISO.isEmpty { profile += ",\"birthday\":\"\(birthdayISO)\"" }
        let phones = [mobile, landline].compactMap { $0 }.map { "\"\(Self.jsonEscape($0))\"" }.joined(separator: ",")
        var text = "{\"member_id\":\"\(key)\",\"profile\":{\(profile)},\"phones\":[\(phones)]"
        if let email { text += ",\"email\":\"\(email)\"" }
        text += ",\"address\":{\"detail\":\"\(Self.jsonEscape(fullAddress))\"}}\n"
        return text
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func jsonEscape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
