from django.urls import path

from duban.supervision import views

app_name = "supervision"
urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/<int:notice_id>/print/", views.notice_print, name="notice_print"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_ics, name="calendar_ics"),
    path("bulletins/", views.bulletins, name="bulletins"),
]
