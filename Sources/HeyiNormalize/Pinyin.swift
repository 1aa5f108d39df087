import Foundation
import HeyiCore

/// Toneless pinyin of Han text, composed from a per-character table filled from ICU's Han-Latin
/// on first sight: about 20k distinct characters exist, so after warm-up a name's pinyin is a few
/// look-ups instead of an ICU call (ICU manages ~30k names/s and does not scale with threads).
public enum Pinyin {
    /// Readings of surnames that differ from the common reading of the character (applied to the
    /// surname only: 单 is shan as a surname, dan elsewhere).
    public static let surnameReadings: [String: String] = [
        "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha", "翟": "zhai",
        "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "召": "shao", "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun",
        "尉": "yu", "秘": "bi", "繁": "po", "句": "gou", "员": "yun", "种": "chong", "谌": "chen", "折": "she",
        "黑": "he", "哈": "ha", "隗": "wei", "宓": "fu", "牟": "mou", "阚": "kan", "眭": "sui", "澹台": "tantai",
        "令狐": "linghu", "单于": "chanyu", "纪": "ji", "沈": "shen", "柏": "bai", "那": "na", "燕": "yan", "褚": "chu",
    ]

    /// Pinyin syllables of `text`, one per Han character (other letters and digits are lower-cased
    /// and kept, grouped into words). Walks scalars, not grapheme clusters.
    public static func syllables(_ text: String) -> [String] {
        var out: [String] = []
        var latin = ""
        for scalar in text.unicodeScalars {
            if scalar.isHan {
                if !latin.isEmpty { out.append(latin); latin = "" }
                out.append(syllable(scalar))
            } else if scalar.isASCII {
                switch scalar.value {
                case 0x30...0x39, 0x61...0x7A: latin.unicodeScalars.append(scalar)
                case 0x41...0x5A: latin.unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20)!)
                default: if !latin.isEmpty { out.append(latin); latin = "" }
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                latin += String(scalar).lowercased()
            } else if !latin.isEmpty {
                out.append(latin)
                latin = ""
            }
        }
        if !latin.isEmpty { out.append(latin) }
        return out
    }

    /// `surnameReadings` by the surname's scalars (one, or two packed into one number).
    private static let readingsByScalars: [UInt64: String] = Dictionary(uniqueKeysWithValues: surnameReadings.map { surname, reading in
        (surnameKey(Array(surname.unicodeScalars)[...]), reading)
    })

    private static func surnameKey(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        scalars.reduce(0) { $0 << 32 | UInt64($1.value) }
    }

    /// The surname table's reading of a surname given as its scalars.
    static func surnameReading(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
        scalars.count <= 2 ? readingsByScalars[surnameKey(scalars)] : nil
    }

    /// `syllables(text).joined()` for text given as scalars, written into one string.
    static func joined(_ scalars: ArraySlice<Unicode.Scalar>, cache: SyllableCache? = nil) -> String {
        var out = ""
        out.reserveCapacity(scalars.count * 6)
        for scalar in scalars {
            if scalar.isHan { out += cache?.syllable(scalar) ?? syllable(scalar) } else { out.appendLowercasedLetterOrDigit(scalar) }
        }
        return out
    }

    /// One Han character's toneless syllable, letters only, from ICU on first sight.
    static func syllable(_ scalar: Unicode.Scalar) -> String {
        guard NormalizerCaches.enabled else { return Transforms.pinyin.uncachedApply(String(scalar)).filter(\.isLetter) }
        if let known = syllableLock.withLock({ syllableTable[scalar.value] }) { return known }
        let made = Transforms.pinyin.uncachedApply(String(scalar)).filter(\.isLetter)
        syllableLock.withLock { syllableTable[scalar.value] = made }
        return made
    }

    private static let syllableLock = NSLock()
    nonisolated(unsafe) private static var syllableTable: [UInt32: String] = [:]

    /// The surname's pinyin, by the surname table first.
    public static func surname(_ surname: String) -> String {
        surnameReadings[surname] ?? syllables(surname).joined()
    }

    static func isHan(_ character: Character) -> Bool { character.unicodeScalars.first?.isHan ?? false }
}

/// One worker's copy of the syllables it has met, by character in an array: the process-wide
/// table behind `Pinyin.syllable` takes a lock every worker shares, once per character of every
/// name. This one's lock no other thread takes.
final class SyllableCache: @unchecked Sendable {
    private static let first: UInt32 = 0x3400, last: UInt32 = 0x9FFF
    private let lock = NSLock()
    private var table = [String?](repeating: nil, count: Int(last - first) + 1)

    /// The syllable of a Han character (outside U+3400–U+9FFF: from the process-wide table).
    func syllable(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        guard NormalizerCaches.enabled, value >= Self.first, value <= Self.last else { return Pinyin.syllable(scalar) }
        let index = Int(value - Self.first)
        if let known = lock.withLock({ table[index] }) { return known }
        let made = Pinyin.syllable(scalar)
        lock.withLock { table[index] = made }
        return made
    }
}

extension String {
    /// Appends `scalar` lower-cased if it is a letter or a digit (ASCII without a property look-up);
    /// anything else is left out. Keys are made of these.
    mutating func appendLowercasedLetterOrDigit(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            switch scalar.value {
            case 0x30...0x39, 0x61...0x7A: unicodeScalars.append(scalar)
            case 0x41...0x5A: unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            default: break
            }
        } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            self += String(scalar).lowercased()
        }
    }
}
