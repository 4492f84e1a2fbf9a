"""Draft runs end to end on tiny real events: options, execution, progress, failures."""

from __future__ import annotations

from typing import Any

import pytest

from partnering_engine.types import Assignment, Solution, Status
from summit.events.models import Slot, Table
from summit.scheduling.domain import runs
from summit.scheduling.domain.runs import RunOptions, execute_run, start_run
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

GREEDY = RunOptions(solver="greedy", time_limit_s=1)


@pytest.fixture
def persons(event, make_people):
    return make_people(event, 4)


def _run(event: Any, options: RunOptions = GREEDY, **fields: Any) -> ScheduleRun:
    return ScheduleRun.objects.create(event=event, options=options.as_json(), **fields)


def test_execute_run_stores_every_accepted_request(event, persons, accepted):
    a, b, c, d = persons
    requests = [accepted(a, b), accepted(a, c), accepted(c, d)]
    run = execute_run(run=_run(event))
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert sorted(row["request"] for row in run.assignments) == sorted(r.pk for r in requests)
    row = next(row for row in run.assignments if row["request"] == requests[0].pk)
    assert row["attendees"] == [a.pk, b.pk]
    assert Slot.objects.filter(pk=row["slot"], event=event).exists()
    assert Table.objects.filter(pk=row["table"], event=event).exists()
    assert run.unscheduled == []
    assert run.summary["requested"] == 3
    assert run.summary["scheduled_requests"] == 3
    assert run.summary["requested_percent"] == 100.0
    assert run.summary["weight"] == 3.0
    assert run.summary["bound"] == 3.0
    assert run.summary["gap"] == 0.0
    assert run.summary["people"][str(a.pk)] == [2, 2, 0]
    assert run.summary["persons_without_meeting"] == 0
    assert run.progress["phase"] == "done"
    assert run.started_at is not None
    assert run.finished_at is not None


def test_execute_run_auto_solver_proves_the_bound(event, persons, accepted):
    a, b, c, d = persons
    accepted(a, b)
    accepted(b, c)
    accepted(c, d, priority="high")
    run = execute_run(run=_run(event, RunOptions(solver="auto", time_limit_s=2)))
    assert run.status == "done", run.error
    assert run.summary["status"] == "optimal"
    assert run.summary["weight"] == run.summary["bound"] == 4.0
    assert run.summary["solver_used"] == "cpsat"


def test_execute_run_without_slots_fails_with_a_message(make_event, organizer):
    event = make_event(session=False, organizer=organizer)
    run = execute_run(run=_run(event))
    assert run.status == "failed"
    assert "no meeting slots" in run.error
    assert ScheduleRun.objects.get(pk=run.pk).status == "failed"


def test_execute_run_without_tables_fails_with_a_message(make_event, organizer):
    event = make_event(tables=0, organizer=organizer)
    run = execute_run(run=_run(event))
    assert run.status == "failed"
    assert "no tables" in run.error


def test_execute_run_without_accepted_requests_fails_with_a_message(event, persons):
    run = execute_run(run=_run(event))
    assert run.status == "failed"
    assert "no request has been accepted" in run.error


def test_execute_run_refuses_an_invalid_schedule(event, persons, monkeypatch, accepted):
    a, b, c, _d = persons
    accepted(a, b)
    accepted(a, c)

    class DoubleBooking:
        """A solver that puts both meetings of `a` into the same slot at the same table."""

        name = "double-booking"

        def solve(self, problem, *, time_limit_s, seed, workers=2, progress=None):
            slot = problem.slots[0].id
            return Solution(
                assignments=tuple(Assignment(m.id, slot, 1) for m in problem.meetings),
                unscheduled=(),
                status=Status.FEASIBLE,
            )

    monkeypatch.setattr(runs, "get_solver", lambda name: DoubleBooking())
    run = execute_run(run=_run(event))
    assert run.status == "failed"
    assert "invalid schedule" in run.error
    assert ScheduleRun.objects.get(pk=run.pk).assignments == []


def test_execute_run_a_run_taken_by_another_worker_is_left_alone(event, persons, accepted):
    accepted(persons[0], persons[1])
    run = _run(event, status=ScheduleRun.Status.RUNNING)
    assert execute_run(run=run).status == "running"
    assert ScheduleRun.objects.get(pk=run.pk).assignments == []


def test_progress_writer_writes_at_most_once_a_second(event):
    from partnering_engine.solvers import Progress

    run = _run(event)
    writer = runs.ProgressWriter(run.pk)
    writer(Progress(elapsed_s=0.5, phase="weight", scheduled=3, weight=3.0, bound=4.0))
    writer(Progress(elapsed_s=0.6, phase="gaps", scheduled=4, weight=4.0, bound=4.0))
    stored = ScheduleRun.objects.get(pk=run.pk).progress
    assert stored["phase"] == "weight"
    assert stored["gap"] == 25.0
    assert writer.latest["phase"] == "gaps"


def test_start_run_executes_the_task_after_commit(
    event, persons, organizer, immediate_tasks, django_capture_on_commit_callbacks, accepted
):
    accepted(persons[0], persons[1])
    with django_capture_on_commit_callbacks(execute=True):
        run = start_run(event=event, user=organizer, options=GREEDY, name=" First ")
    run.refresh_from_db()
    assert run.name == "First"
    assert run.purpose == "draft"
    assert run.created_by == organizer
    assert run.status == "done"
    assert run.summary["scheduled"] == 1


def test_start_run_rejects_an_unknown_solver(event, organizer):
    with pytest.raises(ValueError, match="solver"):
        start_run(event=event, user=organizer, options=RunOptions(solver="magic"))
    assert not ScheduleRun.objects.exists()


