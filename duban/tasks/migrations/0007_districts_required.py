import django.db.models.deletion
from django.db import migrations

import duban.tasks.models

PARTS = ("task", "milestone", "target", "progressreport", "evidence", "extensionrequest", "counit")


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0006_districts_filled'),
    ]

    operations = [
        migrations.AlterField(
            model_name=name, name='district',
            field=duban.tasks.models.DistrictField(db_index=False, editable=False, of="lead_unit" if name == "task" else "task",
                                                   on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                                   to='org.unit'))
        for name in PARTS
    ]
