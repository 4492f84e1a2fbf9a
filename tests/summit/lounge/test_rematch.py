"""Same-day re-matching: who is free and how they rank, proposals, acceptance that books the
table, and the refusals (slot over, table or person taken, already answered)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from summit.agenda.domain.agenda import agenda_of_person
from summit.agenda.interfaces.ical import agenda_calendar
from summit.lounge.domain.attendance import report_no_show
from summit.lounge.domain.errors import LoungeError, NotAllowed
from summit.lounge.domain.rematch import (
    accept_proposal,
    decline_proposal,
    freed_people,
    propose_meeting,
    slot_options,
    withdraw_proposal,
)
from summit.matching.models import Dismissal, Recommendation
from summit.meetings.domain.parties import party_fields
from summit.meetings.models import MeetingRequest
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


@pytest.fixture
def day(
    event,
    acme,
    beta,
    meeting,
    make_organization,
    make_membership,
    make_user,
    make_scheduled_meeting,
):
    """Beta did not come to its 09:00 meeting with Acme (table 1); it is 09:05. Delta (the
    recommender's pick for Acme) and Gamma are free; Epsilon meets Zeta at table 2."""
    now = meeting.slot.start + timedelta(minutes=5)
    report_no_show(meeting=meeting, user=acme.user, now=now)

    def member(code, name, username):
        organization = make_organization(event, code, name=name)
        return make_membership(organization, make_user(username), role="lead")

    delta = member("DELTA", "Delta Bio", "dora")
    gamma = member("GAMMA", "Gamma Pharma", "gil")
    epsilon = member("EPS", "Epsilon Cells", "eve")
    zeta = member("ZETA", "Zeta Devices", "zed")
    Recommendation.objects.create(
        event=event,
        organization=acme.organization,
        partner=delta.organization,
        rank=1,
        score=0.8,
        reasons_en=["Delta Bio seeks a licensing partner in oncology."],
        reasons_ko=["델타 바이오는 종양학 라이선스 파트너를 찾습니다."],
        computed_at=now,
    )
    # Epsilon would rank higher, but it is in a meeting at 09:00.
    Recommendation.objects.create(
        event=event,
        organization=acme.organization,
        partner=epsilon.organization,
        rank=2,
        score=0.9,
        computed_at=now,
    )
    busy = make_scheduled_meeting(event, first=epsilon, second=zeta, slot=0, table=2)
    return SimpleNamespace(
        now=now, delta=delta, gamma=gamma, epsilon=epsilon, zeta=zeta, busy=busy, slot=meeting.slot
    )


def _names(option):
    return [candidate.organization.name for candidate in option.candidates]


def test_slot_options_rank_the_recommended_free_partner_first(acme, meeting, day):
    options = slot_options(membership=acme, now=day.now)
    first = options[0]
    assert first.slot == day.slot
    assert first.freed_by == meeting
    # Acme sits alone at table 1 (the no-show) and stays there; table 2 holds Epsilon × Zeta,
    # 3 and 4 are free.
    assert (first.table.number, first.free_tables) == (1, 3)
    assert _names(first) == ["Delta Bio", "Gamma Pharma"]
    assert first.candidates[0].recommended
    assert first.candidates[0].reasons == ["Delta Bio seeks a licensing partner in oncology."]
    assert not first.candidates[1].recommended
    # The next slots of the morning where Acme is free; Epsilon is free again at 09:30.
    assert [o.slot.start - day.slot.start for o in options[1:]] == [
        timedelta(minutes=30),
        timedelta(minutes=60),
    ]
    assert _names(options[1])[:2] == ["Epsilon Cells", "Delta Bio"]


def test_slot_options_leave_out_the_absent_the_dismissed_and_those_in_touch(
    event, acme, beta, day, make_organization, make_membership, make_user
):
    Dismissal.objects.create(
        event=event, organization=day.gamma.organization, partner=acme.organization
    )
    touching = make_membership(make_organization(event, "TOUCH", name="Touch Bio"), make_user())
    MeetingRequest.objects.create(
        event=event,
        sender=acme,
        **party_fields(acme.organization_id, touching.organization_id),
    )
    names = _names(slot_options(membership=acme, now=day.now)[0])
    assert names == ["Delta Bio"]  # Beta is away, Gamma dismissed Acme, Touch has a request


def test_an_absent_organization_is_free_again_once_it_checks_in_later(
    event, acme, beta, day, make_scheduled_meeting
):
    later = make_scheduled_meeting(event, first=beta, second=day.zeta, slot=1, table=1)
    later.attendance = "checked_in"
    later.save()
    options = slot_options(membership=day.delta, now=day.now)
    # At 09:00 Beta is away; from its 09:30 check-in on it is back (busy at 09:30 itself).
    assert "Beta Therapeutics" not in _names(options[0])
    assert "Beta Therapeutics" in _names(options[2])


def test_freed_people_of_a_no_show_are_the_side_that_came(meeting, acme):
    meeting.refresh_from_db()
    assert freed_people(meeting=meeting) == []
    report_no_show(meeting=meeting, user=acme.user, now=meeting.slot.start)
    meeting.refresh_from_db()
    assert freed_people(meeting=meeting) == [acme]


def test_propose_then_accept_replaces_the_no_show_at_the_senders_table(
    acme, beta, meeting, day, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose_meeting(
            sender=acme,
            partner=day.delta.organization,
            slot=day.slot,
            user=acme.user,
            now=day.now,
        )
    assert (proposal.status, proposal.table.number, proposal.to_person) == (
        "pending",
        1,
        day.delta,
    )
    assert proposal.score == 0.8
    assert proposal.freed_meeting == meeting
    [mail] = mailoutbox
    assert mail.to == ["dora@example.org"]
    assert mail.subject == "Meet Acme Biologics today at 09:00?"
    assert f"/lounge/proposal/{proposal.uid}/" in mail.body

    with django_capture_on_commit_callbacks(execute=True):
        booked = accept_proposal(proposal=proposal, membership=day.delta, now=day.now)

    assert (booked.slot, booked.table.number, booked.status) == (day.slot, 1, "scheduled")
    request = booked.meeting_request
    assert (request.status, request.sender, request.answered_by) == ("accepted", acme, day.delta)
    seats = MeetingSeat.objects.filter(meeting=booked, active=True)
    assert {s.membership for s in seats} == {acme, day.delta}
    # The no-show is closed: cancelled (calendars drop it), who was absent is kept, its table
    # and seats are free and its request ends (late placement will not bring it back).
    meeting.refresh_from_db()
    assert (meeting.status, meeting.attendance, meeting.absent_organization, meeting.sequence) == (
        "cancelled",
        "no_show",
        beta.organization,
        1,
    )
    assert not MeetingSeat.objects.filter(meeting=meeting, active=True).exists()
    assert meeting.meeting_request.status == "cancelled"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.scheduled_meeting) == ("accepted", booked)
    assert booked in [item.meeting for item in agenda_of_person(membership=day.delta)]
    assert booked in [item.meeting for item in agenda_of_person(membership=acme)]
    # Both people get the new meeting by e-mail (with its calendar entry); Beta, who did not
    # come, is told the meeting is cancelled.
    assert sorted(m.to[0] for m in mailoutbox[1:]) == [
        "dora@example.org",
        "kim@example.org",
        "participant@example.org",
    ]
    assert freed_people(meeting=meeting) == [acme]
    # Acme's calendar feed: the no-show cancelled (same UID, next SEQUENCE), the new one in.
    feed = agenda_calendar(
        event=acme.event,
        title="Acme",
        items=agenda_of_person(membership=acme),
        agenda_url="https://example.org/",
    ).decode()
    events = {
        uid: block
        for block in feed.split("BEGIN:VEVENT")[1:]
        for uid in (str(meeting.uid), str(booked.uid))
        if uid in block
    }
    assert "STATUS:CANCELLED" in events[str(meeting.uid)]
    assert "SEQUENCE:1" in events[str(meeting.uid)]
    assert "STATUS:CONFIRMED" in events[str(booked.uid)]


def test_accept_after_the_slot_is_over_is_refused_and_expires(acme, day):
    proposal = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    late = day.slot.end - timedelta(minutes=5)
    with pytest.raises(LoungeError) as refused:
        accept_proposal(proposal=proposal, membership=day.delta, now=late)
    assert refused.value.messages == ["The slot at 09:00 is over."]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.closed_reason) == ("expired", "slot_over")
    with pytest.raises(LoungeError) as again:
        accept_proposal(proposal=proposal, membership=day.delta, now=day.now)
    assert again.value.messages == ["This proposal has expired: the slot is over."]
    assert not ScheduledMeeting.objects.filter(seats__membership=day.delta).exists()


