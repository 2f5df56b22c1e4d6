from django.contrib.auth.models import AbstractUser
from django.db import models


class UnitKind(models.TextChoices):
    REGION = "region", "区域"
    DEPARTMENT = "department", "部门"
    STREET = "street", "街道"
    HEADQUARTERS = "headquarters", "指挥部"
    ENTERPRISE = "enterprise", "国企"
    BODY = "body", "机构"
    OTHER = "other", "其他"


class Unit(models.Model):
    """A node of the unit tree: province → city → district → departments and streets.

    `path` is the materialised chain of ids ("/1/4/9/"), so a jurisdiction is one prefix query.
    """

    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", "督查员"
    LIAISON = "liaison", "联络员"
    LEADER = "leader", "领导"
    AUDITOR = "auditor", "审计"
    OBSERVER = "observer", "观察员"
    ADMIN = "admin", "管理员"


class User(AbstractUser):
    display_name = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    """A role a user holds in a unit; a supervisor's jurisdiction is that unit's subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}@{self.unit}"
