from django.urls import path

from summit.events import views

app_name = "events"
urlpatterns = [
    path("events/new/", views.create_event, name="create"),
    path("e/<slug:slug>/", views.event_home, name="home"),
    path("e/<slug:slug>/setup/", views.edit_event, name="edit"),
    path("e/<slug:slug>/invitations/", views.send_invitations, name="send_invitations"),
    path("e/<slug:slug>/setup/organizers/", views.organizers, name="organizers"),
    path(
        "e/<slug:slug>/setup/organizers/<int:organizer_id>/remove/",
        views.remove_organizer,
        name="organizer_remove",
    ),
    path("e/<slug:slug>/setup/days/", views.days, name="days"),
    path("e/<slug:slug>/setup/days/<int:day_id>/delete/", views.delete_day, name="day_delete"),
    path(
        "e/<slug:slug>/setup/days/<int:day_id>/sessions/new/",
        views.add_session,
        name="session_add",
    ),
    path(
        "e/<slug:slug>/setup/days/<int:day_id>/sessions/preview/",
        views.preview_session,
        name="session_preview",
    ),
    path("e/<slug:slug>/setup/sessions/<int:session_id>/", views.edit_session, name="session_edit"),
    path(
        "e/<slug:slug>/setup/sessions/<int:session_id>/delete/",
        views.delete_session,
        name="session_delete",
    ),
    path("e/<slug:slug>/setup/slots/", views.slots, name="slots"),
    path("e/<slug:slug>/setup/tables/", views.tables, name="tables"),
    path(
        "e/<slug:slug>/setup/tables/<int:table_id>/delete/", views.delete_table, name="table_delete"
    ),
]
