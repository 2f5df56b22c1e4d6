from django.db import migrations

from duban.tasks.migrations._districts import fill_from_tasks


def fill(apps, schema_editor):
    fill_from_tasks(apps, "audit", "EvidenceCheck")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_districts'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
