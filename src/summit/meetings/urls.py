"""Meeting pages, mounted below ``e/<slug:event_slug>/meetings/`` by the root URLconf."""

from django.urls import path

from summit.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("request/<str:org_id>/", views.request_create, name="request_create"),
    path("request/<str:org_id>/quick/", views.request_quick, name="request_quick"),
    path("r/<int:request_id>/", views.request_detail, name="request_detail"),
    path("r/<int:request_id>/answer/", views.request_answer, name="request_answer"),
    path("availability/", views.availability, name="availability"),
    path("all/", views.organizer_requests, name="organizer_requests"),
    path("arrange/", views.arrange, name="arrange"),
]
