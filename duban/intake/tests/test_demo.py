"""The demo reads its seed page through intake and keeps its hand-written tasks."""
import pytest

from duban.core.eventlog import verify_log
from duban.demo import load_demo
from duban.intake.models import IntakeDocument
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_it_loads_the_seed_page_through_intake_into_drafts_beside_the_written_tasks():
    load_demo()
    document = IntakeDocument.objects.get()
    read = Task.objects.filter(intake_link__document=document)
    assert document.confirmed_by.username == "supervisor"
    assert read.filter(programme__name="区委全面深化改革委员会第十三次会议议定事项").count() == 9
    assert read.filter(programme__name="2026年度审计项目计划", lead_unit__name="区审计局").count() == 1
    assert {t.state for t in read} == {"draft"}
    assert Task.objects.exclude(intake_link__document=document).count() >= 20
    assert verify_log().ok


def test_it_reloads_the_demo_with_its_readings():
    load_demo()
    load_demo(reset=True)
    assert IntakeDocument.objects.count() == 1 and verify_log().ok
