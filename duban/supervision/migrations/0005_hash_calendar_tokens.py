"""Calendar-feed secrets are kept as their SHA-256 only; existing ones are hashed in place, so the
URLs already in people's calendars go on working."""
import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("supervision", "CalendarToken")
    for row in CalendarToken.objects.all():
        row.token = hashlib.sha256(row.token.encode()).hexdigest()
        row.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_entry_rules")]
    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
