extension Unicode.Scalar {
    /// A Han ideograph (CJK unified, extension A and beyond, compatibility ideographs).
    public var isHan: Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }

    /// White space as sources write it: ASCII, no-break and ideographic spaces, and the BOM.
    /// Checked without Unicode property tables, which cost more than the rest of a normalizer.
    public var isBlank: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }
}

extension String {
    /// Without leading and trailing white space (see `Unicode.Scalar.isBlank`); Foundation's
    /// trimmingCharacters(in:) is far slower and is called for every value of every record.
    public var trimmed: String {
        // Fast path on the bytes: printable ASCII or a scalar in U+4000–U+9FFF (lead byte E4–E9:
        // Han, never white space) at both ends.
        let plain = withUTF8Bytes { bytes -> Bool in
            guard let head = bytes.first, let tail = bytes.last else { return false }
            let headPlain = head > 0x20 && head < 0x80 || head >= 0xE4 && head <= 0xE9
            let tailPlain = tail > 0x20 && tail < 0x80 || bytes.count >= 3 && bytes[bytes.count - 3] >= 0xE4 && bytes[bytes.count - 3] <= 0xE9
            return headPlain && tailPlain
        }
        if plain { return self }
        let scalars = unicodeScalars
        guard let from = scalars.firstIndex(where: { !$0.isBlank }) else { return "" }
        let to = scalars.lastIndex(where: { !$0.isBlank })!
        return String(scalars[from...to])
    }
}

extension String {
    /// The text of `scalars`, encoded as UTF-8 in one pass. `String.UnicodeScalarView`'s
    /// `append(contentsOf:)` goes through generic code and cost more than an address normalizer's
    /// look-ups.
    public init(scalars: ArraySlice<Unicode.Scalar>) {
        self = scalars.withUnsafeBufferPointer { String(scalars: $0) }
    }

    public init(scalars: [Unicode.Scalar]) { self.init(scalars: scalars[...]) }

    public init(scalars buffer: UnsafeBufferPointer<Unicode.Scalar>) {
        // The exact length first: a string of up to 15 bytes is then made in place (a capacity of
        // four bytes per scalar made every name of four characters or more allocate).
        var length = 0
        for scalar in buffer {
            let value = scalar.value
            length += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
        }
        self = String(unsafeUninitializedCapacity: length) { out in
            var i = 0
            for scalar in buffer {
                let value = scalar.value
                switch value {
                case 0..<0x80:
                    out[i] = UInt8(value)
                    i += 1
                case 0x80..<0x800:
                    out[i] = UInt8(0xC0 | value >> 6)
                    out[i + 1] = UInt8(0x80 | value & 0x3F)
                    i += 2
                case 0x800..<0x10000:
                    out[i] = UInt8(0xE0 | value >> 12)
                    out[i + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    out[i + 2] = UInt8(0x80 | value & 0x3F)
                    i += 3
                default:
                    out[i] = UInt8(0xF0 | value >> 18)
                    out[i + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    out[i + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    out[i + 3] = UInt8(0x80 | value & 0x3F)
                    i += 4
                }
            }
            return i
        }
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, read in place. `withUTF8` needs a `var`, and
    /// copying the string into one cost a retain and a release on every value of every record.
    @inlinable public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var native = self // bridged text: made native first
        return try native.withUTF8(body)
    }
}
