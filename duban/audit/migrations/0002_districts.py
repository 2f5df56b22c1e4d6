"""The audit office's evidence checks carry their task's district (docs/scale.md): added empty,
filled from their tasks, then required, each step its own transaction."""

from django.db import migrations

from duban.tasks.migrations._districts import added


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('audit', '0001_initial'),
        ('tasks', '0007_districts_required'),
    ]

    operations = added("evidencecheck")