def test_proposed_pairs_for_mutual_top_recommendations_without_request(
    event, persons, accepted, recommend
):
    a, b, c, d = (p.organization for p in persons)
    recommend(a, b, 1)
    recommend(b, a, 2)
    recommend(a, c, 2)  # not mutual
    recommend(c, d, 1)
    recommend(d, c, 1)
    accepted(persons[2], persons[3])  # c and d already have a request
    recommend(b, d, 3)
    recommend(d, b, 2)  # mutual, but b's rank 3 is outside the top 2
    pairs = runs.proposed_pairs_for(event=event, top=2, weight=0.5)
    assert [(p.first, p.second, p.weight) for p in pairs] == [(a, b, 0.5)]
    assert runs.proposed_pairs_for(event=event, top=0, weight=0.5) == []


def test_execute_run_schedules_proposed_pairs_after_requests(event, persons, accepted, recommend):
    a, b, c, _d = persons
    request = accepted(a, b)
    recommend(a.organization, c.organization, 1)
    recommend(c.organization, a.organization, 1)
    run = execute_run(run=_run(event, RunOptions(solver="greedy", time_limit_s=1, proposed_top=1)))
    assert run.status == "done", run.error
    pair_rows = [row for row in run.assignments if row["request"] is None]
    assert pair_rows[0]["pair"] == sorted([a.organization.pk, c.organization.pk])
    assert pair_rows[0]["attendees"] == [a.pk, c.pk]
    assert [row["request"] for row in run.assignments if row["request"]] == [request.pk]
    assert run.summary["proposed"] == 1
    assert run.summary["scheduled_proposed"] == 1
    assert run.summary["weight"] == 1.5


def test_delete_run_refuses_a_published_run(event):
    from django.utils import timezone

    published = _run(event, published_at=timezone.now())
    with pytest.raises(runs.RunFailed):
        runs.delete_run(run=published)
    draft = _run(event)
    runs.delete_run(run=draft)
    assert list(ScheduleRun.objects.all()) == [published]


def test_rename_run_strips_the_name(event):
    run = runs.rename_run(run=_run(event), name="  Plan B  ")
    assert ScheduleRun.objects.get(pk=run.pk).name == "Plan B"


def test_gap_percent_is_relative_to_the_bound():
    assert runs.gap_percent(90.0, 100.0) == 10.0
    assert runs.gap_percent(0.0, 0.0) == 0.0
    assert runs.gap_percent(None, 3.0) is None


def test_proposed_pairs_for_leaves_out_dismissed_and_screened_out_pairs(
    event, persons, recommend, organizer
):
    from django.utils import timezone

    from summit.matching.models import Dismissal, WatchListEntry, WatchListHit

    a, b, c, d = (p.organization for p in persons)
    for first, second in ((a, b), (c, d)):
        recommend(first, second, 1)
        recommend(second, first, 1)
    assert len(runs.proposed_pairs_for(event=event, top=1, weight=0.5)) == 2
    Dismissal.objects.create(event=event, organization=b, partner=a)
    entry = WatchListEntry.objects.create(event=event, name=d.name)
    WatchListHit.objects.create(
        event=event,
        organization=d,
        entry=entry,
        matched_name=d.name,
        score=1.0,
        excluded=True,
        decided_at=timezone.now(),
    )
    assert runs.proposed_pairs_for(event=event, top=1, weight=0.5) == []


@pytest.mark.parametrize("solver", ["greedy", "auto"])
def test_execute_run_moves_a_published_meeting_whose_slot_became_unavailable(
    event, make_scheduled_meeting, persons, accepted, solver
):
    from summit.meetings.models import Unavailability

    published = make_scheduled_meeting(event, slot=0)
    person = published.seats.first().membership
    Unavailability.objects.create(membership=person, slot=published.slot)
    accepted(persons[0], persons[1])
    run = execute_run(run=_run(event, RunOptions(solver=solver, time_limit_s=2)))
    assert run.status == "done", run.error
    assert run.summary["published_relaxed"] == [published.meeting_request_id]
    moved = next(r for r in run.assignments if r["request"] == published.meeting_request_id)
    assert moved["slot"] != published.slot_id
    assert run.summary["scheduled_requests"] == 2


def test_execute_run_leaves_out_a_published_meeting_that_cannot_be_held(
    event, make_scheduled_meeting, only_free_in
):
    published = make_scheduled_meeting(event, slot=0)
    first, second = (seat.membership for seat in published.seats.order_by("pk"))
    only_free_in(first, 1)
    only_free_in(second, 2)
    run = execute_run(run=_run(event))
    assert run.status == "done", run.error
    assert run.summary["published_dropped"] == [published.meeting_request_id]
    assert run.unscheduled[0]["reason"] == "no_common_free_slot"


def test_review_warns_about_published_meetings_that_had_to_move(
    client, organizer, event, make_scheduled_meeting
):
    from django.urls import reverse

    from summit.accounts.models import Profile
    from summit.meetings.models import Unavailability

    published = make_scheduled_meeting(event, slot=0)
    person = published.seats.first().membership
    Unavailability.objects.create(membership=person, slot=published.slot)
    run = execute_run(run=_run(event))
    client.force_login(organizer)
    url = reverse("scheduling:run", kwargs={"slug": event.slug, "run_id": run.pk})
    assert "1 published meeting could not stay where it is" in client.get(url).content.decode()
    Profile.objects.filter(user=organizer).update(language="ko")
    assert "공개된 미팅 1건이 원래 자리에 있을 수 없습니다" in client.get(url).content.decode()
