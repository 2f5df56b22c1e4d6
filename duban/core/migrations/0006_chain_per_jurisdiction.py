"""One chain per jurisdiction. The existing chain is kept as it is and named the global chain: its
entries keep their sequence numbers and hashes (the canonical form names a chain only when it is not
the global one), so it verifies as before, and checkpoints taken before the upgrade still check it.
New events about a task go to its district's chain; events without a task go on in the global chain.
Nothing is re-hashed, so nothing an attacker did before the upgrade is laundered by it."""

from django.core.management.color import no_style
from django.db import migrations, models


def sequence_after_the_first_head(apps, schema_editor):
    # 0002 made the head row with an explicit id, which PostgreSQL's id sequence did not see: the
    # next head made (a district's first event) would be given id 1 again.
    ChainHead = apps.get_model("core", "ChainHead")
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [ChainHead]):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_key_the_chain'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='event',
            options={'ordering': ['id']},
        ),
        migrations.AddField(
            model_name='chainhead',
            name='chain',
            field=models.CharField(default='global', max_length=20, unique=True),
        ),
        migrations.AddField(
            model_name='event',
            name='chain',
            field=models.CharField(default='global', max_length=20),
        ),
        migrations.AlterField(
            model_name='event',
            name='seq',
            field=models.BigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.UniqueConstraint(fields=('chain', 'seq'), name='event_once_per_chain_seq'),
        ),
        migrations.RunPython(sequence_after_the_first_head, migrations.RunPython.noop),
    ]
