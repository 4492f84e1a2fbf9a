"""Check-in and no-shows: the time window, who may, either side's reports, corrections."""

from __future__ import annotations

from datetime import timedelta

import pytest

from summit.lounge.domain.attendance import (
    attendance_history,
    check_in_meeting,
    check_in_window,
    meeting_actions,
    meeting_role,
    meetings_of_day,
    report_no_show,
    reset_attendance,
)
from summit.lounge.domain.errors import LoungeError, NotAllowed
from summit.scheduling.models import ScheduledMeeting

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _start(meeting):
    return meeting.slot.start


def test_check_in_window_runs_from_30_minutes_before_to_the_end_of_the_day(meeting):
    opens, closes = check_in_window(meeting=meeting)
    # 09:00 in Seoul on 2026-10-06 = 00:00 UTC; the day ends at midnight in Seoul.
    assert opens == _start(meeting) - timedelta(minutes=30)
    assert closes == _start(meeting) + timedelta(hours=15)


def test_check_in_before_the_window_is_refused_with_the_opening_time(meeting, participant):
    with pytest.raises(LoungeError) as refused:
        check_in_meeting(
            meeting=meeting, user=participant, now=_start(meeting) - timedelta(minutes=31)
        )
    assert refused.value.messages == [
        "Check-in opens at 08:30 on Tue, 6 Oct 2026, 30 minutes before the meeting starts (09:00)."
    ]
    meeting.refresh_from_db()
    assert meeting.attendance == "expected"


def test_check_in_at_the_opening_of_the_window_records_who_and_when(meeting, participant):
    now = _start(meeting) - timedelta(minutes=30)
    check_in_meeting(meeting=meeting, user=participant, now=now)
    meeting.refresh_from_db()
    assert meeting.attendance == "checked_in"
    assert meeting.attendance_recorded_at == now
    assert meeting.attendance_recorded_by == participant
    [change] = attendance_history(meeting=meeting)
    assert (change.attendance, change.role, change.recorded_by, change.overridden) == (
        "checked_in",
        "participant",
        participant,
        False,
    )


def test_check_in_after_the_end_of_the_day_is_refused(meeting, beta):
    _opens, closes = check_in_window(meeting=meeting)
    check_in_meeting(meeting=meeting, user=beta.user, now=closes - timedelta(seconds=1))
    meeting.refresh_from_db()
    assert meeting.attendance == "checked_in"
    reset_attendance(meeting=meeting, user=meeting.event.organizers.get().user)
    with pytest.raises(LoungeError) as refused:
        check_in_meeting(meeting=meeting, user=beta.user, now=closes)
    assert refused.value.messages == [
        "Check-in closed at the end of the meeting's day (Tue, 6 Oct 2026)."
    ]


def test_check_in_by_organizer_override_outside_the_window_is_marked(meeting, organizer):
    late = _start(meeting) + timedelta(days=3)
    with pytest.raises(LoungeError) as refused:
        check_in_meeting(meeting=meeting, user=organizer, now=late)
    assert refused.value.code == "overridable"
    check_in_meeting(meeting=meeting, user=organizer, now=late, override=True)
    meeting.refresh_from_db()
    assert meeting.attendance == "checked_in"
    [change] = attendance_history(meeting=meeting)
    assert (change.role, change.overridden) == ("organizer", True)


def test_check_in_override_is_ignored_for_participants(meeting, participant):
    with pytest.raises(LoungeError):
        check_in_meeting(
            meeting=meeting,
            user=participant,
            now=_start(meeting) + timedelta(days=1),
            override=True,
        )


def test_check_in_by_someone_outside_the_meeting_is_not_allowed(
    meeting, outsider, other_participant
):
    for user in (outsider, other_participant):
        with pytest.raises(NotAllowed):
            check_in_meeting(meeting=meeting, user=user, now=_start(meeting))


