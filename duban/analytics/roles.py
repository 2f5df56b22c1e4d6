"""The roles a test asks of a file's columns: what each means, how its values are read.

A source's mapping names, for each role it needs, the column of the file that plays it.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    kind: str  # text | amount | date | integer


ROLES = [
    Role("amount", "金额", "amount"),
    Role("date", "日期", "date"),
    Role("vendor", "供应商/收款方", "text"),
    Role("invoice_no", "发票号码", "text"),
    Role("voucher_no", "凭证号", "integer"),
    Role("voucher_word", "凭证字", "text"),
    Role("entry_no", "分录号", "integer"),
    Role("person", "经办人/申请人/人员", "text"),
    Role("department", "部门/单位", "text"),
    Role("id_number", "身份证号", "text"),
    Role("credit_code", "统一社会信用代码", "text"),
    Role("bank_account", "银行账号", "text"),
    Role("phone", "电话", "text"),
    Role("address", "地址", "text"),
    Role("death_date", "死亡日期", "date"),
    Role("category", "费用类别", "text"),
    Role("standard_amount", "开支标准（上限）", "amount"),
    Role("summary", "摘要", "text"),
]
BY_NAME = {r.name: r for r in ROLES}

# Names a file's header commonly gives each role, so a first mapping can be proposed.
HEADER_HINTS = {
    "amount": ["金额", "付款金额", "支付金额", "借方金额", "发生额", "amount"],
    "date": ["日期", "付款日期", "支付日期", "记账日期", "凭证日期", "记账凭证日期", "date"],
    "vendor": ["供应商", "收款方", "收款单位", "收款人", "对方单位", "vendor"],
    "invoice_no": ["发票号", "发票号码", "invoice"],
    "voucher_no": ["凭证号", "凭证编号"],
    "voucher_word": ["凭证字", "凭证类型", "凭证类型编号"],
    "entry_no": ["分录号", "分录序号"],
    "person": ["经办人", "申请人", "姓名", "人员", "员工"],
    "department": ["部门", "申请部门", "单位"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "证件号码"],
    "credit_code": ["统一社会信用代码", "信用代码"],
    "bank_account": ["银行账号", "账号", "收款账号"],
    "phone": ["电话", "手机", "联系电话"],
    "address": ["地址", "住址"],
    "death_date": ["死亡日期"],
    "category": ["费用类别", "类别", "开支类别"],
    "standard_amount": ["标准", "开支标准", "限额", "上限"],
    "summary": ["摘要", "用途", "事由"],
}


def propose_mapping(headers: list[str]) -> dict[str, str]:
    """A first guess of role → column from the header words; the auditor corrects it."""
    mapping = {}
    for role, names in HEADER_HINTS.items():
        for header in headers:
            if header.strip().lower() in names:
                mapping[role] = header
                break
    return mapping
