"""Survey changes queue a recompute: one per transaction and event, after it commits.

An import of 300 organizations saves 300 rows in one transaction; the first save registers
one on-commit callback for the event and the others find it still pending, so the import
queues one recompute. A save outside a transaction queues at once (and `schedule_recompute`
reuses a run that is still waiting).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from summit.organizations.models import Organization

_PENDING_ATTRIBUTE = "_summit_recompute_callbacks"


def _still_pending(callback: Any) -> bool:
    # Django keeps the callbacks of the open transaction in `run_on_commit`; a callback
    # from a rolled-back transaction is gone from it, so it cannot suppress a new one.
    return any(entry[1] is callback for entry in connection.run_on_commit)


def organization_changed(sender: Any, instance: Organization, **kwargs: Any) -> None:
    """Queue a recompute of the organization's event once the transaction commits."""
    if kwargs.get("raw"):
        return
    event_id = instance.event_id
    if connection.in_atomic_block:
        pending: dict[int, Any] = getattr(connection, _PENDING_ATTRIBUTE, {})
        callback = pending.get(event_id)
        if callback is not None and _still_pending(callback):
            return

    def schedule() -> None:
        from summit.events.models import Event
        from summit.matching.domain.recommendations import schedule_recompute

        pending_now: dict[int, Any] = getattr(connection, _PENDING_ATTRIBUTE, {})
        pending_now.pop(event_id, None)
        event = Event.objects.filter(pk=event_id).first()
        if event is not None:
            schedule_recompute(event=event)

    if connection.in_atomic_block:
        pending = getattr(connection, _PENDING_ATTRIBUTE, {})
        pending[event_id] = schedule
        setattr(connection, _PENDING_ATTRIBUTE, pending)
    transaction.on_commit(schedule)


def connect() -> None:
    post_save.connect(organization_changed, sender=Organization, dispatch_uid="matching-recompute")
    post_delete.connect(
        organization_changed, sender=Organization, dispatch_uid="matching-recompute-delete"
    )
