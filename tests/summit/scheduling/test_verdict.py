"""A run's figures in words (`domain.verdict.describe_run`), English and Korean."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from summit.scheduling.domain.verdict import describe_run

pytestmark = [pytest.mark.unit]


def _summary(**figures: Any) -> dict[str, Any]:
    summary = {
        "requested": 10,
        "scheduled_requests": 10,
        "weight": 12.0,
        "bound": 12.0,
        "gap": 0.0,
        "status": "optimal",
        "persons": 8,
        "persons_without_meeting": 0,
        "min_share": 1.0,
        "gaps": 0,
        "max_gaps": 0,
        "proposed": 0,
        "solver": "auto",
        "solver_used": "cpsat",
        "wall_s": 2.5,
    }
    return {**summary, **figures}


def _left_out(*reasons: str) -> list[dict[str, Any]]:
    return [{"request": index + 1, "reason": reason} for index, reason in enumerate(reasons)]


def test_describe_run_every_meeting_placed_and_proven_best():
    words = describe_run(summary=_summary(), unscheduled=[])
    assert words.headline == "Every accepted meeting is in the schedule: all 10 of them."
    assert words.quality == "This is the best possible schedule: proven."
    assert words.proven is True
    assert words.left_out == []
    assert "Nobody waits idle between two of their meetings." in words.details


def test_describe_run_says_meetings_left_out_could_not_be_placed_anywhere():
    words = describe_run(
        summary=_summary(scheduled_requests=8),
        unscheduled=_left_out("no_common_free_slot", "no_contact"),
    )
    assert words.headline == (
        "Every accepted meeting that can be placed is placed: 8 of 10 (80.0 %). The other 2 "
        "cannot take place in any schedule."
    )
    assert [count for count, _why in words.left_out] == [1, 1]


def test_describe_run_names_meetings_left_out_for_lack_of_room():
    words = describe_run(
        summary=_summary(scheduled_requests=7),
        unscheduled=_left_out("capacity", "capacity", "no_common_free_slot"),
    )
    assert words.headline == (
        "7 of 10 accepted meetings are in the schedule (70.0 %); 3 are left out."
    )
    assert words.left_out == [
        (2, "all tables (or interpreters) are taken in the slots both could meet"),
        (1, "the two people are never free at the same time"),
    ]


def test_describe_run_rounds_the_share_scheduled_as_the_figures_do():
    words = describe_run(summary=_summary(requested=598, scheduled_requests=590), unscheduled=[])
    assert "(98.7 %)" in words.headline


def test_describe_run_not_proven_says_how_close_without_claiming_more():
    words = describe_run(
        summary=_summary(weight=724.0, bound=731.0, gap=0.96, status="feasible"),
        unscheduled=[],
    )
    # 724 / 731 = 99.04 %: rounded down, never up.
    assert words.quality == (
        "This schedule is at least 99.0 % as good as the best possible one; that much is "
        "proven. A longer run may find a slightly better one."
    )
    assert words.proven is False
    assert "724" not in words.headline + words.quality
    technical = dict(words.technical)
    assert technical["Proven bound on the weight"] == "731"


def test_describe_run_fairness_in_words():
    words = describe_run(
        summary=_summary(persons_without_meeting=2, min_share=0.5, gaps=7, max_gaps=2),
        unscheduled=[],
    )
    assert words.details[:3] == [
        "2 of 8 people have no meeting.",
        "Nobody gets fewer than 50 % of the meetings they asked for.",
        "People wait idle between two of their meetings 7 times in all; nobody more than 2 times.",
    ]


def test_describe_run_says_how_many_published_meetings_move():
    words = describe_run(summary=_summary(moved=3), unscheduled=[])
    assert "It moves 3 meetings of the published schedule." in words.details


def test_describe_run_without_accepted_meetings():
    words = describe_run(summary=_summary(requested=0, scheduled_requests=0), unscheduled=[])
    assert words.headline == "There are no accepted meetings to schedule."


def test_describe_run_in_korean():
    with translation.override("ko"):
        words = describe_run(summary=_summary(), unscheduled=[])
    assert words.quality == "가능한 최선의 일정입니다: 증명됨."
    assert "10" in words.headline
