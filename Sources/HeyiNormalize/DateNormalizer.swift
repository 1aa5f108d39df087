public import Foundation

/// A calendar day (no time zone: sources write local dates).
public struct CalendarDay: Sendable, Equatable, Comparable, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today in China Standard Time.
    public static func today(_ now: Date = Date()) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

/// A date or timestamp read from a source, as ISO 8601.
public struct NormalizedDate: Sendable, Equatable, Codable {
    /// `yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm:ss` when the source gave a time.
    public var value: String?
    public var isValid: Bool
    public var problem: String?
    /// The mapping pattern that read it.
    public var pattern: String?
}

/// Reads dates by the mapping's patterns (`yyyy/M/d`, `yyyy年M月d日`, `yyyyMMdd`, `excel` …), tried
/// in order, then by common patterns. Two-digit years: 00–29 are 2000–2029, 30–99 are 1930–1999.
/// Impossible dates (2023-02-30) and dates after today are flagged.
public struct DateNormalizer: Sendable {
    public let today: CalendarDay
    public static let defaultPatterns = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss",
                                         "yyyy-MM-ddTHH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"]
    /// Two-digit years up to this are 20xx.
    public static let pivot = 29

    public init(today: CalendarDay = .today()) { self.today = today }

    public func normalize(_ raw: String, patterns: [String] = []) -> NormalizedDate {
        let text = Transforms.nfkc.apply(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        var impossible: String?
        for pattern in patterns + Self.defaultPatterns {
            guard let parsed = pattern == "excel" ? Self.excel(text) : Self.parse(text, pattern: pattern) else { continue }
            guard Self.isPossible(year: parsed.day.year, month: parsed.day.month, day: parsed.day.day),
                  parsed.time.map({ $0.0 < 24 && $0.1 < 60 && $0.2 < 61 }) ?? true else {
                impossible = impossible ?? "no such date: \(text)"
                continue
            }
            if parsed.day > today {
                return NormalizedDate(value: parsed.day.iso, isValid: false, problem: "a date after today", pattern: pattern)
            }
            let value = parsed.time.map { parsed.day.iso + String(format: "T%02d:%02d:%02d", $0.0, $0.1, $0.2) } ?? parsed.day.iso
            return NormalizedDate(value: value, isValid: true, problem: nil, pattern: pattern)
        }
        return NormalizedDate(value: nil, isValid: false, problem: impossible ?? "matches none of the date patterns", pattern: nil)
    }

    static func isPossible(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    /// Excel's serial day numbers (1900 date system, as Chinese Excel exports write them).
    static func excel(_ text: String) -> (day: CalendarDay, time: (Int, Int, Int)?)? {
        guard let serial = Double(text), serial >= 1, serial < 2_958_466, text.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let origin = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        let date = calendar.date(byAdding: .day, value: Int(serial), to: origin)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!), nil)
    }

    /// Reads `text` with one pattern; the whole text must match.
    static func parse(_ text: String, pattern: String) -> (day: CalendarDay, time: (Int, Int, Int)?)? {
        var values: [Character: Int] = [:]
        var input = Substring(text)
        var rest = Substring(pattern)
        while let first = rest.first {
            if let token = DatePatternTokens.all.first(where: { rest.hasPrefix($0) }) {
                let fixed = token.count > 1 // yyyy, MM, dd: exact width; M, d: one or two digits
                let width = token == "yy" || fixed ? token.count : 2
                let digits = input.prefix(width).prefix { $0.isASCII && $0.isNumber }
                if digits.isEmpty || (fixed && digits.count != token.count) { return nil }
                var value = Int(digits)!
                if token == "yy" { value += value <= pivot ? 2000 : 1900 }
                values[token.first!] = value
                input = input.dropFirst(digits.count)
                rest = rest.dropFirst(token.count)
            } else {
                guard input.first == first else { return nil }
                input = input.dropFirst()
                rest = rest.dropFirst()
            }
        }
        guard input.isEmpty, let year = values["y"], let month = values["M"], let day = values["d"] else { return nil }
        let time = values["H"].map { ($0, values["m"] ?? 0, values["s"] ?? 0) }
        return (CalendarDay(year: year, month: month, day: day), time)
    }
}

/// The pattern letters a mapping may use, longest first.
enum DatePatternTokens {
    static let all = ["yyyy", "yy", "MM", "M", "dd", "d", "HH", "H", "mm", "m", "ss", "s"]
}
