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
    var isMunicipality: Bool { AdministrativeDivisions.municipalities.contains(provinceNumber) }

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
    /// Longest written form, to bound prefix matching.
    let longestName: Int
    /// Written forms by their first character, longest first: prefix matching without hashing
    /// every prefix (String hashing normalizes, which is slow for Han text).
    let byFirstScalar: [Unicode.Scalar: [(form: [Unicode.Scalar], divisions: [Division])]]
    /// Province numbers of Beijing, Tianjin, Shanghai and Chongqing (no prefecture-level city).
    static let municipalities: Set<Int> = [11, 12, 31, 50]

    /// One-character province abbreviations → province number.
    static let abbreviations: [Unicode.Scalar: Int] = [
        "京": 11, "津": 12, "冀": 13, "晋": 14, "蒙": 15, "辽": 21, "吉": 22, "黑": 23, "沪": 31, "苏": 32,
        "浙": 33, "皖": 34, "闽": 35, "赣": 36, "鲁": 37, "豫": 41, "鄂": 42, "湘": 43, "粤": 44, "桂": 45,
        "琼": 46, "渝": 50, "川": 51, "蜀": 51, "贵": 52, "黔": 52, "云": 53, "滇": 53, "藏": 54, "陕": 61,
        "秦": 61, "甘": 62, "陇": 62, "青": 63, "宁": 64, "新": 65,
    ]

    func province(_ number: Int) -> Division? { byNumber[number * 10000] }
    func city(_ number: Int) -> Division? { byNumber[number * 100] }
    /// Suffixes that may be left out, longest first.
    static let suffixes = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "省", "市", "区",
                           "县", "盟", "旗"]

    private init() {
        let url = Bundle.module.url(forResource: "divisions", withExtension: "tsv")!
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var byNumber: [Int: Division] = [:]
        // Written form → divisions it may mean (南山 is in Shenzhen and in Hegang).
        var byName: [String: [Division]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { continue }
            let division = Division(code: String(parts[0]), name: String(parts[1]))
            byNumber[division.number] = division
            for form in Self.writtenForms(of: division.name) { byName[form, default: []].append(division) }
        }
        self.byNumber = byNumber
        longestName = byName.keys.map(\.count).max() ?? 1
        var byFirst: [Unicode.Scalar: [(form: [Unicode.Scalar], divisions: [Division])]] = [:]
        for (form, divisions) in byName {
            let scalars = Array(form.unicodeScalars)
            byFirst[scalars[0], default: []].append((scalars, divisions))
        }
        byFirstScalar = byFirst.mapValues { $0.sorted { $0.form.count > $1.form.count } }
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
