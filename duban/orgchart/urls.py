from django.urls import path

from duban.orgchart import views

app_name = "orgchart"
urlpatterns = [
    path("settings/org/import/", views.import_page, name="import"),
    path("settings/org/import/confirm/", views.import_confirm, name="confirm"),
    path("settings/org/export.xlsx", views.export_xlsx, name="export"),
    path("invite/<str:key>/", views.invitation, name="invitation"),
]
