/// Surnames for splitting Chinese names and for telling which token of a Latin-script name is the
/// surname. Compound surnames are tried first.
enum ChineseSurnames {
    static let compound: Set<String> = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "万俟", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "钟离", "闾丘", "端木", "南宫",
        "西门", "独孤", "拓跋", "呼延", "赫连", "司空", "百里", "东郭", "第五", "亓官", "左丘", "梁丘",
    ]

    /// Common single-character surnames, most frequent first.
    static let ranked = Array(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪辛柯庄危涂温单解区朴查翟盖乐缪召仇尤殷倪滕葛骆柴聂凌卓俞游谷邢傅庞鲁阎左颜詹纪岳景包耿尚霍"
    )

    /// Pinyin of common surnames → rank of the most frequent surname read so, for telling which
    /// token of a Latin-script name is the surname (`Zhang Wei` / `WEI ZHANG`: zhang beats wei).
    static let pinyinRank: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (rank, surname) in ranked.enumerated() {
            let reading = Pinyin.surname(String(surname))
            if ranks[reading] == nil { ranks[reading] = rank }
        }
        for name in compound where ranks[Pinyin.surname(name)] == nil { ranks[Pinyin.surname(name)] = ranked.count }
        return ranks
    }()
}
