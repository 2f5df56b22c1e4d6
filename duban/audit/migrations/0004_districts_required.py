from django.db import migrations

from duban.tasks.migrations._districts import required


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_districts_filled'),
    ]

    operations = required("evidencecheck")
