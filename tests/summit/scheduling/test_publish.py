"""Publishing a run: the diff against the published schedule, all-or-nothing, e-mails once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from summit.events.models import Slot, Table
from summit.meetings.domain.availability import set_unavailable
from summit.meetings.models import MeetingRequest
from summit.scheduling.domain.errors import ScheduleConflict
from summit.scheduling.domain.publish import plan_publication, publish_run
from summit.scheduling.models import MeetingSeat, ScheduledMeeting, ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def accepted(event: Any, make_organization: Any, make_membership: Any, make_user: Any) -> Any:
    """An accepted request between two new organizations (no meeting yet); returns it with
    its two people as ``.people``."""

    def make(name_a: str = "", name_b: str = "", first: Any = None, second: Any = None) -> Any:
        first = first or make_membership(
            make_organization(event, name=name_a or None),
            make_user(first_name="Ann", last_name=name_a or "A"),
            role="lead",
        )
        second = second or make_membership(
            make_organization(event, name=name_b or None),
            make_user(first_name="Ben", last_name=name_b or "B"),
            role="lead",
        )
        low, high = sorted([first.organization_id, second.organization_id])
        request = MeetingRequest.objects.create(
            event=event,
            sender=first,
            sender_organization_id=first.organization_id,
            receiver_organization_id=second.organization_id,
            receiver_person=second,
            low_organization_id=low,
            high_organization_id=high,
            status="accepted",
            answered_by=second,
            answered_by_organization_id=second.organization_id,
        )
        request.people = (first, second)
        return request

    return make


def _row(request: Any, slot: Slot, table: Table, people: Any = None) -> dict[str, Any]:
    people = people or request.people
    return {
        "request": request.pk,
        "slot": slot.pk,
        "table": table.pk,
        "attendees": [p.pk for p in people],
    }


def _run(event: Any, rows: list[dict[str, Any]], **options: Any) -> ScheduleRun:
    return ScheduleRun.objects.create(
        event=event, status="done", assignments=rows, options=options or {}
    )


def _people_of(meeting: ScheduledMeeting) -> Any:
    seats = meeting.seats.select_related("membership").order_by("pk")
    return tuple(seat.membership for seat in seats)


def test_publish_run_creates_new_meetings_with_seats(
    event, organizer, accepted, slots, tables, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = accepted("Alpha", "Beta"), accepted("Gamma", "Delta")
    run = _run(event, [_row(first, slots[0], tables[0]), _row(second, slots[0], tables[1])])
    with django_capture_on_commit_callbacks(execute=True):
        result = publish_run(run=run, user=organizer)
    assert (result.created, result.moved, result.cancelled, result.unchanged) == (2, 0, 0, 0)
    meeting = ScheduledMeeting.objects.get(meeting_request=first)
    assert (meeting.slot, meeting.table, meeting.status, meeting.sequence) == (
        slots[0],
        tables[0],
        "scheduled",
        0,
    )
    assert meeting.published_by_run == run
    seats = MeetingSeat.objects.filter(meeting=meeting, active=True, slot=slots[0])
    assert {s.membership_id for s in seats} == {p.pk for p in first.people}
    run.refresh_from_db()
    assert run.published_by == organizer
    assert run.published_at is not None
    assert len(mailoutbox) == 4


def test_publish_run_diff_keeps_unchanged_moves_and_cancels(
    event, organizer, accepted, make_scheduled_meeting, slots, tables
):
    unchanged = make_scheduled_meeting(event, slot=0, table=1)
    moving = make_scheduled_meeting(event, slot=1, table=1)
    dropped = make_scheduled_meeting(event, slot=2, table=1)
    dropped.meeting_request.status = "cancelled"
    dropped.meeting_request.save()
    fresh = accepted()
    uids = {m.pk: m.uid for m in (unchanged, moving, dropped)}
    rows = [
        _row(unchanged.meeting_request, slots[0], tables[0], _people_of(unchanged)),
        _row(moving.meeting_request, slots[3], tables[2], _people_of(moving)),
        _row(fresh, slots[1], tables[0]),
    ]
    run = _run(event, rows, movable_published=True)
    plan = plan_publication(run=run)
    assert plan.problems == []
    assert (len(plan.new), len(plan.moved), len(plan.unchanged), len(plan.cancelled)) == (
        1,
        1,
        1,
        1,
    )
    assert plan.affected_people == {
        *(p.pk for p in _people_of(moving)),
        *(p.pk for p in _people_of(dropped)),
        *(p.pk for p in fresh.people),
    }
    result = publish_run(run=run, user=organizer)
    assert (result.created, result.moved, result.unchanged, result.cancelled) == (1, 1, 1, 1)
    for meeting in (unchanged, moving, dropped):
        meeting.refresh_from_db()
        assert meeting.uid == uids[meeting.pk]
    assert (unchanged.sequence, unchanged.slot_id, unchanged.published_by_run) == (
        0,
        slots[0].pk,
        None,
    )
    assert (moving.sequence, moving.slot_id, moving.table_id) == (1, slots[3].pk, tables[2].pk)
    assert set(moving.seats.values_list("slot_id", "active")) == {(slots[3].pk, True)}
    assert (dropped.status, dropped.sequence) == ("cancelled", 1)
    assert not dropped.seats.filter(active=True).exists()


def test_publish_run_swaps_two_meetings_without_constraint_errors(
    event, organizer, make_scheduled_meeting, slots, tables
):
    first = make_scheduled_meeting(event, slot=0, table=1)
    second = make_scheduled_meeting(event, slot=0, table=2)
    rows = [
        _row(first.meeting_request, slots[0], tables[1], _people_of(first)),
        _row(second.meeting_request, slots[0], tables[0], _people_of(second)),
    ]
    result = publish_run(run=_run(event, rows, movable_published=True), user=organizer)
    assert result.moved == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.table, second.table) == (tables[1], tables[0])


def test_publish_run_keeps_published_meeting_missing_from_a_pinned_run(
    event, organizer, accepted, make_scheduled_meeting, slots, tables
):
    later = make_scheduled_meeting(event, slot=0, table=1)
    run = _run(event, [_row(accepted(), slots[1], tables[0])])
    result = publish_run(run=run, user=organizer)
    later.refresh_from_db()
    assert (result.kept, result.cancelled, later.status, later.sequence) == (1, 0, "scheduled", 0)


def test_publish_run_full_replan_cancels_meetings_it_leaves_out(
    event, organizer, accepted, make_scheduled_meeting, slots, tables
):
    old = make_scheduled_meeting(event, slot=0, table=1)
    run = _run(event, [_row(accepted(), slots[1], tables[0])], pin_published=False)
    result = publish_run(run=run, user=organizer)
    old.refresh_from_db()
    assert (result.cancelled, old.status) == (1, "cancelled")


def test_publish_run_stale_request_publishes_nothing_and_names_the_meeting(
    event, organizer, accepted, slots, tables, mailoutbox
):
    good, stale = accepted("Alpha", "Beta"), accepted("Gamma", "Delta")
    run = _run(event, [_row(good, slots[0], tables[0]), _row(stale, slots[1], tables[0])])
    MeetingRequest.objects.filter(pk=stale.pk).update(status="declined")
    with pytest.raises(ScheduleConflict) as error:
        publish_run(run=run, user=organizer)
    assert error.value.problems == [
        "Gamma – Delta: the request is declined now, no longer accepted."
    ]
    assert not ScheduledMeeting.objects.exists()
    assert not MeetingSeat.objects.exists()
    run.refresh_from_db()
    assert run.published_at is None
    assert mailoutbox == []


def test_publish_run_refuses_a_meeting_moved_after_the_run(
    event, organizer, make_scheduled_meeting, slots, tables
):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    run = _run(event, [_row(meeting.meeting_request, slots[0], tables[0], _people_of(meeting))])
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(table=tables[3])
    with pytest.raises(ScheduleConflict) as error:
        publish_run(run=run, user=organizer)
    assert "after this run was computed" in error.value.problems[0]


def test_publish_run_refuses_conflicts_with_the_published_schedule(
    event, organizer, accepted, make_scheduled_meeting, slots, tables
):
    published = make_scheduled_meeting(event, slot=0, table=1)
    person = _people_of(published)[0]
    newcomer = accepted("Alpha", "Beta", first=None)
    clash = accepted("Gamma", "Delta", first=person)
    rows = [_row(newcomer, slots[0], tables[0]), _row(clash, slots[0], tables[1])]
    with pytest.raises(ScheduleConflict) as error:
        publish_run(run=_run(event, rows), user=organizer)
    problems = error.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("Table 1 at ")
    assert "is given to both" in problems[0]
    assert "would be in two meetings at" in problems[1]
    assert ScheduledMeeting.objects.count() == 1


def test_publish_run_refuses_unavailable_person_and_departed_member(
    event, organizer, accepted, slots, tables, make_membership, make_organization
):
    request = accepted("Alpha", "Beta")
    set_unavailable(membership=request.people[1], slot_id=slots[2].pk, unavailable=True)
    other = accepted("Gamma", "Delta")
    stranger = make_membership(make_organization(event))
    rows = [
        _row(request, slots[2], tables[0]),
        _row(other, slots[3], tables[0], (other.people[0], stranger)),
    ]
    run = _run(event, rows)
    problems = plan_publication(run=run).problems
    assert len(problems) == 2
    assert problems[0].endswith("no longer belongs to either organization.")
    assert "Ben Beta" in problems[1]
    assert "is not available at" in problems[1]


def test_publish_run_twice_is_refused(event, organizer, accepted, slots, tables):
    run = _run(event, [_row(accepted(), slots[0], tables[0])])
    publish_run(run=run, user=organizer)
    with pytest.raises(ScheduleConflict) as error:
        publish_run(run=run, user=organizer)
    assert error.value.problems == ["This run has been published already."]


def test_publish_run_by_a_participant_is_denied(event, participant, accepted, slots, tables):
    run = _run(event, [_row(accepted(), slots[0], tables[0])])
    with pytest.raises(PermissionDenied):
        publish_run(run=run, user=participant)


def test_publish_run_proposed_pair_becomes_an_arranged_request(
    event, organizer, make_organization, make_membership, slots, tables
):
    first = make_membership(make_organization(event), role="lead")
    second = make_membership(make_organization(event), role="lead")
    pending = MeetingRequest.objects.create(
        event=event,
        sender=first,
        sender_organization=first.organization,
        receiver_organization=second.organization,
        low_organization_id=min(first.organization_id, second.organization_id),
        high_organization_id=max(first.organization_id, second.organization_id),
    )
    row = {
        "request": None,
        "pair": sorted([first.organization_id, second.organization_id]),
        "slot": slots[0].pk,
        "table": tables[0].pk,
        "attendees": [first.pk, second.pk],
    }
    result = publish_run(run=_run(event, [row]), user=organizer)
    assert (result.created, result.arranged) == (1, 1)
    meeting = ScheduledMeeting.objects.get()
    arranged = meeting.meeting_request
    assert (arranged.kind, arranged.status, arranged.arranged_by) == (
        "organizer_arranged",
        "accepted",
        organizer,
    )
    pending.refresh_from_db()
    assert pending.status == "cancelled"


def test_publish_run_refuses_an_excluded_pair(
    event, organizer, make_organization, make_membership, slots, tables
):
    first_org = make_organization(event, name="Alpha")
    second_org = make_organization(event, name="Beta", excluded_partners=[first_org.org_id])
    first = make_membership(first_org, role="lead")
    second = make_membership(second_org, role="lead")
    row = {
        "request": None,
        "pair": [first_org.pk, second_org.pk],
        "slot": slots[0].pk,
        "table": tables[0].pk,
        "attendees": [first.pk, second.pk],
    }
    with pytest.raises(ScheduleConflict) as error:
        publish_run(run=_run(event, [row]), user=organizer)
    assert error.value.problems == [
        "Alpha – Beta: the two organizations are excluded from meeting each other."
    ]
    assert not MeetingRequest.objects.exists()


def test_publish_run_emails_each_person_once_with_all_changes(
    event,
    organizer,
    accepted,
    make_membership,
    make_organization,
    slots,
    tables,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    busy = make_membership(make_organization(event, name="Busy Bio"), role="lead")
    rows = [
        _row(accepted(name_b="Alpha", first=busy), slots[0], tables[0]),
        _row(accepted(name_b="Gamma", first=busy), slots[1], tables[0]),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = publish_run(run=_run(event, rows), user=organizer)
    assert result.notified == 3
    to_busy = [mail for mail in mailoutbox if mail.to == [busy.user.email]]
    assert len(mailoutbox) == 3
    assert len(to_busy) == 1
    assert to_busy[0].subject == "Your meeting schedule at Bio Summit has changed"
    assert to_busy[0].body.count("Table 1") == 2


def test_publish_run_moved_meeting_email_shows_old_and_new_place(
    event,
    organizer,
    make_scheduled_meeting,
    slots,
    tables,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    meeting = make_scheduled_meeting(event, slot=0, table=1)
    rows = [_row(meeting.meeting_request, slots[1], tables[2], _people_of(meeting))]
    with django_capture_on_commit_callbacks(execute=True):
        publish_run(run=_run(event, rows, movable_published=True), user=organizer)
    assert len(mailoutbox) == 2
    body = mailoutbox[0].body
    assert "Moved meetings:" in body
    assert "09:00, Table 1 → " in body
    assert "09:30, Table 3" in body


def test_publish_run_many_people_go_to_the_task_queue(
    event,
    organizer,
    accepted,
    slots,
    tables,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rows = [_row(accepted(), slots[i % 6], tables[i // 6]) for i in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        publish_run(run=_run(event, rows), user=organizer)
    assert mailoutbox == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "summit.scheduling.tasks.send_schedule_notifications"
    assert len(task.args_kwargs["args"][1]) == 12


def test_publish_run_emails_in_the_recipients_language(
    event,
    organizer,
    make_user,
    make_membership,
    make_organization,
    accepted,
    slots,
    tables,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    korean = make_membership(make_organization(event), make_user(language="ko"), role="lead")
    request = accepted(first=korean)
    with django_capture_on_commit_callbacks(execute=True):
        publish_run(run=_run(event, [_row(request, slots[0], tables[0])]), user=organizer)
    to_korean = next(mail for mail in mailoutbox if mail.to == [korean.user.email])
    assert to_korean.subject == "바이오 서밋 미팅 일정이 바뀌었습니다"
    assert "새 미팅:" in to_korean.body
    assert "테이블 1" in to_korean.body
