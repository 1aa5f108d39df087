#!/usr/bin/env python3
"""Writes Samples/: one fictional company's messy department exports plus truth.csv.

Deterministic (fixed seed). Run from the repository root: python3 scripts/make-samples.py
The outputs are committed; this script documents how they were made and can remake them.
"""
import csv, io, json, os, random

random.seed(20261123)
OUT = "Samples"

SURNAMES = ["张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
            "欧阳", "司马", "诸葛", "单", "曾", "解", "区", "朴", "翟", "覃"]
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞",
         "丽华", "建国", "晓东", "海燕", "志强", "倩", "文博", "子涵", "雨桐", "浩然", "红梅", "国庆", "春生", "玉兰", "德华"]
TRAD = str.maketrans({"陈": "陳", "丽": "麗", "华": "華", "张": "張", "伟": "偉", "刘": "劉", "杨": "楊", "黄": "黃", "赵": "趙",
                      "吴": "吳", "郑": "鄭", "军": "軍", "国": "國", "强": "強", "红": "紅", "东": "東", "马": "馬", "孙": "孫",
                      "罗": "羅", "涛": "濤", "艳": "艷", "娟": "娟", "兰": "蘭", "庆": "慶", "欧": "歐", "阳": "陽", "诸": "諸",
                      "葛": "葛", "晓": "曉", "志": "志", "海": "海", "燕": "燕", "浩": "浩", "涵": "涵", "单": "單", "区": "區",
                      "翟": "翟", "覃": "覃", "霞": "霞", "杰": "傑", "秀": "秀", "静": "靜", "敏": "敏", "洋": "洋", "勇": "勇"})
REGIONS = [("110108", "北京市", "北京市", "海淀区", "010"), ("110105", "北京市", "北京市", "朝阳区", "010"),
           ("310104", "上海市", "上海市", "徐汇区", "021"), ("440305", "广东省", "深圳市", "南山区", "0755"),
           ("330106", "浙江省", "杭州市", "西湖区", "0571"), ("510107", "四川省", "成都市", "武侯区", "028"),
           ("320106", "江苏省", "南京市", "鼓楼区", "025"), ("420106", "湖北省", "武汉市", "武昌区", "027")]
STREETS = ["中关村大街", "建国路", "漕溪北路", "科技园南路", "文三路", "人民南路", "中山北路", "中南路", "学院路", "长安街"]
COMPANIES = ["北京华辰科技有限公司", "上海东方明珠贸易有限公司", "深圳市腾达电子有限公司", "杭州西子湖畔茶业有限责任公司",
             "成都天府软件股份有限公司", "南京金陵建设集团", "武汉长江物流有限公司", "北京京西医疗器械有限公司",
             "上海浦江文化传媒有限公司", "深圳前海金融服务有限公司（深圳分公司）"]
MOBILE_PREFIX = ["138", "139", "136", "150", "151", "158", "186", "187", "188", "135", "177", "199"]


def id_number(region, birth, male):
    seq = random.randint(0, 49) * 2 + (1 if male else 0) + 100
    body = f"{region}{birth.replace('-', '')}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check


