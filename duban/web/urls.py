from django.urls import path
from django.views.i18n import set_language

from duban.web.views import actions, auth, inbox, tasks

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", auth.password_change, name="account"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/do/<slug:name>/", actions.task_action, name="task_action"),
    path("tasks/<int:task_id>/evidence/<int:evidence_id>/", tasks.evidence_download, name="evidence"),
]
