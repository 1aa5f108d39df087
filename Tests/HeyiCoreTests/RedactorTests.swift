import Foundation
import Testing
@testable import HeyiCore

@Suite struct RedactorTests {
    @Test(arguments: [
        ("13800138000", "138****8000"),
        ("+86 13800138000", "+86 138****8000"),
        ("110108199001011234", "110***********1234"),
        ("客户陈丽华", "客****"),
        ("zhang.wei@163.com", "***@163.com"),
        ("ext 23", "ext 23"),
        ("010-62345678", "010-62****78"),
    ])
    func masksPersonalData(input: String, expected: String) {
        #expect(Redactor.standard.text(input) == expected)
    }

    @Test func namesKeepTheirFirstCharacter() {
        #expect(Redactor.standard.name("张伟") == "张*")
        #expect(Redactor.standard.name("欧阳倩") == "欧**")
    }

    @Test func jsonKeepsKeysAndMasksValues() {
        let raw = #"{"客户姓名":"陈丽华","手机":"13800138000","备注":"说\"你好\""}"#
        let masked = Redactor.standard.json(raw)
        #expect(masked.contains(#""客户姓名":"陈**""#))
        #expect(masked.contains(#""手机":"138****8000""#))
        #expect(!masked.contains("丽华"))
        #expect((try? JSONSerialization.jsonObject(with: Data(masked.utf8))) != nil, "masked JSON stays JSON")
    }

    @Test func disabledRedactorShowsValues() {
        let redactor = Redactor(enabled: false)
        #expect(redactor.text("13800138000 陈丽华") == "13800138000 陈丽华")
        #expect(redactor.json(#"{"a":"13800138000"}"#) == #"{"a":"13800138000"}"#)
    }
}
