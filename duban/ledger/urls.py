from django.urls import path

from duban.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.ledger_page, name="page"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_upload, name="import"),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
    path("jobs/<int:job_id>/confirm/", views.job_confirm, name="confirm"),
]
