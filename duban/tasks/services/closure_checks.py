"""Rules a programme kind adds to closure, registered by the app that owns the kind (an app's
ready()), so the loop asks "may this close?" without knowing any kind."""
from collections.abc import Callable

from duban.core.errors import DomainError
from duban.tasks.models import Task

CLOSURE_CHECKS: list[Callable[[Task], list[str]]] = []


def register_closure_check(check: Callable[[Task], list[str]]) -> None:
    if check not in CLOSURE_CHECKS:
        CLOSURE_CHECKS.append(check)


def require_closable(task: Task) -> None:
    problems = [problem for check in CLOSURE_CHECKS for problem in check(task)]
    if problems:
        raise DomainError("；".join(problems))
