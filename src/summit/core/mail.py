"""One e-mail to one person, in their language: the piece every app's notifications share.

`send_localized` renders ``<template>_subject.txt`` and ``<template>_body.txt`` with the
recipient's language (their profile) and the event's time zone active, and sends the mail
once the current transaction commits (`send_after_commit`): a change that is rolled back,
even by an outer transaction of a caller, mails nobody. A failing mail server is logged
instead of raising, so a change that was already saved is never undone by it.
`absolute_url` makes the links in such mails.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from summit.accounts.domain.profiles import profile_for

logger = logging.getLogger(__name__)


def absolute_url(path: str, base_url: str = "") -> str:
    """`path` on the site: `base_url` (the current site), else ``SUMMIT_BASE_URL`` (background
    jobs), else the path alone."""
    return f"{(base_url or settings.BASE_URL).rstrip('/')}{path}"


def send_after_commit(*, subject: str, body: str, to: str, what: str) -> bool:
    """E-mail `to` once the current transaction commits (at once outside a transaction).

    Returns whether the server took it when sent at once, True when it waits for the commit;
    a failing server is logged (with `what`, to tell which mail), never raised."""
    outcome = {"sent": True}

    def deliver() -> None:
        try:
            send_mail(subject, body, None, [to])
        except (smtplib.SMTPException, OSError):
            logger.exception("could not e-mail %s (%s)", to, what)
            outcome["sent"] = False

    transaction.on_commit(deliver)
    return outcome["sent"]


def send_localized(*, user: Any, template: str, context: dict[str, Any], time_zone: str) -> bool:
    """E-mail `user` the rendered `template` pair after the transaction commits; False (logged)
    when sent at once and the server fails."""
    with translation.override(profile_for(user=user).language), timezone.override(time_zone):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return send_after_commit(
        subject=" ".join(subject.split()), body=body, to=user.email, what=template
    )
