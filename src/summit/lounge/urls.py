"""Lounge pages, mounted below ``e/<slug:slug>/lounge/`` by the root URLconf.

``check_in`` (kwargs ``slug``, ``meeting_uid``) is the address the PDF agenda prints as a QR
code; keep its name and kwargs.
"""

from django.urls import path

from summit.lounge import views

app_name = "lounge"
urlpatterns = [
    path("", views.grid, name="grid"),
    path("grid/", views.grid_fragment, name="grid_fragment"),
    path("draft/<int:run_id>/", views.draft, name="draft"),
    path("today/", views.my_day, name="my_day"),
    path("m/<uuid:meeting_uid>/", views.meeting_detail, name="meeting"),
    path("check-in/<uuid:meeting_uid>/", views.check_in, name="check_in"),
    path("m/<uuid:meeting_uid>/no-show/", views.no_show, name="no_show"),
    path("m/<uuid:meeting_uid>/reset/", views.reset, name="reset"),
    path("m/<uuid:meeting_uid>/video/", views.video_link, name="video_link"),
    path("m/<uuid:meeting_uid>/move/", views.move, name="move"),
    path("rematch/", views.rematch_mine, name="rematch"),
    path("m/<uuid:meeting_uid>/rematch/", views.rematch_meeting, name="rematch_meeting"),
    path("proposal/<uuid:uid>/", views.proposal, name="proposal"),
]
