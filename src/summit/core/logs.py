"""Logging of expected refusals: one line, no traceback.

Django logs every ``PermissionDenied`` (403) and ``SuspiciousOperation`` (400) with the
exception's traceback, as if the code had failed. These are the site working as intended
(a participant opening an organizer's page, a forged host header); their tracebacks bury the
real errors. `ExpectedRefusalFilter` keeps the record and its one-line message and drops the
traceback; server errors (500) keep theirs.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404

__all__ = ["ExpectedRefusalFilter"]

_EXPECTED = (PermissionDenied, SuspiciousOperation, Http404)


class ExpectedRefusalFilter(logging.Filter):
    """Drop the traceback of records about refusals the site answers on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, _EXPECTED):
            record.exc_info = None
            record.exc_text = None
        return True
