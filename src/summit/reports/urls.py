"""Report pages, mounted below ``e/<slug:slug>/report/`` by the root URLconf."""

from django.urls import path

from summit.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.xlsx", views.export_xlsx, name="export_xlsx"),
    path("report.pdf", views.export_pdf, name="export_pdf"),
    path("meetings-anonymised.csv", views.export_csv, name="export_csv"),
]
