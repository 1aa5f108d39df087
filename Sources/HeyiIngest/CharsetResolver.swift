public import HeyiCore
import CICU

/// The charset a text file will be read in, and how heyi came to it.
public struct ResolvedEncoding: Sendable, Equatable {
    /// ICU name: UTF-8, GB18030, Big5, UTF-16LE, UTF-16BE, UTF-16.
    public var name: String
    /// Bytes of byte-order mark to skip.
    public var bomLength: Int
    /// How it was decided: `bom`, `utf-8 valid`, `detected (confidence N)`, `declared`.
    public var how: String

    public var isUTF8: Bool { name == "UTF-8" }

    /// The short form the summary prints: `gb18030 (detected, 62)`.
    public var summary: String {
        let label = name == "UTF-8" && bomLength > 0 ? "utf-8 bom" : name.lowercased()
        return "\(label) (\(how))"
    }
}

/// Decides a file's charset: the mapping's `encoding:` if given, else BOM, else UTF-8 if the
/// whole file is valid UTF-8, else ICU charset detection restricted to the charsets Chinese
/// offices produce (GB18030 family, Big5, UTF-16).
public enum CharsetResolver {
    public static func resolve(_ declared: Mapping.Encoding, fingerprint: FileFingerprint, file: String) throws(HeyiError) -> ResolvedEncoding {
        let head = fingerprint.head
        let bom = byteOrderMark(head)
        if let icu = declared.icuName {
            // A declared UTF-8 or UTF-16 file may still carry a BOM; it is not data.
            let skip = (bom?.name == icu || (icu == "UTF-16" && bom?.name.hasPrefix("UTF-16") == true)) ? bom!.length : 0
            let name = icu == "UTF-16" ? (bom?.name.hasPrefix("UTF-16") == true ? bom!.name : "UTF-16LE") : icu
            return ResolvedEncoding(name: name, bomLength: skip, how: "declared")
        }
        if let bom { return ResolvedEncoding(name: bom.name, bomLength: bom.length, how: "bom") }
        if fingerprint.isValidUTF8 {
            return ResolvedEncoding(name: "UTF-8", bomLength: 0, how: fingerprint.hasNonASCII ? "valid utf-8" : "ascii")
        }
        var candidates = [heyi_charset_match](repeating: heyi_charset_match(), count: 12)
        let sample = head.count >= 64 ? head : head
        let found = sample.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { heyi_charset_detect($0.baseAddress, Int32($0.count), &candidates, 12) }
        }
        let chinese: [String: String] = ["GB18030": "GB18030", "Big5": "Big5", "UTF-16LE": "UTF-16LE", "UTF-16BE": "UTF-16BE"]
        for candidate in candidates.prefix(max(0, Int(found))) {
            let name = withUnsafeBytes(of: candidate.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let icu = chinese[name] {
                return ResolvedEncoding(name: icu, bomLength: 0, how: "detected, confidence \(candidate.confidence)")
            }
        }
        // Neither UTF-8 nor anything ICU recognised: GB18030 decodes every byte sequence a
        // Chinese Excel produces, and bad rows are still caught and rejected one by one.
        return ResolvedEncoding(name: "GB18030", bomLength: 0, how: "guessed; set encoding: in the mapping if wrong")
    }

    static func byteOrderMark(_ head: [UInt8]) -> (name: String, length: Int)? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if head.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if head.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        return nil
    }
}
