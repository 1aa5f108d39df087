/// One physical CSV record as the parser found it.
struct CSVRow {
    var cells: [String]
    /// Line where the record starts (1-based).
    var line: Int
    /// The record's bytes as read (UTF-8, terminator excluded), valid only during the callback.
    var bytes: UnsafeBufferPointer<UInt8>
    /// The record's quoted cell never closed: only its first line is reported, and parsing
    /// resumes on the next line.
    var unterminatedQuote: Bool

    var rawText: String { String(decoding: bytes, as: UTF8.self) }
}

/// RFC 4180 plus what Excel and people produce: quoted cells with delimiters, doubled quotes
/// and line breaks; CRLF, LF or CR line ends; stray quotes inside unquoted cells kept as text.
/// Streams: feed it chunks of UTF-8 and it calls back once per complete record.
struct CSVRowParser {
    let delimiter: UInt8
    private var buffer: [UInt8] = []
    private var start = 0
    /// Line number of `buffer[start]`.
    private var line = 1
    /// A quoted cell longer than this is taken as a missing closing quote.
    static let maximumRecordBytes = 4 << 20

    private static let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Adds a chunk and emits every record it completes; `isLast` flushes the final one.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, isLast: Bool, _ emit: (CSVRow) throws -> Void) rethrows {
        if start > 0 && (start >= buffer.count / 2 || !chunk.isEmpty) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: chunk)
        var cells: [String] = []
        var scratch: [UInt8] = []
        while start < buffer.count {
            let outcome = buffer.withUnsafeBufferPointer { parseRecord($0, from: start, isLast: isLast, cells: &cells, scratch: &scratch) }
            switch outcome {
            case .incomplete:
                return
            case .complete(let end, let next, let lines):
                try buffer.withUnsafeBufferPointer { all in
                    try emit(CSVRow(cells: cells, line: line, bytes: UnsafeBufferPointer(rebasing: all[start..<end]), unterminatedQuote: false))
                }
                line += lines
                start = next
            case .unterminated:
                // Report the first physical line and resynchronise after it.
                let (end, next) = buffer.withUnsafeBufferPointer { Self.endOfLine($0, from: start) }
                let firstLine = buffer.withUnsafeBufferPointer { all in
                    Array(UnsafeBufferPointer(rebasing: all[start..<end]))
                }
                try firstLine.withUnsafeBufferPointer { bytes in
                    try emit(CSVRow(cells: [], line: line, bytes: bytes, unterminatedQuote: true))
                }
                line += 1
                start = next
            }
        }
    }

    private enum Outcome {
        case incomplete
        case complete(end: Int, next: Int, lines: Int)
        case unterminated
    }

    private static func endOfLine(_ b: UnsafeBufferPointer<UInt8>, from index: Int) -> (end: Int, next: Int) {
        var i = index
        while i < b.count, b[i] != lf, b[i] != cr { i += 1 }
        if i < b.count, b[i] == cr, i + 1 < b.count, b[i + 1] == lf { return (i, i + 2) }
        return (i, min(i + 1, b.count))
    }

    private func parseRecord(_ b: UnsafeBufferPointer<UInt8>, from index: Int, isLast: Bool,
                             cells: inout [String], scratch: inout [UInt8]) -> Outcome {
        cells.removeAll(keepingCapacity: true)
        let count = b.count
        var i = index
        var lines = 1
        while true {
            // Start of a cell.
            if i < count, b[i] == Self.quote {
                scratch.removeAll(keepingCapacity: true)
                i += 1
                var closed = false
                while i < count {
                    let byte = b[i]
                    if byte == Self.quote {
                        if i + 1 < count, b[i + 1] == Self.quote { scratch.append(Self.quote); i += 2; continue }
                        if i + 1 == count && !isLast { return .incomplete }
                        i += 1
                        closed = true
                        break
                    }
                    if byte == Self.lf { lines += 1 } else if byte == Self.cr, !(i + 1 < count && b[i + 1] == Self.lf) { lines += 1 }
                    scratch.append(byte)
                    i += 1
                }
                if !closed {
                    if !isLast && count - index < Self.maximumRecordBytes { return .incomplete }
                    return .unterminated
                }
                // Text after the closing quote (`"abc"def`) is kept, as Excel does.
                while i < count, b[i] != delimiter, b[i] != Self.lf, b[i] != Self.cr {
                    scratch.append(b[i]); i += 1
                }
                cells.append(String(decoding: scratch, as: UTF8.self))
            } else {
                let cellStart = i
                while i < count {
                    let byte = b[i]
                    if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
                    i += 1
                }
                cells.append(String(decoding: UnsafeBufferPointer(rebasing: b[cellStart..<i]), as: UTF8.self))
            }
            if i == count {
                if !isLast { return .incomplete }
                return .complete(end: count, next: count, lines: lines)
            }
            let byte = b[i]
            if byte == delimiter { i += 1; continue }
            if byte == Self.lf { return .complete(end: i, next: i + 1, lines: lines) }
            // CR: a CRLF split across chunks must wait for the next byte.
            if i + 1 == count && !isLast { return .incomplete }
            let next = i + 1 < count && b[i + 1] == Self.lf ? i + 2 : i + 1
            return .complete(end: i, next: next, lines: lines)
        }
    }
}

/// Picks the delimiter from the first lines: the candidate that splits most lines into the same
/// number (> 0) of parts wins; title rows above the header barely count.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C] // , tab ; |

    static func sniff(_ sample: UnsafeRawBufferPointer) -> UInt8 {
        var lines: [[UInt8: Int]] = []
        var counts: [UInt8: Int] = [:]
        var inQuotes = false
        for byte in sample {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A {
                lines.append(counts); counts = [:]
                if lines.count >= 50 { break }
            } else if candidates.contains(byte) {
                counts[byte, default: 0] += 1
            }
        }
        if !counts.isEmpty { lines.append(counts) }
        var best: (delimiter: UInt8, score: Int, width: Int) = (0x2C, -1, 0)
        for candidate in candidates {
            let perLine = lines.map { $0[candidate] ?? 0 }.filter { $0 > 0 }
            guard !perLine.isEmpty else { continue }
            var frequency: [Int: Int] = [:]
            for n in perLine { frequency[n, default: 0] += 1 }
            let (mode, score) = frequency.max { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }!
            if score > best.score || (score == best.score && mode > best.width) { best = (candidate, score, mode) }
        }
        return best.delimiter
    }
}
