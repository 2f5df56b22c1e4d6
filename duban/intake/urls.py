from django.urls import path

from duban.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.new, name="new"),
    path("<int:document_id>/", views.review, name="review"),
]
