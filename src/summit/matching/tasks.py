"""Background tasks of the matching app: thin wrappers that look up objects and call the domain."""

from __future__ import annotations

from django_tasks import task

from summit.matching.domain.recommendations import execute_recompute_run
from summit.matching.models import RecomputeRun


@task()
def recompute_event_recommendations(run_id: int) -> int:
    """Recompute an event's recommendations for a queued run; returns how many were stored."""
    run = RecomputeRun.objects.select_related("event").get(pk=run_id)
    return execute_recompute_run(run=run)