def test_check_in_by_a_colleague_without_a_seat_is_allowed(
    meeting, beta, make_membership, make_user
):
    colleague = make_membership(beta.organization, make_user("colleague")).user
    assert meeting_role(meeting=meeting, user=colleague) == "participant"
    check_in_meeting(meeting=meeting, user=colleague, now=_start(meeting))
    meeting.refresh_from_db()
    assert meeting.attendance == "checked_in"


def test_check_in_twice_keeps_the_first_record(meeting, participant, beta):
    check_in_meeting(meeting=meeting, user=participant, now=_start(meeting))
    check_in_meeting(meeting=meeting, user=beta.user, now=_start(meeting) + timedelta(minutes=5))
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_by == participant
    assert len(attendance_history(meeting=meeting)) == 1


def test_check_in_of_a_cancelled_meeting_is_refused(make_scheduled_meeting, event, acme, beta):
    cancelled = make_scheduled_meeting(event, first=acme, second=beta, status="cancelled")
    with pytest.raises(LoungeError) as refused:
        check_in_meeting(meeting=cancelled, user=acme.user, now=_start(cancelled))
    assert refused.value.messages == ["This meeting was cancelled."]


def test_no_show_before_the_start_is_refused(meeting, participant):
    with pytest.raises(LoungeError) as refused:
        report_no_show(
            meeting=meeting, user=participant, now=_start(meeting) - timedelta(minutes=1)
        )
    assert refused.value.messages == [
        "A no-show can be reported once the meeting has started (at 09:00 on Tue, 6 Oct 2026)."
    ]


@pytest.mark.parametrize("reporter", ["acme", "beta"])
def test_no_show_by_either_side_names_the_other_side(meeting, acme, beta, reporter):
    me, other = (acme, beta) if reporter == "acme" else (beta, acme)
    report_no_show(meeting=meeting, user=me.user, now=_start(meeting) + timedelta(minutes=10))
    meeting.refresh_from_db()
    assert meeting.attendance == "no_show"
    assert meeting.absent_organization == other.organization
    assert meeting.attendance_recorded_by == me.user


def test_no_show_reported_by_both_sides_against_each_other_is_unknown(meeting, acme, beta):
    report_no_show(meeting=meeting, user=acme.user, now=_start(meeting) + timedelta(minutes=10))
    report_no_show(meeting=meeting, user=beta.user, now=_start(meeting) + timedelta(minutes=12))
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.absent_organization) == ("no_show", None)
    assert [c.absent_organization_id for c in attendance_history(meeting=meeting)] == [
        beta.organization_id,
        None,
    ]


def test_no_show_participant_names_the_other_side_whatever_they_ask(meeting, acme, beta):
    report_no_show(
        meeting=meeting,
        user=acme.user,
        absent_organization_id=acme.organization_id,
        now=_start(meeting) + timedelta(minutes=10),
    )
    meeting.refresh_from_db()
    assert meeting.absent_organization == beta.organization


def test_no_show_after_the_other_side_checked_in_is_refused(meeting, acme, beta):
    check_in_meeting(meeting=meeting, user=beta.user, now=_start(meeting))
    with pytest.raises(LoungeError) as refused:
        report_no_show(meeting=meeting, user=acme.user, now=_start(meeting) + timedelta(minutes=10))
    assert "ask the organizers to correct it" in refused.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.attendance == "checked_in"


def test_no_show_after_checking_in_alone_is_allowed(meeting, acme, beta):
    check_in_meeting(meeting=meeting, user=acme.user, now=_start(meeting))
    report_no_show(meeting=meeting, user=acme.user, now=_start(meeting) + timedelta(minutes=15))
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.absent_organization) == ("no_show", beta.organization)


def test_no_show_by_someone_outside_the_meeting_is_not_allowed(meeting, outsider):
    with pytest.raises(NotAllowed):
        report_no_show(meeting=meeting, user=outsider, now=_start(meeting) + timedelta(minutes=5))


