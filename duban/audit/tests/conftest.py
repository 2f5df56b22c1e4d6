import datetime as dt

import pytest

from duban.core import clock


@pytest.fixture
def plan(world):
    """The district's audit plan, approved, with one project on the housing bureau."""
    from duban.audit import services as audit

    plan = audit.audit_plan_create(actor=world.auditor, programme=world.programme.name, title="2026年度审计项目计划",
                                   document_no="钱审〔2026〕5号")
    audit.audit_project_add(actor=world.auditor, plan=plan.title, name="区住建局预算执行审计", project_type="预算执行审计",
                            organising_unit="钱塘区", implementing_unit="区审计局", objective="摸清预算执行情况",
                            scope_units="区住房和城乡建设局", scope_period="2025年度", schedule="2026年4月—9月")
    audit.audit_plan_approve(actor=world.leader, plan=plan.title)
    plan.refresh_from_db()
    return plan


def later(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)
