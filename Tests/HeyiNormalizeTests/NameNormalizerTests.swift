import Testing
@testable import HeyiNormalize

@Suite struct NameNormalizerTests {
    let normalizer = NameNormalizer()

    /// raw → (value, surname, pinyin key, titles, gender hint, partial)
    @Test(arguments: [
        ("陳麗華", "陈丽华", "陈", "chen lihua", [String](), nil as Gender?, false),
        ("陈丽华", "陈丽华", "陈", "chen lihua", [], nil, false),
        ("陈丽华女士", "陈丽华", "陈", "chen lihua", ["女士"], .female, false),
        ("陳麗華小姐", "陈丽华", "陈", "chen lihua", ["小姐"], .female, false),
        ("张伟先生", "张伟", "张", "zhang wei", ["先生"], .male, false),
        ("王总", "王", "王", "wang", ["总"], nil, true),
        ("王总经理", "王", "王", "wang", ["总经理"], nil, true),
        ("李老师", "李", "李", "li", ["老师"], nil, true),
        ("老王", "王", "王", "wang", ["老"], nil, true),
        ("刘建国经理", "刘建国", "刘", "liu jianguo", ["经理"], nil, false),
        ("欧阳倩", "欧阳倩", "欧阳", "ouyang qian", [], nil, false),
        ("司马相如", "司马相如", "司马", "sima xiangru", [], nil, false),
        ("诸葛亮", "诸葛亮", "诸葛", "zhuge liang", [], nil, false),
        ("上官婉儿", "上官婉儿", "上官", "shangguan waner", [], nil, false),
        ("尉迟恭", "尉迟恭", "尉迟", "yuchi gong", [], nil, false),
        ("万俟卨", "万俟卨", "万俟", "moqi xie", [], nil, false),
        ("单田芳", "单田芳", "单", "shan tianfang", [], nil, false),
        ("曾国藩", "曾国藩", "曾", "zeng guofan", [], nil, false),
        ("解缙", "解缙", "解", "xie jin", [], nil, false),
        ("仇英", "仇英", "仇", "qiu ying", [], nil, false),
        ("区永康", "区永康", "区", "ou yongkang", [], nil, false),
        ("朴志勇", "朴志勇", "朴", "piao zhiyong", [], nil, false),
        ("查良镛", "查良镛", "查", "zha liangyong", [], nil, false),
        ("翟志刚", "翟志刚", "翟", "zhai zhigang", [], nil, false),
        ("盖聂", "盖聂", "盖", "ge nie", [], nil, false),
        ("乐嘉", "乐嘉", "乐", "yue jia", [], nil, false),
        ("缪建", "缪建", "缪", "miao jian", [], nil, false),
        ("覃海", "覃海", "覃", "qin hai", [], nil, false),
        ("召忠", "召忠", "召", "shao zhong", [], nil, false),
        ("陈 丽 华", "陈丽华", "陈", "chen lihua", [], nil, false),
        ("陈丽华（VIP）", "陈丽华", "陈", "chen lihua", [], nil, false),
        ("ＡＢＣ", "abc", "abc", "abc", [], nil, false),
        ("張偉", "张伟", "张", "zhang wei", [], nil, false),
        ("王芳", "王芳", "王", "wang fang", [], nil, false),
        ("黄晓东", "黄晓东", "黄", "huang xiaodong", [], nil, false),
        ("Zhang Wei", "zhang wei", "zhang", "zhang wei", [], nil, false),
        ("WEI ZHANG", "zhang wei", "zhang", "zhang wei", [], nil, false),
        ("Zhang, Wei", "zhang wei", "zhang", "zhang wei", [], nil, false),
        ("Chen Lihua", "chen lihua", "chen", "chen lihua", [], nil, false),
        ("Mr. Li Ming", "li ming", "li", "li ming", ["mr"], .male, false),
        ("Ｚｈａｎｇ Ｗｅｉ", "zhang wei", "zhang", "zhang wei", [], nil, false),
    ])
    func normalizesNames(raw: String, value: String, surname: String, key: String, titles: [String], gender: Gender?, partial: Bool) {
        let name = normalizer.normalize(raw)
        #expect(name.value == value)
        #expect(name.surname == surname)
        #expect(name.pinyinKey == key)
        #expect(name.titles == titles)
        #expect(name.genderHint == gender)
        #expect(name.isPartial == partial)
        #expect(name.company == nil)
    }

