"""Rating rounds as the congress's standing committee runs them: one ballot each, results sealed
until the round closes, results per item, into assessment when asked, the result document."""
import datetime as dt

import docx
import pytest

from duban.cli.main import main
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.org.models import Unit
from duban.org.services import user_create
from duban.ratings import services as svc
from duban.ratings.documents import round_results_docx
from duban.supervision.assessment import assessment_scores

D = dt.date


@pytest.fixture
def members(world):
    for name in ("rater_a", "rater_b", "rater_c"):
        user_create(actor=None, username=name, password="duban-test-pw", unit="钱塘区", role="observer",
                    display_name=name)
    from duban.org.models import User

    return {u.username: u for u in User.objects.filter(username__startswith="rater_")}


@pytest.fixture
def opened(world, members):
    rnd = svc.round_create(actor=world.supervisor, title="2025年度法治政府建设报告满意度测评", owner_unit="钱塘区",
                           into_assessment=True, threshold=80)
    audit = svc.round_item_add(actor=world.supervisor, round_id=rnd.pk, name="区审计局法治政府建设情况报告",
                               unit="区审计局")
    housing = svc.round_item_add(actor=world.supervisor, round_id=rnd.pk, name="区住建局法治政府建设情况报告",
                                 unit="区住房和城乡建设局")
    svc.round_raters_add(actor=world.supervisor, round_id=rnd.pk, usernames=list(members))
    svc.round_open(actor=world.supervisor, round_id=rnd.pk)
    return rnd, audit, housing


def _vote(user, rnd, audit, housing, a, h, comment=""):
    return svc.ballot_cast(actor=user, round_id=rnd.pk, choices={audit.pk: a, housing.pk: h},
                           comments={audit.pk: comment})


def test_it_refuses_a_second_ballot(world, members, opened):
    rnd, audit, housing = opened
    _vote(members["rater_a"], rnd, audit, housing, "satisfied", "basic")
    with pytest.raises(DomainError, match="每人只能投一次"):
        _vote(members["rater_a"], rnd, audit, housing, "unsatisfied", "unsatisfied")
    assert rnd.ballots.count() == 1


def test_it_keeps_results_sealed_until_the_round_closes(world, members, opened):
    rnd, audit, housing = opened
    _vote(members["rater_a"], rnd, audit, housing, "satisfied", "basic")
    for reader in (world.supervisor, members["rater_a"]):
        with pytest.raises(DomainError, match="测评结束前不公布结果"):
            svc.round_results(user=reader, round_id=rnd.pk)
    assert svc.round_turnout(user=world.supervisor, round_id=rnd.pk)["ballots"] == 1


def test_it_counts_each_item_and_its_rate_after_closing(world, members, opened):
    rnd, audit, housing = opened
    _vote(members["rater_a"], rnd, audit, housing, "satisfied", "unsatisfied", comment="整改台账清晰")
    _vote(members["rater_b"], rnd, audit, housing, "basic", "unsatisfied")
    _vote(members["rater_c"], rnd, audit, housing, "unsatisfied", "satisfied")
    with clock.travel(D(2026, 6, 30)):
        svc.round_close(actor=world.supervisor, round_id=rnd.pk)
    results = {r.item.name: r for r in svc.round_results(user=members["rater_b"], round_id=rnd.pk)}
    audit_result = results["区审计局法治政府建设情况报告"]
    assert audit_result.counts == {"satisfied": 1, "basic": 1, "unsatisfied": 1}
    assert audit_result.rate == 66.7 and audit_result.comments == ["整改台账清晰"]
    assert results["区住建局法治政府建设情况报告"].rate == 33.3


def test_it_carries_a_low_rate_into_the_units_assessment(world, members, opened):
    rnd, audit, housing = opened
    _vote(members["rater_a"], rnd, audit, housing, "satisfied", "satisfied")
    _vote(members["rater_b"], rnd, audit, housing, "satisfied", "unsatisfied")
    with clock.travel(D(2026, 6, 30)):
        svc.round_close(actor=world.supervisor, round_id=rnd.pk)
        scores = {r["unit"]: r["score"] for r in assessment_scores(
            Unit.objects.filter(name__in=["区审计局", "区住房和城乡建设局"]), "2026-Q2")}
    assert scores == {"区审计局": 100, "区住房和城乡建设局": 97}  # 50% < 80%: the rule's −3


