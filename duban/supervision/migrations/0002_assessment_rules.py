"""The assessment rules offices start from; an administrator edits the points afterwards."""
from django.db import migrations

RULES = [
    ("base", "基础分", "base", 100),
    ("overdue_lead", "事项逾期（牵头单位）", "lead", -5),
    ("overdue_co", "事项逾期（配合单位）", "co", -3),
    ("late_report", "迟报", "lead", -1),
    ("missed_report", "漏报", "lead", -2),
    ("false_report", "销号申请被退回（虚报）", "lead", -3),
    ("notice_red", "收到红色督办单", "lead", -2),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("supervision", "AssessmentRule")
    for code, name, applies_to, points in RULES:
        Rule.objects.get_or_create(code=code, defaults={"name": name, "applies_to": applies_to, "points": points})


def unseed(apps, schema_editor):
    apps.get_model("supervision", "AssessmentRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
