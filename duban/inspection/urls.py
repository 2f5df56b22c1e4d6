from django.urls import path

from duban.inspection import views

app_name = "inspection"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:feedback_id>/", views.feedback_detail, name="feedback"),
    path("programmes/<int:programme_id>/disclosure.docx", views.disclosure, name="disclosure"),
]
