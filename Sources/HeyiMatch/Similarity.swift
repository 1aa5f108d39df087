/// String similarity on scalar arrays (interned once per distinct value).
enum Similarity {
    /// Jaro–Winkler similarity in 0…1 (prefix scale 0.1, up to 4 characters).
    static func jaroWinkler(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        if a == b { return 1 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        // Small arrays on the stack would be nicer; names and keys are short, so this stays cheap.
        var aMatched = [Bool](repeating: false, count: a.count)
        var bMatched = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window), high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true
                bMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<a.count where aMatched[i] {
            while !bMatched[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    /// The two differ by exactly one insertion, deletion, swap of neighbours or (when allowed) substitution.
    static func oneEditApart(_ a: [UInt32], _ b: [UInt32], substitution: Bool = true) -> Bool {
        if a == b { return false }
        if a.count == b.count {
            var differences: [Int] = []
            for i in 0..<a.count where a[i] != b[i] {
                differences.append(i)
                if differences.count > 2 { return false }
            }
            if differences.count == 1 { return substitution }
            let (x, y) = (differences[0], differences[1])
            return y == x + 1 && a[x] == b[y] && a[y] == b[x]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count, short[i] == long[i] { i += 1 }
        return short[i...].elementsEqual(long[(i + 1)...])
    }

    /// One contains the other, the shorter having at least `minimum` scalars.
    static func contains(_ a: [UInt32], _ b: [UInt32], minimum: Int = 2) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= minimum else { return false }
        if short.count == long.count { return short == long }
        for start in 0...(long.count - short.count) where long[start] == short[0] {
            if long[start..<(start + short.count)].elementsEqual(short) { return true }
        }
        return false
    }
}
