"""The demo carries the seed's own audit and inspection work."""
import pytest

from duban.audit.models import AuditPlan
from duban.core import clock
from duban.core.eventlog import verify_log
from duban.demo import load_demo
from duban.inspection.models import Feedback
from duban.org.models import User
from duban.tasks.kinds.inspection import add_months

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_audit_plan_and_the_inspection_rectification():
    load_demo()
    plan = AuditPlan.objects.get(title="钱塘区2026年度审计项目计划")
    findings = [f for p in plan.projects.all() for f in p.findings.select_related("task")]
    assert plan.state == "approved" and plan.document_no == "钱审〔2026〕5号"
    assert {f.rectification_class for f in findings} == {"immediate", "staged"}
    assert {f.task.state for f in findings} == {"closed", "in_progress"}
    assert all(f.task.audit_checks.exists() for f in findings if f.task.state == "closed")
    feedback = Feedback.objects.get()
    assert feedback.plan.state == "started" and feedback.problems.filter(task__isnull=False).count() == 3
    report = feedback.report_task
    assert report.deadline == add_months(feedback.feedback_on, 2) and report.deadline > clock.today()
    assert report.state == "assigned"
    assert verify_log().ok
    load_demo(reset=True)
    assert AuditPlan.objects.count() == 1 and Feedback.objects.count() == 1


def test_the_demo_pages_open_for_the_office_and_the_leader(client):
    load_demo()
    plan = AuditPlan.objects.get()
    feedback = Feedback.objects.get()
    paths = ["/audit/", f"/audit/plans/{plan.pk}/", *[f"/audit/projects/{p.pk}/" for p in plan.projects.all()],
             "/inspection/", f"/inspection/{feedback.pk}/"]
    for username in ("auditor", "supervisor", "leader"):
        client.force_login(User.objects.get(username=username))
        for path in paths:
            if username == "auditor" and path.startswith("/inspection/"):
                continue  # the audit office supervises audit work only
            assert client.get(path).status_code == 200, (username, path)
    page = client.get(f"/inspection/{feedback.pk}/").content.decode()
    assert feedback.report_task.deadline.isoformat() in page
