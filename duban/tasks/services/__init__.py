"""The task services: every page, API call, command, import and sweep changes tasks through these."""
from duban.tasks.services.bulk import tasks_create_bulk
from duban.tasks.services.creation import task_create
from duban.tasks.services.loop import (
                                       closure_approve,
                                       closure_reject,
                                       extension_decide,
                                       extension_request,
                                       task_assign,
                                       task_cancel,
                                       task_instruct,
                                       task_recheck,
                                       task_report,
                                       task_request_closure,
                                       task_review,
                                       task_sign,
                                       task_urge,
)
from duban.tasks.services.programmes import programme_by_name, programme_create, programme_update
from duban.tasks.services.updates import task_update

__all__ = [
    "closure_approve", "closure_reject", "extension_decide", "extension_request", "programme_by_name",
    "programme_create", "programme_update", "task_assign", "task_cancel", "task_create", "task_instruct", "task_recheck",
    "task_report", "task_request_closure", "task_review", "task_sign", "task_update", "task_urge",
    "tasks_create_bulk",
]
