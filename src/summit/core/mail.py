"""One e-mail to one person, in their language: the piece every app's notifications share.

`send_localized` renders ``<template>_subject.txt`` and ``<template>_body.txt`` with the
recipient's language (their profile) and the event's time zone active, sends the mail and
logs a failing mail server instead of raising, so a change that was already saved is never
undone by it. `absolute_url` makes the links in such mails.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from summit.accounts.domain.profiles import profile_for

logger = logging.getLogger(__name__)


def absolute_url(path: str, base_url: str = "") -> str:
    """`path` on the site: `base_url` (the current site), else ``SUMMIT_BASE_URL`` (background
    jobs), else the path alone."""
    return f"{(base_url or settings.BASE_URL).rstrip('/')}{path}"


def send_localized(*, user: Any, template: str, context: dict[str, Any], time_zone: str) -> bool:
    """E-mail `user` the rendered `template` pair; False (logged) when the server fails."""
    with translation.override(profile_for(user=user).language), timezone.override(time_zone):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("could not e-mail %s (%s)", user.email, template)
        return False
    return True
