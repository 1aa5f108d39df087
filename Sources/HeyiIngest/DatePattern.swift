/// The date patterns a mapping may give (`yyyy/M/d`, `yyyy年M月d日`, `yyyyMMdd`, `excel`).
public enum DatePattern {
    static let tokens = ["yyyy", "yy", "MM", "M", "dd", "d", "HH", "H", "mm", "m", "ss", "s"]
    static let literals: Set<Character> = ["/", "-", ".", " ", "年", "月", "日", ":", "T", "时", "分", "秒"]

    /// Nil when `pattern` is usable, else what is wrong with it.
    public static func problem(in pattern: String) -> String? {
        if pattern == "excel" { return nil }
        var rest = Substring(pattern)
        var seen: Set<Character> = []
        while let first = rest.first {
            if let token = tokens.first(where: { rest.hasPrefix($0) }) {
                let letter = token.first!
                // `m` (minute) and `M` (month) are different letters, so they do not collide here.
                if seen.contains(letter) { return "'\(letter)' appears twice in '\(pattern)'" }
                seen.insert(letter)
                rest = rest.dropFirst(token.count)
            } else if literals.contains(first) {
                rest = rest.dropFirst()
            } else {
                return "'\(first)' is not a date pattern letter in '\(pattern)' (use yyyy yy M MM d dd H HH m mm s ss, or excel)"
            }
        }
        for required: Character in ["y", "M", "d"] where !seen.contains(required) {
            return "'\(pattern)' has no '\(required)'"
        }
        return nil
    }
}
