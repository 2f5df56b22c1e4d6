from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "duban.tasks"
    label = "tasks"
    verbose_name = "督办事项"
