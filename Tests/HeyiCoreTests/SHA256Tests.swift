import Testing
@testable import HeyiCore

@Suite(.serialized) struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
        // The portable code must agree where the CPU's SHA extensions are used.
        SHA256.forcePortable(true)
        defer { SHA256.forcePortable(false) }
        #expect(SHA256.hex(input) == expected)
    }

    @Test func millionAs() {
        var hasher = SHA256()
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { block.withUnsafeBytes { hasher.update($0) } }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func acceleratedAndPortableAgreeOnManyLengths() {
        let data = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 3000] {
            let fast = data.prefix(length).withUnsafeBytes { SHA256.hex($0) }
            SHA256.forcePortable(true)
            let portable = data.prefix(length).withUnsafeBytes { SHA256.hex($0) }
            SHA256.forcePortable(false)
            #expect(fast == portable, "length \(length)")
        }
    }

    @Test(arguments: [1, 3, 63, 64, 65, 1000])
    func chunkedEqualsOneShot(chunk: Int) {
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var whole = SHA256()
        data.withUnsafeBytes { whole.update($0) }
        var pieces = SHA256()
        for start in stride(from: 0, to: data.count, by: chunk) {
            data[start..<min(start + chunk, data.count)].withUnsafeBytes { pieces.update($0) }
        }
        #expect(pieces.finalizeHex() == whole.finalizeHex())
    }
}
