"""Answers in the caller's language: Chinese by default, English with `Accept-Language: en`.

The services word their refusals through gettext, so LocaleMiddleware's language for the request
(Chinese unless it asks for English) is already the refusal's language; the refusals the API itself
words (validation, sign-in) get an English sentence here. A refusal whose wording is not in the
English catalogue keeps its Chinese text after an English lead-in, so an English client always
reads what kind of refusal it got.
"""
import re

from django.utils import translation
from ninja.errors import AuthenticationError, ValidationError

from duban.api.errors import chinese_errors
from duban.core.errors import DomainError, NotFound
from duban.tasks.services.versions import StaleVersion

_PROBLEMS = {  # pydantic error type → (Chinese, English)
    "missing": ("必填", "is required"),
    "int_parsing": ("应为整数", "must be an integer"),
    "int_type": ("应为整数", "must be an integer"),
    "bool_parsing": ("应为 true 或 false", "must be true or false"),
    "date_from_datetime_parsing": ("应为 YYYY-MM-DD 格式的日期", "must be a date as YYYY-MM-DD"),
    "date_parsing": ("应为 YYYY-MM-DD 格式的日期", "must be a date as YYYY-MM-DD"),
    "string_type": ("应为文字", "must be text"),
    "less_than_equal": ("超出上限", "is above the maximum"),
    "greater_than_equal": ("低于下限", "is below the minimum"),
    "json_invalid": ("不是有效的 JSON", "is not valid JSON"),
    "list_type": ("应为列表", "must be a list"),
    "dict_type": ("应为对象", "must be an object"),
}
# Quoted values (“…”, 「…」) are what people typed, and stay as typed in either language.
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_FOUND = [(re.compile(r"^事项 (\d+) 不存在$"), r"Task \1 does not exist"),
              (re.compile(r"^没有名为「(.+?)」的单位.*$"), r"No unit named “\1”"),
              (re.compile(r"^没有用户「(.+)」$"), r"No user “\1”")]


def english(request) -> bool:
    """The language LocaleMiddleware chose for the request, the one the services' refusals are in."""
    return (translation.get_language() or "").startswith("en")


def translated(text: str) -> bool:
    """Whether a refusal reads in English: no Chinese outside the values it quotes."""
    return not _HAN.search(_QUOTED.sub("", text))


def _say(request, zh: str, en: str) -> str:
    return en if english(request) else zh


def _where(loc) -> str:
    return ".".join(str(p) for p in loc if p not in ("body", "payload", "query", "path", "form", "filters"))


def invalid_input(request, exc: ValidationError) -> dict:
    """A sentence naming each field and what is wrong with it, and each error's place; in Chinese
    the messages of duban.api.errors (bounds, NUL bytes, lone surrogates), in English generic ones."""
    if not english(request):
        errors = chinese_errors(exc.errors)
        return {"detail": "请求有误：" + "；".join(e["msg"] for e in errors), "errors": errors}
    lines = []
    for error in exc.errors:
        _zh, en = _PROBLEMS.get(error.get("type", ""), ("不符合要求", "is not valid"))
        lines.append(f"field “{_where(error.get('loc', ())) or 'request'}” {en}")
    errors = [{"loc": list(e.get("loc", ())), "type": e.get("type", ""), "msg": e.get("msg", "")} for e in exc.errors]
    return {"detail": "Invalid request: " + "；".join(lines), "errors": errors}


def install(api) -> None:
    """Registers the handlers; they replace the Chinese-only ones with the same Chinese answers."""

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        return api.create_response(request, invalid_input(request, exc), status=422)

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request, exc):
        return api.create_response(request, {"detail": _say(
            request, "未登录：请在请求头加 Authorization: Bearer <令牌>", "Not signed in: send Authorization: Bearer <token>")},
            status=401)

    @api.exception_handler(NotFound)
    def _missing(request, exc):
        return api.create_response(request, {"detail": _not_found(request, str(exc))}, status=404)

    @api.exception_handler(StaleVersion)
    def _stale(request, exc):
        return api.create_response(request, {"detail": _say(
            request, str(exc), str(exc) if translated(str(exc)) else "The task was changed by someone else since "
            "you read it; nothing was written. Read it again and retry.")}, status=409)

    @api.exception_handler(DomainError)
    def _refused(request, exc):
        text = str(exc)
        return api.create_response(request, {"detail": _say(
            request, text, text if translated(text) else f"Refused: {text}")}, status=400)


def _not_found(request, text: str) -> str:
    if not english(request) or translated(text):
        return text
    for pattern, words in _NOT_FOUND:
        if pattern.match(text):
            return pattern.sub(words, text)
    return f"Not found: {text}"
