"""Outcome pages, mounted below ``e/<slug:slug>/outcomes/`` by the root URLconf."""

from django.urls import path

from summit.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.home, name="home"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/<int:meeting_id>/", views.feedback, name="feedback"),
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/new/", views.deal_create, name="deal_create"),
    path("deals/<int:deal_id>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/edit/", views.deal_edit, name="deal_edit"),
    path("deals/<int:deal_id>/stage/", views.deal_stage, name="deal_stage"),
    path("deals/<int:deal_id>/confirm/", views.deal_confirm, name="deal_confirm"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export/", views.my_data_export, name="my_data_export"),
    path("my-data/delete/", views.my_data_delete, name="my_data_delete"),
]
