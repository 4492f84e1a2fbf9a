"""The command center on the event home, the reminder pages, and their query counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.program.models import ReminderDelivery, SegmentReminder

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _url(world: Any, name: str, **kwargs: Any) -> str:
    return reverse(f"program:{name}", kwargs={"slug": world.event.slug, **kwargs})


def _home(world: Any) -> str:
    return reverse("events:home", kwargs={"slug": world.event.slug})


def _queries(client: Any, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_event_home_shows_the_organizer_the_command_center(client: Any, world: Any) -> None:
    client.force_login(world.organizer)

    html = client.get(_home(world)).content.decode()

    assert 'id="phases-title"' in html
    assert html.count('class="phase phase-') == 7
    assert "2 of 4 surveys submitted" in html
    # The world's days are in the past: the program is at its outcomes.
    assert 'id="phase-outcomes" aria-current="step"' in html
    assert "2 meetings have ended without a check-in or a no-show." in html
    assert 'href="/e/program-summit/program/reminders/?segment=requests_to_answer"' in html
    assert 'id="next-title"' in html
    assert "style=" not in html


def test_event_home_in_korean(client: Any, world: Any) -> None:
    world.organizer.profile.language = "ko"
    world.organizer.profile.save(update_fields=["language"])
    client.force_login(world.organizer)

    html = client.get(_home(world)).content.decode()

    assert "프로그램 진행 상황" in html
    assert "설문 4건 중 2건 제출" in html


def test_participants_do_not_see_the_command_center(client: Any, world: Any) -> None:
    client.force_login(world.alpha_lead.user)

    html = client.get(_home(world)).content.decode()

    assert 'id="phases-title"' not in html


def test_reminders_page_counts_every_segment(client: Any, world: Any) -> None:
    client.force_login(world.organizer)

    html = client.get(_url(world, "reminders")).content.decode()

    assert re.search(r'id="count-no_survey">2 people in 1 organization<', html)
    assert 'id="preview"' not in html


def test_reminder_preview_shows_the_count_the_people_and_the_email_in_both_languages(
    client: Any, world: Any
) -> None:
    client.force_login(world.organizer)

    response = client.get(_url(world, "reminders"), {"segment": "no_survey"})

    html = response.content.decode()
    assert "2 people in 1 organization will get this e-mail." in html
    assert "Gammatwo" in html
    assert "Gamma Vaccines" in html
    assert "Program Summit: your organization&#x27;s survey is not submitted yet" in html
    assert "프로그램 서밋: 귀 기관의 설문이 아직 제출되지 않았습니다" in html
    assert "Send to 2 people" in html


def test_unknown_segment_in_the_address_shows_the_choice_again(client: Any, world: Any) -> None:
    client.force_login(world.organizer)

    response = client.get(_url(world, "reminders"), {"segment": "everyone"})

    assert response.status_code == 200
    assert "everyone is not one of the available choices" in response.content.decode()


def test_sending_twice_with_the_same_preview_sends_once(
    client: Any,
    world: Any,
    mailoutbox: Any,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(world.organizer)
    preview = client.get(_url(world, "reminders"), {"segment": "requests_to_answer"})
    key = re.search(r'name="key" value="([0-9a-f-]+)"', preview.content.decode()).group(1)
    data = {"segment": "requests_to_answer", "key": key}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url(world, "send_reminder"), data, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(_url(world, "send_reminder"), data, follow=True)

    assert "The reminder is being sent to 3 people." in first.content.decode()
    assert "This reminder was already sent" in second.content.decode()
    assert len(mailoutbox) == 3
    reminder = SegmentReminder.objects.get()
    assert (reminder.status, reminder.sent, reminder.created_by) == ("done", 3, world.organizer)
    detail = second.content.decode()
    assert "Gamma Vaccines" in detail
    assert "gammatwo@example.org" in detail


def test_sending_without_a_preview_is_refused_with_a_message(client: Any, world: Any) -> None:
    client.force_login(world.organizer)

    response = client.post(_url(world, "send_reminder"), {"segment": "no_survey"}, follow=True)

    assert "preview the reminder first" in response.content.decode()
    assert SegmentReminder.objects.count() == 0


def _reminders(world: Any, count: int) -> list[SegmentReminder]:
    return [
        SegmentReminder.objects.create(
            event=world.event, segment="no_survey", created_by=world.organizer, status="done"
        )
        for _ in range(count)
    ]


def test_reminders_page_queries_do_not_grow_with_the_history(client: Any, world: Any) -> None:
    client.force_login(world.organizer)
    _reminders(world, 1)
    one = _queries(client, _url(world, "reminders"), {"segment": "no_survey"})
    _reminders(world, 2)

    assert _queries(client, _url(world, "reminders"), {"segment": "no_survey"}) == one


def test_reminder_page_queries_do_not_grow_with_the_people(client: Any, world: Any) -> None:
    client.force_login(world.organizer)
    reminder = _reminders(world, 1)[0]
    people = [world.alpha_lead, world.beta_lead, world.gamma_lead]
    ReminderDelivery.objects.create(reminder=reminder, membership=people[0], segment="no_survey")
    url = _url(world, "reminder", reminder_id=reminder.pk)
    one = _queries(client, url)
    for person in people[1:]:
        ReminderDelivery.objects.create(reminder=reminder, membership=person, segment="no_survey")

    assert _queries(client, url) == one
    assert client.get(url).content.decode().count('data-label="E-mail"') == 3


def test_event_home_queries_do_not_grow_with_the_program(
    client: Any, world: Any, make_scheduled_meeting: Any, make_organization: Any
) -> None:
    client.force_login(world.organizer)
    client.get(_home(world))
    one = _queries(client, _home(world))
    for slot in (2, 3):
        make_scheduled_meeting(world.event, slot=slot, table=3)
    make_organization(world.event, survey_status="draft")
    _reminders(world, 2)

    assert _queries(client, _home(world)) == one
