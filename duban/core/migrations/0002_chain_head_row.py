from django.db import migrations


def create_head(apps, schema_editor):
    # The one row every append locks; made here so two first writers never race to create it.
    apps.get_model("core", "ChainHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
