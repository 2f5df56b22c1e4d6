"""Generated payment data with anomalies planted where the caller asks, and the truth about them.

Clean data is clean by construction: each vendor is paid at most once in any 15 days, amounts carry
cents and are never round, numbers are unique, every ID is valid and every posting falls on a
working day. Each planted anomaly uses its own vendor, so the planted sets are exactly the leads.
"""
import csv
import datetime as dt
import random
from pathlib import Path

from duban.analytics.checks import credit_check_char, id_check_char, org_check_char

HEADERS = ["日期", "凭证字", "凭证号", "摘要", "收款方", "统一社会信用代码", "发票号", "金额", "经办人", "部门",
           "收款人身份证号", "银行账号", "联系电话", "费用类别"]
MAPPING = {"date": "日期", "voucher_word": "凭证字", "voucher_no": "凭证号", "summary": "摘要", "vendor": "收款方",
           "credit_code": "统一社会信用代码", "invoice_no": "发票号", "amount": "金额", "person": "经办人",
           "department": "部门", "id_number": "收款人身份证号", "bank_account": "银行账号", "phone": "联系电话",
           "category": "费用类别"}
YEAR = 2025
DEPARTMENTS = ["办公室", "财务科", "工程科", "综合科"]


def _workday(day: dt.date) -> dt.date:
    from duban.core.workdays import add_workdays

    return add_workdays(day, 0)  # the day itself, or the next working day


class Maker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.invoice = 10000000
        self.serial = 0

    def person_id(self) -> str:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=self.rng.randrange(18000))
        body = f"330114{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + id_check_char(body)

    def credit_code(self) -> str:
        org = f"{self.rng.randrange(10 ** 8):08d}"
        head = f"91330114{org}{org_check_char(org)}"
        return head + credit_check_char(head)

    def amount(self, low=1.5, high=5.5) -> float:
        value = round(10 ** self.rng.uniform(low, high), 2)
        return value + 0.01 if round(value * 100) % 100 == 0 else value

    def next_invoice(self) -> str:
        self.invoice += 1
        return str(self.invoice)

    def vendor(self, name: str) -> dict:
        self.serial += 1
        return {"收款方": name, "统一社会信用代码": self.credit_code(), "银行账号": f"6222{self.serial:015d}",
                "联系电话": f"138{self.serial:08d}"}

    def row(self, vendor: dict, day: dt.date, amount: float, person: str, payee: str, category="服务费") -> dict:
        return {**vendor, "日期": day.isoformat(), "凭证字": "记", "摘要": "支付款项", "发票号": self.next_invoice(),
                "金额": f"{amount:.2f}", "经办人": person, "部门": self.rng.choice(DEPARTMENTS),
                "收款人身份证号": payee, "费用类别": category}


