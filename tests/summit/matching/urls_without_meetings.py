"""The site's URLconf as it is before the meetings app is installed (no request page)."""

from django.urls import URLResolver

from summit.urls import urlpatterns as site_patterns

urlpatterns = [
    entry
    for entry in site_patterns
    if not (isinstance(entry, URLResolver) and entry.namespace == "meetings")
]
