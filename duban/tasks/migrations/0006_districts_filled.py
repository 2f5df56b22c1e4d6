"""Fill the districts 0005 added. A task's district is the chain its events already joined (a task
stays in the chain it started in), else its lead unit's jurisdiction: the nearest unit of kind
region above it, itself included, or the root of its tree (org.jurisdiction, as of this migration).
A part of a task takes its task's."""

from django.db import migrations
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast

from duban.tasks.migrations._districts import fill_from_tasks

CHUNK = 500


def jurisdictions(Unit) -> dict[int, int]:
    units = list(Unit.objects.values_list("pk", "path", "kind"))
    regions = {pk for pk, _, kind in units if kind == "region"}
    out = {}
    for pk, path, _ in units:
        chain = [int(part) for part in path.strip("/").split("/") if part]
        out[pk] = next((p for p in reversed(chain) if p in regions), chain[0] if chain else pk)
    return out


def fill(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    Event = apps.get_model("core", "Event")
    by_district: dict[int, list[int]] = {}
    for unit, district in jurisdictions(apps.get_model("org", "Unit")).items():
        by_district.setdefault(district, []).append(unit)
    for district, units in by_district.items():
        for start in range(0, len(units), CHUNK):
            Task.objects.filter(lead_unit_id__in=units[start:start + CHUNK]).update(district_id=district)
    # A task whose lead unit moved to another district since its first event stays in that event's chain.
    moved = (Event.objects.exclude(chain="global").filter(task_id__isnull=False)
             .annotate(now=Cast(Subquery(Task.objects.filter(pk=OuterRef("task_id")).values("district_id")[:1]),
                                CharField()))
             .exclude(chain=F("now")).values_list("task_id", "chain").distinct())
    for task_id, chain in moved:
        if chain.isdigit():
            Task.objects.filter(pk=task_id).update(district_id=int(chain))
    fill_from_tasks(apps, "tasks", "Milestone", "Target", "ProgressReport", "Evidence", "ExtensionRequest", "CoUnit")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_chain_per_jurisdiction'),
        ('tasks', '0005_districts'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
