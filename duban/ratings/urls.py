from django.urls import path

from duban.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("<int:round_id>/", views.round_page, name="round"),
    path("<int:round_id>/items/", views.round_item, name="item"),
    path("<int:round_id>/raters/", views.round_raters, name="raters"),
    path("<int:round_id>/open/", views.round_open, name="open"),
    path("<int:round_id>/close/", views.round_close, name="close"),
    path("<int:round_id>/vote/", views.round_vote, name="vote"),
    path("<int:round_id>/export/", views.round_export, name="export"),
]
