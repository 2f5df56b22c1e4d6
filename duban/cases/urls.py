from django.urls import path

from duban.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.case_new, name="new"),
    path("<int:case_id>/", views.case_page, name="case"),
    path("<int:case_id>/submit/", views.case_submit, name="submit"),
    path("<int:case_id>/review/", views.case_review, name="review"),
    path("<int:case_id>/export/", views.case_export, name="export"),
]
