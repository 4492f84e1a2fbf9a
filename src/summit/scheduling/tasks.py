"""Background tasks of the scheduling app: thin wrappers that look up a run and call the domain."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from summit.scheduling.models import ScheduleRun


@task()
def execute_schedule_run(run_id: int) -> str:
    """Execute a queued draft or "what if" run; returns its final status."""
    from summit.scheduling.domain.capacity import execute_capacity_run
    from summit.scheduling.domain.runs import execute_run

    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    if run.purpose == ScheduleRun.Purpose.WHAT_IF:
        return execute_capacity_run(run=run).status
    return execute_run(run=run).status


@task()
def send_schedule_notifications(
    event_id: int, changes: dict[str, dict[str, list[Any]]], base_url: str = "", reason: str = ""
) -> int:
    """E-mail everyone whose schedule changed (one e-mail each); returns how many were sent."""
    from summit.scheduling.domain.notifications import ScheduleChanges, deliver_schedule_changes

    return deliver_schedule_changes(
        event_id=event_id,
        changes=ScheduleChanges.from_json(changes),
        base_url=base_url,
        reason=reason,
    )
