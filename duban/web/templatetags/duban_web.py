"""Template helpers: light badges that always carry their words, and links into the task list."""
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from duban.tasks.models import TaskState

register = template.Library()
STATE_LABELS = dict(TaskState.choices)


@register.simple_tag
def light_badge(light, with_reason=True):
    if light is None:
        return ""
    badge = format_html('<span class="light {}">{}</span>', light.color, light.label)
    if with_reason and light.reason:
        return format_html('{}<span class="reason">{}</span>', badge, light.reason)
    return badge


@register.simple_tag
def options(rows, selected):
    """`<option>`s for model rows (value: the pk, label: the name, escaped), the `selected` pk marked.
    A province's unit filter has thousands: one join here, not a template loop's tags per option."""
    chosen = str(selected or "")
    return format_html_join("", '<option value="{}"{}>{}</option>',
                            ((row.pk, " selected" if str(row.pk) == chosen else "", row.name) for row in rows))


@register.simple_tag
def list_url(key=None, **filters):
    """The task list showing exactly what a count counts: the group's key plus the extra filters."""
    params = {**(key or {}), **{k: v for k, v in filters.items() if v not in (None, "")}}
    return "/tasks/?" + urlencode(params) if params else "/tasks/"


@register.filter
def state_label(state):
    return STATE_LABELS.get(state, state)


@register.filter
def get(mapping, key):
    return mapping.get(key, 0) if mapping else 0
