"""programme_update: the programme's rules and its supervision ladder, changed by whom may and logged once."""
import json

import pytest

from duban.cli.main import main
from duban.core.errors import DomainError
from duban.core.models import Event
from duban.supervision.rules import ladder_of
from duban.tasks.models import Programme
from duban.tasks.services import programme_update


def test_it_merges_ladder_keys_and_drops_one_back_to_its_default(world):
    name = world.programme.name
    programme_update(actor=world.supervisor, name=name, settings={"notice_workdays_after": "2", "notice_prefix": "钱审督"})
    programme = programme_update(actor=world.supervisor, name=name, settings={"notice_prefix": None})
    assert programme.settings == {"notice_workdays_after": 2}
    assert ladder_of(programme).notice == 2 and ladder_of(programme).prefix == "钱督"
    assert Event.objects.filter(action="programme.updated").count() == 2


def test_it_refuses_an_unknown_ladder_key_and_changes_nothing(world):
    before = Event.objects.count()
    with pytest.raises(DomainError, match="未知的设置项「notise_prefix」"):
        programme_update(actor=world.supervisor, name=world.programme.name, warning_workdays=9,
                         settings={"notise_prefix": "钱"})
    assert Programme.objects.get(pk=world.programme.pk).warning_workdays == 5
    assert Event.objects.count() == before


@pytest.mark.parametrize("persona", ["street_supervisor", "liaison", "leader"])
def test_it_refuses_someone_who_does_not_supervise_the_owner_unit(world, persona):
    with pytest.raises(DomainError, match="无权修改"):
        programme_update(actor=world.users[persona], name=world.programme.name, leader_review=True)


def test_it_renames_a_programme_but_not_onto_another(world):
    with pytest.raises(DomainError, match="已存在"):
        programme_update(actor=world.admin, name=world.programme.name, new_name=world.reviewed.name)
    programme_update(actor=world.admin, name=world.programme.name, new_name="2026年审计整改")
    assert Programme.objects.filter(name="2026年审计整改").exists()


def test_it_adds_sets_and_lists_programmes_on_the_command_line(world, capsys):
    assert main(["programme", "add", "2026年巡视整改", "--owner-unit", "钱塘区", "--kind", "inspection",
                 "--year", "2026", "--as", "supervisor"]) == 0
    assert main(["programme", "set", "2026年巡视整改", "--report-cycle-workdays", "20", "--leader-review", "yes",
                 "--set", "escalate_workdays_after=5", "--as", "supervisor"]) == 0
    capsys.readouterr()
    assert main(["programme", "list", "--json"]) == 0
    row = next(p for p in json.loads(capsys.readouterr().out) if p["name"] == "2026年巡视整改")
    assert row["report_cycle_workdays"] == 20 and row["leader_review"] is True
    assert row["settings"] == {"escalate_workdays_after": 5}


def test_it_refuses_a_malformed_setting_on_the_command_line(world, capsys):
    assert main(["programme", "set", world.programme.name, "--set", "urge_workdays_after", "--as", "supervisor"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_it_bounds_the_numbers_of_a_new_programme_as_of_an_update(world):
    import pytest

    from duban.core.errors import DomainError
    from duban.tasks.models import Programme
    from duban.tasks.services import programme_create

    with pytest.raises(DomainError, match="回头看"):
        programme_create(actor=world.supervisor, name="回头看间隔过长的项目", year=2026, owner_unit="钱塘区",
                         recheck_after_days=10**12)
    assert not Programme.objects.filter(name="回头看间隔过长的项目").exists()
