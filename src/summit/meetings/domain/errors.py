"""The one error type of the meetings domain; pages and the API show its message."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class RequestError(ValidationError):
    """A meeting request or answer that the rules refuse (the message says which rule)."""