def test_proposing_for_a_slot_that_is_over_is_refused(acme, day):
    with pytest.raises(LoungeError) as refused:
        propose_meeting(
            sender=acme,
            partner=day.delta.organization,
            slot=day.slot,
            user=acme.user,
            now=day.slot.end - timedelta(minutes=9),
        )
    assert refused.value.messages == ["The slot at 09:00 is over."]


def test_accept_when_the_proposed_table_was_taken_uses_another_free_one(
    event, day, make_scheduled_meeting
):
    # Gamma is simply free (no table of its own): it is offered the first free table.
    proposal = propose_meeting(
        sender=day.gamma,
        partner=day.delta.organization,
        slot=day.slot,
        user=day.gamma.user,
        now=day.now,
    )
    assert proposal.table.number == 3
    make_scheduled_meeting(event, slot=0, table=3)
    booked = accept_proposal(proposal=proposal, membership=day.delta, now=day.now)
    assert booked.table.number == 4


def test_accept_when_every_table_is_taken_is_refused(event, day, make_scheduled_meeting):
    proposal = propose_meeting(
        sender=day.gamma,
        partner=day.delta.organization,
        slot=day.slot,
        user=day.gamma.user,
        now=day.now,
    )
    for table in (3, 4):
        make_scheduled_meeting(event, slot=0, table=table)
    with pytest.raises(LoungeError) as refused:
        accept_proposal(proposal=proposal, membership=day.delta, now=day.now)
    assert refused.value.messages == ["Every table is taken at 09:00."]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.closed_reason) == ("expired", "tables_full")


