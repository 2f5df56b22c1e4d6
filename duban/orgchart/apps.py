from django.apps import AppConfig


class OrgchartConfig(AppConfig):
    name = "duban.orgchart"
    label = "orgchart"
    verbose_name = "花名册与邀请"
