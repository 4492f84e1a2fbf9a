"""Video-call links: https only, virtual tables only, organizers and the meeting's people."""

from __future__ import annotations

import pytest

from summit.events.domain.setup import add_tables
from summit.lounge.domain.errors import LoungeError, NotAllowed
from summit.lounge.domain.video import clean_video_link, set_video_link

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


@pytest.fixture
def virtual_meeting(make_scheduled_meeting, event, acme, beta):
    [room] = add_tables(event=event, kind="virtual", count=1)
    return make_scheduled_meeting(event, first=acme, second=beta, slot=1, table=room)


@pytest.mark.parametrize(
    "link",
    [
        "http://meet.example.com/abc",
        "javascript:alert(1)",
        "meet.example.com/abc",
        "https://",
        "ftp://files.example.com/x",
        "https://exa mple.com/x",
    ],
)
def test_clean_video_link_refuses_anything_but_a_full_https_url(link):
    with pytest.raises(LoungeError) as refused:
        clean_video_link(link=link)
    assert refused.value.messages == [
        "Enter a full https:// link, for example https://meet.example.com/bio-summit-12."
    ]


def test_clean_video_link_refuses_a_link_longer_than_the_field():
    with pytest.raises(LoungeError) as refused:
        clean_video_link(link="https://meet.example.com/" + "a" * 200)
    assert refused.value.messages == ["The link is too long (at most 200 characters)."]


def test_clean_video_link_trims_and_allows_empty():
    assert clean_video_link(link="  https://meet.example.com/r/12?pwd=x  ") == (
        "https://meet.example.com/r/12?pwd=x"
    )
    assert clean_video_link(link="   ") == ""


@pytest.mark.parametrize("who", ["organizer", "acme", "beta"])
def test_set_video_link_by_organizer_or_participants_grows_the_sequence(
    virtual_meeting, organizer, acme, beta, who
):
    user = {"organizer": organizer, "acme": acme.user, "beta": beta.user}[who]
    set_video_link(meeting=virtual_meeting, user=user, link="https://meet.example.com/acme-beta")
    virtual_meeting.refresh_from_db()
    assert (virtual_meeting.video_link, virtual_meeting.sequence) == (
        "https://meet.example.com/acme-beta",
        1,
    )
    set_video_link(meeting=virtual_meeting, user=user, link="https://meet.example.com/acme-beta")
    virtual_meeting.refresh_from_db()
    assert virtual_meeting.sequence == 1  # unchanged link: no new calendar version


def test_set_video_link_empty_removes_it(virtual_meeting, acme):
    set_video_link(meeting=virtual_meeting, user=acme.user, link="https://meet.example.com/x")
    set_video_link(meeting=virtual_meeting, user=acme.user, link="")
    virtual_meeting.refresh_from_db()
    assert (virtual_meeting.video_link, virtual_meeting.sequence) == ("", 2)


def test_set_video_link_at_a_normal_table_is_refused(meeting, organizer):
    with pytest.raises(LoungeError) as refused:
        set_video_link(meeting=meeting, user=organizer, link="https://meet.example.com/x")
    assert refused.value.messages == [
        "Video-call links are for meetings at virtual tables; this meeting is at Table 1."
    ]


def test_set_video_link_by_someone_outside_the_meeting_is_not_allowed(virtual_meeting, outsider):
    with pytest.raises(NotAllowed):
        set_video_link(meeting=virtual_meeting, user=outsider, link="https://meet.example.com/x")
    virtual_meeting.refresh_from_db()
    assert virtual_meeting.video_link == ""
