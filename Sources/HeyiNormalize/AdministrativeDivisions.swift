import Foundation

/// One province, prefecture-level city or county-level district (GB/T 2260).
public struct Division: Sendable, Equatable, Hashable, Codable {
    public let code: String
    public let name: String
    public let level: Level
    /// The code as a number (440305): its province is `number / 10000`, its city `number / 100`.
    let number: Int

    init(code: String, name: String) {
        self.code = code
        self.name = name
        number = Int(code) ?? 0
        level = number % 10000 == 0 ? .province : number % 100 == 0 ? .city : .district
    }

    var provinceNumber: Int { number / 10000 }
    var cityNumber: Int { number / 100 }
    var isMunicipality: Bool { AdministrativeDivisions.isMunicipality(number: number) }

    /// The level of a division.
    public enum Level: Sendable { case province, city, district }

    private enum CodingKeys: String, CodingKey { case code, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try container.decode(String.self, forKey: .code), name: try container.decode(String.self, forKey: .name))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
    }
}

/// The division table (Resources/divisions.tsv), indexed by every name a person writes: the full
/// name, the name without its suffix (省 市 区 县 自治州 …), and province abbreviations (沪 京 粤 …).
final class AdministrativeDivisions: Sendable {
    static let shared = AdministrativeDivisions()

    /// By code number (`440305`).
    let byNumber: [Int: Division]
    private let indexByNumber: [Int: Int]
    /// Every division, in table order; the arrays below are indexed alike.
    let divisions: [Division]
    private let levels: [Division.Level]
    private let numbers: [Int]
    /// What recognising a division as the most specific place of an address gives: its province,
    /// city and district (parents filled in), their names run together, and the note saying so.
    let chains: [Chain]

    struct Chain: Sendable {
        var province: Division?, city: Division?, district: Division?
        var names: String
        var change: String
    }

    /// A written form (`深圳`, `深圳市`): its scalars in `formScalars`, the divisions it may mean in
    /// `formDivisions` (南山 is in Shenzhen and in Hegang).
    private struct Form {
        var scalarStart: Int32, length: Int32
        var divisionStart: Int32, divisionCount: Int32
    }
    private let formScalars: [UInt32]
    private let forms: [Form]
    private let formDivisions: [Int32]
    /// Per BMP scalar, the forms starting with it (`groupStart..<groupEnd` in `forms`), by second
    /// scalar, longest first: prefix matching without hashing anything.
    private let groupStart: [Int32]
    private let groupEnd: [Int32]

    /// Province numbers of Beijing, Tianjin, Shanghai and Chongqing (no prefecture-level city).
    static let municipalities: Set<Int> = [11, 12, 31, 50]

    /// One-character province abbreviations → province number.
    static let abbreviations: [Unicode.Scalar: Int] = [
        "京": 11, "津": 12, "冀": 13, "晋": 14, "蒙": 15, "辽": 21, "吉": 22, "黑": 23, "沪": 31, "苏": 32,
        "浙": 33, "皖": 34, "闽": 35, "赣": 36, "鲁": 37, "豫": 41, "鄂": 42, "湘": 43, "粤": 44, "桂": 45,
        "琼": 46, "渝": 50, "川": 51, "蜀": 51, "贵": 52, "黔": 52, "云": 53, "滇": 53, "藏": 54, "陕": 61,
        "秦": 61, "甘": 62, "陇": 62, "青": 63, "宁": 64, "新": 65,
    ]

    /// The index in `divisions` of the division with code number `number`.
    func index(of number: Int) -> Int? { indexByNumber[number] }

    /// Whether the division at `index` is Beijing, Tianjin, Shanghai or Chongqing.
    func isMunicipality(_ index: Int) -> Bool { Self.isMunicipality(number: numbers[index]) }

    static func isMunicipality(number: Int) -> Bool { municipalities.contains(number / 10000) }

