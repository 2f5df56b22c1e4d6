"""Intake's reads: a user's documents, and a document laid out for review (text beside its tasks)."""
import re
import tempfile
from pathlib import Path

from django.db.models import QuerySet

from duban.core.errors import DomainError, NotFound
from duban.intake.locate import segments
from duban.intake.models import IntakeDocument
from duban.intake.proposals import read_report
from duban.org.models import Unit, UnitKind, User
from duban.tasks.models import Programme

WEB_MAX_BYTES = 10 * 1024 * 1024   # a page or a set of minutes; larger uploads are refused unread
PASTE_MAX_CHARS = 1_000_000
BLANKS = re.compile(r"\n[ \t\u3000]*\n+")


def documents_of(user: User) -> QuerySet[IntakeDocument]:
    """A reading is its reader's working paper: only they see it, as with a draft on their desk."""
    return IntakeDocument.objects.filter(created_by=user)


def access_document(user: User, document_id) -> IntakeDocument:
    document = documents_of(user).filter(pk=document_id).first() if user.is_authenticated else None
    if document is None:
        raise NotFound(f"文件解析记录 {document_id} 不存在")
    return document


def text_of_upload(upload) -> str:
    """The text of an uploaded report, with the command line's checks and messages."""
    name = Path(upload.name or "report.txt").name
    if upload.size > WEB_MAX_BYTES:
        raise DomainError(f"文件“{name}”大小为 {upload.size // (1024 * 1024)} MB，"
                          f"超过网页上传 {WEB_MAX_BYTES // (1024 * 1024)} MB 的上限，未读取")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return read_report(path)


def text_of_paste(text: str) -> str:
    if len(text) > PASTE_MAX_CHARS:
        raise DomainError(f"粘贴的文字有 {len(text)} 字，超过 {PASTE_MAX_CHARS} 字的上限；请分篇粘贴或上传文件")
    return text.replace("\r\n", "\n")


def review(document: IntakeDocument, edits: dict | None = None, done: dict | None = None) -> list[dict]:
    """Per article: its facts, its text cut into plain and marked pieces, and its proposed tasks,
    each with the task it was confirmed into (`link`) when it was."""
    proposal, text = document.proposal, document.text
    meetings = proposal.get("meetings") or []
    starts = [m.get("start") for m in meetings]
    result = []
    for number, meeting in enumerate(meetings):
        begin = starts[number]
        end = next((s for s in starts[number + 1:] if s is not None), len(text))
        items = [{**_item(t, edits), "link": (done or {}).get(t["item"])} for t in proposal["tasks"]
                 if t["article"] == number]
        spans = [(t["sentence"]["start"] - begin, t["sentence"]["end"] - begin, t["item"]) for t in items
                 if begin is not None and t["sentence"].get("start") is not None
                 and begin <= t["sentence"]["start"] < end]
        pieces = segments(text[begin:end], spans) if begin is not None else []
        for piece in pieces:
            # PDF text leaves a blank line after every printed line; the page shows it once.
            piece["text"] = BLANKS.sub("\n", piece["text"])
        result.append({**meeting, "pieces": pieces, "items": items})
    return result


def _item(task: dict, edits: dict | None) -> dict:
    """A proposed task as the form shows it: the reviewer's last edits over the proposal."""
    return {**task, **((edits or {}).get(task["item"]) or {})}


def unit_choices() -> list[str]:
    return list(Unit.objects.exclude(kind=UnitKind.REGION).values_list("name", flat=True))


def programme_choices() -> list[str]:
    return list(Programme.objects.values_list("name", flat=True))
