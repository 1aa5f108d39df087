import Foundation
import HeyiCore

/// One phone number from a source cell, in E.164 where it can be, with its kind and what was done.
public struct NormalizedPhone: Sendable, Equatable, Codable {
    /// What kind of number it is.
    public enum Kind: String, Sendable, Codable {
        case mobile
        case fixedLine = "fixed_line"
        /// 400 and 800 service numbers (shared among a company's staff: weak identifiers).
        case service
        case hongKong = "hong_kong"
        case macau
        case taiwan
        case international
        /// A mainland fixed number without its area code; it needs the city to be complete.
        case local
        case invalid
    }

    /// The part of the cell this number came from.
    public var input: String
    /// `+8613800138000`; nil for local and invalid numbers.
    public var e164: String?
    public var kind: Kind
    /// Mainland area code without the trunk 0 (`10`, `755`), for fixed lines.
    public var areaCode: String?
    /// Extension (`转801`, `ext 23`, a trailing `-801`).
    public var extensionNumber: String?
    /// Why the number is local or invalid; nil otherwise.
    public var problem: String?
    public var changes: [String] = []

    /// Usable as an identifier of a person or company.
    public var isValid: Bool { e164 != nil }
}

/// Normalizes phone numbers as Chinese sources write them: separators, brackets, full-width digits,
/// +86 / 0086 / 86 prefixes, IP-dialling prefixes (17951 …), the trunk 0, extensions, several
/// numbers in one cell. Mobile ranges and area codes come from libphonenumber's data
/// (scripts/make-phone-tables.py). Invalid input is kept with its reason. Pure and idempotent.
public struct PhoneNormalizer: Sendable {
    public init() {}

    static let ipPrefixes = ["17951", "17911", "17901", "17909", "12593", "10193", "96688", "17908"]
    /// What separates numbers in one cell; " or " is handled besides.
    static let separators: Set<Character> = ["/", "／", ";", "；", "、", ",", "，", "|", "\n", "\r", "\r\n", "或"]
    static let separatorScalars: Set<UInt32> = Set(separators.flatMap { $0.unicodeScalars.map(\.value) })
    /// Mobile number ranges (`1380` … ) by their four digits as a number: a look-up per number
    /// without making a string.
    static let mobileRanges: [Bool] = {
        var table = [Bool](repeating: false, count: 10_000)
        for prefix in MainlandAreaCodes.mobilePrefixes { if let number = Int(prefix) { table[number] = true } }
        return table
    }()
    static let countryCodes: [(code: [UInt8], kind: NormalizedPhone.Kind)] = [
        (Array("86".utf8), .mobile), (Array("852".utf8), .hongKong), (Array("853".utf8), .macau), (Array("886".utf8), .taiwan),
    ]
    static let ipPrefixDigits = ipPrefixes.map { Array($0.utf8) }

