from django.db import migrations

from duban.tasks.migrations._districts import district_field


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0007_districts_filled'),
    ]

    operations = [
        migrations.AlterField(
            model_name=name, name='district',
            field=district_field())
        for name in ('ladderstep', 'notice')
    ]
