import Testing
@testable import HeyiNormalize

@Suite struct AddressNormalizerTests {
    let normalizer = AddressNormalizer()

    /// raw → (province, city, district, remainder, area code)
    @Test(arguments: [
        ("北京市海淀区中关村大街1号", "北京市", nil, "海淀区", "中关村大街1号", "10"),
        ("北京市北京市海淀区中关村大街1号", "北京市", nil, "海淀区", "中关村大街1号", "10"),
        ("北京海淀中关村大街1号", "北京市", nil, "海淀区", "中关村大街1号", "10"),
        ("京海淀区学院路3号", "北京市", nil, "海淀区", "学院路3号", "10"),
        ("上海市徐汇区漕溪北路88号", "上海市", nil, "徐汇区", "漕溪北路88号", "21"),
        ("沪徐汇漕溪北路88号", "上海市", nil, "徐汇区", "漕溪北路88号", "21"),
        ("广东省深圳市南山区科技园南路8号", "广东省", "深圳市", "南山区", "科技园南路8号", "755"),
        ("深圳南山科技园南路8号", "广东省", "深圳市", "南山区", "科技园南路8号", "755"),
        ("深圳市南山区", "广东省", "深圳市", "南山区", "", "755"),
        ("浙江省杭州市西湖区文三路1号", "浙江省", "杭州市", "西湖区", "文三路1号", "571"),
        ("杭州西湖区文三路1号", "浙江省", "杭州市", "西湖区", "文三路1号", "571"),
        ("四川成都武侯区人民南路4段", "四川省", "成都市", "武侯区", "人民南路4段", "28"),
        ("江苏省 南京市 鼓楼区 中山北路 200号", "江苏省", "南京市", "鼓楼区", "中山北路200号", "25"),
        ("廣東省深圳市南山區科技園", "广东省", "深圳市", "南山区", "科技园", "755"),
        ("新疆乌鲁木齐天山区解放路", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放路", "991"),
        ("广西南宁市青秀区民族大道", "广西壮族自治区", "南宁市", "青秀区", "民族大道", "771"),
        ("湖北省武汉市武昌区中南路", "湖北省", "武汉市", "武昌区", "中南路", "27"),
        ("重庆市渝中区解放碑", "重庆市", nil, "渝中区", "解放碑", "23"),
        ("天津和平区南京路", "天津市", nil, "和平区", "南京路", "22"),
    ] as [(String, String, String?, String, String, String)])
    func recognisesDivisions(raw: String, province: String, city: String?, district: String, remainder: String, area: String) {
        let address = normalizer.normalize(raw)
        #expect(address.province?.name == province)
        #expect(address.city?.name == city)
        #expect(address.district?.name == district)
        #expect(address.remainder == remainder)
        #expect(address.areaCode == area)
    }

    @Test func aCityWithTwoAreaCodesGetsNone() {
        // libphonenumber places both 0992 and 0999 in 伊犁哈萨克自治州.
        let address = normalizer.normalize("新疆伊犁伊宁市解放路")
        #expect(address.city?.name == "伊犁哈萨克自治州")
        #expect(address.district?.name == "伊宁市")
        #expect(address.areaCode == nil)
    }

    @Test func anAmbiguousDistrictAloneIsNotGuessed() {
        // 南山区 exists in Shenzhen and in Hegang: without a city, heyi does not pick one.
        let address = normalizer.normalize("南山区科技园")
        #expect(address.district == nil)
        #expect(address.remainder == "南山区科技园")
    }

    @Test func anAddressWithoutPlacesKeepsItsText() {
        let address = normalizer.normalize("科技园 南路 8 号")
        #expect(address.province == nil)
        #expect(address.value == "科技园南路8号")
    }

    @Test(arguments: ["北京市海淀区中关村大街1号", "深圳南山科技园南路8号", "沪徐汇漕溪北路88号", "廣東省深圳市南山區科技園", "科技园"])
    func normalizingTwiceChangesNothing(raw: String) {
        let once = normalizer.normalize(raw)
        let twice = normalizer.normalize(once.value)
        #expect(twice.value == once.value)
        #expect(twice.district == once.district)
    }
}
