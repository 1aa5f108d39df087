import Foundation

/// "Did you mean" for names a user typed: the candidates closest by edit distance.
public enum Suggestions {
    /// Up to `limit` candidates close to `name`, closest first; empty if none is close.
    public static func closest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let distance = editDistance(target, Array(candidate.lowercased()))
            let shared = Set(target).intersection(candidate.lowercased()).count
            // Close in spelling (phon → phone), or sharing half the characters (客户姓名 → 姓名).
            // Two-character Chinese names are all within distance 2 of each other, so distance
            // alone is allowed only up to a third of the length.
            // Sharing characters means something only for Han text, where one character is a word.
            let allowed = max(1, target.count / 3)
            let isHan = target.contains { $0.unicodeScalars.first.map { $0.value >= 0x3400 } ?? false }
            guard distance <= allowed || (isHan && shared > 0 && shared * 2 >= target.count) else { return nil }
            return (candidate, distance)
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// A hint naming the closest candidates, or listing what exists when nothing is close.
    public static func hint(for name: String, in candidates: [String], noun: String) -> String {
        let close = closest(to: name, in: candidates)
        if !close.isEmpty { return "did you mean \(close.map { "'\(displayable($0))'" }.joined(separator: " or "))?" }
        let shown = candidates.prefix(12).map(displayable).joined(separator: ", ")
        let more = candidates.count > 12 ? ", … (\(candidates.count) in all)" : ""
        return candidates.isEmpty ? "the file has no \(noun)s" : "the file has \(noun)s: \(shown)\(more)"
    }

    /// A name on one line: line breaks inside a header cell shown as ⏎.
    public static func displayable(_ name: String) -> String {
        name.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
