"""Every task-side row carries its district (docs/scale.md): the column a province shards on.

The co-units' link table gets a model of its own (the same table and columns), so its rows can carry
the district too. The columns are added empty here, filled by 0006 and required by 0007: each step
its own transaction, as PostgreSQL wants for a table whose rows were just updated."""

import django.db.models.deletion
from django.db import migrations, models

from duban.tasks.migrations._districts import added


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('tasks', '0004_list_and_recheck_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CoUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name='ID')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                                   to='tasks.task')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                                   to='org.unit')),
                    ],
                    options={'db_table': 'tasks_task_co_units', 'unique_together': {('task', 'unit')}},
                ),
                migrations.AlterField(
                    model_name='task',
                    name='co_units',
                    field=models.ManyToManyField(blank=True, related_name='co_tasks', through='tasks.CoUnit',
                                                 through_fields=('task', 'unit'), to='org.unit'),
                ),
            ],
            database_operations=[],
        ),
        *added("task", "milestone", "target", "progressreport", "evidence", "extensionrequest", "counit"),
    ]
