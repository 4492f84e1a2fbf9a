"""``build_schedule``: a draft run from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_build_schedule_stores_a_draft_and_prints_the_figures(event, make_people, accepted, capsys):
    a, b, c = make_people(event, 3)
    accepted(a, b)
    accepted(b, c)
    call_command("build_schedule", event.slug, "--solver", "greedy", "--time-limit", "1")
    run = ScheduleRun.objects.get()
    assert run.status == "done"
    assert run.created_by is None
    assert "2 of 2 accepted requests scheduled (100.0 %)" in capsys.readouterr().out


def test_build_schedule_fails_with_the_run_message(event):
    with pytest.raises(CommandError, match="no request has been accepted"):
        call_command("build_schedule", event.slug, "--solver", "greedy")


def test_build_schedule_unknown_event():
    with pytest.raises(CommandError, match="no event"):
        call_command("build_schedule", "nope")
