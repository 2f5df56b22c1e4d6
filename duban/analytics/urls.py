from django.urls import path

from duban.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.index, name="index"),
    path("tests/", views.catalogue, name="tests"),
    path("upload/", views.upload, name="upload"),
    path("map/<str:token>/", views.mapping, name="mapping"),
    path("load/<str:token>/", views.load_page, name="load"),
    path("sources/<int:source_id>/", views.source_page, name="source"),
    path("sources/<int:source_id>/run/", views.run_start, name="run_start"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/repeat/", views.run_again, name="repeat"),
    path("leads/<int:lead_id>/<str:decision>/", views.lead_decide, name="decide"),
]
