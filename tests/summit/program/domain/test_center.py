"""The command center's figures, phases, problems and next step on the known world."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from summit.lounge.domain.attendance import report_no_show
from summit.lounge.domain.rematch import accept_proposal, propose_meeting
from summit.matching.models import RecomputeRun
from summit.program.domain.center import PHASES, build_command_center, program_figures
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

from ..conftest import NOW

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_program_figures_on_the_known_world(world: Any) -> None:
    figures = program_figures(event=world.event, now=NOW)

    assert (figures.organizations, figures.surveys_submitted, figures.without_survey) == (4, 2, 2)
    # Two pending, one declined, two accepted behind the meetings.
    assert (figures.requests, figures.answered, figures.asked_for_answer) == (5, 3, 5)
    assert figures.answered_percent == 60
    assert (figures.pending, figures.pending_long, figures.expiring) == (2, 1, 0)
    assert (figures.meetings, figures.ended, figures.not_recorded) == (2, 2, 2)
    # A no-show closed by a same-day re-match is still a no-show, no longer a meeting.
    ScheduledMeeting.objects.filter(pk=world.m1.pk).update(attendance="no_show", status="cancelled")
    closed = program_figures(event=world.event, now=NOW)
    assert (closed.no_shows, closed.meetings, closed.ended) == (1, 1, 1)
    assert figures.today == 2
    assert program_figures(event=world.event, now=NOW + timedelta(days=1)).today == 0
    assert (figures.feedback_given, figures.feedback_due) == (1, 3)
    assert figures.publication is None
    assert figures.without_table == 0


def test_a_rematch_keeps_the_no_show_and_counts_the_freed_slot_rematched(
    world: Any, make_organization: Any, make_membership: Any, make_scheduled_meeting: Any
) -> None:
    epsilon = make_membership(make_organization(world.event, "EPS"), role="lead")
    zeta = make_membership(make_organization(world.event, "ZETA"), role="lead")
    no_show = make_scheduled_meeting(
        world.event, first=world.beta_lead, second=epsilon, slot=2, table=1
    )
    now = no_show.slot.start + timedelta(minutes=5)
    report_no_show(meeting=no_show, user=world.beta_lead.user, now=now)
    proposal = propose_meeting(
        sender=world.beta_lead,
        partner=zeta.organization,
        slot=no_show.slot,
        user=world.beta_lead.user,
        now=now,
    )
    accept_proposal(proposal=proposal, membership=zeta, now=now)

    figures = program_figures(event=world.event, now=now)

    # m1 and m2, and the re-matched meeting; the closed no-show is a no-show, not a meeting.
    assert (figures.meetings, figures.no_shows, figures.rematched) == (3, 1, 1)
    day = next(
        phase
        for phase in build_command_center(event=world.event, now=now).phases
        if phase.key == "day"
    )
    assert "1 freed slot re-matched on the day" in day.figures


def test_requests_close_to_the_deadline_are_about_to_expire(world: Any) -> None:
    world.event.request_deadline = NOW + timedelta(hours=20)
    world.event.save(update_fields=["request_deadline"])

    figures = program_figures(event=world.event, now=NOW)

    assert figures.expiring == 2


def test_problems_link_to_what_fixes_them(world: Any) -> None:
    center = build_command_center(event=world.event, now=NOW)

    links = {problem.key: problem.action.url for problem in center.problems}
    assert links["no_survey"] == "/e/program-summit/program/reminders/?segment=no_survey"
    assert links["pending_long"] == (
        "/e/program-summit/program/reminders/?segment=requests_to_answer"
    )
    assert links["not_recorded"] == "/e/program-summit/lounge/"
    assert links["feedback_due"] == "/e/program-summit/program/reminders/?segment=feedback_due"
    texts = {problem.key: problem.text for problem in center.problems}
    assert texts["no_survey"] == "2 organizations have not submitted their survey."
    assert texts["pending_long"] == "1 request has waited for an answer for more than 3 days."


def test_phases_are_in_order_with_one_current(world: Any) -> None:
    published = timezone.now() - timedelta(hours=1)
    ScheduleRun.objects.create(
        event=world.event, status="done", published_at=published, finished_at=published
    )

    center = build_command_center(event=world.event, now=NOW)

    assert tuple(phase.key for phase in center.phases) == PHASES
    # The first day has started: the day is the current phase.
    assert center.current == "day"
    states = {phase.key: phase.state for phase in center.phases}
    assert states == {
        "setup": "done",
        "survey": "done",
        "matching": "done",
        "requests": "done",
        "schedule": "done",
        "day": "current",
        "outcomes": "upcoming",
    }
    survey = next(phase for phase in center.phases if phase.key == "survey")
    assert survey.figures == ("2 of 4 surveys submitted",)
    assert center.next_text == "2 meetings have ended without a check-in or a no-show."


def test_current_phase_follows_the_calendar(world: Any) -> None:
    before = build_command_center(event=world.event, now=NOW - timedelta(days=10))
    after = build_command_center(event=world.event, now=NOW + timedelta(days=3))

    assert before.current == "requests"
    assert after.current == "outcomes"
    assert after.next_step.url == "/e/program-summit/program/reminders/?segment=feedback_due"


def test_on_a_summit_day_without_a_published_schedule_the_draft_comes_first(
    world: Any,
) -> None:
    run = ScheduleRun.objects.create(event=world.event, status="done", finished_at=timezone.now())

    center = build_command_center(event=world.event, now=NOW)

    assert center.current == "schedule"
    assert center.next_step.url == f"/e/program-summit/schedule/runs/{run.pk}/"
    assert center.next_text == "A draft schedule is ready: review it and publish it."


def test_a_finished_draft_is_the_next_step_once_requests_close(world: Any) -> None:
    world.event.request_deadline = NOW - timedelta(days=5)
    world.event.save(update_fields=["request_deadline"])
    run = ScheduleRun.objects.create(event=world.event, status="done", finished_at=timezone.now())

    center = build_command_center(event=world.event, now=NOW - timedelta(days=2))

    assert center.current == "schedule"
    assert center.next_step.url == f"/e/program-summit/schedule/runs/{run.pk}/"


def test_changes_since_publication_count_moves_cancellations_and_additions(
    world: Any, make_scheduled_meeting: Any
) -> None:
    published = timezone.now() - timedelta(hours=1)
    run = ScheduleRun.objects.create(
        event=world.event, status="done", published_at=published, finished_at=published
    )
    ScheduledMeeting.objects.update(created=published, updated=published, published_by_run=run)
    # m1 moved since; m2 cancelled since; one meeting added by a later change.
    ScheduledMeeting.objects.filter(pk=world.m1.pk).update(sequence=1, updated=timezone.now())
    ScheduledMeeting.objects.filter(pk=world.m2.pk).update(
        status="cancelled", updated=timezone.now()
    )
    make_scheduled_meeting(world.event, slot=3, table=3)

    figures = program_figures(event=world.event, now=NOW)

    assert figures.changes_since == 3
    schedule = next(
        phase
        for phase in build_command_center(event=world.event, now=NOW).phases
        if phase.key == "schedule"
    )
    assert schedule.figures[0].endswith("3 changes since")


def test_checking_in_after_publication_is_not_a_change(world: Any) -> None:
    published = timezone.now() - timedelta(hours=1)
    run = ScheduleRun.objects.create(
        event=world.event, status="done", published_at=published, finished_at=published
    )
    ScheduledMeeting.objects.update(created=published, updated=published, published_by_run=run)
    now = timezone.now()
    ScheduledMeeting.objects.filter(pk=world.m1.pk).update(
        attendance="checked_in", attendance_recorded_at=now, updated=now
    )

    assert program_figures(event=world.event, now=NOW).changes_since == 0


def test_command_center_queries_do_not_grow_with_the_event(
    world: Any, make_scheduled_meeting: Any, make_organization: Any
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_command_center(event=world.event, now=NOW)
        return len(captured)

    small = queries()
    for slot in (2, 3, 4):
        make_scheduled_meeting(world.event, slot=slot, table=3)
    make_organization(world.event, survey_status="draft")

    assert queries() == small


def test_matching_shows_the_last_result_while_computing_again(world: Any) -> None:
    RecomputeRun.objects.create(
        event=world.event,
        status="done",
        progress=100,
        organizations=4,
        recommendations=12,
        finished=timezone.now(),
    )
    RecomputeRun.objects.create(event=world.event, status="running", progress=40)

    matching = next(
        phase
        for phase in build_command_center(event=world.event, now=NOW).phases
        if phase.key == "matching"
    )

    assert matching.figures[1:] == (
        "12 recommendations for 4 organizations",
        "Computing the recommendations: 40%",
    )


def test_organizations_without_a_survey_are_a_problem_before_the_days_are_set(
    make_event: Any, make_organization: Any, organizer: Any
) -> None:
    event = make_event(days=0, tables=0, organizer=organizer)
    make_organization(event, survey_status="draft")

    center = build_command_center(event=event, now=NOW)

    assert center.current == "setup"
    assert [problem.key for problem in center.problems] == ["no_survey"]
