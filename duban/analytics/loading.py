"""Loading a file into a source: read, map, check every row, then write all or nothing."""
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from duban.analytics import frame, store
from duban.analytics.access import access_source, programmes_for_analytics
from duban.analytics.models import ColumnMapping, Source
from duban.analytics.readers import Table, read_table
from duban.analytics.roles import BY_NAME, propose_mapping
from duban.analytics.values import READERS
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.org.services import unit_by_name

MAX_ERRORS_SHOWN = 30
REQUIRED_WHEN_MAPPED = {"amount", "date"}
Progress = Callable[[str, int, int], None]


def _check_mapping(table: Table, mapping: dict[str, str]) -> None:
    if not mapping:
        raise DomainError(f"文件「{table.file_name}」还没有列映射：请用 --map 角色=列名 指定，如 amount=金额")
    for role, column in mapping.items():
        if role not in BY_NAME:
            raise DomainError(f"未知的角色「{role}」，可选：{'、'.join(BY_NAME)}")
        if column not in table.headers:
            raise DomainError(f"文件「{table.file_name}」缺少列「{column}」（映射为{BY_NAME[role].label}）；"
                              f"文件中的列：{'、'.join(h for h in table.headers if h)[:300]}")


def parse_rows(table: Table, mapping: dict[str, str], progress: Progress | None = None):
    """Typed columns and a fingerprint, or a DomainError naming every bad row and column."""
    index = {role: table.headers.index(column) for role, column in mapping.items()}
    columns: dict[str, list] = {role: [] for role in mapping} | {"row_no": []}
    errors, digest = [], hashlib.sha256()
    for i, row in enumerate(table.rows):
        line = i + 2
        columns["row_no"].append(line)
        for role, col in index.items():
            cell = row[col] if col < len(row) else None
            value = _cell(table, line, role, mapping[role], cell, errors)
            columns[role].append(value)
            digest.update(f"{value!r}\x1f".encode())
        digest.update(b"\x1e")
        if progress and i % 5000 == 0:
            progress("read", i, len(table.rows))
    if errors:
        shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
        more = f"\n……另有 {len(errors) - MAX_ERRORS_SHOWN} 处" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise DomainError(f"文件「{table.file_name}」有 {len(errors)} 处错误，整份未载入：\n{shown}{more}")
    return columns, digest.hexdigest()


def _cell(table: Table, line: int, role: str, column: str, cell, errors: list):
    kind = BY_NAME[role].kind
    if cell is None or str(cell).strip() == "":
        if role in REQUIRED_WHEN_MAPPED:
            errors.append(f"第{line}行「{column}」（{BY_NAME[role].label}）：为空")
        return None
    try:
        return READERS[kind](cell)
    except ValueError as exc:
        errors.append(f"第{line}行「{column}」（{BY_NAME[role].label}）：{exc}")
        return None


def _amounts_as_float(columns: dict) -> dict:
    for role in ("amount", "standard_amount"):
        if role in columns:
            columns[role] = [None if v is None else float(v) for v in columns[role]]
    return columns


def source_load(*, actor, path: Path, name: str, programme: str | None = None, file_name: str | None = None,
                mapping: dict[str, str] | None = None, audited_unit: str | None = None,
                progress: Progress | None = None) -> Source:
    """Load (or reload) a source from a file; a reload keeps the saved mapping unless given anew."""
    from duban.analytics.services import require_analyst

    require_analyst(actor)
    name = (name or "").strip()[:100]
    if not name:
        raise DomainError("请给数据源起个名字（--source）")
    source = _existing(actor, name)
    table = read_table(Path(path), file_name)
    saved = {m.role: m.column for m in source.mappings.all()} if source else {}
    if not mapping and not saved and table.encoding == "xml":
        from duban.analytics.vouchers import VOUCHER_MAPPING
        saved = VOUCHER_MAPPING
    chosen = mapping or saved or {}
    _check_mapping(table, chosen)
    columns, fingerprint = parse_rows(table, chosen, progress)
    arrow = frame.to_arrow(_amounts_as_float(columns))
    return _write(actor, source, name, programme, audited_unit, table, chosen, arrow, fingerprint, progress)


def _existing(actor, name: str) -> Source | None:
    try:
        return access_source(actor, name)
    except NotFound:
        if Source.objects.filter(name=name).exists():
            raise DomainError(f"数据源名称「{name}」已被使用") from None
        return None


def _programme(actor, source: Source | None, name: str | None):
    allowed = programmes_for_analytics(actor)
    if name:
        programme = allowed.filter(name=name).first()
        if programme is None:
            raise DomainError(f"审计项目「{name}」不存在或不在您的审计范围内")
        return programme
    if source:
        return source.programme
    raise DomainError("新数据源须指明所属审计项目（--programme）")


@transaction.atomic
def _write(actor, source, name, programme, audited_unit, table, mapping, arrow, fingerprint, progress):
    source = source or Source(name=name)
    source.programme = _programme(actor, source if source.pk else None, programme)
    if audited_unit:
        source.audited_unit = unit_by_name(audited_unit)
    source.file_name, source.encoding = table.file_name[:255], table.encoding
    source.fingerprint, source.row_count = fingerprint, arrow.num_rows
    source.loaded_by, source.loaded_at = actor, clock.now()
    source.save()
    ColumnMapping.objects.filter(source=source).delete()
    ColumnMapping.objects.bulk_create([ColumnMapping(source=source, role=r, column=c) for r, c in mapping.items()])
    if progress:
        progress("write", arrow.num_rows, arrow.num_rows)
    append_event(actor=actor.username, action="analytics.source_loaded", payload={
        "source": source.name, "file": source.file_name, "rows": source.row_count, "fingerprint": fingerprint,
        "mapping": mapping})
    with store.connect() as con:
        con.execute("BEGIN")
        store.replace_table(con, source.table, arrow)
        con.execute("COMMIT")
    return source


def mapping_proposal(path: Path, file_name: str | None = None) -> tuple[Table, dict[str, str]]:
    table = read_table(Path(path), file_name)
    return table, propose_mapping(table.headers)
