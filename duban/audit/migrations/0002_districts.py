"""The audit office's evidence checks carry their task's district (docs/scale.md): added empty,
filled from their tasks, then required, each step its own transaction."""

import django.db.models.deletion
from django.db import migrations

import duban.tasks.models


def district(null: bool):
    return duban.tasks.models.DistrictField(db_index=False, editable=False, null=null, of='task',
                                            on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                            to='org.unit')


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('audit', '0001_initial'),
        ('tasks', '0007_districts_required'),
    ]

    operations = [
        migrations.AddField(model_name='evidencecheck', name='district', field=district(True)),
    ]
