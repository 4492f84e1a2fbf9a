"""Event tasks are thin wrappers around the domain."""

import pytest

from summit.events.models import Session, Slot
from summit.events.tasks import regenerate_session_slots

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_regenerate_session_slots_task_rebuilds_slots(settings, event):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    session = Session.objects.get(day__event=event)
    Slot.objects.filter(session=session).delete()
    result = regenerate_session_slots.enqueue(session.pk)
    assert result.return_value == 6
    assert Slot.objects.filter(session=session).count() == 6
