import Foundation
import HeyiCore
import Synchronization

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
    private static let readingsByScalars = SortedLookup(surnameReadings.map { surname, reading in
        (surnameKey(Array(surname.unicodeScalars)[...]), reading)
    })

    private static func surnameKey(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        scalars.reduce(0) { $0 << 32 | UInt64($1.value) }
    }

    /// The surname table's reading of a surname given as its scalars.
    static func surnameReading(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
        scalars.count <= 2 ? readingsByScalars[surnameKey(scalars)] : nil
    }

    /// `syllables(text).joined()` for text given as scalars, written into one string. Han
    /// characters' syllables come from `PackedSyllables` and are written with the ASCII letters and
    /// digits into a buffer on the stack, made a string once; anything else (a letter outside
    /// ASCII, a syllable too long to pack) takes the general path.
    static func joined(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        guard NormalizerCaches.enabled else { return joinedByStrings(scalars) }
        let table = PackedSyllables.shared
        let composed: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, scalars.count * 7)) { buffer in
            var count = 0
            for scalar in scalars {
                let value = scalar.value
                switch value {
                case 0x30...0x39, 0x61...0x7A:
                    buffer[count] = UInt8(value)
                    count += 1
                case 0x41...0x5A:
                    buffer[count] = UInt8(value + 0x20)
                    count += 1
                case 0..<0x80:
                    continue
                default:
                    guard scalar.isHan, var packed = table.packed(scalar), packed != 0 else { return nil }
                    // Letters from the high byte down; the low byte is the length.
                    let length = Int(packed & 0xFF)
                    packed >>= 8
                    for k in stride(from: length - 1, through: 0, by: -1) {
                        buffer[count + k] = UInt8(truncatingIfNeeded: packed)
                        packed >>= 8
                    }
                    count += length
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
        return composed ?? joinedByStrings(scalars)
    }

    /// `joined` one string at a time, for what the packed table cannot hold.
    private static func joinedByStrings(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = ""
        out.reserveCapacity(scalars.count * 6)
        for scalar in scalars {
            if scalar.isHan { out += syllable(scalar) } else { out.appendLowercasedLetterOrDigit(scalar) }
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

/// Process-wide, without a lock: per Han character of U+3400–U+9FFF, its syllable as up to seven
/// ASCII letters packed into one number (letters from the high byte down, the length in the low
/// byte; 0 while not yet met). Filled from ICU on first sight; a syllable of more than seven
/// letters is marked unpackable (length 0xFF) and read from `Pinyin.syllable`. Both workers read it
/// with relaxed atomic loads: two finding a character missing at once both ask ICU and store the
/// same number. A per-worker table behind a lock cost a lock and a string append per character.
final class PackedSyllables: @unchecked Sendable {
    static let shared = PackedSyllables()
    private static let first: UInt32 = 0x3400, last: UInt32 = 0x9FFF
    private static let unpackable: UInt64 = 0xFF
    /// Never freed: one per process.
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>

    private init() {
        let count = Int(Self.last - Self.first) + 1
        slots = .allocate(capacity: count)
        for index in 0..<count { (slots + index).initialize(to: Atomic(0)) }
    }

    /// The packed syllable of a Han character; nil outside the table's range, 0 when it does not fit.
    @inline(__always) func packed(_ scalar: Unicode.Scalar) -> UInt64? {
        let value = scalar.value
        guard value >= Self.first, value <= Self.last else { return nil }
        let slot = Int(value &- Self.first)
        let known = slots[slot].load(ordering: .relaxed)
        if known != 0 { return known == Self.unpackable ? 0 : known }
        let made = Self.pack(Pinyin.syllable(scalar))
        slots[slot].store(made, ordering: .relaxed)
        return made == Self.unpackable ? 0 : made
    }

    static func pack(_ syllable: String) -> UInt64 {
        let bytes = Array(syllable.utf8)
        guard !bytes.isEmpty, bytes.count <= 7, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return unpackable }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) } << 8 | UInt64(bytes.count)
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
