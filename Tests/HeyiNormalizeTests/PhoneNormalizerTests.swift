import Foundation
import Testing
@testable import HeyiNormalize

/// One row of Fixtures/phones.tsv: what libphonenumber makes of an input (region CN).
struct PhoneFixture: Sendable, CustomTestStringConvertible {
    var input: String
    var valid: Bool
    var e164: String
    var type: String
    var extensionNumber: String
    /// libphonenumber's E.164 for the number without its Chinese-style extension, where only that made it fail.
    var baseE164: String
    var testDescription: String { input }

    static let all: [PhoneFixture] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/phones.tsv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return PhoneFixture(input: columns[0], valid: columns[1] == "1", e164: columns[2], type: columns[3],
                                extensionNumber: columns[4], baseE164: columns.count > 5 ? columns[5] : "")
        }
    }()
}

@Suite struct PhoneNormalizerTests {
    let normalizer = PhoneNormalizer()

    /// Where heyi decides differently from libphonenumber, on purpose.
    static let deliberateDifferences: [String: NormalizedPhone.Kind] = [
        // A mainland fixed number without area code is kept as local (the address can complete it);
        // libphonenumber calls it invalid.
        "62345678": .local, "6234567": .local,
    ]

    @Test func separatorCheckMatchesTheSeparatorList() {
        for value in UInt32(0)...0xFFFF {
            #expect(PhoneNormalizer.isSeparator(value) == PhoneNormalizer.separatorScalars.contains(value), "U+\(String(value, radix: 16))")
        }
    }

    @Test func fixtureHasEnoughRealWorldShapes() {
        #expect(PhoneFixture.all.count >= 200)
        #expect(PhoneFixture.all.filter(\.valid).count >= 150)
    }

    @Test(arguments: PhoneFixture.all)
    func agreesWithLibphonenumber(fixture: PhoneFixture) {
        let phone = normalizer.normalizeOne(fixture.input)
        if let kind = Self.deliberateDifferences[fixture.input] {
            #expect(phone.kind == kind)
            return
        }
        if !fixture.baseE164.isEmpty {
            // 转801, 分机6001 and a trailing -801 are extensions here; libphonenumber rejects them.
            #expect(phone.e164 == fixture.baseE164, "\(phone)")
            #expect(phone.extensionNumber != nil)
            return
        }
        if fixture.valid {
            #expect(phone.e164 == fixture.e164, "\(phone)")
            #expect(phone.extensionNumber == (fixture.extensionNumber.isEmpty ? nil : fixture.extensionNumber))
            let expectedKinds: Set<NormalizedPhone.Kind> = switch (fixture.e164.prefix(4), fixture.type) {
            case ("+852", _): [.hongKong]
            case ("+853", _): [.macau]
            case ("+886", _): [.taiwan]
            case (let prefix, _) where !prefix.hasPrefix("+86"): [.international]
            case (_, "MOBILE"): [.mobile]
            case (_, "FIXED_LINE"): [.fixedLine]
            case (_, "FIXED_LINE_OR_MOBILE"): [.fixedLine, .mobile]
            default: [.service]
            }
            #expect(expectedKinds.contains(phone.kind), "\(phone.kind) for \(fixture.type)")
        } else {
            #expect(!phone.isValid, "libphonenumber rejects \(fixture.input); heyi gave \(phone.e164 ?? "")")
            #expect(phone.problem != nil, "an invalid number says why")
        }
    }

    @Test(arguments: [
        ("13800138000/010-62345678", ["+8613800138000", "+861062345678"]),
        ("13800138000；13900139000", ["+8613800138000", "+8613900139000"]),
        ("13800138000、0755-86123456", ["+8613800138000", "+8675586123456"]),
        ("13800138000, 13900139000", ["+8613800138000", "+8613900139000"]),
        ("13800138000\n13900139000", ["+8613800138000", "+8613900139000"]),
        ("13800138000 13900139000", ["+8613800138000", "+8613900139000"]),
        ("13800138000 或 010-62345678", ["+8613800138000", "+861062345678"]),
        ("138-0013-8000", ["+8613800138000"]),
        ("0086 138 0013 8000", ["+8613800138000"]),
        ("", []),
    ])
    func splitsCellsWithSeveralNumbers(cell: String, expected: [String]) {
        #expect(normalizer.normalize(cell).map { $0.e164 ?? "invalid" } == expected)
    }

    @Test(arguments: [
        ("010-62345678转801", NormalizedPhone.Kind.fixedLine, "10", "801"),
        ("0755-86123456-801", .fixedLine, "755", "801"),
        ("400-810-1234", .service, nil, nil),
        ("62345678", .local, nil, nil),
        ("138****8000", .invalid, nil, nil),
        ("12345678901", .invalid, nil, nil),
    ] as [(String, NormalizedPhone.Kind, String?, String?)])
    func kindsAreaCodesAndExtensions(input: String, kind: NormalizedPhone.Kind, area: String?, ext: String?) {
        let phone = normalizer.normalizeOne(input)
        #expect(phone.kind == kind)
        #expect(phone.areaCode == area)
        #expect(phone.extensionNumber == ext)
    }

    @Test(arguments: PhoneFixture.all.filter(\.valid).prefix(80).map(\.e164))
    func normalizingTwiceChangesNothing(e164: String) {
        let once = normalizer.normalizeOne(e164)
        #expect(normalizer.normalizeOne(once.e164 ?? "").e164 == once.e164)
    }

    @Test func explainsWhatItDid() {
        let phone = normalizer.normalizeOne("17951 13800138000")
        #expect(phone.changes.contains("IP-dialling prefix 17951 removed"))
        #expect(normalizer.normalizeOne("１３８００１３８０００").changes.contains("full-width characters folded"))
    }
}
