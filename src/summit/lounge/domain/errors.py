"""Errors of the lounge domain; pages show their message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class LoungeError(ValidationError):
    """A check-in, no-show report, video link or move that the rules refuse (the message says
    why)."""


class NotAllowed(PermissionDenied):
    """The user is neither an organizer nor a participant of the meeting."""
