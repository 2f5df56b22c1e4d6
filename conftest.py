"""Shared test fixtures: a small district with the personas every test speaks of."""
import datetime as dt

import pytest

from duban.core import workdays


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is what users get; tests hash dozens of passwords and need not pay its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.db.backends.signals import connection_created

    connection_created.connect(_readers_do_not_lock)


def _readers_do_not_lock(sender, connection, **kwargs):
    """SQLite's test database lives in memory with a shared cache, where a thread reading a table
    makes another thread's write to it fail at once ("database table is locked"). In an
    installation's WAL file a reader never stops the writer, so a test whose page polls while a job
    thread writes would fail only here, by chance of timing. Readers that take no table locks give
    the tests the installation's behaviour; writers still exclude each other as there."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The holiday table is cached per process; each test starts from its own database.
    workdays.overrides_changed()
    yield
    workdays.overrides_changed()


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _default_language_after():
    # LocaleMiddleware leaves a request's language active in its thread; a test that asked in
    # English must not make the next test's services (or command line) speak English.
    yield
    from django.utils import translation

    translation.deactivate()


class World:
    """钱塘区 in miniature: a supervisor over the district, liaisons of three units, a leader."""

    def __init__(self):
        from duban.org.services import membership_add, unit_create, user_create
        from duban.tasks.services import programme_create

        for name, parent, kind in [("钱塘区", None, "region"), ("区审计局", "钱塘区", "department"),
                                   ("区住房和城乡建设局", "钱塘区", "department"), ("前进街道", "钱塘区", "street"),
                                   ("白杨街道", "钱塘区", "street"), ("区城市管理局", "钱塘区", "department")]:
            unit_create(actor=None, name=name, parent=parent, kind=kind)
        people = [("supervisor", "钱塘区", "supervisor"), ("liaison", "区审计局", "liaison"),
                  ("co_liaison", "区住房和城乡建设局", "liaison"), ("outsider", "前进街道", "liaison"),
                  ("leader", "钱塘区", "leader"), ("other_leader", "钱塘区", "leader"),
                  ("auditor", "钱塘区", "auditor"), ("admin", "钱塘区", "admin"),
                  ("street_supervisor", "白杨街道", "supervisor")]
        for username, unit, role in people:
            user_create(actor=None, username=username, password="duban-test-pw", unit=unit, role=role,
                        display_name=username)
        membership_add(actor=None, username="liaison", unit="区审计局", role="liaison")
        from duban.org.models import User

        self.users = {u.username: u for u in User.objects.all()}
        self.programme = programme_create(actor=self.users["supervisor"], name="2026年度审计项目计划",
                                          year=2026, owner_unit="钱塘区", kind="audit")
        self.reviewed = programme_create(actor=self.users["supervisor"], name="2026年共同富裕30项重点任务",
                                         year=2026, owner_unit="钱塘区", kind="plan", leader_review=True)

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None

    def task(self, *, deadline=None, programme=None, lead_unit="区审计局", co_units=("区住房和城乡建设局",),
             state="draft", **extra):
        """A task brought through the loop to `state` by the right people."""
        from duban.core import clock
        from duban.tasks import services as svc
        from duban.tasks.services.evidence import MemoryFile

        deadline = deadline or clock.today() + dt.timedelta(days=60)
        extra.setdefault("responsible_leader", "leader")
        task = svc.task_create(actor=self.supervisor, title=extra.pop("title", "做实审计整改“下半篇文章”"),
                               programme=programme or self.programme.name, lead_unit=lead_unit,
                               co_units=list(co_units), deadline=deadline, **extra)
        path = ["assigned", "in_progress", "closure_requested", "closed"]
        steps = path[: path.index(state) + 1] if state in path else []
        for step in steps:
            if step == "assigned":
                svc.task_assign(actor=self.supervisor, task_id=task.pk)
            elif step == "in_progress":
                svc.task_sign(actor=self.liaison, task_id=task.pk)
            elif step == "closure_requested":
                svc.task_request_closure(actor=self.liaison, task_id=task.pk,
                                         evidence=[MemoryFile("整改报告.pdf", b"%PDF-1.4 evidence")])
            elif step == "closed":
                svc.closure_approve(actor=self.supervisor, task_id=task.pk)
        task.refresh_from_db()
        return task


@pytest.fixture
def world(db):
    return World()
