"""The API token pages of an event, mounted below ``e/<slug:slug>/api-tokens/`` by the root
URLconf (namespace ``api_tokens``)."""

from django.urls import path

from summit.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.api_tokens, name="list"),
    path("<int:token_id>/revoke/", views.revoke_token, name="revoke"),
]
