"""Who sees which task: per persona, through the one access path."""
import pytest

from duban.core.errors import DomainError, NotFound
from duban.tasks.access import access_task, tasks_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world):
    audit = world.task(state="assigned", title="审计局牵头")          # 区审计局 leads, 区住建局 co-operates
    city = world.task(state="assigned", title="城管局牵头", lead_unit="区城市管理局", co_units=(),
                      responsible_leader="other_leader")
    street = world.task(state="assigned", title="前进街道牵头", lead_unit="前进街道", co_units=(),
                        programme=world.reviewed.name, responsible_leader="other_leader")
    return audit, city, street


def visible(user):
    return set(tasks_visible_to(user).values_list("title", flat=True))


def test_it_shows_a_liaison_the_tasks_its_unit_leads_or_co_operates_on(world, tasks):
    assert visible(world.liaison) == {"审计局牵头"}
    assert visible(world.co_liaison) == {"审计局牵头"}
    assert visible(world.outsider) == {"前进街道牵头"}


def test_it_shows_a_supervisor_its_jurisdiction(world, tasks):
    assert visible(world.supervisor) == {"审计局牵头", "城管局牵头", "前进街道牵头"}
    assert visible(world.street_supervisor) == set()


def test_it_shows_a_leader_what_they_are_responsible_for(world, tasks):
    assert visible(world.leader) == {"审计局牵头"}
    assert visible(world.other_leader) == {"城管局牵头", "前进街道牵头"}


def test_it_shows_an_auditor_only_audit_programmes(world, tasks):
    assert visible(world.auditor) == {"审计局牵头", "城管局牵头"}


def test_it_reports_a_task_out_of_reach_exactly_like_a_missing_one(world, tasks):
    audit = tasks[0]
    with pytest.raises(NotFound) as out_of_reach:
        access_task(world.outsider, audit.pk)
    with pytest.raises(NotFound) as missing:
        access_task(world.outsider, 999999)
    assert str(out_of_reach.value) == f"事项 {audit.pk} 不存在"
    assert str(missing.value) == "事项 999999 不存在"
    with pytest.raises(NotFound):
        access_task(world.outsider, "abc")


def test_it_gives_read_only_access_to_an_admin(world, tasks):
    task, caps = access_task(world.admin, tasks[0].pk)
    assert caps.read and not caps.any_write
    with pytest.raises(DomainError, match="只有查看权限"):
        access_task(world.admin, tasks[0].pk, for_write=True)


def test_it_tells_each_persona_what_it_may_do(world, tasks):
    audit = tasks[0]
    assert access_task(world.liaison, audit.pk)[1].lead
    assert access_task(world.co_liaison, audit.pk)[1].cooperate
    assert access_task(world.supervisor, audit.pk)[1].supervise
    assert access_task(world.leader, audit.pk)[1].responsible


def test_it_lets_the_machines_owner_read_everything_and_change_nothing(world, tasks):
    from duban.tasks import services as svc
    from duban.tasks.access import SYSTEM

    assert tasks_visible_to(SYSTEM).count() == 3
    task, caps = access_task(SYSTEM, tasks[0].pk)
    assert caps.read and not caps.any_write
    with pytest.raises(DomainError, match="只有督查员"):
        svc.task_urge(actor=SYSTEM, task_id=task.pk)


def test_the_visible_tasks_are_exactly_those_each_user_may_read(world, tasks):
    """The scope is read as several indexed look-ups joined by UNION: it must still be every task
    the per-task check (`capabilities`) lets the user read, each once, whoever asks."""
    from duban.org.services import membership_add
    from duban.tasks.access import capabilities, cells_q, tasks_picked_for
    from duban.tasks.models import Task
    from duban.tasks.services.decomposition import task_decompose

    audit, city, _street = tasks
    handed_down = task_decompose(actor=world.supervisor, task_id=audit.pk, unit="区住房和城乡建设局", title="住建局分解落实",
                                 deadline=audit.deadline)
    world.task(state="assigned", title="住建局牵头", lead_unit="区住房和城乡建设局", co_units=("前进街道", "区城市管理局"))
    membership_add(actor=None, username="outsider", unit="区城市管理局", role="liaison")  # two units' liaison
    membership_add(actor=None, username="outsider", unit="钱塘区", role="leader")  # and a leader
    from duban.org.models import User

    everything = list(Task.objects.select_related("lead_unit", "programme"))
    assert handed_down.parent_id == audit.pk and city.lead_unit.name == "区城市管理局"
    for user in User.objects.all():
        shown = list(tasks_visible_to(user).values_list("pk", flat=True))
        assert len(shown) == len(set(shown)) == tasks_visible_to(user).count(), user.username
        assert set(shown) == {t.pk for t in everything if capabilities(user, t).read}, user.username
        whole_cells = set(Task.objects.filter(cells_q(user)).values_list("pk", flat=True))
        picked = set(tasks_picked_for(user).values_list("pk", flat=True))
        assert picked == set(shown) - whole_cells and not picked & whole_cells, user.username
    assert visible(User.objects.get(username="liaison")) >= {"审计局牵头", "住建局分解落实"}  # handed down, followed
    assert visible(User.objects.get(username="outsider")) == {"前进街道牵头", "城管局牵头", "住建局牵头"}
