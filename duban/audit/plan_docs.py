"""The annual audit project plan as the office publishes it: a table in .xlsx and in .docx."""
from pathlib import Path

from duban.audit.models import AuditPlan
from duban.ledger.columns import Column
from duban.ledger.writer import LedgerWriter
from duban.supervision.docs import add_heading, add_table, new_document

HEADERS = ["序号", "项目名称", "项目类型", "审计目标", "审计范围（单位）", "审计事项", "审计期间", "审计重点", "时间安排",
           "组织单位", "实施单位"]


def _rows(plan: AuditPlan) -> list[list]:
    return [[p.seq, p.name, p.project_type, p.objective, p.scope_units, p.scope_matters, p.scope_period,
             p.key_points, p.schedule, p.organising_unit.name, p.implementing_unit.name]
            for p in plan.projects.select_related("organising_unit", "implementing_unit")]


def _subtitle(plan: AuditPlan) -> str:
    state = f"{plan.approved_on.isoformat()}审定" if plan.approved_on else "待审定"
    return "　".join(part for part in (plan.document_no, state) if part)


def plan_xlsx(plan: AuditPlan, target) -> Path:
    writer = LedgerWriter(tuple(Column(h, width=24 if i in (1, 3, 7) else 14) for i, h in enumerate(HEADERS)),
                          title=plan.title, subtitle=_subtitle(plan))
    for row in _rows(plan):
        writer.write(row)
    writer.save(target)
    return Path(target)


def plan_docx(plan: AuditPlan, target) -> Path:
    doc = new_document(plan.title, _subtitle(plan))
    projects = _rows(plan)
    doc.add_paragraph(f"本年度安排审计项目{len(projects)}个。")
    add_table(doc, ["序号", "项目名称", "项目类型", "审计目标及重点", "审计范围", "时间安排", "组织/实施单位"],
              [[r[0], r[1], r[2], "；".join(x for x in (r[3], r[7]) if x),
                "；".join(x for x in (r[4], r[5], r[6]) if x), r[8], f"{r[9]}/{r[10]}"] for r in projects])
    adjustments = list(plan.adjustments.select_related("approved_by"))
    if adjustments:
        add_heading(doc, "计划调整")
        add_table(doc, ["调整内容", "调整依据", "批准", "批准日期"],
                  [[a.change, a.ground, str(a.approved_by), a.approved_on.isoformat()] for a in adjustments])
    path = Path(target)
    doc.save(path)
    return path
