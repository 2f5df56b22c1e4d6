"""One chain per jurisdiction. The existing chain is kept as it is and named the global chain: its
entries keep their sequence numbers and hashes (the canonical form names a chain only when it is not
the global one), so it verifies as before, and checkpoints taken before the upgrade still check it.
New events about a task go to its district's chain; events without a task go on in the global chain.
Nothing is re-hashed, so nothing an attacker did before the upgrade is laundered by it."""

from django.db import migrations, models


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
    ]
