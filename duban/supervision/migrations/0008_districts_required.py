from django.db import migrations

from duban.tasks.migrations._districts import required


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0007_districts_filled'),
    ]

    operations = required("ladderstep", "notice")
