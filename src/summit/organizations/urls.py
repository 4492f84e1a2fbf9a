"""Organisation pages, mounted below ``e/<slug:slug>/`` by the root URLconf."""

from django.urls import path

from summit.organizations import pickers, views

app_name = "organizations"
urlpatterns = [
    path("organizations/", views.directory_page, name="directory"),
    path("organizations/import/", views.import_upload, name="import"),
    path("organizations/import/preview/", views.import_preview, name="import_preview"),
    path("organizations/import/confirm/", views.import_confirm, name="import_confirm"),
    path("organizations/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("organizations/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("survey/", views.my_survey, name="my_survey"),
    path("pick/organizations/", pickers.organizations, name="pick"),
    path("organizations/<str:org_id>/", views.organization_detail, name="detail"),
    path("organizations/<str:org_id>/survey/", views.survey_edit, name="survey"),
]
