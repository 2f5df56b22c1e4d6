"""The audit office's 整改台账 both ways: export a project's findings, import a 问题清单 or 台账
all or nothing (parse and check every cell, then create through the services in one transaction;
any refusal names row and column and writes nothing)."""
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from duban.audit import rules
from duban.audit.models import AuditProject, Finding
from duban.audit.services.findings import check_amount, finding_create, project_by_id
from duban.core.errors import DomainError
from duban.core.sheets import first_sheet_rows
from duban.ledger.columns import Column
from duban.ledger.dates import parse_ledger_date
from duban.ledger.reader import MAX_CELL_CHARS, MAX_COLUMNS, check_container
from duban.ledger.values import parse_milestones
from duban.ledger.writer import LedgerWriter, restore
from duban.org.models import Unit, User
from duban.tasks.models import RectificationClass, Target

SEQ, PROBLEM, CATEGORY, CLASS, AMOUNT, UNIT, LEADER, MEASURES, DEADLINE, STAGES, RECOVER, RULES, BLAME = (
    "序号", "问题描述", "问题类别", "整改类型", "涉及金额（万元）", "被审计单位", "责任领导", "整改措施", "整改时限",
    "阶段节点", "应整改金额（万元）", "完善制度（项）", "追责问责（人）")
IMPORTED = (SEQ, PROBLEM, CATEGORY, CLASS, AMOUNT, UNIT, LEADER, MEASURES, DEADLINE, STAGES, RECOVER, RULES, BLAME)
REQUIRED = (PROBLEM, CLASS, AMOUNT, UNIT)
EXPORTED = (*IMPORTED, "整改状态", "已整改金额（万元）", "已完善制度（项）", "已追责问责（人）", "审计核查", "销号日期")
FIELD_COLUMNS = {"stages": STAGES, "rectification_class": CLASS, "deadline": DEADLINE, "code": SEQ}
MAX_ROWS, EMPTY_RUN, HEADER_ROWS = 5000, 50, 20
LABELS = dict(RectificationClass.choices)


@dataclass
class Row:
    number: int
    fields: dict = field(default_factory=dict)


class ImportRefused(DomainError):
    def __init__(self, errors: list[str]):
        shown = errors[:50] + ([f"……另有{len(errors) - 50}处错误"] if len(errors) > 50 else [])
        super().__init__("台账未导入，请改正后重新导入：\n" + "\n".join(shown))
        self.errors = errors


def findings_import(*, actor: User, path, project_id, dry_run: bool = False) -> dict:
    project = project_by_id(project_id)
    rows = _parse(Path(path), project.plan.programme.year)
    errors: list[str] = []
    created = []
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    created.append(finding_create(actor=actor, project_id=project.pk, **row.fields))
                except DomainError as exc:
                    errors.append(_where(row.number, FIELD_COLUMNS.get(exc.field or ""), exc.message))
            if errors or dry_run:
                raise _RolledBack
    except _RolledBack:
        if errors:
            raise ImportRefused(errors) from None
    return {"project": project.name, "rows": len(rows), "created": 0 if dry_run else len(created),
            "dry_run": dry_run, "findings": [{"seq": f.seq, "task": f.task.code} for f in created]}


class _RolledBack(Exception):
    pass


def _where(number: int, column: str | None, message: str) -> str:
    return f"第{number}行「{column}」: {message}" if column else f"第{number}行: {message}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(str(value).strip())


def _parse(path: Path, year: int) -> list[Row]:
    check_container(path)  # size and unpacked size, before anything is inflated
    with first_sheet_rows(path, max_col=MAX_COLUMNS) as rows:  # a member damaged mid-stream: a DomainError
        return _rows(rows, year)


def _header(rows) -> tuple[int, dict[int, str]]:
    for number, values in enumerate(rows, start=1):
        names = ["".join(_text(v).replace("(", "（").replace(")", "）").split()) for v in values]
        if PROBLEM in names:
            missing = [name for name in REQUIRED if name not in names]
            if missing:
                raise DomainError(f"第{number}行表头缺少「{'」「'.join(missing)}」列")
            return number, {i: name for i, name in enumerate(names) if name in IMPORTED}
        if number >= HEADER_ROWS:
            break
    raise DomainError(f"找不到整改台账表头：前{HEADER_ROWS}行里没有「{PROBLEM}」列")