    @Test(arguments: [
        ("阿卜杜热合曼·买买提", "阿卜杜热合曼·买买提"),
        ("阿卜杜热合曼•买买提", "阿卜杜热合曼·买买提"),
        ("阿卜杜热合曼・买买提", "阿卜杜热合曼·买买提"),
        ("阿卜杜热合曼．买买提", "阿卜杜热合曼·买买提"),
        ("阿卜杜热合曼.买买提", "阿卜杜热合曼·买买提"),
        ("约翰 · 史密斯", "约翰·史密斯"),
    ])
    func separatorDotsBecomeOne(raw: String, expected: String) {
        let name = normalizer.normalize(raw)
        #expect(name.value == expected)
        #expect(name.surname == nil, "minority and foreign names are not split")
    }

    @Test(arguments: ["北京华辰科技有限公司", "华辰商行", "老李五金店", "东方明珠贸易集团", "张三工作室", "西湖茶叶加工厂"])
    func companiesInTheNameFieldAreMoved(raw: String) {
        let name = normalizer.normalize(raw)
        #expect(name.company == raw)
        #expect(name.value.isEmpty)
    }

    @Test func explainsWhatChanged() {
        let name = normalizer.normalize("陳麗華女士")
        #expect(name.changes.contains("traditional → simplified"))
        #expect(name.changes.contains("title 女士 removed, gender hint F"))
    }

    @Test(arguments: ["陳麗華女士", "王总", "Zhang, Wei", "阿卜杜热合曼•买买提", "欧阳倩", "ＡＢＣ", "陈丽华（VIP）", "Mr. Li Ming", "单田芳"])
    func normalizingTwiceChangesNothing(raw: String) {
        let once = normalizer.normalize(raw)
        let twice = normalizer.normalize(once.value.isEmpty ? raw : once.value)
        #expect(twice.value == once.value)
        #expect(twice.pinyinKey == once.pinyinKey || once.isPartial)
    }

    @Test func companyMarkerStartsMatchTheMarkerList() {
        let starts = Set(NameNormalizer.companyMarkerStarts)
        for value in UInt32(0x3400)...0x9FFF {
            #expect(NameNormalizer.isCompanyMarkerStart(value) == starts.contains(value), "U+\(String(value, radix: 16))")
        }
    }

    @Test func separatorDotSwitchMatchesTheDotList() {
        for value in UInt32(0)...0xFFFF {
            #expect(NameNormalizer.isSeparatorDot(value) == NameNormalizer.separatorDotScalars.contains(value), "U+\(String(value, radix: 16))")
        }
    }

    @Test func sortedLookupFindsExactlyItsKeys() {
        let table = SortedLookup([(UInt64(7), "seven"), (3, "three"), (11, "eleven"), (5, "five")])
        #expect(table[3] == "three" && table[5] == "five" && table[7] == "seven" && table[11] == "eleven")
        for missing: UInt64 in [0, 1, 4, 6, 8, 12, .max] { #expect(table[missing] == nil) }
        let empty = SortedLookup<UInt32, Void>(keys: [])
        #expect(!empty.contains(0))
        let scalars = SortedLookup(keys: [UInt32(0x5FC3), 0x5E97, 0x5382])
        #expect(scalars.contains(0x5E97) && !scalars.contains(0x5E98))
    }

    @Test func cachedPinyinEqualsICU() {
        // The per-character table must give what ICU gives for the whole text.
        for name in ["陈丽华", "张伟", "王芳", "欧阳倩", "黄晓东", "刘建国", "李秀英", "杨洋", "赵敏", "周杰", "吴倩", "徐静", "孙强"] {
            let composed = Pinyin.syllables(name).joined(separator: " ")
            let icu = Transforms.pinyin.uncachedApply(name).split(separator: " ").map { $0.filter(\.isLetter) }.joined(separator: " ")
            #expect(composed == icu, "\(name)")
        }
    }
}

@Suite struct TransformCacheTests {
    @Test(arguments: ["陳麗華", "廣東省深圳市南山區科技園", "華辰科技（北京）有限公司", "張偉", "歐陽倩", "臺北市信義區市府路", "發展銀行",
                      "乾隆皇帝", "頭髮很長", "後來的事", "陈丽华", "ABC 123", "餘額", "鐘錶", "麵條", "範圍", "干燥", "乾燥"])
    func perCharacterSimplificationEqualsICU(text: String) {
        #expect(Transforms.simplified.apply(text) == Transforms.simplified.uncachedApply(text))
    }

