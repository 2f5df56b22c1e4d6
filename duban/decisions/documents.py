"""The catalogue as the government publishes it, in the official document layout."""
from pathlib import Path

from duban.core import clock
from duban.decisions.selectors import HEADERS, published_row
from duban.decisions.services import catalogue_of
from duban.supervision.docs import add_paragraph, add_signature, add_table, new_document

ADJUSTED = {"added": "增补", "withdrawn": "撤回", "rescheduled": "调整决策时间"}


def catalogue_docx(*, year: int, out) -> Path:
    """The published catalogue: public, so the same for every reader."""
    catalogue = catalogue_of(year)
    decisions = list(catalogue.decisions.filter(withdrawn=False).select_related("unit").prefetch_related("steps"))
    doc = new_document(catalogue.title)
    if catalogue.approved_by:
        add_paragraph(doc, f"本目录经{catalogue.approved_by}，现予公布。目录内事项按《重大行政决策程序暂行条例》"
                           "履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。")
    add_table(doc, HEADERS, [published_row(d) for d in decisions])
    adjustments = list(catalogue.adjustments.select_related("decision").order_by("pk"))
    if adjustments:
        add_paragraph(doc, "目录调整情况：" + "；".join(
            f"{a.decision.name}（{ADJUSTED[a.action]}，理由：{a.ground}，{a.approval}）" for a in adjustments))
    add_signature(doc, catalogue.programme.owner_unit.name, catalogue.approved_on or clock.today())
    path = Path(out)
    doc.save(path)
    return path
