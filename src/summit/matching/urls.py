"""Recommendation and screening pages, mounted below ``e/<slug:slug>/`` by the root URLconf."""

from django.urls import path

from summit.matching import views

app_name = "matching"
urlpatterns = [
    path("recommendations/", views.recommendations_home, name="recommendations"),
    path(
        "recommendations/<str:org_id>/",
        views.organization_recommendations,
        name="organization_recommendations",
    ),
    path("recommendations/<str:org_id>/dismiss/", views.dismiss, name="dismiss"),
    path("recommendations/<str:org_id>/save/", views.save, name="save"),
    path("matching/recompute/", views.recompute, name="recompute"),
    path("matching/progress/", views.progress, name="progress"),
    path("screening/", views.screening_page, name="screening"),
    path("screening/example/", views.screening_example, name="screening_example"),
    path("screening/decide/", views.screening_decide, name="screening_decide"),
]
