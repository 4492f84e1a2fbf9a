"""Background tasks of the organizations app: thin wrappers around domain functions."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from summit.accounts.domain.invitations import invite_member
from summit.events.models import Event
from summit.organizations.domain import imports, uploads
from summit.organizations.models import Membership


@task()
def send_invitations(membership_ids: list[int], base_url: str = "") -> int:
    """E-mail an invitation to each of these members (after a survey import); returns how
    many were sent. Memberships deleted in the meantime are skipped."""
    members = Membership.objects.select_related("user", "event", "organization").filter(
        pk__in=membership_ids
    )
    sent = 0
    for membership in members:
        invite_member(membership=membership, base_url=base_url)
        sent += 1
    return sent


@task()
def preview_import(event_id: int, token: str, filename: str, language: str = "en") -> int:
    """Check a large uploaded survey file in the background: progress and the finished
    preview are kept beside the upload (`uploads.store_note`) for the preview page to
    show. Returns the number of rows read."""
    event = Event.objects.get(pk=event_id)
    data = uploads.load_upload(token=token)
    if data is None:
        return 0

    def reading(rows: int) -> None:
        uploads.store_note(token=token, kind="progress", data={"state": "reading", "rows": rows})

    with translation.override(language):
        uploads.store_note(token=token, kind="progress", data={"state": "reading", "rows": 0})
        try:
            preview = imports.preview_survey_import(
                event=event, data=data, filename=filename, progress=reading
            )
            uploads.store_note(token=token, kind="preview", data=imports.preview_digest(preview))
        except Exception:
            uploads.store_note(token=token, kind="progress", data={"state": "failed"})
            raise
        uploads.store_note(token=token, kind="progress", data={"state": "done"})
    return len(preview.rows)