def _rows(rows, year: int) -> list[Row]:
    header_row, columns = _header(rows)
    result, errors, empty = [], [], 0
    for number, values in enumerate(rows, start=header_row + 1):
        cells = {name: values[i] for i, name in columns.items() if i < len(values)}
        if all(_text(v) == "" for v in cells.values()):
            empty += 1
            if empty >= EMPTY_RUN:
                break
            continue
        empty = 0
        if len(result) >= MAX_ROWS:
            raise DomainError(f"台账超过{MAX_ROWS}行，请分批导入")
        result.append(_row(number, cells, year, errors))
    if errors:
        raise ImportRefused(errors)
    if not result:
        raise DomainError("台账里没有问题")
    return result


def _row(number: int, cells: dict, year: int, errors: list[str]) -> Row:
    row = Row(number)
    for name in IMPORTED:
        try:
            _cell(row, name, cells.get(name), year)
        except DomainError as exc:
            errors.append(_where(number, name, exc.message))
    return row


def _cell(row: Row, name: str, value, year: int) -> None:
    text = _text(value)
    if len(text) > MAX_CELL_CHARS:
        raise DomainError("内容过长")
    if name in REQUIRED and not text:
        raise DomainError("不能为空" + ("（没有涉及金额请填0）" if name == AMOUNT else ""))
    if name == CLASS and text not in rules.CLASS_BY_LABEL:
        raise DomainError(f"「{text}」不是整改类型，可选：{'、'.join(rules.CLASS_BY_LABEL)}")
    if name == UNIT and not Unit.objects.filter(name=text).exists():
        raise DomainError(f"没有名为「{text}」的单位")
    row.fields.update(_value(name, text, value, year))


def _value(name: str, text: str, value, year: int) -> dict:
    if name == SEQ:
        return {"seq": _int(text, 1, 100000)} if text else {}
    if name == DEADLINE:
        return {"deadline": parse_ledger_date(value, year=year)[0] if text else None}
    if name == STAGES:
        return {"stages": parse_milestones(text, year=year) if text else []}
    if name in (AMOUNT, RECOVER):
        return {{AMOUNT: "amount", RECOVER: "recover"}[name]: check_amount(text, name)}
    if name in (RULES, BLAME):
        return {{RULES: "rules_to_make", BLAME: "accountability"}[name]: _int(text, 0, 10000) if text else None}
    keys = {PROBLEM: "problem", CATEGORY: "category", CLASS: "rectification_class", UNIT: "audited_unit",
            LEADER: "responsible_leader", MEASURES: "measures"}
    return {keys[name]: text}


def _int(text: str, least: int, most: int) -> int:
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise DomainError(f"应为整数，收到「{text}」") from None
    # Bounded before int(): NaN has no integer, and 1e999999999 would be built digit by digit.
    if not (value.is_finite() and least <= value <= most and value == value.to_integral_value()):
        raise DomainError(f"应为{least}到{most}之间的整数，收到「{text}」")
    return int(value)


def findings_export(*, project: AuditProject, target) -> Path:
    writer = LedgerWriter(tuple(Column(name, width=30 if name == PROBLEM else 14) for name in EXPORTED),
                          title=f"{project.name}整改台账", subtitle=f"{project.plan.title} · {project.plan.document_no}")
    findings = project.findings.select_related("task", "audited_unit").prefetch_related("task__targets",
                                                                                       "task__milestones")
    for finding in findings:
        writer.write(_export_row(finding))
    writer.save(target)
    return Path(target)


def _export_row(f: Finding) -> list:
    task = f.task
    targets: dict[str, Target] = {t.metric: t for t in task.targets.all()}

    def goal(metric):
        return _number(targets[metric].target_value) if metric in targets else None

    def actual(metric):
        return _number(targets[metric].actual_value) if metric in targets else None

    stages = "；".join(f"{m.due_on.isoformat()} {m.name}" for m in task.milestones.all())
    check = task.audit_checks.first()
    return [f.seq, f.problem, f.category, LABELS[f.rectification_class], _number(f.amount), f.audited_unit.name,
            f.responsible_leader, task.measures, task.deadline, stages, goal(rules.METRIC_AMOUNT),
            goal(rules.METRIC_RULES), goal(rules.METRIC_ACCOUNTABILITY), task.get_state_display(),
            actual(rules.METRIC_AMOUNT), actual(rules.METRIC_RULES), actual(rules.METRIC_ACCOUNTABILITY),
            ("核查通过" if check.passed else f"核查未通过：{check.comment}") if check else "", task.closed_on]


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


