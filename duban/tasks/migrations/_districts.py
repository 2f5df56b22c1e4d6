"""What the migrations giving task-side tables their district share (tasks 0005–0007, supervision
0006–0008, audit 0002–0004, tallies 0003). Not a migration (the loader skips names starting with
"_"); like a migration, it is not changed once released."""

import django.db.models.deletion
from django.db import migrations
from django.db.models import OuterRef, Subquery

import duban.tasks.models


def district_field(of: str | None = "task", *, null: bool = False) -> duban.tasks.models.DistrictField:
    return duban.tasks.models.DistrictField(db_index=False, editable=False, null=null, of=of,
                                            on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                            to='org.unit')


def _of(model_name: str) -> str:
    return "lead_unit" if model_name == "task" else "task"  # a task's from its lead unit, a part's from its task


def added(*model_names: str) -> list[migrations.AddField]:
    """The district column added, empty, to each of these models (filled by the next migration)."""
    return [migrations.AddField(model_name=name, name="district", field=district_field(_of(name), null=True))
            for name in model_names]


def required(*model_names: str) -> list[migrations.AlterField]:
    """The district column of each of these models made required, once it is filled."""
    return [migrations.AlterField(model_name=name, name="district", field=district_field(_of(name)))
            for name in model_names]


def fill_from_tasks(apps, app_label: str, *names: str) -> None:
    """Give each row of these models its task's district, in one UPDATE a model."""
    Task = apps.get_model("tasks", "Task")
    district_of_task = Subquery(Task.objects.filter(pk=OuterRef("task_id")).values("district_id")[:1])
    for name in names:
        apps.get_model(app_label, name).objects.update(district_id=district_of_task)
