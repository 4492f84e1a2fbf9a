"""Who is in each segment, what waits for them, and who a preview leaves out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from summit.program.domain.segments import (
    REMIND_AGAIN_AFTER,
    due_items,
    preview_segment,
    segment_members,
)
from summit.program.models import ReminderDelivery, SegmentReminder

from ..conftest import NOW

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _names(world: Any, segment: str, now: Any = NOW) -> set[str]:
    members = segment_members(event=world.event, segment=segment, now=now)
    return {member.user.username for member in members.select_related("user")}


def test_no_survey_segment_is_the_people_of_organizations_without_a_submitted_survey(
    world: Any,
) -> None:
    # Delta's lead has no e-mail address: not counted.
    assert _names(world, "no_survey") == {"gamma", "gammatwo"}


def test_requests_segment_follows_who_is_asked(world: Any) -> None:
    assert _names(world, "requests_to_answer") == {"gamma", "gammatwo", "alpha"}


def test_requests_segment_is_empty_once_the_deadline_has_passed(world: Any) -> None:
    world.event.request_deadline = NOW - timedelta(hours=1)
    world.event.save(update_fields=["request_deadline"])

    assert _names(world, "requests_to_answer") == set()


def test_feedback_segment_leaves_out_sides_that_answered(world: Any) -> None:
    # m1: Alpha answered, Beta did not; m2: nobody answered.
    assert _names(world, "feedback_due") == {"beta", "alpha", "gamma"}


def test_feedback_segment_waits_for_the_meeting_to_end(world: Any) -> None:
    before_any_end = world.m1.slot.end - timedelta(minutes=1)

    assert _names(world, "feedback_due", now=before_any_end) == set()


def test_due_items_count_what_waits_for_each_person(world: Any) -> None:
    people = [world.alpha_lead, world.gamma_lead, world.beta_lead]

    requests = due_items(event=world.event, segment="requests_to_answer", people=people, now=NOW)
    feedback = due_items(event=world.event, segment="feedback_due", people=people, now=NOW)

    assert requests == {world.alpha_lead.pk: 1, world.gamma_lead.pk: 1, world.beta_lead.pk: 0}
    assert feedback == {world.alpha_lead.pk: 1, world.gamma_lead.pk: 1, world.beta_lead.pk: 1}


def test_preview_counts_people_and_organizations(world: Any) -> None:
    preview = preview_segment(event=world.event, segment="requests_to_answer", now=NOW)

    assert (preview.people, preview.organizations, preview.recently_reminded) == (3, 2, 0)
    assert [member.organization.name for member in preview.sample] == [
        "Alpha Bio",
        "Gamma Vaccines",
        "Gamma Vaccines",
    ]


def test_preview_leaves_out_people_reminded_of_the_segment_lately(world: Any) -> None:
    reminder = SegmentReminder.objects.create(event=world.event, segment="no_survey")
    ReminderDelivery.objects.create(
        reminder=reminder, membership=world.gamma_lead, segment="no_survey"
    )
    ReminderDelivery.objects.update(sent_at=NOW)

    preview = preview_segment(event=world.event, segment="no_survey", now=NOW)
    later = preview_segment(event=world.event, segment="no_survey", now=NOW + REMIND_AGAIN_AFTER)
    other = preview_segment(event=world.event, segment="requests_to_answer", now=NOW)

    assert (preview.people, preview.recently_reminded) == (1, 1)
    assert later.people == 2
    assert other.people == 3


def test_unknown_segment_is_a_clear_error(world: Any) -> None:
    with pytest.raises(ValueError, match="unknown segment 'everyone'"):
        segment_members(event=world.event, segment="everyone", now=NOW)
