import CSHA256

/// SHA-256 (FIPS 180-4). Files and records are fingerprinted by it so unchanged ones are never
/// stored twice. The work is done in C (CSHA256), with the CPU's SHA extensions when present.
public struct SHA256: Sendable {
    private var context = heyi_sha256()

    public init() { heyi_sha256_init(&context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        heyi_sha256_update(&context, base, bytes.count)
    }

    /// The digest as 64 lower-case hex digits. The hasher is spent afterwards.
    public mutating func finalizeHex() -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            out.withMemoryRebound(to: CChar.self) { heyi_sha256_final_hex(&context, $0.baseAddress!) }
            return 64
        }
    }

    public static func hex(_ text: String) -> String {
        return text.withUTF8Bytes { hex(UnsafeRawBufferPointer($0)) }
    }

    /// One-shot digest of a buffer.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            out.withMemoryRebound(to: CChar.self) { heyi_sha256_hex(bytes.baseAddress, bytes.count, $0.baseAddress!) }
            return 64
        }
    }

    /// Whether the CPU's SHA extensions are in use (reported by the benchmark).
    public static var isAccelerated: Bool { heyi_sha256_accelerated() != 0 }

    /// Tests: run the portable code even where the extensions exist.
    static func forcePortable(_ force: Bool) { heyi_sha256_force_portable(force ? 1 : 0) }
}
