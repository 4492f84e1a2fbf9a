"""Program pages, mounted below ``e/<slug:slug>/program/``: reminders to segments."""

from django.urls import path

from summit.program import views

app_name = "program"
urlpatterns = [
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/send/", views.send_reminder, name="send_reminder"),
    path("reminders/<int:reminder_id>/", views.reminder_detail, name="reminder"),
]
