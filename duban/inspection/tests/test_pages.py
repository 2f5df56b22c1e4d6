"""The /inspection/ pages: 404 out of reach, refusals in words, the disclosure downloadable."""
import datetime as dt

from duban.core import clock
from duban.inspection import services as insp


def _feedback(world, inspection):
    return insp.feedback_create(actor=world.supervisor, programme=inspection.name, title="省委第三巡视组反馈意见",
                                inspected_unit="区审计局", feedback_on=clock.today(), problems=["<i>问题</i>一"])


def test_it_answers_404_out_of_reach(client, world, inspection):
    feedback = _feedback(world, inspection)
    paths = [f"/inspection/{feedback.pk}/", f"/inspection/programmes/{inspection.pk}/disclosure.docx"]
    client.force_login(world.outsider)
    for path in paths:
        assert client.get(path).status_code == 404
    assert "省委第三巡视组" not in client.get("/inspection/").content.decode()
    client.force_login(world.supervisor)
    for path in paths:
        assert client.get(path).status_code == 200
    assert "&lt;i&gt;问题&lt;/i&gt;一" in client.get(paths[0]).content.decode()


def test_an_unapproved_plan_is_refused_on_the_page(client, world, inspection):
    feedback = _feedback(world, inspection)
    client.force_login(world.supervisor)
    problem = feedback.problems.get()
    client.post(f"/inspection/{feedback.pk}/", {"action": "measure", "problem": problem.pk, "text": "整改",
                                                "lead_unit": "区审计局",
                                                "deadline": (clock.today() + dt.timedelta(days=30)).isoformat()})
    response = client.post(f"/inspection/{feedback.pk}/", {"action": "start"}, follow=True)
    assert "整改落实方案尚未经领导审批，不能实施" in response.content.decode()
    problem.refresh_from_db()
    assert problem.task is None


def test_an_outsider_cannot_change_anything_either(client, world, inspection):
    feedback = _feedback(world, inspection)
    client.force_login(world.outsider)
    response = client.post(f"/inspection/{feedback.pk}/", {"action": "problem", "text": "外人加的问题"})
    assert response.status_code == 404 and feedback.problems.count() == 1
