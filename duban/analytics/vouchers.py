"""Vouchers from the accounting-software interface XML (GB/T 24589, 记账凭证).

The standard names each data element in Chinese; a voucher (记账凭证) carries its year, period,
type (凭证字), number and date, and its entries (分录) carry the summary, account and the debit
or credit amount. Each entry becomes one row, with its voucher's fields beside it, so the same
mapping and tests apply as to a CSV export.
"""
from duban.analytics.readers import Table, parse_xml
from duban.core.errors import DomainError

VOUCHER_FIELDS = ["会计年度", "会计期间号", "凭证类型编号", "凭证编号", "记账凭证日期", "制单人", "附件数"]
ENTRY_FIELDS = ["分录序号", "摘要", "科目编号", "科目名称", "对方单位", "借方金额", "贷方金额", "经办人"]
# Older exports and other vendors spell some elements differently.
ALIASES = {"会计期间": "会计期间号", "凭证类型": "凭证类型编号", "凭证字": "凭证类型编号",
           "凭证号": "凭证编号", "凭证日期": "记账凭证日期", "日期": "记账凭证日期", "分录号": "分录序号"}
HEADERS = [*VOUCHER_FIELDS, *ENTRY_FIELDS, "金额"]
VOUCHER_MAPPING = {"voucher_no": "凭证编号", "voucher_word": "凭证类型编号", "date": "记账凭证日期",
                   "entry_no": "分录序号", "amount": "金额", "summary": "摘要", "vendor": "对方单位",
                   "person": "经办人"}


def _fields(element) -> dict[str, str]:
    values = {ALIASES.get(k, k): v for k, v in element.attrib.items()}
    for child in element:
        if len(child) == 0:
            values[ALIASES.get(child.tag, child.tag)] = (child.text or "").strip()
    return values


def _is_entry(element) -> bool:
    tags = {ALIASES.get(c.tag, c.tag) for c in element} | set(element.attrib)
    return bool(tags & {"借方金额", "贷方金额"})


def _voucher_rows(voucher) -> list[list]:
    head = _fields(voucher)
    entries = [child for child in voucher if _is_entry(child)] or [voucher]
    rows = []
    for entry in entries:
        values = {**head, **_fields(entry)}
        debit, credit = values.get("借方金额", "").strip(), values.get("贷方金额", "").strip()
        values["金额"] = debit if debit not in ("", "0", "0.00") else credit
        rows.append([values.get(h, "") for h in HEADERS])
    return rows


def read_voucher_xml(data: bytes, name: str) -> Table:
    root = parse_xml(data, name)
    vouchers = [e for e in root.iter() if "凭证编号" in {ALIASES.get(c.tag, c.tag) for c in e} | set(e.attrib)]
    if not vouchers:
        raise DomainError(f"文件「{name}」中没有找到记账凭证（应含「凭证编号」等 GB/T 24589 数据元素）")
    rows = [row for voucher in vouchers for row in _voucher_rows(voucher)]
    return Table(name, list(HEADERS), rows, "xml")
