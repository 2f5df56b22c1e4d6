from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    district_of_task = Subquery(Task.objects.filter(pk=OuterRef("task_id")).values("district_id")[:1])
    for name in ("EvidenceCheck",):
        apps.get_model("audit", name).objects.update(district_id=district_of_task)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_districts'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
