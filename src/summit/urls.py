"""Root URLconf of the summit project."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("summit.core.urls")),
    path("accounts/", include("summit.accounts.urls")),
    path("", include("summit.events.urls")),
    path("admin/", admin.site.urls),
]
