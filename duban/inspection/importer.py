"""The feedback's problem list from the inspection's own .xlsx, verbatim: a column named 反馈问题
(or 问题 / 问题描述 / 存在问题), optionally 问题类别. Every row is checked before any is kept."""
from pathlib import Path

from django.utils.translation import gettext

from duban.core.errors import DomainError
from duban.core.sheets import first_sheet_rows
from duban.ledger.reader import MAX_COLUMNS, check_container

TEXT_NAMES = ("反馈问题", "问题", "问题描述", "存在问题", "问题表现")
CATEGORY_NAMES = ("问题类别", "问题类型", "问题分类")
MAX_PROBLEMS, MAX_TEXT, HEADER_ROWS = 1000, 5000, 20


def problems_from_xlsx(path) -> list[tuple[str, str]]:
    check_container(Path(path))  # size and unpacked size, before anything is inflated
    with first_sheet_rows(path, max_col=MAX_COLUMNS) as rows:  # a member damaged mid-stream: a DomainError
        return _read(rows)


def _names(values) -> list[str]:
    return ["".join(str(v or "").split()) for v in values]


def _header(rows) -> tuple[int, int, int | None]:
    for number, values in enumerate(rows, start=1):
        names = _names(values)
        text = next((names.index(n) for n in TEXT_NAMES if n in names), None)
        if text is not None:
            category = next((names.index(n) for n in CATEGORY_NAMES if n in names), None)
            return number, text, category
        if number >= HEADER_ROWS:
            break
    raise DomainError(gettext("找不到问题清单表头：前%(rows)s行里没有「反馈问题」列") % {"rows": HEADER_ROWS})


def _read(rows) -> list[tuple[str, str]]:
    header, text_at, category_at = _header(rows)
    found, errors = [], []
    for number, values in enumerate(rows, start=header + 1):
        text = str(values[text_at] or "").strip() if text_at < len(values) else ""
        category = str(values[category_at] or "").strip() if category_at is not None and category_at < len(values) else ""
        if not text:
            if category:
                errors.append(gettext("第%(row)s行「反馈问题」: 不能为空") % {"row": number})
            continue
        if len(text) > MAX_TEXT:
            errors.append(gettext("第%(row)s行「反馈问题」: 超过%(most)s字") % {"row": number, "most": MAX_TEXT})
        if len(found) >= MAX_PROBLEMS:
            raise DomainError(gettext("问题清单超过%(most)s个，请分批录入") % {"most": MAX_PROBLEMS})
        found.append((text, category[:100]))
    if errors:
        raise DomainError(gettext("问题清单未导入：") + "\n" + "\n".join(errors[:50]))
    if not found:
        raise DomainError(gettext("问题清单里没有问题"))
    return found
