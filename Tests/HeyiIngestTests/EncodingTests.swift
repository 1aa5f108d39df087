import Foundation
import Testing
@testable import HeyiCore
@testable import HeyiIngest

@Suite struct EncodingTests {
    static let sheet = "客户编号,客户姓名,手机,地址\nZS0001,陈丽华,13800138000,北京市海淀区中关村大街1号\nZS0002,欧阳倩,13900139000,上海市徐汇区漕溪北路88号\n"

    func resolve(_ bytes: [UInt8], declared: Mapping.Encoding = .auto) throws -> ResolvedEncoding {
        let folder = TemporaryFolder()
        let file = folder.write("f.csv", bytes)
        return try CharsetResolver.resolve(declared, fingerprint: FileFingerprint.scan(path: file), file: file)
    }

    @Test func detectsGB18030() throws {
        let resolved = try resolve(TextConverter.encode(Self.sheet, to: "GB18030"))
        #expect(resolved.name == "GB18030")
        #expect(resolved.how.hasPrefix("detected"))
    }

    @Test func detectsBig5() throws {
        let traditional = "客戶編號,客戶姓名,手機,地址\nT001,陳麗華,0912345678,臺北市信義區市府路1號\nT002,張偉,0922333444,新北市板橋區文化路二段\n"
        #expect(try resolve(TextConverter.encode(traditional, to: "Big5")).name == "Big5")
    }

    @Test func byteOrderMarksWin() throws {
        #expect(try resolve([0xEF, 0xBB, 0xBF] + Array(Self.sheet.utf8)) == ResolvedEncoding(name: "UTF-8", bomLength: 3, how: "bom"))
        let utf16 = try [0xFF, 0xFE] + TextConverter.encode(Self.sheet, to: "UTF-16LE")
        #expect(try resolve(utf16).name == "UTF-16LE")
    }

    @Test func validUTF8IsUTF8() throws {
        #expect(try resolve(Array(Self.sheet.utf8)).name == "UTF-8")
        #expect(try resolve(Array("a,b\n1,2\n".utf8)).how == "ascii")
    }

    @Test func aDeclaredEncodingOverridesDetection() throws {
        let resolved = try resolve(Array(Self.sheet.utf8), declared: .gb18030)
        #expect(resolved.name == "GB18030" && resolved.how == "declared")
    }

    @Test func converterRoundTripsAndCountsBadBytes() throws {
        let gb = try TextConverter.encode("陈丽华 ㈱ 𠀀", to: "GB18030")
        let converter = try TextConverter(from: "GB18030", to: "UTF-8")
        let back = try gb.withUnsafeBytes { bytes in try converter.convert(bytes, flush: true) { String(decoding: $0, as: UTF8.self) } }
        #expect(back == "陈丽华 ㈱ 𠀀")
        #expect(converter.substitutions == 0)
        let broken = try TextConverter(from: "GB18030", to: "UTF-8")
        let text = try [UInt8]([0x41, 0xFF, 0x42]).withUnsafeBytes { bytes in try broken.convert(bytes, flush: true) { String(decoding: $0, as: UTF8.self) } }
        #expect(text == "A\u{FFFD}B")
        #expect(broken.substitutions == 1)
    }

    @Test func unknownCharsetIsAClearError() {
        #expect(throws: HeyiError.self) { try TextConverter(from: "KLINGON-8", to: "UTF-8") }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 1 << 20])
    func utf8ValidationAcrossChunks(chunk: Int) {
        let valid = Array("ab陈丽华𠀀ＡＢ".utf8)
        #expect(validate(valid, chunk: chunk).firstInvalid == nil)
        let invalid = Array("ab陈".utf8) + [0xE4, 0xB8] + Array("x".utf8)
        #expect(validate(invalid, chunk: chunk).firstInvalid == 5)
        let truncated = Array("ab".utf8) + [0xE4, 0xB8]
        #expect(validate(truncated, chunk: chunk).firstInvalid == 2)
        #expect(validate([0xED, 0xA0, 0x80], chunk: chunk).firstInvalid == 0, "surrogates are not UTF-8")
    }

    func validate(_ bytes: [UInt8], chunk: Int) -> UTF8Validator {
        var validator = UTF8Validator()
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            bytes[offset..<end].withUnsafeBytes { validator.consume($0, at: Int64(offset)) }
            offset = end
        }
        validator.finish(at: Int64(bytes.count))
        return validator
    }
}
