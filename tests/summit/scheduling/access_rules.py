"""Access rules of the scheduling pages (read by tests/summit/test_access.py).

The world gets a finished draft run (``world.schedule_run``, usable by any page that takes
a ``run_id``). Every page is the organizers'; POST-only pages refuse GET (405).
"""

from __future__ import annotations

from typing import Any

_RUN = {"slug": "event.slug", "run_id": "schedule_run.pk"}


def prepare_world(world: Any) -> None:
    from summit.scheduling.models import ScheduleRun

    world.schedule_run = ScheduleRun.objects.create(
        event=world.event,
        name="Draft A",
        status=ScheduleRun.Status.DONE,
        options={"solver": "greedy", "time_limit_s": 1, "seed": 0},
        summary={"requested": 0, "scheduled": 0, "people": {}},
    )


RULES = {
    "scheduling:home": {"read": "organizers", "write": "nobody"},
    # An empty POST is an invalid form (400), which still counts as "let in".
    "scheduling:run_start": {"read": "nobody", "write": "organizers"},
    "scheduling:run": {"read": "organizers", "write": "nobody", "kwargs": _RUN},
    "scheduling:run_progress": {"read": "organizers", "write": "nobody", "kwargs": _RUN},
    "scheduling:run_rename": {"read": "nobody", "write": "organizers", "kwargs": _RUN},
    "scheduling:run_delete": {"read": "nobody", "write": "organizers", "kwargs": _RUN},
    "scheduling:compare": {"read": "organizers", "write": "nobody"},
    "scheduling:capacity": {"read": "organizers", "write": "nobody"},
    "scheduling:capacity_start": {"read": "nobody", "write": "organizers"},
}
