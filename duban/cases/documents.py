"""A case as a document to share: background, measures, results with their figures, evidence."""
from pathlib import Path

from django.utils import timezone

from duban.cases.services import case_for
from duban.supervision.docs import add_heading, add_paragraph, add_signature, add_table, new_document


def case_docx(*, user, case_id, out) -> Path:
    case = case_for(user, case_id)
    doc = new_document(case.title, f"（{case.unit.name}）")
    for heading, text in (("一、背景", case.background), ("二、主要做法", case.measures), ("三、取得成效", case.results)):
        add_heading(doc, heading)
        for paragraph in text.splitlines():
            if paragraph.strip():
                add_paragraph(doc, paragraph.strip())
    if case.figures:
        add_table(doc, ["成效数据", "数值"], [[f["name"], f["value"]] for f in case.figures])
    evidence = list(case.task.evidence.filter(approved=True).order_by("pk")) if case.task else []
    if evidence:
        add_heading(doc, "四、佐证材料")
        add_table(doc, ["材料", "SHA-256"], [[e.name, e.sha256[:16]] for e in evidence])
    add_signature(doc, case.unit.name, case.published_on or timezone.localdate(case.created_at))
    path = Path(out)
    doc.save(path)
    return path
