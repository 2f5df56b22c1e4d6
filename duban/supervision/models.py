"""What the sweep leaves behind: ladder steps (one per task, rung, node and due date), numbered
supervision notices, the outbox of notifications, webhooks, in-app notices, calendar tokens and
the assessment rules an administrator edits."""
from django.conf import settings
from django.db import models

from duban.org.models import Unit
from duban.tasks.models import DistrictField, Programme, Task


class Rung(models.TextChoices):
    REMINDER = "reminder", "提醒"
    URGE = "urge", "催办"
    PACE = "pace", "序时进度滞后"
    NOTICE = "notice", "督办单"
    ESCALATION = "escalation", "约谈/报告责任领导"
    RECHECK = "recheck", "回头看到期"
    STALE = "stale", "逾期未报送"


class LadderStep(models.Model):
    """A rung that fired. The unique key is what makes a re-run of the sweep create nothing."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="ladder_steps")
    district = DistrictField()
    rung = models.CharField(max_length=20, choices=Rung.choices)
    node = models.CharField(max_length=40)  # "deadline", "milestone:<id>", "report", "recheck"
    due_on = models.DateField()  # the node's date; a moved deadline starts a new ladder
    fired_on = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "rung", "node", "due_on"],
                                               name="ladder_step_once")]
        indexes = [models.Index(fields=["rung", "fired_on"])]


class NoticeColor(models.TextChoices):
    BLUE = "blue", "蓝色"
    YELLOW = "yellow", "黄色"
    RED = "red", "红色"


class Notice(models.Model):
    """A supervision notice (督办单) with its document number, e.g. 钱督〔2026〕12号."""

    step = models.OneToOneField(LadderStep, on_delete=models.CASCADE, related_name="notice")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    district = DistrictField()
    prefix = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    seq = models.PositiveIntegerField()
    color = models.CharField(max_length=10, choices=NoticeColor.choices)
    reason = models.CharField(max_length=300)
    issued_on = models.DateField()

    class Meta:
        ordering = ["-issued_on", "-seq"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year", "seq"], name="notice_number_once")]

    @property
    def number(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"


class NoticeCounter(models.Model):
    """The last number used per prefix and year, locked while a number is taken."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="notice_counter_once")]


class Channel(models.TextChoices):
    EMAIL = "email", "邮件"
    DINGTALK = "dingtalk", "钉钉机器人"
    WECOM = "wecom", "企业微信机器人"
    INAPP = "inapp", "站内通知"


class OutboxState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    DEAD = "dead", "发送失败"


class OutboxMessage(models.Model):
    """A notification written in the same transaction as its cause; delivered at least once."""

    key = models.CharField(max_length=200, unique=True)  # cause + channel + recipient
    channel = models.CharField(max_length=20, choices=Channel.choices)
    recipient = models.CharField(max_length=500)  # address, webhook URL, or user id for in-app
    title = models.CharField(max_length=200)
    text = models.TextField()
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=20, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"]),
                   models.Index(fields=["state", "lease_until"])]


class WebhookKind(models.TextChoices):
    DINGTALK = "dingtalk", "钉钉"
    WECOM = "wecom", "企业微信"


class Webhook(models.Model):
    """A chat-robot URL for a unit's group or a programme's group."""

    kind = models.CharField(max_length=20, choices=WebhookKind.choices)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, blank=True)  # DingTalk "加签" secret, if set
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="webhooks")
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit or self.programme}"


class InAppNotice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inapp_notices")
    message = models.OneToOneField(OutboxMessage, on_delete=models.CASCADE, related_name="inapp")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class CalendarToken(models.Model):
    """The SHA-256 of the secret in a user's calendar-feed URL; regenerating it revokes the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()


class RuleApplies(models.TextChoices):
    BASE = "base", "基础分"
    LEAD = "lead", "牵头单位"
    CO = "co", "配合单位"
    ENTRY = "entry", "登记加减分"  # bonus or deduction an office records (AssessmentEntry)


class AssessmentRule(models.Model):
    """Points for one kind of fact; an administrator edits these in the admin or the database."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    applies_to = models.CharField(max_length=10, choices=RuleApplies.choices, default=RuleApplies.LEAD)
    points = models.IntegerField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.points:+d}"


class AssessmentEntry(models.Model):
    """A fact an office records rather than the system counts: a bonus for a published case or a
    superior's praise, or a rating round's verdict. Its points come from the rule at scoring time,
    so an administrator's edit of the rule applies to entries already made."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessment_entries")
    rule = models.ForeignKey(AssessmentRule, on_delete=models.PROTECT, related_name="entries")
    on = models.DateField()
    reason = models.CharField(max_length=300)
    source = models.CharField(max_length=100, blank=True)  # e.g. "case:12", "rating:3:item:7"
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["on", "unit"])]
