"""Participant pages, mounted below ``e/<slug:slug>/me/`` by the root URLconf."""

from django.urls import path

from summit.participants import views

app_name = "participants"
urlpatterns = [
    path("next-meeting/", views.next_meeting, name="next_meeting"),
]