def test_a_second_acceptance_for_the_same_person_is_refused(acme, day):
    first = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    second = propose_meeting(
        sender=acme, partner=day.gamma.organization, slot=day.slot, user=acme.user, now=day.now
    )
    accept_proposal(proposal=first, membership=day.delta, now=day.now)
    second.refresh_from_db()
    assert (second.status, second.closed_reason) == ("expired", "met_other")
    with pytest.raises(LoungeError) as refused:
        accept_proposal(proposal=second, membership=day.gamma, now=day.now)
    assert refused.value.messages == [
        "This proposal has expired: one of you has another meeting then."
    ]
    # Acme × Delta replaced the no-show at table 1; Epsilon × Zeta at table 2.
    assert ScheduledMeeting.objects.filter(slot=day.slot, status="scheduled").count() == 2


def test_accepting_a_proposal_twice_is_refused(acme, day):
    proposal = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    accept_proposal(proposal=proposal, membership=day.delta, now=day.now)
    with pytest.raises(LoungeError) as refused:
        accept_proposal(proposal=proposal, membership=day.delta, now=day.now)
    assert refused.value.messages == ["This proposal was accepted already."]


def test_propose_refuses_a_busy_sender_and_a_partner_with_nobody_free(acme, day):
    with pytest.raises(LoungeError) as busy:
        propose_meeting(
            sender=day.epsilon,
            partner=day.delta.organization,
            slot=day.slot,
            user=day.epsilon.user,
            now=day.now,
        )
    assert busy.value.messages == ["Epsilon Cells has a meeting at 09:00."]
    with pytest.raises(LoungeError) as nobody:
        propose_meeting(
            sender=acme,
            partner=day.zeta.organization,
            slot=day.slot,
            user=acme.user,
            now=day.now,
        )
    assert nobody.value.messages == ["Nobody of Zeta Devices is free at 09:00."]


def test_propose_twice_to_the_same_partner_and_slot_is_refused(acme, day):
    propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    with pytest.raises(LoungeError) as refused:
        propose_meeting(
            sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
        )
    assert refused.value.messages == ["A proposal to Delta Bio for 09:00 is already waiting."]


def test_only_the_person_or_an_organizer_proposes(acme, day, organizer):
    with pytest.raises(NotAllowed):
        propose_meeting(
            sender=acme,
            partner=day.delta.organization,
            slot=day.slot,
            user=day.gamma.user,
            now=day.now,
        )
    proposal = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=organizer, now=day.now
    )
    assert proposal.proposed_by == organizer


def test_only_the_organization_asked_answers(acme, day):
    proposal = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    with pytest.raises(NotAllowed):
        accept_proposal(proposal=proposal, membership=day.gamma, now=day.now)
    with pytest.raises(NotAllowed):
        decline_proposal(proposal=proposal, membership=acme, now=day.now)