def make_customers(n):
    people = []
    for i in range(n):
        # Hard negatives: several different people named 张伟 / 王芳.
        if i % 25 == 3:
            surname, given, male = "张", "伟", True
        elif i % 25 == 7:
            surname, given, male = "王", "芳", False
        else:
            surname, given = random.choice(SURNAMES), random.choice(GIVEN)
            male = random.random() < 0.5
        region = random.choice(REGIONS)
        birth = f"{random.randint(1960, 2000)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        company = random.choice(COMPANIES) if random.random() < 0.7 else ""
        people.append({
            "id": f"C{i + 1:04d}", "surname": surname, "given": given, "name": surname + given, "male": male,
            "mobile": random.choice(MOBILE_PREFIX) + f"{random.randint(0, 99999999):08d}",
            "landline": f"{region[4]}-{random.randint(5000000, 8999999) if len(region[4]) == 4 else random.randint(50000000, 89999999)}" if random.random() < 0.4 else "",
            "email": f"{random.choice(['lihua', 'zhang.wei', 'wf', 'chen', 'xyz', 'sunny', 'tom', 'amy'])}{random.randint(1, 999)}@{random.choice(['163.com', 'qq.com', 'sina.com', 'huachen.cn'])}" if random.random() < 0.7 else "",
            "qqmail": f"{random.randint(10000, 999999999)}@qq.com",
            "company": company, "region": region,
            "address": f"{region[1]}{region[2] if region[1] != region[2] else ''}{region[3]}{random.choice(STREETS)}{random.randint(1, 300)}号",
            "birth": birth, "idno": id_number(region[0], birth, male) if random.random() < 0.6 else "",
            "amount": f"{random.randint(100, 500000) / 100:.2f}",
        })
    return people


def fmt_mobile(m):
    return random.choice([m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"+86 {m}", f"0086 {m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}",
                          f"86-{m}", m.translate(str.maketrans("0123456789", "０１２３４５６７８９"))])


def display_name(p):
    name = p["name"]
    r = random.random()
    if r < 0.15:
        name = name.translate(TRAD)
    elif r < 0.25:
        name += "女士" if not p["male"] else "先生"
    elif r < 0.28 and p["company"]:
        name = p["surname"] + "总"
    elif r < 0.32:
        name = p["surname"] + " " + p["given"]
    return name


def date_variant(iso, style):
    y, m, d = iso.split("-")
    if style == "slash": return f"{y}/{int(m)}/{int(d)}"
    if style == "cn": return f"{y}年{int(m)}月{int(d)}日"
    if style == "compact": return f"{y}{m}{d}"
    if style == "excel":
        import datetime
        return str((datetime.date(int(y), int(m), int(d)) - datetime.date(1899, 12, 30)).days)
    return iso


def sample(people, k):
    return sorted(random.sample(people, k), key=lambda p: p["id"])


def write_csv(path, header, rows, encoding, delimiter=",", title=None, bom=False, raw_lines=()):
    buf = io.StringIO()
    if title:
        buf.write(title + delimiter * (len(header) - 1) + "\r\n")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow(row)
    data = buf.getvalue().encode(encoding)
    for position, raw in raw_lines:  # deliberately broken lines, as bytes, inserted at a row position
        lines = data.split(b"\r\n")
        lines.insert(position, raw)
        data = b"\r\n".join(lines)
    with open(path, "wb") as f:
        if bom: f.write(b"\xef\xbb\xbf")
        f.write(data)


