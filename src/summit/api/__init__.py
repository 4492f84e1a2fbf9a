"""The REST API (django-ninja) at ``/api/``: events, organisations, surveys; token auth."""
