"""The roster's layout (花名册): one sheet of units, one of people, each a header row and rows.

The export writes exactly these headers; the import also takes the other names offices use.
"""
from dataclasses import dataclass

from duban.org.models import Role, UnitKind


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_chars: int = 100
    width: int = 16


UNIT_COLUMNS = (
    Column("name", "单位名称", ("名称", "单位全称"), required=True),
    Column("short_name", "简称", ("单位简称",), max_chars=40, width=12),
    Column("kind", "类型", ("单位类型", "类别"), max_chars=20, width=10),
    Column("parent", "上级单位", ("上级", "所属单位"), width=20),
)
PERSON_COLUMNS = (
    Column("display_name", "姓名", required=True, max_chars=60, width=10),
    Column("username", "用户名", ("账号", "登录名", "账户"), max_chars=150, width=14),
    Column("unit", "单位", ("所在单位", "工作单位", "单位名称"), required=True, width=20),
    Column("role", "角色", ("权限", "身份"), required=True, max_chars=20, width=10),
    Column("title", "职务", ("职务职级", "职位"), width=14),
    Column("email", "电子邮件", ("邮箱", "电子邮箱", "Email", "E-mail"), max_chars=254, width=24),
    Column("phone", "手机", ("手机号", "手机号码", "联系电话", "电话"), max_chars=30, width=14),
)
UNITS_SHEET, PEOPLE_SHEET = "单位", "人员"

KIND_BY_WORD = {**{k.value: k.value for k in UnitKind}, **{k.label: k.value for k in UnitKind}}
ROLE_BY_WORD = {**{r.value: r.value for r in Role}, **{r.label: r.value for r in Role},
                "督查": Role.SUPERVISOR.value, "管理": Role.ADMIN.value}


def _norm(text) -> str:
    return "".join(str(text or "").split()).lower()


def column_for(columns: tuple[Column, ...], header) -> Column | None:
    wanted = _norm(header)
    for column in columns:
        if wanted and wanted in {_norm(column.header), *(_norm(a) for a in column.aliases)}:
            return column
    return None