def main():
    people = make_customers(130)
    truth = []
    os.makedirs(f"{OUT}/sales", exist_ok=True)
    os.makedirs(f"{OUT}/crm", exist_ok=True)
    os.makedirs(f"{OUT}/web", exist_ok=True)
    os.makedirs(f"{OUT}/service", exist_ok=True)

    # 1. 张三: GB18030, title row, Chinese headers, gender codes, several date styles.
    header = ["客户编号", "客户姓名", "性别", "手机", "座机", "邮箱", "公司名称", "地址", "身份证号", "生日", "累计消费金额", "业务员", "录入日期", "备注"]
    rows = []
    for n, p in enumerate(sample(people, 58), 1):
        key = f"ZS{n:04d}"
        truth.append(("sales-zhang", key, p["id"]))
        rows.append([key, display_name(p), random.choice(["1" if p["male"] else "2", "男" if p["male"] else "女"]), fmt_mobile(p["mobile"]),
                     p["landline"] + (random.choice(["", "转801", " ext 23"]) if p["landline"] else ""), p["email"], p["company"],
                     p["address"], p["idno"], date_variant(p["birth"], random.choice(["slash", "cn", "excel"])) if random.random() < 0.7 else "",
                     p["amount"], "张三", date_variant(f"2026-{random.randint(1, 10):02d}-{random.randint(1, 28):02d}", "slash"),
                     random.choice(["", "", "老客户", "需回访", "春节送礼名单"])])
    broken = [
        # An undecodable byte sequence (0xFF is never valid in GB18030) in the name.
        (8, "ZS9001,".encode("gb18030") + b"\xff\xfe\xa1" + ",1,13911112222,,,,北京市海淀区学院路3号,,,0.00,张三,2026/3/1,".encode("gb18030")),
        # An unquoted comma in the address: one cell too many.
        (20, "ZS9002,刘洋,1,13722223333,,liuyang@163.com,,北京市朝阳区建国路88号,SOHO现代城,,,120.00,张三,2026/4/2,".encode("gb18030")),
    ]
    write_csv(f"{OUT}/sales/张三-客户名单.csv", header, rows, "gb18030",
              title="华辰科技 销售部 张三 客户名单（2026年10月导出）", raw_lines=broken)
    truth.append(("sales-zhang", "ZS9002", "X-LIUYANG"))

    # 2. 李四: UTF-8 with BOM, notes with line breaks and quotes, one short row.
    header = ["编号", "姓名", "手机号码", "电子邮件", "单位", "联系地址", "备注", "业务员"]
    rows = []
    for n, p in enumerate(sample(people, 52), 1):
        key = f"LS-{n:03d}"
        truth.append(("sales-li", key, p["id"]))
        note = random.choice(["", "", "说\"下周再联系\"", "地址已更新\n旧地址作废", "VIP"])
        phones = fmt_mobile(p["mobile"]) + (random.choice(["/", "；", "、"]) + p["landline"] if p["landline"] and random.random() < 0.5 else "")
        rows.append([key, display_name(p), phones, p["email"] if random.random() < 0.8 else p["qqmail"], p["company"], p["address"], note, "李四"])
    write_csv(f"{OUT}/sales/李四-客户.csv", header, rows, "utf-8", bom=True,
              raw_lines=[(15, "LS-900,赵敏,13633334444,zhaomin@qq.com".encode("utf-8"))])
    truth.append(("sales-li", "LS-900", "X-ZHAOMIN"))

    # 3. 王五: tab-delimited, other column order, traditional characters, full-width digits.
    header = ["手机", "姓名", "公司", "邮箱", "地址", "生日", "客户号"]
    rows = []
    for n, p in enumerate(sample(people, 44), 1):
        key = f"W{n:03d}"
        truth.append(("sales-wang", key, p["id"]))
        name = p["name"].translate(TRAD) if random.random() < 0.4 else display_name(p)
        rows.append([fmt_mobile(p["mobile"]), name, p["company"], p["email"], p["address"],
                     date_variant(p["birth"], random.choice(["slash", "iso", "compact"])) if random.random() < 0.5 else "", key])
    write_csv(f"{OUT}/sales/王五-客户.tsv", header, rows, "utf-8", delimiter="\t")

    # 4. CRM: XML with attributes, nested contacts, several phones, one record without its id.
    crm = sample(people, 80)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<export system="华辰CRM" exported="2026-10-31T18:00:00+08:00">', "  <customers>"]
    for n, p in enumerate(crm, 1):
        key = f"CRM-{n:05d}"
        truth.append(("crm", key, p["id"]))
        region = p["region"]
        contacts = [f'<contact type="mobile">{fmt_mobile(p["mobile"])}</contact>']
        if p["landline"]: contacts.append(f'<contact type="office">{p["landline"]}</contact>')
        if random.random() < 0.2: contacts.append(f'<contact type="mobile">{random.choice(MOBILE_PREFIX)}{random.randint(0, 99999999):08d}</contact>')
        id_attr = "" if n == 17 else f' id="{key}"'
        if n == 17: truth.pop()
        company = p["company"].replace("有限公司", random.choice(["有限公司", "", "（有限公司）"])) if p["company"] else ""
        parts.append(f'    <customer{id_attr} level="{random.choice(["VIP", "普通", "潜在"])}">')
        parts.append(f'      <name>{p["name"] if random.random() < 0.8 else p["name"].translate(TRAD)}</name>')
        parts.append(f'      <gender>{"M" if p["male"] else "F"}</gender>')
        parts.append(f'      <contacts>{"".join(contacts)}</contacts>')
        if p["email"]: parts.append(f'      <email>{p["email"].upper() if random.random() < 0.2 else p["email"]}</email>')
        if company: parts.append(f"      <company>{company.replace('&', '&amp;')}</company>")
        parts.append(f'      <address><province>{region[1]}</province><city>{region[2]}</city><district>{region[3]}</district>'
                     f'<detail>{p["address"].split(region[3])[-1]}</detail></address>')
        if p["idno"]: parts.append(f'      <idNumber>{p["idno"].lower() if random.random() < 0.3 else p["idno"]}</idNumber>')
        parts.append(f'      <owner>{random.choice(["张三", "李四", "王五", "赵六"])}</owner>')
        parts.append(f'      <updated>2026-{random.randint(1, 10):02d}-{random.randint(1, 28):02d}T09:30:00</updated>')
        parts.append("    </customer>")
    parts += ["  </customers>", "</export>", ""]
    with open(f"{OUT}/crm/customers.xml", "w", encoding="utf-8") as f:
        f.write("\n".join(parts))

    # 5. Web members: JSON Lines with a nested profile; one truncated line.
    lines = []
    for n, p in enumerate(sample(people, 46), 1):
        key = f"M{100000 + n}"
        truth.append(("web-members", key, p["id"]))
        member = {"member_id": key,
                  "profile": {"name": p["name"] if random.random() < 0.7 else p["surname"] + " " + p["given"],
                              "gender": "male" if p["male"] else "female", "birthday": p["birth"] if random.random() < 0.6 else None},
                  "phones": [p["mobile"]] + ([p["landline"]] if p["landline"] and random.random() < 0.3 else []),
                  "email": p["email"] or p["qqmail"],
                  "address": {"province": p["region"][1], "city": p["region"][2], "detail": p["address"]},
                  "registered_at": f"2025-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}T10:00:00+08:00",
                  "points": random.randint(0, 5000)}
        lines.append(json.dumps(member, ensure_ascii=False))
    lines.insert(20, '{"member_id": "M199999", "profile": {"name": "孙丽", "gender": "female"}, "phones": ["13544445555"')
    truth.append(("web-members", "M199999", "X-SUNLI"))
    with open(f"{OUT}/web/members.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    # 6. Customer service: a JSON document whose records sit at /data/items; one item is not an object.
    items = []
    for n, p in enumerate(sample(people, 30), 1):
        key = f"T2026{n:05d}"
        truth.append(("service-complaints", key, p["id"]))
        items.append({"ticket_id": key, "customer": {"name": display_name(p), "phone": fmt_mobile(p["mobile"])},
                      "channel": random.choice(["电话", "微信", "邮件"]), "category": random.choice(["物流", "质量", "发票", "售后"]),
                      "content": random.choice(["货物破损，要求换货", "发票抬头错误", "三天未发货", "咨询保修"]),
                      "created_at": f"2026-{random.randint(1, 10):02d}-{random.randint(1, 28):02d} {random.randint(8, 20):02d}:15:00"})
    items.insert(12, "T202600099 转人工")
    doc = {"exported_at": "2026-10-31T20:00:00+08:00", "system": "客服工单系统", "data": {"count": len(items), "items": items}}
    with open(f"{OUT}/service/complaints.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")

    with open(f"{OUT}/truth.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "key", "customer"])
        w.writerows(truth)


if __name__ == "__main__":
    main()
