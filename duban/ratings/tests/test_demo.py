"""The demo carries the congress's rating of the rule-of-law reports and one published case."""
import pytest

from duban.cases.services import cases_published
from duban.demo import load_demo
from duban.org.models import User
from duban.ratings.services import round_results, rounds_for
from duban.supervision.models import AssessmentEntry

pytestmark = pytest.mark.django_db


def test_it_loads_the_rating_of_the_rule_of_law_reports_and_a_published_case():
    load_demo()
    congress = User.objects.get(username="congress")
    rnd = rounds_for(congress).get()
    rates = {r.item.unit.name: r.rate for r in round_results(user=congress, round_id=rnd.pk)}
    assert rates == {"区司法局": 100.0, "区审计局": 100.0, "区住房和城乡建设局": 66.7, "区城市管理局": 33.3}
    entries = set(AssessmentEntry.objects.values_list("unit__name", "rule__code"))
    assert entries == {("区住房和城乡建设局", "rating_unsatisfied"), ("区城市管理局", "rating_unsatisfied"),
                       ("区委全面深化改革委员会办公室", "case_published")}
    assert [c.title for c in cases_published(q="钱塘经验")] == ["以巡视整改促改革创新的“钱塘经验”"]