    /// A separator between numbers in one cell (the scalars of `separators`).
    @inline(__always) static func isSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x2F, 0xFF0F, 0x3B, 0xFF1B, 0x3001, 0x2C, 0xFF0C, 0x7C, 0x0A, 0x0D, 0x6216: true
        default: false
        }
    }
    /// Words before an extension, longest first (compared in lower case).
    static let extensionMarkers = ["extension", "分机", "ext.", "ext", "转", "x", "#"].map { Array($0.unicodeScalars) }

    /// Every number in a cell (`13800138000/010-62345678`), in order; blank parts are skipped.
    public func normalize(_ cell: String) -> [NormalizedPhone] {
        let folded = Transforms.nfkc.apply(cell)
        var text = folded
        // One pass over the bytes: an r (of " or ") and anything that may separate two numbers.
        var hasR = false, maySeparate = false, digits = 0
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39: digits += 1
            case UInt8(ascii: "r"), UInt8(ascii: "R"): hasR = true
            case UInt8(ascii: "/"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "|"), 0x0A, 0x0D, 0x80...: maySeparate = true
            default: break
            }
        }
        if hasR {
            text = text.replacingOccurrences(of: " or ", with: "/", options: .caseInsensitive)
            maySeparate = true
        }
        // Split on separator scalars (no grapheme breaking); most cells hold one number.
        var phones: [NormalizedPhone] = []
        func take(_ part: String) {
            let trimmed = part.trimmed
            guard !trimmed.isEmpty else { return }
            // Fewer than 20 digits in the whole cell: no part holds two numbers.
            if digits >= 20 { phones += splitRun(trimmed) } else { phones.append(normalizeOne(trimmed, folded: true)) }
        }
        if maySeparate {
            let view = text.unicodeScalars
            var partStart = view.startIndex
            for index in view.indices where Self.isSeparator(view[index].value) {
                take(String(view[partStart..<index]))
                partStart = view.index(after: index)
            }
            take(partStart == view.startIndex ? text : String(view[partStart...]))
        } else {
            take(text)
        }
        guard folded != cell else { return phones }
        return phones.map { phone in
            var folded = phone
            folded.changes.insert("full-width characters folded", at: 0)
            return folded
        }
    }

    /// Two complete numbers written with only a space between them.
    private func splitRun(_ part: String) -> [NormalizedPhone] {
        let digitCount = part.utf8.count { $0 >= 0x30 && $0 <= 0x39 }
        if digitCount >= 20 {
            let tokens = part.split(separator: " ").map(String.init)
            guard tokens.count > 1 else { return [normalizeOne(part, folded: true)] }
            let each = tokens.map { normalizeOne($0, folded: true) }
            if each.allSatisfy(\.isValid) { return each }
        }
        return [normalizeOne(part, folded: true)]
    }

    /// One number.
    public func normalizeOne(_ raw: String) -> NormalizedPhone { normalizeOne(raw, folded: false) }

    /// `folded`: `raw` is part of a cell already NFKC-folded (folding it again changes nothing).
    private func normalizeOne(_ raw: String, folded: Bool) -> NormalizedPhone {
        var changes: [String] = []
        var text = raw.trimmed
        if !folded {
            let refolded = Transforms.nfkc.apply(raw).trimmed
            if refolded != text { changes.append("full-width characters folded") }
            text = refolded
        }
        let split = Self.splitExtension(text)
        let extensionNumber = split?.1
        if let (number, ext) = split {
            text = number
            changes.append("extension \(ext) split off")
        }
        // Words before the number (`tel:`, `手机`, `电话：`).
        if let first = text.utf8.first, !(first >= 0x30 && first <= 0x39) && first != UInt8(ascii: "+") && first != UInt8(ascii: "("),
           let start = text.unicodeScalars.firstIndex(where: { ("0"..."9").contains($0) || $0 == "+" || $0 == "(" }) {
            text = String(text.unicodeScalars[start...])
            changes.append("label before the number removed")
        }
        // The parsed number is returned as it is in the common case: setting a field of it
        // afterwards made the compiler copy it (a retain per string) once more.
        let result = parse(text, raw: raw, changes: changes)
        if let extensionNumber {
            var withExtension = result
            withExtension.extensionNumber = extensionNumber
            return withExtension
        }
        if !result.isValid, let (head, tail) = Self.splitTrailingDash(text) {
            var candidate = parse(head, raw: raw, changes: changes)
            if candidate.kind == .fixedLine {
                candidate.extensionNumber = tail
                candidate.changes.append("trailing -\(tail) after a complete number taken as the extension")
                return candidate
            }
        }
        return result
    }

    /// `… 转801`, `… ext. 23`, `…#801` → the number and the extension (1 to 6 digits at the end).
    static func splitExtension(_ text: String) -> (String, String)? {
        // Most numbers end in more than six digits, or in digits after a dash: no extension,
        // nothing to copy. A marker ends in one of these bytes (n . t x # and the last bytes of 机 转).
        var trailingDigits = 0
        var before: UInt8?
        for byte in text.utf8.reversed() {
            if byte == 0x20 { if trailingDigits == 0 { continue } else { break } }
            guard byte >= 0x30 && byte <= 0x39 else { before = byte; break }
            trailingDigits += 1
            if trailingDigits > 6 { return nil }
        }
        guard trailingDigits > 0 else { return nil }
        if let before {
            switch before {
            case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "."), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "x"),
                 UInt8(ascii: "X"), UInt8(ascii: "#"), 0xBA, 0xAC: break
            default: return nil
            }
        }
        let scalars = Array(text.unicodeScalars)
        var end = scalars.count
        while end > 0, scalars[end - 1] == " " { end -= 1 }
        var start = end
        while start > 0, ("0"..."9").contains(scalars[start - 1]) { start -= 1 }
        guard (1...6).contains(end - start) else { return nil }
        var markerEnd = start
        while markerEnd > 0, scalars[markerEnd - 1] == " " { markerEnd -= 1 }
        for marker in extensionMarkers where markerEnd >= marker.count {
            // Markers are ASCII letters or Han: lower-casing ASCII is all the folding needed.
            let candidate = scalars[(markerEnd - marker.count)..<markerEnd].lazy.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }
            guard candidate.elementsEqual(marker) else { continue }
            var numberEnd = markerEnd - marker.count
            while numberEnd > 0, scalars[numberEnd - 1] == " " { numberEnd -= 1 }
            guard numberEnd > 0 else { return nil }
            return (String(scalars: scalars[0..<numberEnd]), String(scalars: scalars[start..<end]))
        }
        return nil
    }

    /// `0755-86123456-801` → (`0755-86123456`, `801`): a dash and 1 to 6 digits after a digit.
    static func splitTrailingDash(_ text: String) -> (String, String)? {
        let scalars = Array(text.unicodeScalars)
        var start = scalars.count
        while start > 0, ("0"..."9").contains(scalars[start - 1]) { start -= 1 }
        guard (1...6).contains(scalars.count - start) else { return nil }
        var dash = start
        while dash > 0, scalars[dash - 1] == " " { dash -= 1 }
        guard dash > 1, scalars[dash - 1] == "-" else { return nil }
        var headEnd = dash - 1
        while headEnd > 0, scalars[headEnd - 1] == " " { headEnd -= 1 }
        guard headEnd > 0, ("0"..."9").contains(scalars[headEnd - 1]) else { return nil }
        return (String(scalars: scalars[0..<headEnd]), String(scalars: scalars[start...]))
    }

    private func parse(_ text: String, raw: String, changes initial: [String]) -> NormalizedPhone {
        // The digits go to a buffer on the stack.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, text.utf8.count)) { buffer in
            parse(text, raw: raw, changes: initial, buffer: buffer)
        }
    }

    private func parse(_ text: String, raw: String, changes initial: [String], buffer: UnsafeMutableBufferPointer<UInt8>) -> NormalizedPhone {
        var changes = initial
        func invalid(_ reason: String) -> NormalizedPhone {
            NormalizedPhone(input: raw, e164: nil, kind: .invalid, problem: reason, changes: changes)
        }
        // One pass over the bytes: the digits, and whether the text is masked or has letters.
        var count = 0
        var masked = false, asciiLetter = false, nonASCII = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                buffer[count] = byte
                count += 1
            case UInt8(ascii: "*"): masked = true
            case 0x41...0x5A, 0x61...0x7A: asciiLetter = true
            case 0x80...: nonASCII = true
            default: break
            }
        }
        let digits = UnsafeBufferPointer(start: buffer.baseAddress, count: count)[...]
        guard !masked else { return invalid("masked number") }
        if asciiLetter || nonASCII && text.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.isAlphabetic }) {
            return invalid("letters in the number")
        }
        guard !digits.isEmpty else { return invalid("no digits") }
        var international: Digits?
        if text.utf8.first == UInt8(ascii: "+") {
            international = digits[...]
        } else if digits.starts(with: Self.zeroZero) {
            international = digits.dropFirst(2)
        }
        if let international {
            for (code, kind) in Self.countryCodes where international.starts(with: code) {
                var national = international.dropFirst(code.count)
                if national.first == UInt8(ascii: "0") { national.removeFirst(); changes.append("trunk 0 after the country code removed") }
                let written = Self.text(code[...])
                changes.append("country code +\(written)")
                if kind == .mobile { return mainland(national, raw: raw, international: true, changes: changes) }
                let valid: Bool = switch kind {
                case .hongKong: national.count == 8 && "235679".utf8.contains(national.first!)
                case .macau: national.count == 8 && "268".utf8.contains(national.first!)
                default: (8...9).contains(national.count) && national.first != UInt8(ascii: "0")
                }
                return valid ? NormalizedPhone(input: raw, e164: "+" + written + Self.text(national), kind: kind, changes: changes)
                    : invalid("not a valid +\(written) number")
            }
            guard (8...15).contains(international.count), international.first != UInt8(ascii: "0") else {
                return invalid("not a valid international number")
            }
            return NormalizedPhone(input: raw, e164: "+" + Self.text(international), kind: .international, changes: changes)
        }
        var national = digits[...]
        // IP-dialling prefixes start with 1 or 9.
        if national.count >= 15, national.first == UInt8(ascii: "1") || national.first == UInt8(ascii: "9"),
           let prefix = Self.ipPrefixDigits.first(where: { national.starts(with: $0) }), national.count - prefix.count >= 10 {
            national.removeFirst(prefix.count)
            changes.append("IP-dialling prefix \(Self.text(prefix[...])) removed")
        }
        if national.starts(with: Self.eightSix), national.count >= 12 {
            var rest = national.dropFirst(2)
            if rest.first == UInt8(ascii: "0") { rest.removeFirst() }
            let candidate = mainland(rest, raw: raw, international: true, changes: changes)
            if candidate.isValid { return with(candidate, change: "country code 86 without +") }
        }
        return mainland(national, raw: raw, international: false, changes: changes)
    }

    private static let zeroZero = Array("00".utf8), eightSix = Array("86".utf8)
    private static let fourHundred = Array("400".utf8), eightHundred = Array("800".utf8)

    private static let plus86 = Array("+86".utf8)

    /// `prefix` and `digits` as one string, without an intermediate.
    private static func e164(_ prefix: [UInt8], _ digits: Digits) -> String {
        String(unsafeUninitializedCapacity: prefix.count + digits.count) { out in
            _ = out.initialize(fromContentsOf: prefix)
            _ = out[prefix.count...].initialize(fromContentsOf: digits)
            return prefix.count + digits.count
        }
    }

    /// ASCII digits as a string.
    private static func text(_ digits: some Collection<UInt8>) -> String { String(decoding: digits, as: UTF8.self) }

    /// A run of ASCII digits in a parse's stack buffer.
    typealias Digits = Slice<UnsafeBufferPointer<UInt8>>

    private func with(_ phone: NormalizedPhone, change: String) -> NormalizedPhone {
        var copy = phone
        copy.changes.append(change)
        return copy
    }

    /// A mainland area code's rules, found by the code as a number (two-digit codes are below 100,
    /// three-digit ones 100 and above: one table serves both), with no string made or hashed.
    struct AreaRule {
        let code: String
        /// By subscriber number length, the first digits allowed (bit d for digit d).
        let firstDigits: [UInt16]
    }
    static let areaRules: [AreaRule?] = {
        var rules = [AreaRule?](repeating: nil, count: 1000)
        for (code, area) in MainlandAreaCodes.areas {
            var firstDigits = [UInt16](repeating: 0, count: (area.subscribers.keys.max() ?? 0) + 1)
            for (length, digits) in area.subscribers {
                for digit in digits.utf8 { firstDigits[length] |= 1 << (digit - 0x30) }
            }
            rules[Int(code)!] = AreaRule(code: code, firstDigits: firstDigits)
        }
        return rules
    }()

    /// A mainland national number (ASCII digits); `international` when it came after +86 (no trunk 0 expected).
    private func mainland(_ number: Digits, raw: String, international: Bool, changes initial: [String]) -> NormalizedPhone {
        var changes = initial
        var body = number
        var hadTrunk = false
        if body.first == UInt8(ascii: "0") {
            body.removeFirst()
            hadTrunk = true
        }
        if body.count == 11, body.first == UInt8(ascii: "1") {
            let range = body.prefix(4).reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard Self.mobileRanges[range] else {
                return NormalizedPhone(input: raw, e164: nil, kind: .invalid, problem: "\(Self.text(body.prefix(3))) is not a mobile number range", changes: changes)
            }
            if hadTrunk { changes.append("trunk 0 before a mobile number removed") }
            return NormalizedPhone(input: raw, e164: Self.e164(Self.plus86, body), kind: .mobile, changes: changes)
        }
        if !hadTrunk, body.count == 10, body.starts(with: Self.fourHundred) || body.starts(with: Self.eightHundred) {
            return NormalizedPhone(input: raw, e164: Self.e164(Self.plus86, body), kind: .service, changes: changes)
        }
        if hadTrunk || international {
            for length in [2, 3] where body.count > length {
                let number = body.prefix(length).reduce(0) { $0 * 10 + Int($1 - 0x30) }
                // A code never starts with 0 (as a number, 010 would read as 10).
                guard body.first != UInt8(ascii: "0"), let area = Self.areaRules[number] else { continue }
                let code = area.code
                let subscriber = body.dropFirst(length)
                guard let first = subscriber.first, subscriber.count < area.firstDigits.count,
                      area.firstDigits[subscriber.count] & 1 << (first - 0x30) != 0 else {
                    let area = MainlandAreaCodes.areas[code]!
                    let shapes = area.subscribers.keys.sorted().map { "\($0) digits starting with \(area.subscribers[$0]!.map(String.init).joined(separator: "/"))" }
                    return NormalizedPhone(input: raw, e164: nil, kind: .invalid, areaCode: code,
                                           problem: "a number in area 0\(code) has \(shapes.joined(separator: " or "))", changes: changes)
                }
                return NormalizedPhone(input: raw, e164: Self.e164(Self.plus86, body), kind: .fixedLine, areaCode: code, changes: changes)
            }
            return NormalizedPhone(input: raw, e164: nil, kind: .invalid, problem: "no mainland area code 0\(Self.text(body.prefix(3)))", changes: changes)
        }
        if (7...8).contains(body.count), let first = body.first, first != UInt8(ascii: "0"), first != UInt8(ascii: "1") {
            return NormalizedPhone(input: raw, e164: nil, kind: .local, problem: "no area code; the customer's city can complete it", changes: changes)
        }
        let reason = body.count < 7 ? "too short for a phone number" : "not a mainland mobile, fixed or service number"
        return NormalizedPhone(input: raw, e164: nil, kind: .invalid, problem: reason, changes: changes)
    }
}

