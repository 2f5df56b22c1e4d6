"""A closed task's re-check (回头看) as a light: coming due within the programme's warning window
is yellow, past due is red, each saying when; until then the closed task stays quietly green."""
import datetime as dt

from duban.core.workdays import workdays_between


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def recheck_light(task, today: dt.date):
    """The light of a closed task whose re-check is near or late, else None."""
    from duban.tasks.lights import Color, Light

    due = getattr(task, "recheck_due_on", None)
    if due is None:
        return None
    if due < today:
        return Light(Color.RED, f"回头看已逾期{max(workdays_between(due, today), 1)}个工作日 · {_md(due)}")
    left = workdays_between(today, due)
    if left <= task.programme.warning_workdays:
        return Light(Color.YELLOW, f"回头看{'今日到期' if left <= 0 else f'剩{left}个工作日'} · {_md(due)}")
    return None
