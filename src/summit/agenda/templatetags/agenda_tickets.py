"""A meeting's check-in code on the agenda page: the QR code of the PDF agenda, as inline SVG.

Inline, so that the page the service worker keeps for offline use carries its codes with it
(no image requests at a venue without network) and the strict CSP needs no exception."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from summit.agenda.interfaces.pdf import qr_modules

register = template.Library()

#: Modules of white margin around the code (the QR standard asks for four).
QUIET_ZONE = 4


def qr_svg(data: str, *, label: str) -> SafeString:
    """The QR code of `data` as an SVG image named `label`, one path of horizontal runs."""
    modules = qr_modules(data)
    size = len(modules) + 2 * QUIET_ZONE
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            end = x
            while end < len(row) and row[end]:
                end += 1
            runs.append(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{end - x}v1h-{end - x}z")
            x = end
    return format_html(
        '<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        'role="img" aria-label="{label}" shape-rendering="crispEdges">'
        '<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>',
        size=size,
        label=label,
        path="".join(runs),
    )


@register.simple_tag(takes_context=True)
def check_in_code(context: Context, meeting: Any) -> SafeString:
    """The QR code opening the lounge's check-in of `meeting` (as printed on the PDF)."""
    request, event = context["request"], context["event"]
    path = reverse("lounge:check_in", kwargs={"slug": event.slug, "meeting_uid": meeting.uid})
    return qr_svg(request.build_absolute_uri(path), label=_("QR code: check in this meeting"))
