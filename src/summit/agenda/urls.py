"""Agenda pages, mounted below ``e/<slug:slug>/agenda/`` by the root URLconf."""

from django.urls import path

from summit.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("calendar.ics", views.calendar_file, name="calendar_file"),
    path("agenda.pdf", views.agenda_pdf, name="pdf"),
    path("feed/<slug:token>.ics", views.calendar_feed, name="feed"),
    path("feed/regenerate/", views.regenerate_token, name="regenerate_token"),
    path("organization/<int:organization_id>/", views.organization, name="organization"),
    path("tables/", views.table_plan, name="table_plan"),
    path("tables/plan.pdf", views.table_plan_pdf, name="table_plan_pdf"),
]
