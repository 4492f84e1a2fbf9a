"""Root URLconf of the summit project.

Apps mount their own URLconfs here: ``summit.organizations.urls`` (namespace
``organizations``, paths below ``e/<slug:slug>/``) and ``summit.api.urls`` (below ``api/``)
are included as soon as they exist.
"""

from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path

from summit.accounts.urls import auth_urlpatterns

admin.site.site_header = "Bio Partnering"
admin.site.site_title = "Bio Partnering"

urlpatterns = [
    path("", include("summit.core.urls")),
    *auth_urlpatterns,
    path("accounts/", include("summit.accounts.urls")),
    path("", include("summit.events.urls")),
    path("admin/", admin.site.urls),
]


def _module_exists(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


if _module_exists("summit.organizations.urls"):
    urlpatterns.append(path("e/<slug:slug>/", include("summit.organizations.urls")))
if _module_exists("summit.meetings.urls"):
    urlpatterns.append(path("e/<slug:event_slug>/meetings/", include("summit.meetings.urls")))
if _module_exists("summit.api.urls"):
    urlpatterns.append(path("api/", include("summit.api.urls")))
    urlpatterns.append(path("e/<slug:slug>/api-tokens/", include("summit.api.page_urls")))
if _module_exists("summit.matching.urls"):
    urlpatterns.append(path("e/<slug:slug>/", include("summit.matching.urls")))
for _app, _prefix in (
    ("scheduling", "schedule"),
    ("agenda", "agenda"),
    ("lounge", "lounge"),
    ("outcomes", "outcomes"),
    ("participants", "me"),
    ("reports", "report"),
    ("program", "program"),
):
    if _module_exists(f"summit.{_app}.urls"):
        urlpatterns.append(path(f"e/<slug:slug>/{_prefix}/", include(f"summit.{_app}.urls")))