def test_it_asks_for_a_choice_on_every_item(world, members, opened):
    rnd, audit, _housing = opened
    with pytest.raises(DomainError, match="尚未评价：区住建局法治政府建设情况报告"):
        svc.ballot_cast(actor=members["rater_a"], round_id=rnd.pk, choices={audit.pk: "satisfied"})
    assert rnd.ballots.count() == 0


def test_it_hides_the_round_from_who_neither_organises_nor_rates(world, members, opened):
    rnd, audit, housing = opened
    with pytest.raises(NotFound):
        svc.round_for_reader(world.outsider, rnd.pk)
    with pytest.raises(NotFound):
        _vote(world.liaison, rnd, audit, housing, "satisfied", "satisfied")
    with pytest.raises(NotFound):
        svc.round_close(actor=world.street_supervisor, round_id=rnd.pk)


def test_it_writes_the_result_document(world, members, opened, tmp_path):
    rnd, audit, housing = opened
    _vote(members["rater_a"], rnd, audit, housing, "satisfied", "basic")
    with clock.travel(D(2026, 6, 30)):
        svc.round_close(actor=world.supervisor, round_id=rnd.pk)
    path = round_results_docx(user=world.supervisor, round_id=rnd.pk, out=tmp_path / "r.docx")
    document = docx.Document(path)
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert ["1", "区审计局法治政府建设情况报告", "1", "0", "0", "100.0%"] in rows
    assert "收回有效测评票1张" in "\n".join(p.text for p in document.paragraphs)


def test_it_runs_a_round_from_the_command_line(world, members, capsys, tmp_path):
    import json

    assert main(["rating", "create", "区政府工作报告测评", "--owner-unit", "钱塘区", "--as", "supervisor",
                 "--json"]) == 0
    rnd = json.loads(capsys.readouterr().out)["round"]
    for args in (["item", str(rnd), "区审计局工作报告", "--unit", "区审计局"],
                 ["raters", str(rnd), "rater_a", "rater_b"], ["open", str(rnd)]):
        assert main(["rating", *args, "--as", "supervisor"]) == 0
    assert main(["rating", "vote", str(rnd), "--choice", "1=满意", "--as", "rater_a"]) == 0
    assert main(["rating", "vote", str(rnd), "--choice", "1=不满意", "--as", "rater_a"]) == 2
    assert "每人只能投一次" in capsys.readouterr().err
    assert main(["rating", "results", str(rnd), "--as", "supervisor"]) == 2
    assert main(["rating", "close", str(rnd), "--as", "supervisor"]) == 0
    capsys.readouterr()
    assert main(["rating", "results", str(rnd), "--as", "rater_b", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"item": "区审计局工作报告", "unit": "区审计局", "satisfied": 1, "basic": 0,
                     "unsatisfied": 0, "rate": 100.0}]


def test_it_shows_rounds_only_to_their_people_on_the_pages(world, members, opened, client):
    rnd, audit, housing = opened
    client.force_login(world.outsider)
    assert client.get(f"/ratings/{rnd.pk}/").status_code == 404
    assert rnd.title not in client.get("/ratings/").content.decode()
    client.force_login(members["rater_a"])
    page = client.get(f"/ratings/{rnd.pk}/").content.decode()
    assert 'id="ballot"' in page
    client.post(f"/ratings/{rnd.pk}/vote/", {f"item-{audit.pk}": "satisfied", f"item-{housing.pk}": "basic",
                                             f"comment-{audit.pk}": "<script>window.x=1</script>"})
    page = client.get(f"/ratings/{rnd.pk}/").content.decode()
    assert 'id="ballot"' not in page and 'id="results"' not in page
    client.force_login(world.supervisor)
    client.post(f"/ratings/{rnd.pk}/close/")
    page = client.get(f"/ratings/{rnd.pk}/").content.decode()
    assert 'id="results"' in page and "&lt;script&gt;" in page and "<script>window.x" not in page
