#!/usr/bin/env python3
"""Writes Tests/HeyiNormalizeTests/Fixtures/phones.tsv: real-world-shaped phone inputs with what
Google's libphonenumber (Python `phonenumbers`) makes of them with default region CN.
Columns: input, valid (1/0), E.164, type, extension, and for inputs libphonenumber rejects only
because of a Chinese-style extension (转801, 分机6001, a trailing -801), the E.164 it gives the number
without it (heyi accepts those extensions on purpose). Deterministic.

Run from the repository root after `pip install phonenumbers`:  python3 scripts/make-phone-fixtures.py
"""
import random
import re
import phonenumbers

random.seed(7)
FULLWIDTH = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")
MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152",
                   "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176", "177", "178", "180",
                   "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199"]
AREAS = [("10", 8), ("21", 8), ("20", 8), ("755", 8), ("571", 8), ("28", 8), ("25", 8), ("27", 8), ("311", 7), ("351", 7),
         ("431", 8), ("871", 7), ("898", 8), ("951", 7), ("991", 7), ("579", 7), ("769", 8), ("512", 8)]


def mobile():
    return random.choice(MOBILE_PREFIXES) + f"{random.randint(0, 99999999):08d}"


def mobile_forms(m):
    return [m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}", f"+86 {m}", f"+86-{m}", f"+86{m}", f"0086 {m}",
            f"0086{m}", f"86-{m}", f"86 {m}", f"(+86) {m}", f"+86 {m[:3]} {m[3:7]} {m[7:]}", m.translate(FULLWIDTH),
            f"＋８６ {m}".translate(FULLWIDTH), f"{m[:3]}.{m[3:7]}.{m[7:]}", f"0{m}"]


def fixed():
    code, length = random.choice(AREAS)
    first = random.choice("2345678")
    return code, first + "".join(random.choice("0123456789") for _ in range(length - 1))


def fixed_forms(code, local):
    return [f"0{code}-{local}", f"0{code} {local}", f"(0{code}){local}", f"（0{code}）{local}", f"0{code}{local}",
            f"+86 {code} {local}", f"+86-{code}-{local}", f"0086-{code}-{local}", f"86-{code}-{local}",
            f"0{code}-{local}转801", f"0{code}-{local} ext 23", f"0{code}-{local} ext.23", f"0{code}-{local}-801",
            f"0{code}-{local}#801", f"0{code}-{local} x23", f"0{code}-{local}分机6001", f"0{code} {local[:4]} {local[4:]}"]


inputs = []
for _ in range(7):
    inputs += mobile_forms(mobile())
for _ in range(5):
    inputs += fixed_forms(*fixed())
inputs += ["400-810-1234", "4008101234", "400 810 1234", "800-820-1234", "8008201234", "95588", "10086", "12345",
           "+852 2345 6789", "+852 9123 4567", "852-91234567", "00852 6123 4567", "+853 6612 3456", "+853 2878 1234",
           "+886 912 345 678", "+886-2-2345-6789", "+886 9 1234 5678", "+1 415 555 2671", "+1-212-555-0123",
           "+44 20 7946 0958", "+81 3-1234-5678", "+65 6123 4567", "+49 30 12345678", "+61 2 9876 5432",
           "12345678901", "1380013800", "138001380001", "10000000000", "11111111111", "19012345678", "14012345678",
           "62345678", "6234567", "021-623456", "010-1234567", "0999-1234567", "000-12345678", "138****8000",
           "无", "n/a", "123", "-", "+86 1380013800", "0086 10 6234 567", "+86 010 62345678", "86 010 62345678",
           "17951 13800138000", "1795113800138000", "12593 13800138000", "+86 (10) 6234-5678", "010--62345678",
           "(010) 6234-5678 转 801", "tel: 138 0013 8000", "手机13800138000", "电话：010-62345678"]
seen = set()
rows = []
for raw in inputs:
    if raw in seen:
        continue
    seen.add(raw)
    try:
        number = phonenumbers.parse(raw, "CN")
        valid = phonenumbers.is_valid_number(number)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if valid else ""
        kind = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number)) if valid else ""
        extension = number.extension or ""
    except phonenumbers.NumberParseException:
        valid, e164, kind, extension = False, "", "", ""
    base = ""
    stripped = re.sub(r"\s*(转|分机)\s*\d{1,6}\s*$|-\d{1,6}$", "", raw)
    if not valid and stripped != raw:
        try:
            number = phonenumbers.parse(stripped, "CN")
            if phonenumbers.is_valid_number(number):
                base = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
    rows.append("\t".join([raw, "1" if valid else "0", e164, kind, extension, base]))
with open("Tests/HeyiNormalizeTests/Fixtures/phones.tsv", "w", encoding="utf-8") as f:
    f.write(f"# input\tvalid\te164\ttype\textension\tbase_e164  (libphonenumber {phonenumbers.__version__}, region CN)\n")
    f.write("\n".join(rows) + "\n")
print(f"{len(rows)} inputs, {sum(r.split(chr(9))[1] == '1' for r in rows)} valid")
