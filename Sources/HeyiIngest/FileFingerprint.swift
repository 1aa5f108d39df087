public import HeyiCore
import Foundation

/// What one pass over a file's bytes tells before parsing: its identity and whether it is UTF-8.
public struct FileFingerprint: Sendable, Equatable {
    public var sha256: String
    public var byteSize: Int64
    /// The whole file is valid UTF-8 (a BOM included).
    public var isValidUTF8: Bool
    /// The file has bytes above 0x7F.
    public var hasNonASCII: Bool
    /// Byte offset of the first invalid UTF-8 sequence, if any.
    public var firstInvalidUTF8Offset: Int64?
    /// The first bytes of the file (BOM sniffing, charset detection).
    public var head: [UInt8]

    static let chunkSize = 1 << 20

    /// Reads `path` once, in 1 MiB chunks, hashing and validating as it goes.
    public static func scan(path: String) throws(HeyiError) -> FileFingerprint {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw HeyiError(.io, "cannot open file: \(String(cString: strerror(errno)))", file: path,
                            hint: "check that the file exists and is readable")
        }
        defer { close(fd) }
        var hasher = SHA256()
        var validator = UTF8Validator()
        var size: Int64 = 0
        var head: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw HeyiError(.io, "cannot read file: \(String(cString: strerror(errno)))", file: path)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            validator.consume(chunk, at: size)
            if head.count < 65_536 { head.append(contentsOf: chunk.prefix(65_536 - head.count)) }
            size += Int64(count)
        }
        validator.finish(at: size)
        return FileFingerprint(sha256: hasher.finalizeHex(), byteSize: size, isValidUTF8: validator.firstInvalid == nil,
                               hasNonASCII: validator.sawNonASCII, firstInvalidUTF8Offset: validator.firstInvalid, head: head)
    }
}

/// An incremental UTF-8 validator that skips ASCII eight bytes at a time.
struct UTF8Validator {
    private(set) var firstInvalid: Int64?
    private(set) var sawNonASCII = false
    private var pending: [UInt8] = []
    private var pendingOffset: Int64 = 0

    mutating func consume(_ chunk: UnsafeRawBufferPointer, at offset: Int64) {
        guard firstInvalid == nil else { return }
        var start = 0
        if !pending.isEmpty {
            // Complete the sequence split across chunks, then validate it alone.
            let need = Self.sequenceLength(pending[0]) - pending.count
            let take = min(need, chunk.count)
            pending.append(contentsOf: chunk[0..<take])
            start = take
            if pending.count < Self.sequenceLength(pending[0]) { return }
            if !pending.withUnsafeBytes({ Self.isValidSequence($0, 0) }) { firstInvalid = pendingOffset; return }
            pending.removeAll()
        }
        let count = chunk.count
        var i = start
        while i < count {
            if i + 8 <= count, chunk.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let byte = chunk[i]
            if byte < 0x80 { i += 1; continue }
            sawNonASCII = true
            let length = Self.sequenceLength(byte)
            guard length > 1 else { firstInvalid = offset + Int64(i); return }
            if i + length > count {
                pending = Array(chunk[i..<count])
                pendingOffset = offset + Int64(i)
                return
            }
            guard Self.isValidSequence(chunk, i) else { firstInvalid = offset + Int64(i); return }
            i += length
        }
    }

    mutating func finish(at offset: Int64) {
        if firstInvalid == nil, !pending.isEmpty { firstInvalid = pendingOffset }
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }

    private static func isValidSequence(_ bytes: UnsafeRawBufferPointer, _ i: Int) -> Bool {
        let lead = bytes[i]
        let length = sequenceLength(lead)
        guard length > 1, i + length <= bytes.count else { return false }
        let second = bytes[i + 1]
        switch lead {
        case 0xE0: guard (0xA0...0xBF).contains(second) else { return false }
        case 0xED: guard (0x80...0x9F).contains(second) else { return false }
        case 0xF0: guard (0x90...0xBF).contains(second) else { return false }
        case 0xF4: guard (0x80...0x8F).contains(second) else { return false }
        default: guard second & 0xC0 == 0x80 else { return false }
        }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return false }
        return true
    }
}
