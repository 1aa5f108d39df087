public import Foundation
import Synchronization

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

    /// `yyyy-MM-dd`, formatted by hand into the string's own storage: String(format:) is slow on Linux.
    public var iso: String {
        String(unsafeUninitializedCapacity: 10) { bytes in
            func put(_ value: Int, at offset: Int, width: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            bytes[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            bytes[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            return 10
        }
    }
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
        let text = Transforms.nfkc.apply(raw).trimmed
        var impossible: String?
        // The mapping's patterns, then the defaults (compiled once, tried without a look-up).
        for pattern in patterns {
            if let date = attempt(text, pattern: pattern, steps: pattern == "excel" ? [] : Self.steps(pattern), impossible: &impossible) {
                return date
            }
        }
        for (pattern, steps) in Self.defaultsCompiled {
            if let date = attempt(text, pattern: pattern, steps: steps, impossible: &impossible) { return date }
        }
        return NormalizedDate(value: nil, isValid: false, problem: impossible ?? "matches none of the date patterns", pattern: nil)
    }

    /// The date `text` is by one pattern, if it is one; notes an impossible date it reads.
    private func attempt(_ text: String, pattern: String, steps: [Step], impossible: inout String?) -> NormalizedDate? {
        guard let parsed = pattern == "excel" ? Self.excel(text) : Self.parse(text, steps: steps) else { return nil }
        guard Self.isPossible(year: parsed.day.year, month: parsed.day.month, day: parsed.day.day),
              parsed.time.map({ $0.0 < 24 && $0.1 < 60 && $0.2 < 61 }) ?? true else {
            impossible = impossible ?? "no such date: \(text)"
            return nil
        }
        if parsed.day > today {
            return NormalizedDate(value: parsed.day.iso, isValid: false, problem: "a date after today", pattern: pattern)
        }
        let value = parsed.time.map { parsed.day.iso + "T" + Self.twoDigits($0.0) + ":" + Self.twoDigits($0.1) + ":" + Self.twoDigits($0.2) } ?? parsed.day.iso
        return NormalizedDate(value: value, isValid: true, problem: nil, pattern: pattern)
    }

    static func isPossible(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days = switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// One step of a compiled pattern.
    enum Step: Sendable {
        /// A number of `minimum`…`maximum` digits for pattern letter `letter`.
        case number(letter: UInt8, minimum: Int, maximum: Int, twoDigitYear: Bool)
        case literal([UInt8])
    }

    /// The default patterns, compiled up front and read without a lock: every worker parses dates.
    private static let defaultsCompiled: [(String, [Step])] = defaultPatterns.map { ($0, compile($0)) }
    private static let compiledOthers = Mutex<[String: [Step]]>([:])

    /// A pattern as steps over UTF-8, compiled once.
    static func steps(_ pattern: String) -> [Step] {
        // Mappings nearly always name a default pattern: nine comparisons of short strings cost
        // less than hashing the pattern for a dictionary, on every date of every record.
        for (known, steps) in defaultsCompiled where known == pattern { return steps }
        return compiledOthers.withLock { compiled in
            if let steps = compiled[pattern] { return steps }
            let steps = compile(pattern)
            compiled[pattern] = steps
            return steps
        }
    }

    private static func compile(_ pattern: String) -> [Step] {
        var steps: [Step] = []
        var rest = Substring(pattern)
        while let first = rest.first {
            if let token = DatePatternTokens.all.first(where: { rest.hasPrefix($0) }) {
                let letter = token.utf8.first!
                let fixed = token.count > 1
                steps.append(.number(letter: letter, minimum: fixed ? token.count : 1, maximum: fixed ? token.count : 2, twoDigitYear: token == "yy"))
                rest = rest.dropFirst(token.count)
            } else {
                steps.append(.literal(Array(String(first).utf8)))
                rest = rest.dropFirst()
            }
        }
        return steps
    }

    /// Reads `text` with one compiled pattern; the whole text must match.
    static func parse(_ text: String, steps: [Step]) -> (day: CalendarDay, time: (Int, Int, Int)?)? {
        var year: Int?, month: Int?, day: Int?, hour: Int?, minute = 0, second = 0
        return text.withUTF8Bytes { input -> (day: CalendarDay, time: (Int, Int, Int)?)? in
            var i = 0
            for step in steps {
                switch step {
                case .literal(let bytes):
                    guard i + bytes.count <= input.count, input[i..<(i + bytes.count)].elementsEqual(bytes) else { return nil }
                    i += bytes.count
                case .number(let letter, let minimum, let maximum, let twoDigitYear):
                    var value = 0, count = 0
                    while count < maximum, i < input.count, input[i] >= 0x30, input[i] <= 0x39 {
                        value = value * 10 + Int(input[i] - 0x30)
                        i += 1
                        count += 1
                    }
                    guard count >= minimum else { return nil }
                    if twoDigitYear { value += value <= pivot ? 2000 : 1900 }
                    switch letter {
                    case UInt8(ascii: "y"): year = value
                    case UInt8(ascii: "M"): month = value
                    case UInt8(ascii: "d"): day = value
                    case UInt8(ascii: "H"): hour = value
                    case UInt8(ascii: "m"): minute = value
                    default: second = value
                    }
                }
            }
            guard i == input.count, let year, let month, let day else { return nil }
            return (CalendarDay(year: year, month: month, day: day), hour.map { ($0, minute, second) })
        }
    }
}

/// The pattern letters a mapping may use, longest first.
enum DatePatternTokens {
    static let all = ["yyyy", "yy", "MM", "M", "dd", "d", "HH", "H", "mm", "m", "ss", "s"]
}