def test_participant_cannot_check_in_after_a_no_show_but_an_organizer_corrects_it(
    meeting, acme, beta, organizer
):
    report_no_show(meeting=meeting, user=acme.user, now=_start(meeting) + timedelta(minutes=10))
    with pytest.raises(LoungeError) as refused:
        check_in_meeting(
            meeting=meeting, user=beta.user, now=_start(meeting) + timedelta(minutes=12)
        )
    assert "ask the organizers" in refused.value.messages[0]
    check_in_meeting(meeting=meeting, user=organizer, now=_start(meeting) + timedelta(minutes=14))
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.absent_organization, meeting.attendance_recorded_by) == (
        "checked_in",
        None,
        organizer,
    )
    assert [(c.attendance, c.role) for c in attendance_history(meeting=meeting)] == [
        ("no_show", "participant"),
        ("checked_in", "organizer"),
    ]


@pytest.mark.parametrize("side", ["acme", "beta", "both"])
def test_organizer_marks_one_side_or_both_absent(meeting, acme, beta, organizer, side):
    absent = {"acme": acme.organization, "beta": beta.organization, "both": None}[side]
    report_no_show(
        meeting=meeting,
        user=organizer,
        absent_organization_id=absent.pk if absent else None,
        now=_start(meeting) + timedelta(minutes=5),
    )
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.absent_organization) == ("no_show", absent)


def test_organizer_cannot_name_a_third_organization_absent(meeting, organizer, outsider):
    third = outsider.memberships.get().organization
    with pytest.raises(LoungeError) as refused:
        report_no_show(
            meeting=meeting,
            user=organizer,
            absent_organization_id=third.pk,
            now=_start(meeting) + timedelta(minutes=5),
        )
    assert refused.value.messages == ["Choose one of the meeting's two organizations, or both."]


def test_reset_attendance_is_for_organizers_only(meeting, acme, organizer):
    check_in_meeting(meeting=meeting, user=acme.user, now=_start(meeting))
    with pytest.raises(NotAllowed):
        reset_attendance(meeting=meeting, user=acme.user)
    reset_attendance(meeting=meeting, user=organizer, now=_start(meeting) + timedelta(minutes=1))
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.attendance_recorded_by) == ("expected", organizer)


def test_meeting_actions_follow_the_clock(meeting, acme):
    role = meeting_role(meeting=meeting, user=acme.user)
    before = meeting_actions(meeting=meeting, role=role, now=_start(meeting) - timedelta(hours=1))
    during = meeting_actions(meeting=meeting, role=role, now=_start(meeting) + timedelta(minutes=1))
    assert (before.can_check_in, before.can_report_no_show) == (False, False)
    assert (during.can_check_in, during.can_report_no_show) == (True, True)
    assert before.check_in.overridable is True
    assert during.can_edit_video is False  # table 1 is not a virtual table


def test_meetings_of_day_names_the_other_side(meeting, acme, beta):
    day = meeting.slot.session.day
    [found] = meetings_of_day(organization_id=acme.organization_id, day=day)
    assert (found, found.other) == (meeting, beta.organization)
    [found] = meetings_of_day(organization_id=beta.organization_id, day=day)
    assert found.other == acme.organization


def test_meetings_of_day_leaves_out_cancelled_meetings(meeting, acme):
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(status="cancelled")
    assert meetings_of_day(organization_id=acme.organization_id, day=meeting.slot.session.day) == []


def test_meeting_actions_offer_no_show_after_a_check_in_only_to_who_made_it(meeting, acme, beta):
    meeting = check_in_meeting(meeting=meeting, user=acme.user, now=_start(meeting))
    later = _start(meeting) + timedelta(minutes=10)
    mine = meeting_actions(meeting=meeting, role="participant", now=later, user_id=acme.user.pk)
    theirs = meeting_actions(meeting=meeting, role="participant", now=later, user_id=beta.user.pk)
    assert (mine.can_report_no_show, theirs.can_report_no_show) == (True, False)
