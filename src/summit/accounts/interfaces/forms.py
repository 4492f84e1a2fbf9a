"""Forms of the accounts pages."""

from __future__ import annotations

from django.contrib.auth.forms import SetPasswordForm


class InvitationPasswordForm(SetPasswordForm):
    """Choose a password when accepting an invitation."""
