"""The template context knows the viewer's role without asking the database twice."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_event_context_on_organizer_pages_reuses_the_decorators_answer(
    client: Any, event: Any, organizer: Any
):
    client.force_login(organizer)
    response = client.get(reverse("events:slots", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response.context["is_organizer"] is True


def test_event_context_on_member_pages_asks_lazily(client: Any, event: Any, participant: Any):
    client.force_login(participant)
    response = client.get(reverse("events:home", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert not response.context["is_organizer"]
