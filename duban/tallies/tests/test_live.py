"""The battle map's kept counts (tallies.live) agree with counting every task, for everyone who
sees a map, as tasks change and days pass; and they step aside when the calendar or a programme's
terms change, until the sweep has recounted."""
import datetime as dt

from duban.core import clock
from duban.org.holidays import holiday_set
from duban.tallies.live import live_counts_maintain, usable
from duban.tallies.models import LiveCount
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile
from duban.web.battlemap import Tally, battle_map_data

VIEWERS = ("supervisor", "liaison", "co_liaison", "leader", "auditor", "street_supervisor", "admin")


def _figures(t: Tally) -> tuple:
    return (t.total, dict(+t.lights), dict(+t.states), t.ontime, t.late, t.overdue, t.percent_sum)


def _map(user, today, live):
    data = battle_map_data(user, today=today, live=live)
    return (_figures(data["all"]), {t.name: _figures(t) for t in data["programmes"]},
            {t.name: _figures(t) for t in data["units"]})


def _agree(world, today):
    for name in VIEWERS:
        user = world.users[name]
        assert _map(user, today, True) == _map(user, today, False), (name, today)


def _busy_district(world, day):
    """Tasks in every state, with milestones, reports, extensions and re-checks, by the services."""
    def nodes(first, second):
        return [{"name": "形成方案", "workdays_before": first}, {"name": "中期评估", "workdays_before": second}]
    world.task(state="in_progress", deadline=day(12), milestones=nodes(5, 2))
    world.task(state="assigned", deadline=day(40), lead_unit="白杨街道", co_units=(), programme=world.reviewed.name)
    reported = world.task(state="in_progress", deadline=day(90), milestones=nodes(25, 8))
    svc.task_report(actor=world.liaison, task_id=reported.pk, text="方案已形成", percent=30,
                    milestones_done=["形成方案"])
    extended = world.task(state="in_progress", deadline=day(20), milestones=nodes(10, 4))
    svc.extension_request(actor=world.liaison, task_id=extended.pk, new_deadline=day(70), reason="汛期施工受限")
    svc.extension_decide(actor=world.supervisor, task_id=extended.pk, approve=True, reason="同意")
    world.task(state="closure_requested", deadline=day(25))
    world.task(state="closed", deadline=day(15))
    world.task(state="draft", deadline=None)
    cancelled = world.task(state="assigned")
    svc.task_cancel(actor=world.supervisor, task_id=cancelled.pk, reason="职能调整，不再督办")
    return reported


def test_the_kept_counts_agree_with_a_full_recount_as_tasks_change_and_days_pass(world):
    today = clock.today()
    day = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    live_counts_maintain(today)  # what a new installation's first sweep does
    assert usable(today)
    reported = _busy_district(world, day)
    assert LiveCount.objects.exists()
    for n in (0, 5, 11, 13, 20, 33, 45, 60, 95, 400):
        _agree(world, day(n))
    with clock.travel(day(30)):  # a month on, more happens, and the sweep merges the days gone by
        svc.task_report(actor=world.liaison, task_id=reported.pk, text="完成中期评估", percent=60,
                        milestones_done=["中期评估"])
        svc.task_request_closure(actor=world.liaison, task_id=reported.pk,
                                 evidence=[MemoryFile("整改报告.pdf", b"%PDF-1.4 done")])
        live_counts_maintain(clock.today())
        assert not usable(day(10)) and usable(day(30))
        for n in (30, 31, 50, 100):
            _agree(world, day(n))


def test_they_step_aside_for_a_new_calendar_or_new_terms_until_the_sweep_recounts(world):
    today = clock.today()
    live_counts_maintain(today)
    world.task(state="in_progress", deadline=today + dt.timedelta(days=20))
    holiday_set(actor=world.admin, date=today + dt.timedelta(days=15), is_workday=False, name="调休")
    assert not usable(today)  # the days the lights turn on have moved: the map counts the tasks
    live_counts_maintain(today)
    assert usable(today)
    _agree(world, today + dt.timedelta(days=10))
    svc.programme_update(actor=world.supervisor, name=world.programme.name, warning_workdays=15)
    assert not usable(today)
    live_counts_maintain(today)
    assert usable(today)
    _agree(world, today + dt.timedelta(days=2))


def test_the_cells_read_by_hand_are_what_the_query_set_reads(world):
    """live_cells writes its GROUP BY itself; for every viewer (one who sees nothing, the system
    which sees all) and a condition it must leave to the ORM, the rows are the query set's."""
    from django.db.models import Q

    from duban.org.models import User
    from duban.tallies.live import _cells_summed, live_cells
    from duban.tallies.models import COUNTED
    from duban.tasks.access import SYSTEM, cells_q

    today = clock.today()
    live_counts_maintain(today)
    _busy_district(world, lambda n: today + dt.timedelta(days=n))
    nobody = User.objects.create(username="nobody", display_name="无岗位")  # no post: sees no cell
    groupings = (("programme_id",), ("lead_unit_id", "lead_unit__short_name", "lead_unit__name"),
                 ("programme_id", "lead_unit_id", "responsible_leader_id"))
    conditions = {name: cells_q(world.users[name]) for name in VIEWERS}
    conditions |= {"nobody": cells_q(nobody), "system": cells_q(SYSTEM),
                   "joined": Q(lead_unit__name="白杨街道") | Q(programme__name="无此项目")}
    read = {name: live_cells(cells, today, *groupings) for name, cells in conditions.items()}
    for name, cells in conditions.items():
        for (names, rows), fields in zip(read[name], groupings, strict=True):
            assert names == [*fields, *COUNTED], name
            expected = [tuple(v.values()) for v in _cells_summed(cells, today, fields)]
            assert sorted(rows, key=repr) == sorted(expected, key=repr), (name, fields)
    units = lambda name: {row[0] for row in read[name][1][1]}  # noqa: E731
    assert not units("nobody") and units("supervisor") == units("system") == set(
        LiveCount.objects.values_list("lead_unit_id", flat=True))
    assert units("joined") and units("joined") < units("supervisor")
