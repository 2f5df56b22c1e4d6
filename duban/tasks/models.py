from django.conf import settings
from django.db import models

from duban.org.jurisdiction import unit_jurisdictions
from duban.org.models import Unit


class ProgrammeKind(models.TextChoices):
    PLAN = "plan", "年度计划/行动方案"
    AUDIT = "audit", "审计整改"
    INSPECTION = "inspection", "巡视整改"
    MEETING = "meeting", "会议议定事项"
    DECISION = "decision", "重大行政决策"
    SUGGESTION = "suggestion", "建议提案"
    GENERAL = "general", "综合督办"


class Programme(models.Model):
    """A body of work with its own rules: warning window, reporting cycle, review, re-check."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.GENERAL)
    year = models.PositiveIntegerField()
    owner_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="programmes")
    warning_workdays = models.PositiveIntegerField(default=5)
    report_cycle_workdays = models.PositiveIntegerField(default=10)
    leader_review = models.BooleanField(default=False)
    recheck_after_days = models.PositiveIntegerField(default=90)
    # Rules later parts read (supervision ladder, notice prefix); defaults live in their services.
    settings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    MEETING = "meeting", "会议议定事项"
    INSTRUCTION = "instruction", "领导批示"
    PLAN = "plan", "年度计划"
    AUDIT_FINDING = "audit_finding", "审计查出问题"
    INSPECTION_FEEDBACK = "inspection_feedback", "巡视反馈问题"
    SUGGESTION = "suggestion", "建议提案"
    DECISION_CATALOGUE = "decision_catalogue", "重大行政决策事项"


class TaskState(models.TextChoices):
    DRAFT = "draft", "拟办"
    REVIEW = "review", "待领导审核"
    ASSIGNED = "assigned", "已交办"
    IN_PROGRESS = "in_progress", "办理中"
    CLOSURE_REQUESTED = "closure_requested", "待审核销号"
    CLOSED = "closed", "已销号"
    CONSOLIDATED = "consolidated", "已巩固"
    CANCELLED = "cancelled", "已撤销"


OPEN_STATES = (TaskState.DRAFT, TaskState.REVIEW, TaskState.ASSIGNED, TaskState.IN_PROGRESS,
               TaskState.CLOSURE_REQUESTED)
DONE_STATES = (TaskState.CLOSED, TaskState.CONSOLIDATED)


class DistrictField(models.ForeignKey):
    """The district (jurisdiction, `org.jurisdiction`) a task-side row belongs to: the column a
    province shards on (docs/scale.md). Set once when the row is written and never changed: a task's
    from its lead unit (the chain its events join), a part of a task from its task (`of="task"`).
    The services set it in bulk; a row written without it takes it here, before the insert (`of` None:
    the writer always gives it)."""

    def __init__(self, to="org.Unit", on_delete=models.PROTECT, *, of: str | None = "task", **kwargs):
        self.of = of
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("db_index", False)  # the distribution column, not a filter any page uses
        kwargs.setdefault("editable", False)
        super().__init__(to, on_delete, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None and add:
            value = self.derive(model_instance)
            setattr(model_instance, self.attname, value)
        return value

    def derive(self, row) -> int | None:
        if self.of is None:
            return None
        if self.of == "lead_unit":
            assign_districts([row])
            return row.district_id
        return getattr(row, self.of).district_id


class RectificationClass(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    STAGED = "staged", "分阶段整改"
    ONGOING = "ongoing", "持续整改"


class Task(models.Model):
    code = models.CharField("编号", max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    content = models.TextField(blank=True)
    source_kind = models.CharField(max_length=30, choices=SourceKind.choices, default=SourceKind.PLAN)
    source_ref = models.CharField(max_length=300, blank=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="tasks")
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="led_tasks")
    co_units = models.ManyToManyField(Unit, related_name="co_tasks", blank=True, through="CoUnit",
                                      through_fields=("task", "unit"))
    responsible_leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="responsible_tasks")
    responsible_person = models.CharField(max_length=60, blank=True)
    deadline = models.DateField(null=True, blank=True)  # null: 长期坚持, flagged in lists
    original_deadline = models.DateField(null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="subtasks")
    state = models.CharField(max_length=30, choices=TaskState.choices, default=TaskState.DRAFT)
    percent = models.PositiveSmallIntegerField(default=0)
    problem_category = models.CharField(max_length=100, blank=True)
    rectification_class = models.CharField(max_length=20, choices=RectificationClass.choices, blank=True)
    measures = models.TextField(blank=True)
    remarks = models.TextField(blank=True)
    created_at = models.DateTimeField()
    assigned_on = models.DateField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    last_report_on = models.DateField(null=True, blank=True)
    closure_requested_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recheck_due_on = models.DateField(null=True, blank=True)
    reopen_count = models.PositiveIntegerField(default=0)
    # The earliest node not yet reached (an undone milestone or the deadline): derived, kept by the
    # event log's hook on every change of the task (tasks.nodes), so lights are date comparisons.
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    district = DistrictField(of="lead_unit")

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["state", "next_due_on"]),
            models.Index(fields=["lead_unit", "state"]),
            models.Index(fields=["programme", "state"]),
            # The programmes a jurisdiction's tasks belong to (the list's filter, the ledgers) from the
            # index alone: a district's tasks lie scattered over the whole table.
            models.Index(fields=["lead_unit", "programme"]),
            # A jurisdiction as wide as a province lists its tasks by deadline (filters.BY_DEADLINE)
            # walking this index and stopping at the page, instead of sorting hundreds of thousands.
            models.Index(fields=["deadline", "id"]),
            # Closed tasks whose re-check is near or late (the inbox's box), as a range.
            models.Index(fields=["state", "recheck_due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.code or self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def assign_districts(tasks: list[Task]) -> None:
    """Set the district of new tasks from their lead units, in one or two queries for them all."""
    waiting = [t for t in tasks if t.district_id is None]
    held = [t.lead_unit for t in waiting if Task.lead_unit.is_cached(t) and t.lead_unit.path]
    places = unit_jurisdictions({t.lead_unit_id for t in waiting}, known=held)
    for task in waiting:
        task.district_id = places[task.lead_unit_id]


class CoUnit(models.Model):
    """A co-unit (配合单位) of a task: the link row lives with its task, in the task's district."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    district = DistrictField()

    class Meta:
        db_table = "tasks_task_co_units"  # the table the link had before it had a model
        unique_together = [("task", "unit")]


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    district = DistrictField()
    name = models.CharField(max_length=200)
    due_on = models.DateField()
    workdays_before_deadline = models.IntegerField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.due_on}"


class Target(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    district = DistrictField()
    metric = models.CharField(max_length=200)
    unit_of_measure = models.CharField(max_length=30, blank=True)
    target_value = models.DecimalField(max_digits=18, decimal_places=4)
    actual_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.metric} {self.actual_value}/{self.target_value}{self.unit_of_measure}"


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    district = DistrictField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField()
    created_at = models.DateTimeField()
    text = models.TextField()
    percent = models.PositiveSmallIntegerField()
    target_actuals = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Evidence(models.Model):
    """A file supporting a report or a closure request (佐证材料), stored under DUBAN_HOME."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    district = DistrictField()
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="evidence")
    name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    approved = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    district = DistrictField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    old_deadline = models.DateField(null=True)
    new_deadline = models.DateField()
    state = models.CharField(max_length=20, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
