public import HeyiCore
import CICU
import Foundation

/// A streaming charset converter over ICU (GB18030 → UTF-8 and back). Not thread-safe: one per reader.
public final class TextConverter {
    private let handle: OpaquePointer

    public init(from: String, to: String) throws(HeyiError) {
        var error = [CChar](repeating: 0, count: 256)
        guard let handle = heyi_converter_open(from, to, &error, 256) else {
            throw HeyiError(.encoding, "unknown charset: \(cText(error))", hint: "use utf-8, gb18030, big5 or utf-16")
        }
        self.handle = handle
    }

    deinit { heyi_converter_close(handle) }

    /// Invalid or unmappable sequences replaced so far.
    public var substitutions: Int64 { heyi_converter_substitutions(handle) }

    /// Converts a chunk; `flush` on the last one. `body` sees the output, valid during the call.
    public func convert<R>(_ bytes: UnsafeRawBufferPointer, flush: Bool, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        var output: UnsafePointer<CChar>?
        var length: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = heyi_converter_convert(handle, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                            flush ? 1 : 0, &output, &length, &error, 256)
        guard status == 0 else { throw HeyiError(.encoding, cText(error)) }
        return try body(UnsafeRawBufferPointer(start: output, count: Int(length)))
    }

    /// Converts a whole string (tests, generators): UTF-8 text → bytes in `charset`.
    public static func encode(_ text: String, to charset: String) throws -> [UInt8] {
        let converter = try TextConverter(from: "UTF-8", to: charset)
        var utf8 = Array(text.utf8)
        return try utf8.withUnsafeMutableBytes { bytes in
            try converter.convert(UnsafeRawBufferPointer(bytes), flush: true) { Array($0) }
        }
    }
}

/// Reads a file in 1 MiB chunks and hands them on as UTF-8, converting when needed.
struct DecodedChunks {
    let path: String
    let encoding: ResolvedEncoding
    static let chunkSize = 1 << 20

    /// Calls `body` with successive UTF-8 chunks; the last call has `isLast` set (possibly empty).
    func forEach(_ body: (UnsafeRawBufferPointer, _ isLast: Bool) throws -> Void) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HeyiError(.io, "cannot open file: \(String(cString: strerror(errno)))", file: path) }
        defer { close(fd) }
        let converter = encoding.isUTF8 ? nil : try TextConverter(from: encoding.name, to: "UTF-8")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var skip = encoding.bomLength
        while true {
            var count = read(fd, buffer.baseAddress, Self.chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw HeyiError(.io, "cannot read file: \(String(cString: strerror(errno)))", file: path)
            }
            var start = 0
            if skip > 0 { start = min(skip, count); skip -= start }
            count = max(count, start)
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[start..<count])
            let isLast = count == 0
            if let converter {
                try converter.convert(chunk, flush: isLast) { try body($0, isLast) }
            } else {
                try body(chunk, isLast)
            }
            if isLast { break }
        }
    }
}

/// The text of a NUL-terminated C buffer that a C function filled.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
