"""What a programme kind is: the rules particular to one body of work, asked by the loop.

The loop never tests a kind by name; it asks the programme's kind (`kind_for(programme)`):
may this action go ahead (`gate`), what still stops closure (`closure_problems`), who supervises
(`supervises`, `supervisor_roles`). A new kind is a module in this package that subclasses `Kind`
and calls `register`.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext

from duban.core.errors import DomainError
from duban.org.models import Role


@dataclass(frozen=True)
class ExtraField:
    """A field a kind adds to its tasks: how a form, a ledger column or an import reads it."""

    label: str
    type: str = "text"                     # text | choice | date | number
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False                 # required before closure

    def clean(self, name: str, value) -> str:
        value = "" if value is None else str(value).strip()
        if value and self.choices and value not in dict(self.choices):
            allowed = "、".join(gettext(label) for _key, label in self.choices)
            raise DomainError(gettext("「%(field)s」应为：%(choices)s，收到「%(value)s」") % {"field": gettext(self.label), "choices": allowed, "value": value}, field=name)
        return value


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    default_source: str = "plan"           # SourceKind of a task whose source is not given
    # The role, besides the supervisor, that supervises this kind's tasks and checks their evidence
    # (the audit office's auditors for audit findings); None: supervisors only.
    reviewer_role: str | None = None
    extra_fields: dict[str, ExtraField] = field(default_factory=dict)
    ledger_columns: str = "supervision"    # the ledger layout: "supervision" (督办台账) or "rectification"

    @property
    def supervisor_roles(self) -> tuple[str, ...]:
        return (Role.SUPERVISOR, self.reviewer_role) if self.reviewer_role else (Role.SUPERVISOR,)

    def gate(self, action: str, task, actor, **params) -> None:
        """Raise DomainError to refuse `action` (a name of the transitions table) on `task`."""

    def closure_problems(self, task) -> list[str]:
        """What still stops `task` from being closed, in words a liaison can act on."""
        missing = [spec.label for name, spec in self.extra_fields.items()
                   if spec.required and not getattr(task, name, "")]
        return [gettext("请先填写「%(field)s」") % {"field": gettext(label)} for label in missing]
