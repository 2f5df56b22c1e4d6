"""The kept counts carry the district of the tasks they count (docs/scale.md). Rather than work
each row's district out, the counts are dropped: until the next sweep rebuilds them (`usable` says
no without their state row), the battle map counts the tasks themselves."""

import django.db.models.deletion
from django.db import migrations

import duban.tasks.models


def drop_the_counts(apps, schema_editor):
    for name in ("LiveCount", "CountedTask", "CountedTerms", "LiveCountState"):
        apps.get_model("tallies", name).objects.all().delete()


def district(of):
    return duban.tasks.models.DistrictField(db_index=False, editable=False, of=of,
                                            on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                            to='org.unit')


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('tallies', '0002_live_counts'),
        ('tasks', '0007_districts_required'),
    ]

    operations = [
        migrations.RunPython(drop_the_counts, migrations.RunPython.noop),
        migrations.AddField(model_name='countedtask', name='district', field=district('task'), preserve_default=False),
        migrations.AddField(model_name='livecount', name='district', field=district(None), preserve_default=False),
    ]
