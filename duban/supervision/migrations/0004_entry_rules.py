"""Rules for facts an office records (加分 and recorded deductions); an administrator edits the
points afterwards and may add rules of their own."""
from django.db import migrations

RULES = [
    ("case_published", "经验案例入选案例库（加分）", "entry", 2),
    ("praise", "获上级表扬或肯定性批示（加分）", "entry", 3),
    ("rating_unsatisfied", "满意度测评满意率低于门槛", "entry", -3),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("supervision", "AssessmentRule")
    for code, name, applies_to, points in RULES:
        Rule.objects.get_or_create(code=code, defaults={"name": name, "applies_to": applies_to, "points": points})


def unseed(apps, schema_editor):
    apps.get_model("supervision", "AssessmentRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_assessment_entries")]
    operations = [migrations.RunPython(seed, unseed)]
