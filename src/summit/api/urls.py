"""The API's URLs, mounted at ``api/`` by the root URLconf (namespace ``api``)."""

from django.urls import path

from summit.api.api import api

urlpatterns = [path("", api.urls)]
