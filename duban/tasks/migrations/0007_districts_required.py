from django.db import migrations

from duban.tasks.migrations._districts import district_field

PARTS = ("task", "milestone", "target", "progressreport", "evidence", "extensionrequest", "counit")


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0006_districts_filled'),
    ]

    operations = [
        migrations.AlterField(
            model_name=name, name='district',
            field=district_field("lead_unit" if name == "task" else "task"))
        for name in PARTS
    ]
