from django.db import migrations

from duban.tasks.migrations._districts import required


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0006_districts_filled'),
    ]

    operations = required("task", "milestone", "target", "progressreport", "evidence", "extensionrequest", "counit")
