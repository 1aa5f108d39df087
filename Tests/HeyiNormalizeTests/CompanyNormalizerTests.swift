import Testing
@testable import HeyiNormalize

@Suite struct CompanyNormalizerTests {
    let normalizer = CompanyNormalizer()

    /// raw → (key, legal form, region, branch)
    @Test(arguments: [
        ("北京华辰科技有限公司", "华辰科技", "有限公司", "北京", nil),
        ("华辰科技有限公司", "华辰科技", "有限公司", nil, nil),
        ("華辰科技（北京）有限公司", "华辰科技", "有限公司", "北京", nil),
        ("华辰科技有限公司北京分公司", "华辰科技", "有限公司", nil, "北京分公司"),
        ("华辰科技（北京分公司）", "华辰科技", nil, nil, "北京分公司"),
        ("深圳市腾达电子有限公司", "腾达电子", "有限公司", "深圳市", nil),
        ("深圳前海金融服务有限公司（深圳分公司）", "前海金融服务", "有限公司", "深圳", "深圳分公司"),
        ("上海东方明珠贸易有限公司", "东方明珠贸易", "有限公司", "上海", nil),
        ("杭州西子湖畔茶业有限责任公司", "西子湖畔茶业", "有限责任公司", "杭州", nil),
        ("成都天府软件股份有限公司", "天府软件", "股份有限公司", "成都", nil),
        ("南京金陵建设集团", "金陵建设", "集团", "南京", nil),
        ("武汉长江物流有限公司", "长江物流", "有限公司", "武汉", nil),
        ("华辰科技(有限公司)", "华辰科技", "有限公司", nil, nil),
        ("ＡＢＣ贸易有限公司", "abc贸易", "有限公司", nil, nil),
        ("广东省腾达电子集团有限公司", "腾达电子", "集团有限公司", "广东省", nil),
        ("西湖龙井茶业有限公司", "西湖龙井茶业", "有限公司", nil, nil),
        ("华辰科技上海办事处", "华辰科技上海", nil, nil, "办事处"),
        ("Huachen Technology Co., Ltd.", "huachen technology", "co ltd", nil, nil),
        ("HUACHEN TECHNOLOGY CO LTD", "huachen technology", "co ltd", nil, nil),
        ("Acme Inc.", "acme", "inc", nil, nil),
    ] as [(String, String, String?, String?, String?)])
    func splitsCompanyNames(raw: String, key: String, legalForm: String?, region: String?, branch: String?) {
        let company = normalizer.normalize(raw)
        #expect(company.key == key)
        #expect(company.legalForm == legalForm)
        #expect(company.region == region)
        #expect(company.branch == branch)
    }

    @Test func variantsShareOneKey() {
        let names = ["北京华辰科技有限公司", "華辰科技（北京）有限公司", "华辰科技有限公司北京分公司", "华辰科技", "华辰科技(有限公司)"]
        #expect(Set(names.map { normalizer.normalize($0).key }) == ["华辰科技"])
    }

    @Test(arguments: ["北京华辰科技有限公司", "華辰科技（北京）有限公司", "Huachen Technology Co., Ltd.", "西湖龙井茶业有限公司"])
    func normalizingTheKeyAgainKeepsIt(raw: String) {
        let once = normalizer.normalize(raw)
        #expect(normalizer.normalize(once.key).key == once.key)
    }
}
