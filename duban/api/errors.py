"""A request that does not match its schema is answered 422 with each problem in Chinese, naming
the field, as every other refusal is; and no string with a NUL byte or a lone surrogate gets in."""
from ninja import Schema
from pydantic import model_validator
from pydantic_core import PydanticCustomError

MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字，不能是 NaN 或 Infinity",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "date_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_type": "应为 YYYY-MM-DD 格式的日期",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
}


def _message(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {ctx.get('le', ctx.get('lt'))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind == "string_too_long":
        return f"过长，最多 {ctx.get('max_length')} 字"
    if kind == "text_refused":
        return ctx.get("problem", "")
    return MESSAGES.get(kind, "格式不正确")


def _field(loc) -> str:
    """`["body", "payload", "milestones", 0, "name"]` → `milestones[0].name`."""
    parts = [p for p in loc if p not in ("body", "payload", "query", "filters", "path")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "请求"


def _where(error: dict) -> str:
    loc, path = list(error.get("loc", [])), (error.get("ctx") or {}).get("path")
    field = _field(loc)
    if path:  # a string found inside the model: its path from there
        field = path if field == "请求" else f"{field}{'' if path.startswith('[') else '.'}{path}"
    return field


def chinese_errors(errors: list[dict]) -> list[dict]:
    return [{"loc": list(e.get("loc", [])), "type": e.get("type", ""), "msg": f"「{_where(e)}」{_message(e)}"}
            for e in errors]


def _problem(text: str) -> str:
    if "\x00" in text:
        return "含有空字符（NUL），请删除后再提交"
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return "含有无法识别的字符（不成对的代理项），请检查编码后再提交"
    return ""


def _refuse_unstorable(value, path: str) -> None:
    if isinstance(value, str) and _problem(value):
        raise PydanticCustomError("text_refused", "{problem}", {"problem": _problem(value), "path": path})
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key, path)
            _refuse_unstorable(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _refuse_unstorable(item, f"{path}[{i}]")


class In(Schema):
    """Every input schema: no string anywhere in it has a NUL byte or a lone surrogate, which no
    database stores and no page shows."""

    @model_validator(mode="after")
    def _storable_strings(self):
        for name in type(self).model_fields:
            _refuse_unstorable(getattr(self, name), name)
        return self