    /// Pinyin composed from the packed per-character table equals pinyin composed one string at a
    /// time: Han across the table's range, characters outside it (compatibility, extension B),
    /// ASCII, letters outside ASCII and separator dots that take the general path.
    @Test func packedSyllablesComposeWhatStringsDo() {
        var texts = ["陈丽华", "欧阳倩", "张wei3", "Zhang伟", "阿依古丽·买买提", "𠀋华", "丽华Ü", "豈華", "ABC", ""]
        for start in stride(from: UInt32(0x3400), to: 0xA000, by: 1500) {
            texts.append(String(String.UnicodeScalarView((start..<min(start + 200, 0xA000)).compactMap(Unicode.Scalar.init))))
        }
        for text in texts {
            #expect(Pinyin.joined(Array(text.unicodeScalars)[...]) == Pinyin.syllables(text).joined(), "\(text.prefix(8))")
        }
        #expect(PackedSyllables.pack("zhuang") == 0x7A_68_75_61_6E_67_06)
        #expect(PackedSyllables.pack("abcdefgh") == 0xFF && PackedSyllables.pack("") == 0xFF && PackedSyllables.pack("ü") == 0xFF)
    }

    /// The table made in one ICU call lines up with ICU character by character, across the ranges.
    @Test func simplificationTableLinesUpWithICU() {
        for start: UInt32 in [0x3400, 0x4E00, 0x7000, 0x9000, 0xF900] {
            let sample = String(String.UnicodeScalarView((start..<(start + 600)).compactMap(Unicode.Scalar.init)))
            #expect(Transforms.simplified.apply(sample) == Transforms.simplified.uncachedApply(sample), "block from \(start)")
        }
    }

    @Test(arguments: ["１３８００１３８０００", "ＡＢＣ", "陈丽华", "abc", "㈱", "①②", "\u{3000}张三", "ｔｏｍ＠ｑｑ．ｃｏｍ"])
    func skippedFoldingEqualsNFKC(text: String) {
        #expect(Transforms.nfkc.apply(text) == Transforms.nfkc.uncachedApply(text))
    }
}

@Suite struct IssueExampleTests {
    let normalizer = NameNormalizer()

    /// Every compound surname the issue lists splits off whole.
    @Test(arguments: ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "万俟"])
    func compoundSurnames(surname: String) {
        let name = normalizer.normalize(surname + "明")
        #expect(name.surname == surname)
        #expect(name.givenName == "明")
    }

    /// Every title the issue lists is removed and kept.
    @Test(arguments: [("先生", Gender.male as Gender?), ("女士", .female), ("小姐", .female), ("太太", .female), ("老师", nil), ("经理", nil),
                      ("总", nil), ("总经理", nil), ("董", nil), ("老板", nil), ("师傅", nil), ("医生", nil)])
    func titles(title: String, gender: Gender?) {
        let name = normalizer.normalize("张建国" + title)
        #expect(name.value == "张建国")
        #expect(name.titles == [title])
        #expect(name.genderHint == gender)
    }

    /// The issue's company markers in a name field.
    @Test(arguments: ["华辰科技公司", "华辰有限", "华辰商行", "华辰五金店", "华辰纺织厂"])
    func companyMarkers(raw: String) {
        #expect(normalizer.normalize(raw).company == raw)
    }
}
