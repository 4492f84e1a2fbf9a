"""The one error type of the outcomes domain; pages show its message next to the field."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class OutcomeError(ValidationError):
    """Feedback or a deal that the rules refuse.

    Raised with a dict (``{"field": message}``) when one field is at fault, so that a form can
    put the message next to that field (``form.add_error(None, error)``).
    """