def payments(n: int = 600, *, seed: int = 7, plant: bool = True):
    """(rows, planted, employees, deaths, standards): planted maps a test code to sets of row ids."""
    m = Maker(seed)
    persons = [f"经办人{i:02d}" for i in range(30)]
    payees = [m.person_id() for _ in range(60)]
    rows = []
    vendor_count = max(3, n // 16)
    for v in range(vendor_count):
        vendor = m.vendor(f"供应商{v:04d}有限公司")
        day = dt.date(YEAR, 1, 2) + dt.timedelta(days=m.rng.randrange(15))
        while day.year == YEAR and len(rows) < n:
            rows.append(m.row(vendor, _workday(day), m.amount(), m.rng.choice(persons), m.rng.choice(payees)))
            day = _workday(day) + dt.timedelta(days=15 + m.rng.randrange(10))
    employees = [{"姓名": f"职工{i:02d}", "身份证号": m.person_id(), "银行账号": f"6228{i:015d}",
                  "电话": f"139{i:08d}", "地址": f"钱塘区幸福路{300 + i}号"} for i in range(20)]
    deaths = [{"身份证号": payees[-1], "死亡日期": "2025-12-31"}]  # died after the last payment: no hit
    standards = [{"费用类别": "服务费", "标准": "100000000"}, {"费用类别": "差旅费", "标准": "5000"}]
    planted: dict[str, list[set[int]]] = {}
    if plant:
        _plant(m, rows, planted, persons, payees, employees, deaths)
    _number_vouchers(rows, planted if plant else None, m)
    for i, row in enumerate(rows):
        row["_line"] = i + 2
    lines = {id(r): r["_line"] for r in rows}
    truth = {test: [{lines[i] for i in group} for group in groups] for test, groups in planted.items()}
    return rows, truth, employees, deaths, standards


def _plant(m, rows, planted, persons, payees, employees, deaths):
    def add(test, *group):
        planted.setdefault(test, []).append(set(map(id, group)))
        rows.extend(r for r in group if all(r is not x for x in rows))

    p = persons[0]
    a = m.row(m.vendor("重复甲公司"), dt.date(YEAR, 3, 11), 12345.67, p, payees[0])
    add("dup_exact", a, dict(a))
    v = m.vendor("等额乙公司")
    add("dup_same_diff", m.row(v, dt.date(YEAR, 4, 8), 8800.55, p, payees[1]),
        m.row(v, dt.date(YEAR, 5, 20), 8800.55, p, payees[1]))
    v = m.vendor("相近丙公司")
    add("dup_near", m.row(v, dt.date(YEAR, 6, 10), 20000.13, p, payees[2]),
        m.row(v, dt.date(YEAR, 6, 12), 20080.42, p, payees[2]))
    v = m.vendor("改号丁公司")
    first, second = m.row(v, dt.date(YEAR, 7, 8), 3300.21, p, payees[3]), m.row(v, dt.date(YEAR, 8, 19), 4100.87, p, payees[3])
    first["发票号"], second["发票号"] = "00098765", "9876-5"
    add("dup_invoice_similar", first, second)
    v = m.vendor("拆单戊公司")
    add("split_purchase", *[m.row(v, dt.date(YEAR, 9, d), amt, persons[1], payees[4])
                            for d, amt in [(9, 18000.37), (11, 17500.12), (12, 16000.45)]])
    add("round_amounts", m.row(m.vendor("整数己公司"), dt.date(YEAR, 10, 14), 30000.00, p, payees[5]))
    good = m.person_id()
    no_such_day = "33011419800230123"
    for bad in (good[:17] + ("0" if good[17] != "0" else "1"), no_such_day + id_check_char(no_such_day)):
        add("id_invalid", m.row(m.vendor(f"个人{bad[-4:]}"), dt.date(YEAR, 3, 5), 800.33, p, bad))
    for broken in _bad_credit_codes(m):
        vendor = {**m.vendor(f"假冒{broken[-3:]}公司"), "统一社会信用代码": broken}
        add("credit_invalid", m.row(vendor, dt.date(YEAR, 3, 6), 950.66, p, payees[6]))
    dead = m.person_id()
    deaths.append({"身份证号": dead, "死亡日期": "2025-05-31"})
    v = m.vendor("抚恤代发")
    rows.append(m.row(v, dt.date(YEAR, 5, 6), 1500.11, p, dead))  # before death: not a hit
    add("deceased_payee", m.row(v, dt.date(YEAR, 6, 5), 1500.12, p, dead), m.row(v, dt.date(YEAR, 7, 7), 1500.13, p, dead))
    for day in (dt.date(YEAR, 3, 8), dt.date(YEAR, 1, 30)):  # a Saturday; the Spring Festival break
        add("offday_postings", m.row(m.vendor(f"休息日{day:%m%d}公司"), day, 660.77, p, payees[7]))
    rows.append(m.row(m.vendor("补班日公司"), dt.date(YEAR, 1, 26), 770.88, p, payees[7]))  # a 补班 Sunday: working
    add("vendor_employee", m.row({**m.vendor("亲属庚公司"), "银行账号": employees[3]["银行账号"]},
                                 dt.date(YEAR, 11, 4), 2200.44, p, payees[8]))
    add("vendor_employee", m.row({**m.vendor("亲属辛公司"), "联系电话": employees[5]["电话"]},
                                 dt.date(YEAR, 11, 5), 2300.55, p, payees[8]))
    rows.append(m.row(m.vendor("出差壬"), dt.date(YEAR, 4, 15), 4800.99, p, payees[9], "差旅费"))
    add("over_standard", m.row(m.vendor("出差癸"), dt.date(YEAR, 4, 16), 6200.19, p, payees[9], "差旅费"))


def _bad_credit_codes(m) -> list[str]:
    good = m.credit_code()
    last = good[:17] + ("0" if good[17] != "0" else "1")
    org = good[8:16]
    wrong_org = "X" if org_check_char(org) != "X" else "0"
    head = good[:16] + wrong_org
    return [last, head + credit_check_char(head)]  # the second passes the final check, not the inner one


def _number_vouchers(rows, planted, m) -> None:
    """Vouchers numbered from 1 within each month in date order; when planting, one number is skipped
    (a gap) and one is given twice (a repeat)."""
    rows.sort(key=lambda r: (r["日期"], r["收款方"], r["发票号"]))
    number, month, marks = 0, None, {}
    for row in rows:
        if row["日期"][:7] != month:
            number, month = 0, row["日期"][:7]
        number += 1
        row["凭证号"] = str(number)
        marks.setdefault(month, []).append(row)
    if planted is None:
        return
    may, june = marks[f"{YEAR}-05"], marks[f"{YEAR}-06"]
    for row in may[5:]:
        row["凭证号"] = str(int(row["凭证号"]) + 1)
    planted["voucher_gaps"] = [{id(may[4]), id(may[5])}]
    for row in june[8:]:
        row["凭证号"] = str(int(row["凭证号"]) - 1)
    planted["voucher_repeats"] = [{id(june[7]), id(june[8])}]


def write_csv(path: Path, rows: list[dict], headers=None, encoding="utf-8") -> Path:
    headers = headers or HEADERS
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path
