from django.db import migrations

from duban.tasks.migrations._districts import fill_from_tasks


def fill(apps, schema_editor):
    fill_from_tasks(apps, "supervision", "LadderStep", "Notice")


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0006_districts'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