    /// The longest form at `scalars[start...]` naming exactly one division of `level` inside the
    /// division at index `scope` (anywhere when nil): the division's index and the form's length in
    /// scalars. Ambiguous names without a scope match nothing. Divisions are passed and returned as
    /// indices: copying a `Division` retains its strings.
    func match(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, level: Division.Level, within scope: Int?) -> (Int, Int)? {
        // Every form has at least two scalars: the first two choose the candidates.
        guard start + 1 < scalars.count, scalars[start].value < 0x10000 else { return nil }
        let first = Int(scalars[start].value), second = scalars[start + 1].value
        var low = Int(groupStart[first]), high = Int(groupEnd[first])
        guard low < high else { return nil }
        let available = scalars.count - start
        return forms.withUnsafeBufferPointer { forms in
            formScalars.withUnsafeBufferPointer { formScalars in
                // The group is sorted by second scalar: the first form with this one.
                while low < high {
                    let middle = (low + high) / 2
                    if formScalars[Int(forms[middle].scalarStart) + 1] < second { low = middle + 1 } else { high = middle }
                }
                for candidate in low..<Int(groupEnd[first]) {
                    let form = forms[candidate]
                    let base = Int(form.scalarStart)
                    guard formScalars[base + 1] == second else { break }
                    let length = Int(form.length)
                    guard length <= available else { continue }
                    var equal = true
                    for k in 2..<max(2, length) where scalars[start + k].value != formScalars[base + k] { equal = false; break }
                    guard equal else { continue }
                    var fitting = -1
                    var several = false
                    for slot in Int(form.divisionStart)..<Int(form.divisionStart + form.divisionCount) {
                        let index = Int(formDivisions[slot])
                        guard levels[index] == level else { continue }
                        if let scope {
                            switch levels[scope] {
                            case .province: guard numbers[index] / 10000 == numbers[scope] / 10000 else { continue }
                            case .city: guard numbers[index] / 100 == numbers[scope] / 100 else { continue }
                            case .district: continue
                            }
                        }
                        if fitting >= 0 { several = true; break }
                        fitting = index
                    }
                    if fitting >= 0, !several { return (fitting, length) }
                }
                return nil
            }
        }
    }
    /// Suffixes that may be left out, longest first.
    static let suffixes = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "省", "市", "区",
                           "县", "盟", "旗"]

    private init() {
        let url = Bundle.module.url(forResource: "divisions", withExtension: "tsv")!
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var divisions: [Division] = []
        var byNumber: [Int: Division] = [:]
        var indexByNumber: [Int: Int] = [:]
        // Written form → indices of the divisions it may mean.
        var byName: [String: [Int32]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { continue }
            let division = Division(code: String(parts[0]), name: String(parts[1]))
            byNumber[division.number] = division
            indexByNumber[division.number] = divisions.count
            for form in Self.writtenForms(of: division.name) { byName[form, default: []].append(Int32(divisions.count)) }
            divisions.append(division)
        }
        self.byNumber = byNumber
        self.indexByNumber = indexByNumber
        self.divisions = divisions
        levels = divisions.map(\.level)
        numbers = divisions.map(\.number)

        // Forms of two scalars or more, grouped by first scalar, then by second, longest first (two
        // forms of one length cannot both match).
        let sorted = byName.map { (scalars: Array($0.key.unicodeScalars).map(\.value), divisions: $0.value) }
            .filter { $0.scalars.count >= 2 && $0.scalars[0] < 0x10000 }
            .sorted { ($0.scalars[0], $0.scalars[1], $1.scalars.count) < ($1.scalars[0], $1.scalars[1], $0.scalars.count) }
        var formScalars: [UInt32] = [], forms: [Form] = [], formDivisions: [Int32] = []
        var groupStart = [Int32](repeating: 0, count: 0x10000), groupEnd = [Int32](repeating: 0, count: 0x10000)
        for entry in sorted {
            let first = Int(entry.scalars[0])
            if groupEnd[first] == 0 { groupStart[first] = Int32(forms.count) }
            forms.append(Form(scalarStart: Int32(formScalars.count), length: Int32(entry.scalars.count),
                              divisionStart: Int32(formDivisions.count), divisionCount: Int32(entry.divisions.count)))
            formScalars += entry.scalars
            formDivisions += entry.divisions
            groupEnd[first] = Int32(forms.count)
        }
        self.formScalars = formScalars
        self.forms = forms
        self.formDivisions = formDivisions
        self.groupStart = groupStart
        self.groupEnd = groupEnd

        // A district's province and city follow from its code (municipalities have no city).
        chains = divisions.map { division in
            let province = byNumber[division.provinceNumber * 10000]
            let city = division.level == .district ? byNumber[division.cityNumber * 100] : division.level == .city ? division : nil
            let district = division.level == .district ? division : nil
            let names = [province, city, district].compactMap { $0?.name }
            return Chain(province: province, city: city, district: district, names: names.joined(),
                         change: "recognised " + names.joined(separator: " "))
        }
    }

    /// 广西壮族自治区 → [广西壮族自治区, 广西]; 伊犁哈萨克自治州 → [伊犁哈萨克自治州, 伊犁哈萨克, 伊犁]; 南山区 → [南山区, 南山].
    static func writtenForms(of name: String) -> [String] {
        var forms = [name]
        for suffix in suffixes where name.hasSuffix(suffix) && name.count - suffix.count >= 2 {
            var short = String(name.dropLast(suffix.count))
            forms.append(short)
            // Ethnic names inside autonomous-area names (伊犁哈萨克 → 伊犁).
            for people in ["哈萨克", "蒙古族", "蒙古", "藏族", "回族", "彝族", "苗族", "土家族", "布依族", "朝鲜族", "傣族", "白族", "哈尼族",
                           "壮族", "侗族", "羌族", "黎族", "景颇族", "傈僳族", "柯尔克孜", "苗族侗族", "布依族苗族", "土家族苗族", "傣族景颇族"]
            where short.hasSuffix(people) && short.count - people.count >= 2 {
                short = String(short.dropLast(people.count))
                forms.append(short)
            }
            break
        }
        return forms
    }
}
