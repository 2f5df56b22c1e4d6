"""Document numbers (发文字号) from one counter per prefix and year, e.g. 钱督通〔2026〕3号.

Each kind of document has its own prefix: the programme's notice prefix (钱督) for its 督办单,
with a kind's character added for the others (通 for a bulletin, 调 for a dispatch pack), so each
kind counts from 1 every year, as an office's register does.
"""
from duban.org.models import Role, Unit
from duban.supervision.ladder import notice_number
from duban.supervision.rules import DEFAULTS, ladder_of
from duban.tasks.access import memberships_of

KIND_MARK = {"notice": "", "bulletin": "通", "dispatch": "调"}


def document_prefix(*, kind: str, programme=None) -> str:
    base = ladder_of(programme).prefix if programme is not None else str(DEFAULTS["notice_prefix"])
    return base + KIND_MARK.get(kind, "")


def document_number_take(*, kind: str, year: int, programme=None) -> str:
    """Take the next number of the year for this kind of document; two callers never share one."""
    prefix = document_prefix(kind=kind, programme=programme)
    return f"{prefix}〔{year}〕{notice_number(prefix, year)}号"


def document_issuer(user) -> str:
    """Who signs a document not about one programme: the unit the reader supervises from, else the
    top of the tree."""
    for membership in memberships_of(user):
        if membership.role == Role.SUPERVISOR:
            return membership.unit.name
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    return root.name if root else "督查室"
