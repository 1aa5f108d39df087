extension String {
    /// Without leading and trailing white space (ASCII, ideographic space, no-break space, BOM).
    /// Foundation's trimmingCharacters(in:) cost more than whole normalizers here.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last, Self.isSpace(first) || Self.isSpace(last) else { return self }
        guard let from = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let to = scalars.lastIndex(where: { !Self.isSpace($0) })!
        return String(scalars[from...to])
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }
}
