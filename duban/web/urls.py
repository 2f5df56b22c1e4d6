from django.urls import path
from django.views.i18n import set_language

from duban.web.views import actions, auth, inbox, settings_org, settings_programmes, settings_webhooks, tasks
from duban.web.views import preferences as preference_views
from duban.web.views import settings as settings_views
from duban.web.views import task_forms as task_form_views

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", auth.password_change, name="account"),
    path("account/notifications/", preference_views.notification_channels, name="account_notifications"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("tasks/new/", task_form_views.task_new, name="task_new"),
    path("tasks/<int:task_id>/edit/", task_form_views.task_edit_view, name="task_edit"),
    path("tasks/<int:task_id>/decompose/", task_form_views.task_decompose_view, name="task_decompose"),
    path("tasks/<int:task_id>/do/<slug:name>/", actions.task_action, name="task_action"),
    path("tasks/<int:task_id>/evidence/<int:evidence_id>/", tasks.evidence_download, name="evidence"),
    path("settings/", settings_views.index, name="settings"),
    path("settings/org/", settings_org.org_page, name="settings_org"),
    path("settings/users/<str:username>/", settings_org.user_page, name="settings_user"),
    path("settings/holidays/", settings_views.holidays, name="settings_holidays"),
    path("settings/programmes/", settings_programmes.programmes, name="settings_programmes"),
    path("settings/programmes/<int:programme_id>/", settings_programmes.programme_edit, name="settings_programme"),
    path("settings/rules/", settings_views.rules, name="settings_rules"),
    path("settings/webhooks/", settings_webhooks.webhooks, name="settings_webhooks"),
    path("settings/webhooks/<int:webhook_id>/", settings_webhooks.webhook_change, name="settings_webhook"),
]
