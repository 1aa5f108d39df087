import Testing
import HeyiCore

@Suite struct UnicodeTextTests {
    @Test(arguments: [
        ("陈丽华", "陈丽华"), ("  陈丽华　", "陈丽华"), ("\u{3000}张伟", "张伟"), ("张伟\u{FEFF}", "张伟"), ("\t13800138000\r\n", "13800138000"),
        ("abc", "abc"), ("", ""), (" ", ""), ("\u{3000}\u{3000}", ""), ("é ", "é"), (" 㐀", "㐀"), ("龥\u{00A0}", "龥"),
        ("\u{2003}Zhang Wei\u{2003}", "Zhang Wei"), ("😀 ", "😀"), ("中 文", "中 文"),
    ])
    func trimmedRemovesBlankEnds(raw: String, expected: String) {
        #expect(raw.trimmed == expected)
    }

    @Test func stringsFromScalarsEncodeEveryWidth() {
        let samples = ["", "abc", "é", "陈丽华", "𠀀𪚥", "a é 陈 😀", "北京市海淀区中关村大街1号"]
        for sample in samples {
            let scalars = Array(sample.unicodeScalars)
            #expect(String(scalars: scalars) == sample)
            if !scalars.isEmpty { #expect(String(scalars: scalars[1...]) == String(String.UnicodeScalarView(scalars.dropFirst()))) }
        }
    }
}
