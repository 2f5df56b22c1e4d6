from django.urls import path

from duban.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.catalogues, name="catalogues"),
    path("<int:year>/", views.catalogue_page, name="catalogue"),
    path("<int:year>/catalogue.<str:fmt>", views.catalogue_export, name="export"),
    path("items/<int:decision_id>/", views.decision_page, name="decision"),
    path("items/<int:decision_id>/steps/<str:step>/", views.decision_step, name="step"),
    path("documents/<int:document_id>/", views.step_document, name="document"),
]
