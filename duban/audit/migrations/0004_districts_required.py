import django.db.models.deletion
from django.db import migrations

import duban.tasks.models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_districts_filled'),
    ]

    operations = [
        migrations.AlterField(
            model_name=name, name='district',
            field=duban.tasks.models.DistrictField(db_index=False, editable=False, of='task',
                                                   on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                                   to='org.unit'))
        for name in ('evidencecheck',)
    ]
