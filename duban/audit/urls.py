from django.urls import path

from duban.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/<str:what>/", views.project_download, name="project_download"),
    path("summary/<int:year>.docx", views.summary, name="summary"),
]
