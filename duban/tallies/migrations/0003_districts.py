"""The kept counts carry the district of the tasks they count (docs/scale.md). Rather than work
each row's district out, the counts are dropped: until the next sweep rebuilds them (`usable` says
no without their state row), the battle map counts the tasks themselves."""

from django.db import migrations

from duban.tasks.migrations._districts import district_field


def drop_the_counts(apps, schema_editor):
    for name in ("LiveCount", "CountedTask", "CountedTerms", "LiveCountState"):
        apps.get_model("tallies", name).objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('tallies', '0002_live_counts'),
        ('tasks', '0007_districts_required'),
    ]

    operations = [
        migrations.RunPython(drop_the_counts, migrations.RunPython.noop),
        migrations.AddField(model_name='countedtask', name='district', field=district_field('task'), preserve_default=False),
        migrations.AddField(model_name='livecount', name='district', field=district_field(None), preserve_default=False),
    ]
