"""Check characters of Chinese identifiers, as the standards define them.

GB 11643-1999: the citizen ID number (身份证号), 17 digits and an ISO 7064 MOD 11-2 check.
GB 32100-2015: the unified social credit code (统一社会信用代码), whose positions 9–17 are an
organisation code (GB 11714) with its own check character, and position 18 a MOD 31 check.
"""
import datetime as dt
import re

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number_problem(value: str) -> str:
    """Why a 身份证号 is invalid, or "" when it is valid."""
    text = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", text):
        return "应为18位（17位数字加校验码）"
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return f"出生日期 {text[6:14]} 不存在"
    if id_check_char(text[:17]) != text[17]:
        return f"校验码应为 {id_check_char(text[:17])}"
    return ""


def org_check_char(body8: str) -> str:
    total = sum(_org_value(c) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> str:
    """Why a 统一社会信用代码 is invalid, or "" when both its check characters hold."""
    text = value.strip().upper()
    if len(text) != 18 or any(c not in CREDIT_CHARS for c in text):
        return "应为18位数字或大写字母（不含 I、O、Z、S、V）"
    if org_check_char(text[8:16]) != text[16]:
        return f"组织机构代码校验码应为 {org_check_char(text[8:16])}"
    if credit_check_char(text[:17]) != text[17]:
        return f"校验码应为 {credit_check_char(text[:17])}"
    return ""
