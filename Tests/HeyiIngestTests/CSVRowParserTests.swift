import Foundation
import Testing
@testable import HeyiIngest

/// Parses `text` fed in chunks of `chunk` bytes; returns cells, start line and the unterminated flag per row.
func parseCSV(_ text: String, delimiter: UInt8 = 0x2C, chunk: Int = 1 << 20) -> [(cells: [String], line: Int, broken: Bool)] {
    var parser = CSVRowParser(delimiter: delimiter)
    var rows: [(cells: [String], line: Int, broken: Bool)] = []
    let bytes = Array(text.utf8)
    var start = 0
    repeat {
        let end = min(start + chunk, bytes.count)
        bytes[start..<end].withUnsafeBytes { piece in
            parser.feed(piece, isLast: end == bytes.count) { rows.append(($0.cells, $0.line, $0.unterminatedQuote)) }
        }
        start = end
    } while start < bytes.count
    return rows
}

@Suite struct CSVRowParserTests {
    @Test(arguments: [
        ("a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]),
        ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        ("a,b\r1,2\r", [["a", "b"], ["1", "2"]]),
        ("a,b\n1,2", [["a", "b"], ["1", "2"]]),
        ("\"x,y\",z\n", [["x,y", "z"]]),
        ("\"say \"\"hi\"\"\",2\n", [["say \"hi\"", "2"]]),
        ("\"two\nlines\",2\n", [["two\nlines", "2"]]),
        ("a,,\n", [["a", "", ""]]),
        ("陈丽华,１３８００１３８０００\n", [["陈丽华", "１３８００１３８０００"]]),
        ("5\"10,x\n", [["5\"10", "x"]]),
        ("\"ab\"cd,e\n", [["abcd", "e"]]),
        ("\n", [[""]]),
    ])
    func parsesCells(text: String, expected: [[String]]) {
        #expect(parseCSV(text).map(\.cells) == expected)
    }

    @Test func countsLinesAcrossQuotedLineBreaks() {
        let rows = parseCSV("h1,h2\n\"a\nb\nc\",1\nx,2\r\ny,3\n")
        #expect(rows.map(\.line) == [1, 2, 5, 6])
    }

    @Test func anUnterminatedQuoteLosesOnlyItsFirstLine() {
        let rows = parseCSV("h1,h2\n\"broken,1\nx,2\ny,3\n")
        #expect(rows.count == 4)
        #expect(rows[1].broken && rows[1].line == 2)
        #expect(rows[2].cells == ["x", "2"] && rows[2].line == 3)
        #expect(rows[3].cells == ["y", "3"])
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func chunkBoundariesDoNotMatter(chunk: Int) {
        let text = "名字,电话\r\n\"陈\"\"丽\"\"华\",\"138\r\n0013\"\r\n王芳,13900139000\r\n\"a,b\",c"
        let whole = parseCSV(text)
        let pieces = parseCSV(text, chunk: chunk)
        #expect(pieces.map(\.cells) == whole.map(\.cells))
        #expect(pieces.map(\.line) == whole.map(\.line))
    }

    @Test func writtenAndReadBackIsEqual() {
        // Property: any table written as RFC 4180 reads back cell for cell.
        var generator = SplitMix(seed: 42)
        let alphabet = Array("ab,\"\n\r 陈丽华\t;１")
        for _ in 0..<200 {
            let width = Int(generator.next() % 5) + 1
            let table = (0..<(Int(generator.next() % 6) + 1)).map { _ in
                (0..<width).map { _ in String((0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }) }
            }
            let text = table.map { row in
                row.map { cell in cell.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell }
                    .joined(separator: ",")
            }.joined(separator: "\r\n") + "\r\n"
            let parsed = parseCSV(text, chunk: Int(generator.next() % 9) + 1).map(\.cells)
            // A row of one empty cell is indistinguishable from a blank line; the reader skips both.
            #expect(parsed == table, "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        ("华辰科技 客户名单,,,\n编号,姓名,手机,备注\n1,张三,138,\n", UInt8(ascii: ",")),
        ("编号\t姓名\t地址\n1\t张三\t北京市,海淀区\n2\t李四\t上海\n", UInt8(0x09)),
        ("a;b;c\n1;2,5;3\n4;5;6\n", UInt8(ascii: ";")),
        ("a|b\n1|2\n", UInt8(ascii: "|")),
    ])
    func sniffsTheDelimiter(text: String, expected: UInt8) {
        let sniffed = Array(text.utf8).withUnsafeBytes { DelimiterSniffer.sniff($0) }
        #expect(sniffed == expected)
    }
}

/// A small deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