def test_decline_tells_the_sender(acme, day, mailoutbox, django_capture_on_commit_callbacks):
    proposal = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    with django_capture_on_commit_callbacks(execute=True):
        declined = decline_proposal(proposal=proposal, membership=day.delta, now=day.now)
    assert declined.status == "declined"
    assert mailoutbox[-1].to == ["participant@example.org"]
    assert mailoutbox[-1].subject == "Delta Bio cannot meet at 09:00"
    assert "/lounge/rematch/" in mailoutbox[-1].body


def test_withdraw_by_the_sender_closes_the_proposal(acme, day):
    proposal = propose_meeting(
        sender=acme, partner=day.delta.organization, slot=day.slot, user=acme.user, now=day.now
    )
    with pytest.raises(NotAllowed):
        withdraw_proposal(proposal=proposal, user=day.delta.user)
    assert withdraw_proposal(proposal=proposal, user=acme.user).status == "withdrawn"
    with pytest.raises(LoungeError) as refused:
        accept_proposal(proposal=proposal, membership=day.delta, now=day.now)
    assert refused.value.messages == ["This proposal was withdrawn."]


def test_a_cancelled_meeting_frees_both_sides(event, acme, beta, meeting, organizer):
    from summit.scheduling.domain.changes import cancel_meeting

    cancel_meeting(meeting=meeting, user=organizer)
    meeting.refresh_from_db()
    assert freed_people(meeting=meeting) == [acme, beta]
    now = meeting.slot.start - timedelta(minutes=20)
    option = slot_options(membership=acme, now=now)[0]
    assert option.slot == meeting.slot
    assert option.freed_by == meeting
    assert "Beta Therapeutics" in _names(option)  # no open request any more


def test_people_sitting_alone_at_the_lounge_come_first_in_the_running_slot(
    event, acme, day, make_organization, make_membership, make_user, make_scheduled_meeting
):
    theta = make_membership(make_organization(event, "THETA", name="Theta Labs"), make_user("tia"))
    iota = make_membership(make_organization(event, "IOTA", name="Iota Bio"), make_user("ivo"))
    stood_up = make_scheduled_meeting(event, first=theta, second=iota, slot=0, table=3)
    report_no_show(meeting=stood_up, user=theta.user, now=day.now)
    # 09:05: Theta waits alone at table 3, surely there; it comes before the recommended Delta.
    option = slot_options(membership=acme, now=day.now)[0]
    assert _names(option) == ["Theta Labs", "Delta Bio", "Gamma Pharma"]
    assert [c.waiting for c in option.candidates] == [True, False, False]
    assert [c.recommended for c in option.candidates] == [False, True, False]
    # Planning the slot before it starts: the recommender's partners first.
    option = slot_options(membership=acme, now=day.slot.start - timedelta(minutes=1))[0]
    assert option.slot == day.slot
    assert _names(option) == ["Delta Bio", "Theta Labs", "Gamma Pharma"]
    Recommendation.objects.create(
        event=event,
        organization=theta.organization,
        partner=acme.organization,
        rank=1,
        score=0.1,
        computed_at=day.now,
    )
    option = slot_options(membership=acme, now=day.slot.start - timedelta(minutes=1))[0]
    # Recommended (either way) and at the lounge: first whatever the score.
    assert _names(option) == ["Theta Labs", "Delta Bio", "Gamma Pharma"]
    assert option.candidates[0].reasons == [
        "They are among this organization's recommended partners."
    ]


def test_the_proposal_e_mail_is_in_the_partners_language(
    event,
    acme,
    day,
    make_organization,
    make_membership,
    make_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    korean = make_membership(
        make_organization(event, "KAPPA", name="Kappa Bio", name_local="카파 바이오"),
        make_user("kang", language="ko"),
    )
    acme.organization.name_local = "애크미 바이오"
    acme.organization.save()
    with django_capture_on_commit_callbacks(execute=True):
        propose_meeting(
            sender=acme,
            partner=korean.organization,
            slot=day.slot,
            user=acme.user,
            now=day.now,
        )
    [mail] = mailoutbox
    assert mail.subject == "오늘 09:00에 애크미 바이오과(와) 만나시겠습니까?"
    assert "수락하면 테이블이 예약됩니다" in mail.body
