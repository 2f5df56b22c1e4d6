from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "duban.tasks"
    label = "tasks"
    verbose_name = "督办事项"

    def ready(self):
        from duban.core.attest import register_task_scope
        from duban.tasks.attest import TASK_SCOPE

        register_task_scope(TASK_SCOPE)

        from duban.core.chains import register_chain_resolver
        from duban.tasks.chains import task_chains

        register_chain_resolver(task_chains)

        from duban.core.eventlog import register_derived
        from duban.tasks.nodes import keep_next_due

        register_derived(keep_next_due)
